using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL1001 : LintRule
{
    public override string Id => "DL1001";

    public override LintSeverity DefaultSeverity => LintSeverity.Ignore;

    public override string Description => "Inline ignore pragmas are used.";

    public override string Help => "Reported only when a configuration raises its severity: it lets a team forbid per-instruction '# hadolint ignore=' / '# infradedup ignore=' comments and require fixes or a central configuration instead.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var p in context.Pragmas.All.Where(p => !p.IsGlobal && p.IgnoredRules.Count > 0))
        {
            context.Report(this, p.Line, p.Column, p.Line, $"inline ignore pragma for {string.Join(", ", p.IgnoredRules)}");
        }
    }
}
