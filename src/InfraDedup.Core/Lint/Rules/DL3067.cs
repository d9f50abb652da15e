using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3067 : LintRule
{
    public override string Id => "DL3067";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Do not COPY the whole filesystem of another stage (COPY --from=stage / /).";

    public override string Help => "Copying '/' to '/' drags every file of the other stage along, defeating multi-stage builds; copy just what you need.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var copy in context.Instructions.OfType<CopyInstruction>())
        {
            if (copy.From is { Length: > 0 } && copy.Sources.Count == 1 && RuleHelpers.Unquote(copy.Sources[0]) == "/" && RuleHelpers.Unquote(copy.Dest ?? string.Empty) == "/")
            {
                context.Report(this, copy);
            }
        }
    }
}
