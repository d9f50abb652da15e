using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3015 : LintRule
{
    public override string Id => "DL3015";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Avoid additional packages by using --no-install-recommends.";

    public override string Help => "Recommended packages are rarely needed in a container and can double its size.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands.Where(c => RuleHelpers.IsSubcommand(c, ["apt-get"], RuleHelpers.AptOptionsWithValue, "install")))
            {
                var args = c.Args();
                var off = c.HasOption(string.Empty, "no-install-recommends")
                    || args.Any(a => a.Contains("APT::Install-Recommends=false", StringComparison.OrdinalIgnoreCase) || a.Contains("APT::Install-Recommends=0", StringComparison.Ordinal));
                if (!off)
                {
                    context.Report(this, run.Location);
                }
            }
        }
    }
}
