using System.Globalization;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Secrets;
using InfraDedup.Core.Similarity;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Rendering;

/// <summary>The table view of <c>similar</c>: biggest families first, with a short diff of what varies.</summary>
internal static class SimilarTables
{
    private const int MaxFamilies = 20;
    private const int MaxSlots = 6;

    /// <summary>The headline (the summary <c>-q</c> keeps) first, then the biggest families.</summary>
    public static TableView Render(SimilarityReport report, SecretRedactor redactor) =>
        new TableView()
            .Summary(new Markup(
                $"[bold]{report.Families.Count}[/] near-duplicate families over {report.Stats.FilesCompared} files "
                + $"(threshold {report.Threshold.ToString("0.###", CultureInfo.InvariantCulture)})\n"))
            .Details(Families(report, redactor));

    private static IEnumerable<IRenderable> Families(SimilarityReport report, SecretRedactor redactor)
    {
        if (report.Families.Count == 0)
        {
            yield break;
        }

        var table = new Table().AddColumn(new TableColumn("files").RightAligned()).AddColumn("kind").AddColumn(new TableColumn("min sim").RightAligned())
            .AddColumn("medoid / members").AddColumn("varies");
        foreach (var f in report.Families.Take(MaxFamilies))
        {
            var others = f.Members.Where(m => m.Path != f.Medoid).Select(m => m.Path).ToList();
            var members = Markup.Escape(f.Medoid) + " [dim](medoid)[/]\n" + string.Join("\n", others.Take(3).Select(Markup.Escape))
                + (others.Count > 3 ? $"\n… {others.Count - 3} more" : string.Empty);
            var slots = f.VaryingSlots.Select(s => Shorten(redactor.Redact(s.Display))).Distinct(StringComparer.Ordinal).ToList();
            var varies = string.Join("\n", slots.Take(MaxSlots).Select(Markup.Escape)) + (slots.Count > MaxSlots ? $"\n… {slots.Count - MaxSlots} more" : string.Empty);
            var structure = f.Alignment.Members.Sum(a => a.Missing.Count + a.Inserted.Count);
            if (structure > 0)
            {
                varies += (varies.Length > 0 ? "\n" : string.Empty) + $"[dim]{structure} inserted/missing units[/]";
            }

            table.AddRow(
                f.Members.Count.ToString(CultureInfo.InvariantCulture),
                $"{SimilarMarkdown.Label(f.Kind)} (type {(int)f.CloneType})",
                f.MinSimilarity.ToString("0.00", CultureInfo.InvariantCulture),
                members,
                varies.Length == 0 ? "[dim]identical[/]" : varies);
        }

        yield return table;
        if (report.Families.Count > MaxFamilies)
        {
            yield return new Text($"… {report.Families.Count - MaxFamilies} more families (--format json lists all)\n");
        }
    }

    private static string Shorten(string text) => text.Length <= 70 ? text : text[..67] + "...";
}
