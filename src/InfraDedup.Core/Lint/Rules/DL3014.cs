using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3014 : LintRule
{
    public override string Id => "DL3014";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Use the -y switch with apt-get install.";

    public override string Help => "Without -y apt-get asks for confirmation and the build fails (or hangs) with no terminal.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands.Where(c => RuleHelpers.IsSubcommand(c, ["apt-get"], RuleHelpers.AptOptionsWithValue, "install")))
            {
                var yes = c.HasOption("y", "yes", "assume-yes") || c.CountOption('q', "quiet") >= 2
                    || c.Args().Any(a => a is "-q=2" or "--quiet=2" or "-qq");
                if (!yes)
                {
                    context.Report(this, run.Location);
                }
            }
        }
    }
}
