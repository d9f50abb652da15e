using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3023 : LintRule
{
    public override string Id => "DL3023";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "COPY --from must not reference the stage it is in.";

    public override string Help => "A stage cannot copy from itself; BuildKit fails with a cycle.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var copy in context.Instructions.OfType<CopyInstruction>())
        {
            var current = context.StageOf(copy);
            if (copy.From is { Length: > 0 } from && current >= 0 && context.Stages[current].Name is { } own && own.Equals(from, StringComparison.OrdinalIgnoreCase))
            {
                context.Report(this, copy, $"COPY --from={from} copies from its own stage");
            }
        }
    }
}
