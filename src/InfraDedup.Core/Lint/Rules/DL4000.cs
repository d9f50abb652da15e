using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL4000 : LintRule
{
    public override string Id => "DL4000";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "MAINTAINER is deprecated.";

    public override string Help => "Use LABEL org.opencontainers.image.authors=\"…\" instead.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var m in context.Instructions.Where(i => i.Name == "MAINTAINER"))
        {
            context.Report(this, m);
        }
    }
}
