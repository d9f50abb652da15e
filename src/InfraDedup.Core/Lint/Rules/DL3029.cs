using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3029 : LintRule
{
    public override string Id => "DL3029";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Do not use --platform with FROM unless it refers to BUILDPLATFORM or TARGETPLATFORM.";

    public override string Help => "A hard-coded platform makes the image wrong on every other architecture and defeats multi-platform builds; let the builder choose, or use $BUILDPLATFORM for build-only stages.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var from in context.Instructions.OfType<FromInstruction>())
        {
            if (from.Platform is { Length: > 0 } p && !p.Contains("BUILDPLATFORM", StringComparison.Ordinal) && !p.Contains("TARGETPLATFORM", StringComparison.Ordinal))
            {
                context.Report(this, from, $"FROM --platform={p} pins the platform; remove it or use $BUILDPLATFORM");
            }
        }
    }
}
