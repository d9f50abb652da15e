using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3012 : LintRule
{
    public override string Id => "DL3012";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Only one HEALTHCHECK per stage is allowed.";

    public override string Help => "Only the last HEALTHCHECK takes effect; remove the others.";

    public override void Check(LintContext context) => Multiple.Check(this, context, "HEALTHCHECK");
}
