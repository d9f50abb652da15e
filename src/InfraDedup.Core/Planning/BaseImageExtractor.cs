using System.Text;
using InfraDedup.Core.Dockerfiles;

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

/// <summary>
/// Finds the longest instruction prefix that several Dockerfiles share and that can soundly move into a base image:
/// one-stage Dockerfiles with the same FROM; the prefix stops before ARG (scoping), ONBUILD, any instruction using a
/// variable, any COPY/ADD with flags, wildcards, folders or remote sources, and any COPY/ADD whose source files are
/// not byte-identical in every consumer's build context. The planner proves each consumer again after the rewrite.
/// </summary>
public static class BaseImageExtractor
{
    /// <summary>Smallest prefix worth a base image: FROM plus this many instructions, one of them a filesystem step.</summary>
    public const int MinimumInstructions = 2;

    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("*?[\\\"'");

    /// <param name="readFile">Reads a repository file; null when it does not exist (or is not a regular file).</param>
    /// <param name="refusal">Why no base was extracted (null when one was).</param>
    public static ExtractedBase? Extract(
        IReadOnlyList<BaseCandidate> consumers, string project, string name, Func<string, byte[]?> readFile, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(consumers);
        ArgumentNullException.ThrowIfNull(readFile);
        if (consumers.Count < 2)
        {
            refusal = "fewer than two Dockerfiles to share a base";
            return null;
        }

        if (consumers.FirstOrDefault(c => c.Document.HasErrors || c.Document.Stages.Count != 1 || c.Document.GlobalInstructions.Count > 0) is { } multi)
        {
            refusal = $"{multi.Name} has several stages, ARGs before FROM or errors; only one-stage Dockerfiles share a base";
            return null;
        }

        var contextFiles = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var length = 0;
        refusal = null;
        var first = consumers[0].Document.Instructions;
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

            if (first[i] is FileTransferInstruction transfer && !SameSources(transfer, consumers, readFile, contextFiles, out why))
            {
                refusal = why;
                break;
            }

            length = i + 1;
        }

        var steps = first.Take(length).Count(i => i is RunInstruction or CopyInstruction or AddInstruction);
        if (length - 1 < MinimumInstructions || steps == 0)
        {
            refusal = $"the shared prefix is too short for a base image ({Math.Max(0, length - 1)} instructions after FROM); {refusal}";
            return null;
        }

        // Only the files the kept prefix copies go into the base context.
        var kept = first.Take(length).OfType<FileTransferInstruction>().SelectMany(t => t.Sources).ToHashSet(StringComparer.Ordinal);
        var files = contextFiles.Where(kv => kept.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var baseText = BaseText(consumers[0].Document, length, name);
        var hash = new StringBuilder(baseText);
        foreach (var (rel, source) in files.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            hash.Append('\0').Append(rel).Append('\0').Append(Planner.Sha256(readFile(source)!));
        }

        var tag = $"{project}/{name}-base:{Planner.Sha256(hash.ToString())[..12]}";
        var rewritten = consumers.ToDictionary(c => c.Name, c => Rewrite(c.Document, length, tag), StringComparer.Ordinal);
        refusal = null;
        return new ExtractedBase(baseText, files, tag, length, rewritten);
    }

    private static string Normalized(DockerfileInstruction ins) =>
        ins.Name + "\u0001" + string.Join('\u0001', ins.Flags) + "\u0001" + string.Join('\u0001', ins.Arguments) + "\u0001" + string.Join('\u0001', ins.Heredocs.Select(h => h.Content));

    private static string? Unmovable(DockerfileInstruction ins, int index)
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

    /// <summary>Every source of the COPY/ADD is a plain file with the same bytes in every consumer's context.</summary>
    private static bool SameSources(
        FileTransferInstruction transfer, IReadOnlyList<BaseCandidate> consumers, Func<string, byte[]?> readFile, SortedDictionary<string, string> files, out string? why)
    {
        foreach (var source in transfer.Sources)
        {
            var rel = source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source;
            if (rel.Length == 0 || rel.Contains("..", StringComparison.Ordinal) || rel.StartsWith('/') || rel.AsSpan().IndexOfAny(Special) >= 0 || rel.Contains("://", StringComparison.Ordinal))
            {
                why = $"{transfer.Name} {source} (line {transfer.Node.StartLine}) is not a plain file path";
                return false;
            }

            string? hash = null;
            string? firstPath = null;
            foreach (var context in consumers.SelectMany(c => c.Contexts).Distinct(StringComparer.Ordinal))
            {
                var path = context.Length == 0 ? rel : context + "/" + rel;
                if (readFile(path) is not { } bytes)
                {
                    why = $"{transfer.Name} {source} (line {transfer.Node.StartLine}): {path} is not a file";
                    return false;
                }

                var h = Planner.Sha256(bytes);
                if (hash is null)
                {
                    (hash, firstPath) = (h, path);
                }
                else if (h != hash)
                {
                    why = $"{transfer.Name} {source} (line {transfer.Node.StartLine}) copies different content: {firstPath} and {path} differ";
                    return false;
                }
            }

            files[rel] = firstPath!;
        }

        why = null;
        return true;
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

    private static string Rewrite(DockerfileDocument doc, int length, string tag)
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
