using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL4003 : LintRule
{
    public override string Id => "DL4003";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Only one CMD per stage takes effect.";

    public override string Help => "Earlier CMDs in the same stage are overridden; remove them so the Dockerfile says what it does.";

    public override void Check(LintContext context) => Multiple.Check(this, context, "CMD");
}
