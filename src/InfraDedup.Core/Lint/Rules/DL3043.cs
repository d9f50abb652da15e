using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3043 : LintRule
{
    public override string Id => "DL3043";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "ONBUILD must not trigger ONBUILD, FROM or MAINTAINER.";

    public override string Help => "Those instructions are not allowed as triggers; the build fails when the image is used as a base.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var onbuild in context.Instructions.OfType<OnbuildInstruction>())
        {
            if (onbuild.Inner is { Name: "ONBUILD" or "FROM" or "MAINTAINER" } inner)
            {
                context.Report(this, onbuild, $"ONBUILD {inner.Name} is not allowed");
            }
        }
    }
}
