using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3065 : LintRule
{
    public override string Id => "DL3065";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "FROM --platform=$TARGETPLATFORM is redundant.";

    public override string Help => "The target platform is already the default for every stage; drop the flag.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var from in context.Instructions.OfType<FromInstruction>())
        {
            if (from.Platform is "$TARGETPLATFORM" or "${TARGETPLATFORM}")
            {
                context.Report(this, from);
            }
        }
    }
}
