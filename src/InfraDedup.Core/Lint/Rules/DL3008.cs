using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3008 : LintRule
{
    public override string Id => "DL3008";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Pin versions in apt-get install.";

    public override string Help => "Unpinned packages install whatever the mirror has today, so rebuilds drift. Write 'apt-get install -y pkg=1.2.3-1'.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands.Where(c => RuleHelpers.IsSubcommand(c, ["apt-get"], RuleHelpers.AptOptionsWithValue, "install")))
            {
                var unpinned = c.Operands(RuleHelpers.AptOptionsWithValue)
                    .Where(p => !p.Contains('=', StringComparison.Ordinal) && !p.Contains('/', StringComparison.Ordinal) && !p.EndsWith(".deb", StringComparison.Ordinal) && !ShellCommandFacts.IsDynamic(p))
                    .ToList();
                if (unpinned.Count > 0)
                {
                    context.Report(this, run.Location, $"apt-get install of unpinned {string.Join(", ", unpinned)}; pin versions (pkg=version)");
                }
            }
        }
    }
}
