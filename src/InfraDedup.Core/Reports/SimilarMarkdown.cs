using System.Globalization;
using System.Text;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Reports;

/// <summary>The Markdown view of a <see cref="SimilarityReport"/>.</summary>
public static class SimilarMarkdown
{
    private const int MaxSlots = 8;

    public static string Render(SimilarityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("# Near-duplicate families\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{report.Families.Count} families over {report.Stats.FilesCompared} files (threshold {report.Threshold:0.###}).\n\n");
        foreach (var f in report.Families)
        {
            md.Append(CultureInfo.InvariantCulture, $"## {Label(f.Kind)}: {f.Members.Count} files (type {(int)f.CloneType}, min similarity {f.MinSimilarity:0.00})\n\n");
            md.Append(CultureInfo.InvariantCulture, $"Medoid: `{f.Medoid}`\n\n");
            md.Append("| member | similarity | type |\n|---|---:|---:|\n");
            foreach (var m in f.Members)
            {
                md.Append(CultureInfo.InvariantCulture, $"| `{m.Path}` | {m.Similarity:0.00} | {(int)m.CloneType} |\n");
            }

            if (f.VaryingSlots.Count > 0)
            {
                md.Append("\nVaries in:\n\n");
                foreach (var slot in f.VaryingSlots.Take(MaxSlots))
                {
                    md.Append("- `").Append(slot.Display.Replace("`", "'", StringComparison.Ordinal)).Append("`\n");
                }

                if (f.VaryingSlots.Count > MaxSlots)
                {
                    md.Append(CultureInfo.InvariantCulture, $"- … {f.VaryingSlots.Count - MaxSlots} more\n");
                }
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    public static string Label(FamilyKind kind) => kind switch
    {
        FamilyKind.Dockerfile => "Dockerfile",
        FamilyKind.Shell => "shell",
        _ => "Python",
    };
}
