using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3018 : LintRule
{
    public override string Id => "DL3018";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Pin versions in apk add.";

    public override string Help => "Unpinned packages follow the repository, so rebuilds drift. Write 'apk add pkg=1.2.3-r0' (or pkg~1.2).";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands.Where(c => RuleHelpers.IsSubcommand(c, ["apk"], RuleHelpers.ApkOptionsWithValue, "add")))
            {
                var unpinned = c.Operands(RuleHelpers.ApkOptionsWithValue)
                    .Where(p => p.IndexOfAny(['=', '~', '<', '>']) < 0 && !p.EndsWith(".apk", StringComparison.Ordinal) && !ShellCommandFacts.IsDynamic(p))
                    .ToList();
                if (unpinned.Count > 0)
                {
                    context.Report(this, run.Location, $"apk add of unpinned {string.Join(", ", unpinned)}; pin versions (pkg=version)");
                }
            }
        }
    }
}
