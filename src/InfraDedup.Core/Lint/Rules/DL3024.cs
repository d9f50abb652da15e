using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3024 : LintRule
{
    public override string Id => "DL3024";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Stage names (FROM … AS name) must be unique.";

    public override string Help => "BuildKit rejects or silently shadows a repeated stage name; later COPY --from references become ambiguous. Rename one of the stages.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var stage in context.Stages.Where(s => s.Name is not null))
        {
            if (seen.TryGetValue(stage.Name!, out var line))
            {
                context.Report(this, stage.From, $"stage name '{stage.Name}' is already used on line {line}");
            }
            else
            {
                seen[stage.Name!] = stage.From.Span.StartLine;
            }
        }
    }
}
