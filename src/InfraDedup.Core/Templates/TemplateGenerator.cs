using System.Diagnostics;
using System.Text;
using DiffPlex.Renderer;

namespace InfraDedup.Core.Templates;

/// <summary>What <c>generate</c> did (or, with <c>--check</c>, found) for one output.</summary>
public enum GeneratedFileStatus
{
    /// <summary>The file on disk already equals the rendering.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("unchanged")]
    Unchanged,

    /// <summary>The file was rewritten with the rendering.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("written")]
    Written,

    /// <summary>The file did not exist and was created.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("created")]
    Created,

    /// <summary>Check mode: the file on disk differs from the rendering.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("differs")]
    Differs,

    /// <summary>Check mode: the file does not exist.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("missing")]
    Missing,
}

/// <summary>One output of <see cref="TemplateGenerator.Run"/>.</summary>
public sealed record GeneratedFileResult(string Output, string Template, string? Service, GeneratedFileStatus Status, string? Diff);

/// <summary>The result of a generate run.</summary>
public sealed record GenerateResult(IReadOnlyList<GeneratedFileResult> Files, [property: System.Text.Json.Serialization.JsonIgnore] TimeSpan Elapsed)
{
    /// <summary>Identifies the document type and version (<c>infradedup/generate@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/generate@1";

    /// <summary>Whether check mode found any output out of date.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasDifferences => Files.Any(f => f.Status is GeneratedFileStatus.Differs or GeneratedFileStatus.Missing);
}

/// <summary>Options of a generate run.</summary>
public sealed record GenerateOptions
{
    /// <summary>Only entries whose service (or output path) is one of these; all when empty.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Compare in memory instead of writing.</summary>
    public bool Check { get; init; }

    /// <summary>Overrides every entry's header when set.</summary>
    public HeaderMode? Header { get; init; }
}

/// <summary>
/// Renders every generated Dockerfile of a mapping from its template: writes the files atomically (only those whose
/// bytes change), or in check mode compares in memory and returns a unified diff for each difference.
/// </summary>
public static class TemplateGenerator
{
    /// <summary>Reads a mapping file (errors at <c>file:line:col</c>).</summary>
    public static TemplateMapping LoadMapping(string mappingFile, string displayPath)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(mappingFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var hint = e is FileNotFoundException or DirectoryNotFoundException
                ? $"no mapping at '{displayPath}'; give one with --mapping, or create it (see docs/templates.md)"
                : $"cannot read the mapping '{displayPath}': {IoErrors.Reason(e)}";
            throw new UserInputException(hint);
        }

