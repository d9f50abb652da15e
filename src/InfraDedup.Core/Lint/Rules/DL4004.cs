using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL4004 : LintRule
{
    public override string Id => "DL4004";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Only one ENTRYPOINT per stage takes effect.";

    public override string Help => "Earlier ENTRYPOINTs in the same stage are overridden; remove them.";

    public override void Check(LintContext context) => Multiple.Check(this, context, "ENTRYPOINT");
}
