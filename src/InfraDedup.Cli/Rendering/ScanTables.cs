using System.Globalization;
using InfraDedup.Core;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Reports;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Rendering;

/// <summary>The table view of a scan.</summary>
internal static class ScanTables
{
    private const int MaxRows = 15;

    /// <summary>Width of the base-image chart: wide enough for long image names and readable bars.</summary>
    private const int ChartWidth = 100;

    public static TableView Render(ScanReport report)
    {
        var view = new TableView().Details(Details(report));
        foreach (var error in report.ParseErrors.Take(MaxRows))
        {
            view.Failure(new Text($"  {error.Path}:{error.Line}:{error.Column}: {error.Message}\n"));
        }

        return view.Details(Rest(report)).Summary(new Text(SummaryLine(report) + "\n"));
    }

    /// <summary>The closing line: what was scanned and the headline numbers (all <c>-q</c> prints).</summary>
    internal static string SummaryLine(ScanReport report)
    {
        var parts = new List<string>
        {
            $"{Plural.Of(report.DuplicateSummary.Groups, "exact-duplicate group")} ({Plural.Of(report.DuplicateSummary.RedundantFiles, "redundant copy", "redundant copies")})",
        };
        if (report.NearDuplicates.Count > 0)
        {
            parts.Add(Plural.Of(report.NearDuplicates.Count, "near-duplicate family", "near-duplicate families"));
        }

        if (report.ParseErrors.Count > 0)
        {
            parts.Add(Plural.Of(report.ParseErrors.Count, "Dockerfile parse error"));
        }

        return $"Scanned {Plural.Of(report.Files.Total, "file")} ({Bytes.Format(report.Files.Bytes)}) in {report.Root}: {string.Join(", ", parts)}";
    }

    private static IEnumerable<IRenderable> Details(ScanReport report)
    {
        var files = new Table().Title($"[bold]{Markup.Escape(report.Root)}[/]").AddColumn("kind").AddColumn(new TableColumn("files").RightAligned());
        foreach (var (kind, count) in ScanMarkdown.KindRows(report.Files))
        {
            files.AddRow(kind, count.ToString(CultureInfo.InvariantCulture));
        }

        files.AddRow("[bold]total[/]", $"[bold]{report.Files.Total}[/] ({Bytes.Format(report.Files.Bytes)})");
        yield return files;

        var summary = report.DuplicateSummary;
        yield return new Markup($"[bold]Exact duplicates:[/] {summary.Groups} groups, {summary.RedundantFiles} redundant files, {Bytes.Format(summary.WastedBytes)} wasted\n");
        if (report.ExactDuplicates.Count > 0)
        {
            var dups = new Table().AddColumn(new TableColumn("copies").RightAligned()).AddColumn(new TableColumn("size").RightAligned())
                .AddColumn("sha256").AddColumn("paths");
            foreach (var group in report.ExactDuplicates.Take(MaxRows))
            {
                var paths = string.Join("\n", group.Paths.Take(4).Select(Markup.Escape)) + (group.Paths.Count > 4 ? $"\n… {group.Paths.Count - 4} more" : "");
                dups.AddRow(group.Paths.Count.ToString(CultureInfo.InvariantCulture), Bytes.Format(group.Size), group.Sha256[..12], paths);
            }

            yield return dups;
            if (report.ExactDuplicates.Count > MaxRows)
            {
                yield return new Text($"… {report.ExactDuplicates.Count - MaxRows} more groups (--format json lists all)\n");
            }
        }

        if (report.BaseImages.Count > 0)
        {
            // A chart fills the width it is given; in a pipe that is the no-wrap width (16,384 columns of bars), so it
            // gets a fixed one (a narrower terminal still shrinks it).
            var images = new BarChart().Label("[bold]Base images[/] (Dockerfiles per image)").LeftAlignLabel().Width(ChartWidth);
            foreach (var image in report.BaseImages.Take(MaxRows))
            {
                images.AddItem(Markup.Escape(image.Image), image.Count, Color.SteelBlue);
            }

            yield return images;
        }

        if (report.NearDuplicates.Count > 0)
        {
            yield return NearDuplicateTable(report.NearDuplicates);
            if (report.NearDuplicates.Count > MaxRows)
            {
                yield return new Text($"… {report.NearDuplicates.Count - MaxRows} more families (--format json lists all)\n");
            }
        }

        if (report.ParseErrors.Count > 0)
        {
            yield return new Markup($"\n[red]{report.ParseErrors.Count} Dockerfiles do not parse:[/]\n");
        }
    }

    private static IEnumerable<IRenderable> Rest(ScanReport report)
    {
        foreach (var line in InfraDedup.Core.References.ReferenceMarkdown.TextLines(report, MaxRows))
        {
            yield return new Text(line + "\n");
        }

        if (report.Skipped.Count > 0)
        {
            yield return new Markup($"\n[yellow]Skipped {report.Skipped.Count} entries[/] (not read):\n");
            foreach (var entry in report.Skipped.Take(MaxRows))
            {
                yield return new Text($"  {entry.Path}: {entry.Reason}\n");
            }
        }
    }

    /// <summary>The biggest near-duplicate families first; <c>similar</c> shows what varies inside each.</summary>
    private static Table NearDuplicateTable(IReadOnlyList<Core.Similarity.NearDuplicateGroup> families)
    {
        var files = families.Sum(f => f.Paths.Count);
        var table = new Table()
            .Title($"[bold]Near-duplicate families:[/] {families.Count}, {files} member files ([bold]infradedup similar[/] shows what varies)")
            .AddColumn(new TableColumn("files").RightAligned()).AddColumn("kind").AddColumn(new TableColumn("min sim").RightAligned()).AddColumn("paths");
        foreach (var family in families.Take(MaxRows))
        {
            var paths = string.Join("\n", family.Paths.Take(3).Select(Markup.Escape)) + (family.Paths.Count > 3 ? $"\n… {family.Paths.Count - 3} more" : "");
            table.AddRow(
                family.Paths.Count.ToString(CultureInfo.InvariantCulture),
                ScanMarkdown.KindName(family.Kind),
                family.Similarity.ToString("0.00", CultureInfo.InvariantCulture),
                paths);
        }

        return table;
    }
}
