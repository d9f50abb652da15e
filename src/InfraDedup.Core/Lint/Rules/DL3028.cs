using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3028 : LintRule
{
    public override string Id => "DL3028";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Pin versions in gem install.";

    public override string Help => "Write 'gem install pkg:1.2.3' or 'gem install pkg -v 1.2.3' so rebuilds install the same gem.";

    private static readonly IReadOnlySet<string> WithValue = new HashSet<string>(StringComparer.Ordinal)
    {
        "-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s", "--source", "-P", "--trust-policy", "--platform",
    };

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands.Where(c => RuleHelpers.IsSubcommand(c, ["gem"], WithValue, "install", "i")))
            {
                if (c.HasOption("v", "version"))
                {
                    continue;
                }

                var unpinned = c.Operands(WithValue).Where(p => !p.Contains(':', StringComparison.Ordinal) && !ShellCommandFacts.IsDynamic(p) && !p.EndsWith(".gem", StringComparison.Ordinal)).ToList();
                if (unpinned.Count > 0)
                {
                    context.Report(this, run.Location, $"gem install of unpinned {string.Join(", ", unpinned)}; pin versions (gem:version or -v)");
                }
            }
        }
    }
}
