using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3006 : LintRule
{
    public override string Id => "DL3006";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Always tag the version of a base image explicitly.";

    public override string Help => "An untagged FROM means ':latest', which moves under you: builds stop being reproducible. Name a tag (or a digest).";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var from in context.Instructions.OfType<FromInstruction>())
        {
            var image = from.Image;
            if (image.Length == 0 || image.Equals("scratch", StringComparison.OrdinalIgnoreCase) || image.Contains('$', StringComparison.Ordinal)
                || RuleHelpers.IsStageReference(context, from))
            {
                continue;
            }

            var (_, _, tag, digest) = RuleHelpers.ParseImage(image);
            if (tag is null && digest is null)
            {
                context.Report(this, from, $"image '{image}' has no tag; pin one, e.g. '{image}:<version>'");
            }
        }
    }
}
