using System.Text;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Planning;

/// <summary>
/// A Dockerfile that would start from an extracted base: its text, and the build contexts (repository folders) of
/// every build that uses it — the base's COPY/ADD sources must have the same content in all of them.
/// </summary>
public sealed record BaseCandidate(string Name, DockerfileDocument Document, IReadOnlyList<string> Contexts);

/// <summary>
/// An extracted base image: its Dockerfile text, the files its build context needs (relative path → source repository
/// path to copy from), the tag consumers use, and each consumer's rewritten text (FROM the tag, then the rest).
/// </summary>
public sealed record ExtractedBase(
    string Text,
    IReadOnlyDictionary<string, string> ContextFiles,
    string Tag,
    int Instructions,
    IReadOnlyDictionary<string, string> RewrittenConsumers);

/// <summary>What base extraction reads from the repository (paths are repository-relative with '/').</summary>
public interface IBaseContextSource
{
    /// <summary>A regular UTF-8 text file's bytes; null for anything else (missing, folder, symlink, binary).</summary>
    byte[]? ReadFile(string path);

    /// <summary>Whether the file has an executable bit (COPY keeps modes, so it is part of the content).</summary>
    bool IsExecutable(string path);

    /// <summary>Every file under <paramref name="folder"/> (repository paths, sorted); null or empty when it is not a folder.</summary>
    IReadOnlyList<string>? FilesUnder(string folder);

    /// <summary>The .dockerignore rules of a build context.</summary>
    DockerIgnore IgnoreFor(string context);

    /// <summary>Lower-case hex SHA-256 of what <see cref="ReadFile"/> returns; null when it returns null. A source may cache it (prefixes are keyed many times).</summary>
    string? Sha256Of(string path) => ReadFile(path) is { } bytes ? Planner.Sha256(bytes) : null;
}

/// <summary>Files a shared COPY/ADD takes from the context (context-relative → repository path) and their digest.</summary>
public sealed record CopiedFiles(IReadOnlyDictionary<string, string> Files, string Digest);

/// <summary>A context source that knows single files only (no folders, no modes, no .dockerignore).</summary>
internal sealed class FileOnlyContextSource(Func<string, byte[]?> readFile) : IBaseContextSource
{
    public byte[]? ReadFile(string path) => readFile(path);

    public bool IsExecutable(string path) => false;

    public IReadOnlyList<string>? FilesUnder(string folder) => null;

    public DockerIgnore IgnoreFor(string context) => DockerIgnore.Empty;
}

/// <summary>
/// Finds the longest instruction prefix that several Dockerfiles share and that can soundly move into a base image:
/// one-stage Dockerfiles with the same FROM; the prefix stops before ARG (scoping), ONBUILD, any instruction using a
/// variable, any COPY/ADD with flags, wildcards or remote sources, and any COPY/ADD whose source files (a file, or
/// every file of a folder) are not byte-identical, with the same executable bits, in every consumer's build context. The planner proves each consumer again after the rewrite.
/// </summary>
public static class BaseImageExtractor
{
    /// <summary>Smallest prefix worth a base image: FROM plus this many instructions, one of them a filesystem step.</summary>
    public const int MinimumInstructions = 2;

    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("*?[\\\"'");

    /// <param name="readFile">Reads a repository file; null when it does not exist (or is not a regular file).</param>
    /// <param name="refusal">Why no base was extracted (null when one was).</param>
    public static ExtractedBase? Extract(
        IReadOnlyList<BaseCandidate> consumers, string project, string name, Func<string, byte[]?> readFile, out string? refusal) =>
        Extract(consumers, project, name, new FileOnlyContextSource(readFile), out refusal);

