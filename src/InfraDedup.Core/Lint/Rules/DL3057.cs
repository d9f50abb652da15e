using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3057 : LintRule
{
    public override string Id => "DL3057";

    public override LintSeverity DefaultSeverity => LintSeverity.Ignore;

    public override string Description => "The image has no HEALTHCHECK.";

    public override string Help => "Reported only when a configuration raises its severity. Without a HEALTHCHECK the runtime cannot tell a hung service from a healthy one. See also ID3001, which only asks it of long-running services.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Stages.Count == 0)
        {
            return;
        }

        var last = context.Stages[^1];
        if (!RuleHelpers.Lineage(context, last).Any(s => s.Instructions.Any(i => i.Name == "HEALTHCHECK")))
        {
            context.Report(this, last.From);
        }
    }
}
