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

        // As hadolint: a stage counts when it is the last one or another stage builds FROM it; ONBUILD always counts.
        var inImage = RuleHelpers.StagesBuiltUpon(context);
        foreach (var run in context.Runs.Where(r => r.InOnbuild || inImage.Contains(r.StageIndex)))
        {
            var updates = run.Commands.Any(c => RuleHelpers.IsSubcommand(c, ["apt-get", "apt", "aptitude"], RuleHelpers.AptOptionsWithValue, "update"));
            if (updates && !RuleHelpers.RemovesPath(run, "/var/lib/apt/lists") && !ListsLiveInCacheMount(run))
            {
                context.Report(this, run.Location);
            }
        }
    }

    /// <summary>
    /// The lists stay out of the layer when a cache mount holds them: one on the lists folder (or inside it), or one on
    /// /var/lib/apt together with one on /var/cache/apt (the Docker-documented apt cache set-up).
    /// </summary>
    private static bool ListsLiveInCacheMount(RunScript run)
    {
        var targets = run.CacheMountTargets().ToList();
        return targets.Any(t => t.StartsWith("/var/lib/apt/lists", StringComparison.Ordinal))
            || (targets.Any(t => t.StartsWith("/var/lib/apt", StringComparison.Ordinal)) && targets.Any(t => t.StartsWith("/var/cache/apt", StringComparison.Ordinal)));
    }
}