    /// <param name="source">Reads files and folders of the repository (folders are copied file by file).</param>
    /// <param name="refusal">Why no base was extracted (null when one was).</param>
    public static ExtractedBase? Extract(
        IReadOnlyList<BaseCandidate> consumers, string project, string name, IBaseContextSource source, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(consumers);
        ArgumentNullException.ThrowIfNull(source);
        if (consumers.Count < 2)
        {
            refusal = "fewer than two Dockerfiles to share a base";
            return null;
        }

        if (consumers.FirstOrDefault(c => !OneStage(c.Document)) is { } multi)
        {
            refusal = $"{multi.Name} has several stages, ARGs before FROM or errors; only one-stage Dockerfiles share a base";
            return null;
        }

        var contextFiles = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var length = 0;
        refusal = null;
        var first = consumers[0].Document.Instructions;
        var contexts = consumers.SelectMany(c => c.Contexts).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < first.Count; i++)
        {
            if (consumers.Any(c => c.Document.Instructions.Count <= i + 1 || Normalized(c.Document.Instructions[i]) != Normalized(first[i])))
            {
                refusal ??= $"the Dockerfiles differ at instruction {i + 1}";
                break;
            }

            if (Unmovable(first[i], i) is { } why)
            {
                refusal = why;
                break;
            }

            if (first[i] is FileTransferInstruction transfer)
            {
                if (SourceDigest(transfer, contexts, source, out why) is not { } copied)
                {
                    refusal = why;
                    break;
                }

                foreach (var (rel, path) in copied.Files)
                {
                    contextFiles[rel] = path;
                }
            }

            length = i + 1;
        }

        var steps = first.Take(length).Count(i => i is RunInstruction or CopyInstruction or AddInstruction);
        if (length - 1 < MinimumInstructions || steps == 0)
        {
            refusal = $"the shared prefix is too short for a base image ({Math.Max(0, length - 1)} instructions after FROM); {refusal}";
            return null;
        }

        var baseText = BaseText(consumers[0].Document, length, name);
        var hash = new StringBuilder(baseText);
        foreach (var (rel, path) in contextFiles)
        {
            hash.Append('\0').Append(rel).Append('\0').Append(source.Sha256Of(path)!).Append(source.IsExecutable(path) ? "\0x" : string.Empty);
        }

