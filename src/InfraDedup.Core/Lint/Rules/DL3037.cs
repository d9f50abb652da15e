using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3037 : LintRule
{
    public override string Id => "DL3037";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Pin versions in zypper install.";

    public override string Help => "Write 'zypper install -y pkg=1.2.3' (or >=, <) so rebuilds install the same packages.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands.Where(c => RuleHelpers.IsSubcommand(c, ["zypper"], RuleHelpers.RpmToolOptionsWithValue, "install", "in")))
            {
                var unpinned = c.Operands(RuleHelpers.RpmToolOptionsWithValue)
                    .Where(p => p.IndexOfAny(['=', '<', '>']) < 0 && !p.EndsWith(".rpm", StringComparison.Ordinal) && !ShellCommandFacts.IsDynamic(p)).ToList();
                if (unpinned.Count > 0)
                {
                    context.Report(this, run.Location, $"zypper install of unpinned {string.Join(", ", unpinned)}; pin versions (pkg=version)");
                }
            }
        }
    }
}
