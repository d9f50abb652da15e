using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3021 : LintRule
{
    public override string Id => "DL3021";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "COPY with more than one source needs a destination folder ending in '/'.";

    public override string Help => "Without the trailing slash BuildKit refuses to copy several files to one path.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var copy in context.Instructions.OfType<CopyInstruction>())
        {
            var dest = RuleHelpers.Unquote(copy.Dest ?? string.Empty);
            if (copy.Heredocs.Count == 0 && copy.Sources.Count > 1 && !dest.EndsWith('/') && !dest.Contains('$', StringComparison.Ordinal))
            {
                context.Report(this, copy, $"COPY of {copy.Sources.Count} sources to '{dest}': end the destination with '/'");
            }
        }
    }
}
