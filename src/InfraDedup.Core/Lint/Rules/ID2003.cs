using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID2003 : LintRule
{
    public override string Id => "ID2003";

    public override LintSeverity DefaultSeverity => LintSeverity.Info;

    public override string Description => "Base image is not pinned by digest.";

    public override string Help => "A tag can be moved to a different image at any time; image@sha256:… always means the same bytes. Pin digests (a bot can keep them fresh) for reproducible, consolidatable builds.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var from in context.Instructions.OfType<FromInstruction>())
        {
            var image = from.Image;
            if (image.Length == 0 || image.Equals("scratch", StringComparison.OrdinalIgnoreCase) || image.Contains('$', StringComparison.Ordinal) || RuleHelpers.IsStageReference(context, from))
            {
                continue;
            }

            if (RuleHelpers.ParseImage(image).Digest is null)
            {
                context.Report(this, from, $"image '{image}' is not pinned by digest; use {image}@sha256:<digest>");
            }
        }
    }
}
