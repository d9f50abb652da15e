using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3007 : LintRule
{
    public override string Id => "DL3007";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Do not use the 'latest' tag; pin a specific version.";

    public override string Help => "'latest' changes whenever the publisher pushes, so two builds of the same Dockerfile can differ. Use a version tag or a digest.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var from in context.Instructions.OfType<FromInstruction>())
        {
            var (_, _, tag, digest) = RuleHelpers.ParseImage(from.Image);
            if (tag == "latest" && digest is null)
            {
                context.Report(this, from, $"image '{from.Image}' uses the 'latest' tag; pin a version");
            }
        }
    }
}
