using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3063 : LintRule
{
    public override string Id => "DL3063";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Do not name a stage 'scratch' or 'context'.";

    public override string Help => "Those words already mean the empty image and the build context; a stage with that name is confusing and may be unreachable.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var stage in context.Stages)
        {
            if (stage.Name is { } n && (n.Equals("scratch", StringComparison.OrdinalIgnoreCase) || n.Equals("context", StringComparison.OrdinalIgnoreCase)))
            {
                context.Report(this, stage.From, $"stage name '{n}' is reserved; choose another");
            }
        }
    }
}
