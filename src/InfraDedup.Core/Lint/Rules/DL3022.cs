using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3022 : LintRule
{
    public override string Id => "DL3022";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "COPY --from should name an earlier stage (or an image reference).";

    public override string Help => "A --from that is neither an earlier stage name, a valid stage index nor an image reference with a tag is probably a typo: BuildKit would try to pull it as an image.";

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var copy in context.Instructions.OfType<CopyInstruction>())
        {
            if (copy.From is not { Length: > 0 } from || from.Contains('$', StringComparison.Ordinal) || from.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            var current = context.StageOf(copy);
            var earlier = context.Stages.Take(Math.Max(current, 0));
            var ok = from.All(char.IsAsciiDigit)
                ? int.TryParse(from, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < current
                : earlier.Any(s => s.Name is not null && s.Name.Equals(from, StringComparison.OrdinalIgnoreCase));
            if (!ok && !(current >= 0 && context.Stages[current].Name is { } own && own.Equals(from, StringComparison.OrdinalIgnoreCase)))
            {
                context.Report(this, copy, $"COPY --from={from} does not name an earlier stage");
            }
        }
    }
}
