using System.Globalization;
using System.Text;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.References;

/// <summary>The reference-status, dead-file, directory-copy and compose-error parts of the scan's Markdown and text views.</summary>
public static class ReferenceMarkdown
{
    /// <summary>Appends the sections (counts, then the first <paramref name="maxRows"/> rows of each list).</summary>
    public static void Append(StringBuilder md, ScanReport report, int maxRows)
    {
        var dockerfiles = report.DeadFiles.Count(d => d.Kind == DeadFiles.DockerfileKind);
        md.Append("## Dead files\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{dockerfiles} Dockerfiles and {report.DeadFiles.Count - dockerfiles} scripts nothing in the tree names (unreferenced); ");
        md.Append(CultureInfo.InvariantCulture, $"{Count(report, ReferenceStatus.Built)} built, {Count(report, ReferenceStatus.Mentioned)} mentioned only.\n\n");
        if (!report.DeadFilesComplete)
        {
            md.Append(CultureInfo.InvariantCulture, $"**Incomplete:** {report.IncompleteReferenceSources.Count} files could not be read or parsed completely, so the dead list may be wrong and `plan` removes nothing as dead:\n\n");
            foreach (var source in report.IncompleteReferenceSources.Take(maxRows))
            {
                md.Append(CultureInfo.InvariantCulture, $"- `{Escape(source.Path)}`: {Escape(source.Reason)}\n");
            }

            More(md, report.IncompleteReferenceSources.Count, maxRows);
        }

        if (report.DeadFiles.Count > 0)
        {
            md.Append("| path | kind | reason |\n|---|---|---|\n");
            foreach (var dead in report.DeadFiles.OrderBy(d => d.Kind == DeadFiles.DockerfileKind ? 0 : 1).Take(maxRows))
            {
                md.Append(CultureInfo.InvariantCulture, $"| `{Escape(dead.Path)}` | {dead.Kind} | {Escape(dead.Reason)} |\n");
            }

            More(md, report.DeadFiles.Count, maxRows);
        }

        md.Append(CultureInfo.InvariantCulture, $"## Directory copies\n\n{report.DirectoryCopies.Count} groups of identical folders (a folder and its verbatim copies).\n\n");
        foreach (var copy in report.DirectoryCopies.Take(maxRows))
        {
            md.Append("- ").Append(string.Join(" ≡ ", copy.Paths.Select(p => $"`{Escape(p)}`"))).Append('\n');
        }

        if (report.DirectoryCopies.Count > 0)
        {
            More(md, report.DirectoryCopies.Count, maxRows);
        }

        if (report.ComposeErrors.Count > 0)
        {
            md.Append("## Compose files that do not parse\n\n");
            foreach (var error in report.ComposeErrors.Take(maxRows))
            {
                md.Append(CultureInfo.InvariantCulture, $"- `{Escape(error.Path)}:{error.Line}:{error.Column}`: {Escape(error.Message)}\n");
            }

            More(md, report.ComposeErrors.Count, maxRows);
        }
    }

    /// <summary>Plain lines for the terminal view: counts and the top rows.</summary>
    public static IEnumerable<string> TextLines(ScanReport report, int maxRows)
    {
        var dockerfiles = report.DeadFiles.Where(d => d.Kind == DeadFiles.DockerfileKind).ToArray();
        yield return string.Create(CultureInfo.InvariantCulture, $"Dead files: {dockerfiles.Length} Dockerfiles, {report.DeadFiles.Count - dockerfiles.Length} scripts unreferenced; {Count(report, ReferenceStatus.Built)} built, {Count(report, ReferenceStatus.Mentioned)} mentioned only (--format json lists the evidence)");
        if (!report.DeadFilesComplete)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Reference analysis incomplete ({report.IncompleteReferenceSources.Count} files); plan removes nothing as dead:");
            foreach (var source in report.IncompleteReferenceSources.Take(maxRows))
            {
                yield return $"  {source.Path}: {source.Reason}";
            }
        }

        foreach (var dead in dockerfiles.Take(maxRows))
        {
            yield return $"  {dead.Path}: {dead.Reason}";
        }

        if (dockerfiles.Length > maxRows)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"  … {dockerfiles.Length - maxRows} more");
        }

        yield return string.Create(CultureInfo.InvariantCulture, $"Directory copies: {report.DirectoryCopies.Count} groups of identical folders");
        foreach (var copy in report.DirectoryCopies.Take(maxRows))
        {
            yield return "  " + string.Join(" ≡ ", copy.Paths);
        }

        if (report.DirectoryCopies.Count > maxRows)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"  … {report.DirectoryCopies.Count - maxRows} more");
        }

        if (report.ComposeErrors.Count > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Compose files that do not parse: {report.ComposeErrors.Count}");
            foreach (var error in report.ComposeErrors.Take(maxRows))
            {
                yield return $"  {error.Path}:{error.Line}:{error.Column}: {error.Message}";
            }
        }
    }

    private static int Count(ScanReport report, ReferenceStatus status) => report.FileReferences.Count(f => f.Status == status);

    private static void More(StringBuilder md, int count, int maxRows) =>
        md.Append(count > maxRows ? $"\n… and {count - maxRows} more (see `--format json`).\n\n" : "\n");

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
