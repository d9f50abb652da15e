using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class ID1002 : LintRule
{
    public override string Id => "ID1002";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "The image runs as root: the final stage never sets USER.";

    public override string Help => "Without USER the container runs as the base image's default user, root for nearly every base image. Create a user and end with USER <uid> (images such as distroless ':nonroot' already run unprivileged).";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Stages.Count == 0)
        {
            return;
        }

        var last = context.Stages[^1];
        var lineage = RuleHelpers.Lineage(context, last).ToList();
        if (lineage.Any(s => s.Instructions.Any(i => i.Name == "USER")))
        {
            return;
        }

        var root = lineage[^1].From.Image;
        if (root.Contains("nonroot", StringComparison.OrdinalIgnoreCase) || root.Contains("rootless", StringComparison.OrdinalIgnoreCase) || root.Contains('$', StringComparison.Ordinal))
        {
            return;
        }

        context.Report(this, last.From, $"the final stage (FROM {last.From.Image}) has no USER, so the container runs as root; add USER with a non-root uid");
    }
}
