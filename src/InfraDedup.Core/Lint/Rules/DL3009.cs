using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3009 : LintRule
{
    public override string Id => "DL3009";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Delete the apt-get lists after installing something.";

    public override string Help => "apt-get update leaves tens of megabytes in /var/lib/apt/lists in the layer. Add '&& rm -rf /var/lib/apt/lists/*' to the same RUN, or use a cache mount.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inImage = RuleHelpers.ImageStages(context);
        foreach (var run in context.Runs.Where(r => r.InOnbuild || inImage.Contains(r.StageIndex)))
        {
            var updates = run.Commands.Any(c => RuleHelpers.IsSubcommand(c, ["apt-get", "apt", "aptitude"], RuleHelpers.AptOptionsWithValue, "update"));
            if (updates && !RuleHelpers.RemovesPath(run, "/var/lib/apt/lists") && !run.HasCacheMountOn("/var/lib/apt/lists"))
            {
                context.Report(this, run.Location);
            }
        }
    }
}