        return TemplateMapping.Parse(bytes, displayPath);
    }

    public static GenerateResult Run(string root, TemplateMapping mapping, string mappingDisplayPath, GenerateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var entries = Select(mapping, options.Services, mappingDisplayPath);
        var templates = new Dictionary<string, CompiledTemplate>(StringComparer.Ordinal);
        var verbatimSources = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var results = new List<GeneratedFileResult>(entries.Count);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rendered = entry.Verbatim == true
                ? VerbatimSource(root, entry, mappingDisplayPath, verbatimSources)
                : Render(root, entry, mappingDisplayPath, options, templates);
            var target = Path.Combine(root, entry.Output.Replace('/', Path.DirectorySeparatorChar));
            var current = File.Exists(target) ? File.ReadAllBytes(target) : null;
            var wantedMode = TemplateMapping.ParseMode(entry.Mode);
            var modeOnDisk = current is not null && wantedMode is not null && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(target) : (UnixFileMode?)null;
            var modeDiffers = modeOnDisk is { } m && m != wantedMode;
            GeneratedFileStatus status;
            string? diff = null;
            if (current is not null && current.AsSpan().SequenceEqual(rendered) && !modeDiffers)
            {
                status = GeneratedFileStatus.Unchanged;
            }
            else if (options.Check)
            {
                status = current is null ? GeneratedFileStatus.Missing : GeneratedFileStatus.Differs;
                diff = UnifiedDiff(current ?? [], rendered, entry.Output);
                if (modeDiffers)
                {
                    diff = (diff.Length == 0 ? $"--- a/{entry.Output}\n+++ b/{entry.Output}\n" : diff)
                        + $"# mode: {TemplateMapping.FormatMode(modeOnDisk!.Value)} on disk, {entry.Mode} in the mapping\n";
                }
            }
            else
            {
                WriteAtomically(target, rendered, entry.Output, wantedMode);
                status = current is null ? GeneratedFileStatus.Created : GeneratedFileStatus.Written;
            }

            results.Add(new GeneratedFileResult(entry.Output, entry.Template, entry.Service, status, diff));
        }

        return new GenerateResult(results, clock.Elapsed);
    }

    private static byte[] Render(string root, GeneratedFileEntry entry, string mappingDisplayPath, GenerateOptions options, Dictionary<string, CompiledTemplate> templates)
    {
        if (!templates.TryGetValue(entry.Template, out var template))
        {
            template = TemplateRenderer.Compile(ReadTemplate(root, entry, mappingDisplayPath), entry.Template);
            templates[entry.Template] = template;
        }

        try
        {
            return template.Render(entry.Parameters, entry.Layout, options.Header ?? entry.EffectiveHeader);
        }
        catch (TemplateException e)
        {
            throw new TemplateException($"{e.Message} (rendering {entry.Output} from {mappingDisplayPath})", e.File!, e.Line, e.Column);
        }
    }

    /// <summary>The bytes of a verbatim entry's canonical source, read once per run.</summary>
    private static byte[] VerbatimSource(string root, GeneratedFileEntry entry, string mappingDisplayPath, Dictionary<string, byte[]> sources)
    {
        if (!sources.TryGetValue(entry.Template, out var bytes))
        {
            try
            {
                bytes = File.ReadAllBytes(Path.Combine(root, entry.Template.Replace('/', Path.DirectorySeparatorChar)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserInputException(
                    $"canonical source '{entry.Template}' of {entry.Output} cannot be read ({IoErrors.Reason(e)}); fix the \"template\" path in {mappingDisplayPath} or restore the file");
            }

            sources[entry.Template] = bytes;
        }

        return bytes;
    }

    /// <summary>
    /// A unified diff from the file on disk (a/…) to the rendering (b/…); byte-level differences that a text diff cannot
    /// show (BOM, line ends, final newline) are named on a comment line.
    /// </summary>
    public static string UnifiedDiff(byte[] current, byte[] rendered, string path)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(rendered);
        var before = Encoding.UTF8.GetString(current);
        var after = Encoding.UTF8.GetString(rendered);
        var diff = UnidiffRenderer.GenerateUnidiff(before, after, "a/" + path, "b/" + path, ignoreWhitespace: false, ignoreCase: false, contextLines: 3);
        var sb = new StringBuilder(diff.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (sb.Length > 0 && sb[^1] != '\n')
        {
            sb.Append('\n');
        }

        var notes = new List<string>();
        var (a, b) = (TextCodec.Decode(current), TextCodec.Decode(rendered));
        if (a is not null && b is not null)
        {
            if (a.Layout.Bom != b.Layout.Bom)
            {
                notes.Add(b.Layout.Bom ? "the rendering starts with a BOM" : "the file on disk starts with a BOM");
            }

            if (a.Layout.LineEnding != b.Layout.LineEnding)
            {
                notes.Add($"line ends: {a.Layout.LineEnding.ToString().ToUpperInvariant()} on disk, {b.Layout.LineEnding.ToString().ToUpperInvariant()} rendered");
            }

            if (a.Layout.FinalNewline != b.Layout.FinalNewline)
            {
                notes.Add(b.Layout.FinalNewline ? "the file on disk has no final newline" : "the rendering has no final newline");
            }
        }

        foreach (var note in notes)
        {
            sb.Append("# ").Append(note).Append('\n');
        }

        return sb.ToString();
    }

    private static List<GeneratedFileEntry> Select(TemplateMapping mapping, IReadOnlyList<string> services, string mappingDisplayPath)
    {
        if (services.Count == 0)
        {
            return mapping.Generated;
        }

        var unknown = services.Where(s => !mapping.Generated.Any(e => e.Service == s || e.Output == s)).ToList();
        if (unknown.Count > 0)
        {
            var known = mapping.Generated.Select(e => e.Service ?? e.Output).Distinct(StringComparer.Ordinal).Take(8);
            throw new UserInputException(
                $"--service '{unknown[0]}' is not in {mappingDisplayPath}; give a service name or output path from it (e.g. {string.Join(", ", known)})");
        }

        return [.. mapping.Generated.Where(e => services.Contains(e.Service ?? string.Empty) || services.Contains(e.Output))];
    }

    private static string ReadTemplate(string root, GeneratedFileEntry entry, string mappingDisplayPath)
    {
        var path = Path.Combine(root, entry.Template.Replace('/', Path.DirectorySeparatorChar));
        try
        {
            var bytes = File.ReadAllBytes(path);
            var decoded = TextCodec.Decode(bytes)
                ?? throw new TemplateException("the template is not valid UTF-8; save it as UTF-8", entry.Template, 1, 1);
            return decoded.Layout.LineEnding == LineEnding.Crlf
                ? Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal)
                : Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(
                $"template '{entry.Template}' for {entry.Output} cannot be read ({e.Message.TrimEnd('.')}); fix the \"template\" path in {mappingDisplayPath} or restore the template");
        }
    }

    private static void WriteAtomically(string target, byte[] bytes, string display, UnixFileMode? wantedMode)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target)) ?? ".");
            AtomicFile.Write(target, bytes, keepMode: true, mode: wantedMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot write '{display}': {IoErrors.Reason(e)}");
        }
    }
}
