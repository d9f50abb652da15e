using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3035 : LintRule
{
    public override string Id => "DL3035";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Do not use zypper dist-upgrade.";

    public override string Help => "A distribution upgrade inside an image build changes the base unpredictably; use a newer base image instead.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            if (run.Commands.Any(c => RuleHelpers.IsSubcommand(c, ["zypper"], RuleHelpers.RpmToolOptionsWithValue, "dist-upgrade", "dup")))
            {
                context.Report(this, run.Location);
            }
        }
    }
}