        var tag = $"{project}/{name}-base:{Planner.Sha256(hash.ToString())[..12]}";
        var rewritten = consumers.ToDictionary(c => c.Name, c => Rewrite(c.Document, length, tag), StringComparer.Ordinal);
        refusal = null;
        return new ExtractedBase(baseText, contextFiles, tag, length, rewritten);
    }

    /// <summary>One stage, no ARG before FROM, no parse errors: the only shape a prefix can move out of soundly.</summary>
    internal static bool OneStage(DockerfileDocument doc) => !doc.HasErrors && doc.Stages.Count == 1 && doc.GlobalInstructions.Count == 0;

    /// <summary>
    /// The files a COPY/ADD of a shared prefix takes from the build context (context-relative path → repository path
    /// in the first context) and a digest of their content, names and executable bits; null (with the reason) when a
    /// source is not a plain path, is missing, or differs between <paramref name="contexts"/>.
    /// </summary>
    internal static CopiedFiles? SourceDigest(FileTransferInstruction transfer, IReadOnlyList<string> contexts, IBaseContextSource source, out string? why)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var digest = new StringBuilder();
        foreach (var raw in transfer.Sources)
        {
            var rel = (raw.StartsWith("./", StringComparison.Ordinal) ? raw[2..] : raw).TrimEnd('/');
            if (rel.Length == 0 || rel == "." || rel.Contains("..", StringComparison.Ordinal) || rel.StartsWith('/') || rel.AsSpan().IndexOfAny(Special) >= 0 || rel.Contains("://", StringComparison.Ordinal))
            {
                why = $"{transfer.Name} {raw} (line {transfer.Node.StartLine}) is not a plain file or folder path";
                return null;
            }

            string? first = null;
            string? firstContext = null;
            foreach (var context in contexts)
            {
                if (Describe(rel, context, source, out var entries) is { } problem)
                {
                    why = $"{transfer.Name} {raw} (line {transfer.Node.StartLine}): {problem}";
                    return null;
                }

                var text = string.Join('\n', entries.Select(e => e.Rel + "\0" + e.Hash + (e.Executable ? "\0x" : string.Empty)));
                if (first is null)
                {
                    (first, firstContext) = (text, context);
                    foreach (var e in entries)
                    {
                        files[e.Rel] = e.Path;
                    }
                }
                else if (text != first)
                {
                    why = $"{transfer.Name} {raw} (line {transfer.Node.StartLine}) copies different content: {Join(firstContext!, rel)} and {Join(context, rel)} differ";
                    return null;
                }
            }

            digest.Append(first).Append('\u0002');
        }

        why = null;
        return new CopiedFiles(files, Planner.Sha256(digest.ToString()));
    }

    private static string Join(string context, string rel) => context.Length == 0 ? rel : context + "/" + rel;

    /// <summary>The files <paramref name="rel"/> names in <paramref name="context"/> (itself, or everything under a folder), minus what the context's .dockerignore leaves out.</summary>
    private static string? Describe(string rel, string context, IBaseContextSource source, out List<(string Rel, string Path, string Hash, bool Executable)> entries)
    {
        entries = [];
        var path = Join(context, rel);
        var ignore = source.IgnoreFor(context);
        if (source.Sha256Of(path) is { } sha)
        {
            if (ignore.IsExcluded(rel))
            {
                return $"{path} is left out by the context's .dockerignore";
            }

            entries.Add((rel, path, sha, source.IsExecutable(path)));
            return null;
        }

        if (source.FilesUnder(path) is not { Count: > 0 } under)
        {
            return $"{path} is not a file (nor a folder of text files)";
        }

        foreach (var file in under)
        {
            var inner = rel + file[path.Length..];
            if (ignore.IsExcluded(inner))
            {
                continue;
            }

            if (source.Sha256Of(file) is not { } contentSha)
            {
                return $"{file} is not a regular UTF-8 text file";
            }

            entries.Add((inner, file, contentSha, source.IsExecutable(file)));
        }

        return null;
    }

    internal static string Normalized(DockerfileInstruction ins) =>
        ins.Name + "\u0001" + string.Join('\u0001', ins.Flags) + "\u0001" + string.Join('\u0001', ins.Arguments) + "\u0001" + string.Join('\u0001', ins.Heredocs.Select(h => h.Content));

    internal static string? Unmovable(DockerfileInstruction ins, int index)
    {
        if (index == 0)
        {
            return ins is FromInstruction { StageName: null } from && !from.Image.Contains('$', StringComparison.Ordinal) && from.Flags.Count == 0
                ? null
                : "the FROM line uses a variable, a flag or a stage name";
        }

        if (ins is ArgInstruction or OnbuildInstruction)
        {
            return $"{ins.Name} at line {ins.Node.StartLine} cannot move into a base (scoping/trigger semantics)";
        }

        if (ins is FileTransferInstruction t && (t.Flags.Count > 0 || t.Heredocs.Count > 0))
        {
            return $"{ins.Name} at line {ins.Node.StartLine} has flags or a heredoc";
        }

        return VariableExpander.SupportsExpansion(ins.Name) && ins.Node.Original.Contains('$', StringComparison.Ordinal)
            ? $"{ins.Name} at line {ins.Node.StartLine} uses a variable"
            : null;
    }

    private static string BaseText(DockerfileDocument doc, int length, string name)
    {
        var sb = new StringBuilder();
        sb.Append("# Base image '").Append(name).Append("', extracted by 'infradedup plan' from the instructions its users shared.\n");
        foreach (var ins in doc.Instructions.Take(length))
        {
            sb.Append(ins.Node.Original.TrimEnd()).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The Dockerfile with its first <paramref name="length"/> instructions replaced by <c>FROM</c> <paramref name="tag"/> (comments and text around them kept).</summary>
    internal static string Rewrite(DockerfileDocument doc, int length, string tag)
    {
        var sb = new StringBuilder();
        var index = 0;
        var newline = doc.Text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        foreach (var e in doc.Elements)
        {
            if (e is DockerfileInstruction)
            {
                index++;
                if (index == 1)
                {
                    sb.Append("FROM ").Append(tag).Append(newline);
                    continue;
                }

                if (index <= length)
                {
                    continue;
                }
            }
            else if (index >= 1 && index < length)
            {
                continue; // comments between moved instructions went with them
            }

            sb.Append(e.RawText);
        }

        return sb.ToString();
    }
}
