using System.Globalization;
using System.Text;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Reports;

/// <summary>Renders a scan report as Markdown (for pull requests, wikis and the executive summary).</summary>
public static class ScanMarkdown
{
    /// <summary>How many rows long lists show before summarising the rest.</summary>
    public const int MaxRows = 50;

    public static string Render(ScanReport report)
    {
        var md = new StringBuilder();
        md.Append("# infradedup scan\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Root: `{report.Root}`\n\n");

        md.Append("## Files\n\n| kind | count |\n|---|---:|\n");
        foreach (var (kind, count) in KindRows(report.Files))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {kind} | {count} |\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"| **total** | **{report.Files.Total}** ({Bytes.Format(report.Files.Bytes)}) |\n");
        md.Append(CultureInfo.InvariantCulture, $"\nIgnored entries: {report.Files.Ignored}\n\n");

        var summary = report.DuplicateSummary;
        md.Append("## Exact duplicates\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{summary.Groups} groups, {summary.RedundantFiles} redundant files, {Bytes.Format(summary.WastedBytes)} wasted.\n\n");
        if (report.ExactDuplicates.Count > 0)
        {
            md.Append("| files | size | wasted | sha256 | paths |\n|---:|---:|---:|---|---|\n");
            foreach (var group in report.ExactDuplicates.Take(MaxRows))
            {
                var paths = string.Join("<br>", group.Paths.Select(p => $"`{Escape(p)}`"));
                md.Append(CultureInfo.InvariantCulture, $"| {group.Paths.Count} | {Bytes.Format(group.Size)} | {Bytes.Format(group.WastedBytes)} | `{group.Sha256[..12]}` | {paths} |\n");
            }

            AppendMore(md, report.ExactDuplicates.Count);
        }

        md.Append("## Base images\n\n");
        if (report.BaseImages.Count == 0)
        {
            md.Append("No Dockerfiles.\n\n");
        }
        else
        {
            md.Append("| image | Dockerfiles |\n|---|---:|\n");
            foreach (var image in report.BaseImages.Take(MaxRows))
            {
                md.Append(CultureInfo.InvariantCulture, $"| `{Escape(image.Image)}` | {image.Count} |\n");
            }

            AppendMore(md, report.BaseImages.Count);
        }

        AppendNearDuplicates(md, report.NearDuplicates);

        if (report.ParseErrors.Count > 0)
        {
            md.Append("## Dockerfiles that do not parse\n\n");
            foreach (var error in report.ParseErrors.Take(MaxRows))
            {
                md.Append(CultureInfo.InvariantCulture, $"- `{Escape(error.Path)}:{error.Line}:{error.Column}`: {Escape(error.Message)}\n");
            }

            AppendMore(md, report.ParseErrors.Count);
        }

        References.ReferenceMarkdown.Append(md, report, MaxRows);

        if (report.Skipped.Count > 0)
        {
            md.Append("## Skipped\n\n| path | reason |\n|---|---|\n");
            foreach (var entry in report.Skipped.Take(MaxRows))
            {
                md.Append(CultureInfo.InvariantCulture, $"| `{Escape(entry.Path)}` | {Escape(entry.Reason)} |\n");
            }

            AppendMore(md, report.Skipped.Count);
        }

        return md.ToString();
    }

    /// <summary>The per-kind counts in display order.</summary>
    public static IEnumerable<(string Kind, int Count)> KindRows(FileCounts files) =>
    [
        ("Dockerfiles", files.Dockerfiles),
        ("compose files", files.ComposeFiles),
        ("shell scripts", files.ShellScripts),
        ("Python scripts", files.PythonScripts),
        ("manifests", files.Manifests),
        ("other", files.Other),
    ];

    /// <summary>
    /// The near-duplicate families, biggest first (the order the finder reports them in), with at most three paths
    /// each; <c>similar</c> shows what varies inside a family.
    /// </summary>
    private static void AppendNearDuplicates(StringBuilder md, IReadOnlyList<Similarity.NearDuplicateGroup> families)
    {
        if (families.Count == 0)
        {
            return;
        }

        var files = families.Sum(f => f.Paths.Count);
        md.Append(CultureInfo.InvariantCulture, $"## Near-duplicate families\n\n{families.Count} families, {files} member files (`infradedup similar` shows what varies).\n\n");
        md.Append("| files | kind | min similarity | paths |\n|---:|---|---:|---|\n");
        foreach (var family in families.Take(MaxRows))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {family.Paths.Count} | {KindName(family.Kind)} | {family.Similarity:0.00} | {PathList(family.Paths, 3)} |\n");
        }

        AppendMore(md, families.Count);
    }

    /// <summary>A family kind as people say it.</summary>
    public static string KindName(Similarity.FamilyKind kind) => kind switch
    {
        Similarity.FamilyKind.Dockerfile => "Dockerfile",
        Similarity.FamilyKind.Shell => "shell",
        Similarity.FamilyKind.Python => "Python",
        _ => kind.ToString(),
    };

    private static string PathList(IReadOnlyList<string> paths, int shown) =>
        string.Join("<br>", paths.Take(shown).Select(p => $"`{Escape(p)}`"))
        + (paths.Count > shown ? string.Create(CultureInfo.InvariantCulture, $"<br>… {paths.Count - shown} more") : "");

    private static void AppendMore(StringBuilder md, int count)
    {
        md.Append(count > MaxRows ? $"\n… and {count - MaxRows} more (see `--format json`).\n\n" : "\n");
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
