using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3020 : LintRule
{
    public override string Id => "DL3020";

    public override LintSeverity DefaultSeverity => LintSeverity.Error;

    public override string Description => "Use COPY instead of ADD for files and folders.";

    public override string Help => "ADD also downloads URLs and unpacks archives, which makes a plain file copy surprising. Keep ADD for URLs and local tar archives.";

    private static readonly string[] Archives =
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tb2", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz",
        ".tlz", ".tar.lzma", ".gz", ".bz2", ".xz", ".zst", ".lz", ".lzma",
    ];

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var add in context.Instructions.OfType<AddInstruction>())
        {
            if (add.Heredocs.Count > 0)
            {
                continue;
            }

            var local = add.Sources.Select(RuleHelpers.Unquote).FirstOrDefault(s => !IsUrl(s) && !IsArchive(s) && !s.Contains('$', StringComparison.Ordinal));
            if (local is not null)
            {
                context.Report(this, add, $"ADD of '{local}' is a plain copy; use COPY");
            }
        }
    }

    internal static bool IsUrl(string s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("git@", StringComparison.OrdinalIgnoreCase) || s.StartsWith("git://", StringComparison.OrdinalIgnoreCase);

    internal static bool IsArchive(string s) => Archives.Any(a => s.EndsWith(a, StringComparison.OrdinalIgnoreCase));
}
