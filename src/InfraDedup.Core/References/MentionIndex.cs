using System.Collections.Concurrent;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.References;

/// <summary>Where a word was found: <paramref name="Source"/> at <paramref name="Line"/> (1-based).</summary>
internal readonly record struct MentionSite(string Source, int Line);

/// <summary>
/// Every path-like word of every text file of the tree, read once: a word is a run of ASCII letters, digits,
/// <c>. _ -</c> and <c>/</c>; its segments are its parts between <c>/</c>. Lookups then answer "which files name
/// this path, this folder, or this folder's name as a segment" without a search per file pair. Files with a NUL
/// byte in their first 8 KiB are binary and not read, ignore files (<c>.gitignore</c>, <c>.dockerignore</c>) name
/// paths to leave them out and are not read; unreadable files are reported through <c>problem</c>.
/// </summary>
internal sealed class MentionIndex
{
    private const int BinaryProbeBytes = 8192;

    private readonly Dictionary<string, MentionSite[]> _words;
    private readonly Dictionary<string, string[]> _wordsBySegment;

    private MentionIndex(Dictionary<string, MentionSite[]> words)
    {
        _words = words;
        var bySegment = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var word in words.Keys)
        {
            foreach (var segment in Segments(word).Distinct(StringComparer.Ordinal))
            {
                if (!bySegment.TryGetValue(segment, out var list))
                {
                    bySegment[segment] = list = [];
                }

                list.Add(word);
            }
        }

        _wordsBySegment = bySegment.ToDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Reads every file of <paramref name="files"/> (in parallel); <paramref name="problem"/> gets each file that could not be read.</summary>
    public static MentionIndex Build(IReadOnlyList<RepoFile> files, Action<RepoFile, string> problem, CancellationToken cancellationToken)
    {
        var words = new ConcurrentDictionary<string, ConcurrentBag<MentionSite>>(StringComparer.Ordinal);
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.ForEach(files.Where(f => !IsIgnoreFile(f.RelativePath)).OrderByDescending(f => f.Size), options, file =>
        {
            var read = SourceReader.ReadBytes(file);
            if (read.Problem is { } why)
            {
                problem(file, why);
                return;
            }

            var bytes = read.Bytes!;
            if (bytes.AsSpan(0, Math.Min(bytes.Length, BinaryProbeBytes)).Contains((byte)0) || IsToolDocument(file.RelativePath, bytes))
            {
                return;
            }

            // The first line of each word per file: every file that names something is kept (later rules may discard
            // some sources, so no cap), and the result does not depend on thread timing.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (word, line) in Words(bytes))
            {
                if (seen.Add(word))
                {
                    words.GetOrAdd(word, _ => []).Add(new MentionSite(file.RelativePath, line));
                }
            }
        });
        return new MentionIndex(words.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Line).ToArray(),
            StringComparer.Ordinal));
    }

    /// <summary>
    /// The words that name <paramref name="path"/>, its folder, or its folder's name as a segment (for a file at the
    /// root: its name), best first (path, then folder path, then folder name), with where they occur.
    /// </summary>
    public IEnumerable<(string Word, string What, MentionSite Site)> Mentions(string path)
    {
        var folder = RepoPaths.DirectoryOf(path);
        var key = folder.Length == 0 ? RepoPaths.NameOf(path) : RepoPaths.NameOf(folder);
        if (!_wordsBySegment.TryGetValue(key, out var candidates))
        {
            yield break;
        }

        var pathSegments = path.Split('/');
        var folderSegments = folder.Length == 0 ? [] : folder.Split('/');
        var ranked = candidates
            .Select(word =>
            {
                var segments = Segments(word).ToArray();
                var what = ContainsRun(segments, pathSegments) ? "path"
                    : folder.Length > 0 && ContainsRun(segments, folderSegments) ? "folder path"
                    : folder.Length > 0 ? "folder name" : null;
                return (Word: word, What: what);
            })
            .Where(w => w.What is not null)
            .OrderBy(w => w.What switch { "path" => 0, "folder path" => 1, _ => 2 });
        foreach (var (word, what) in ranked)
        {
            foreach (var site in _words[word])
            {
                yield return (word, what!, site);
            }
        }
    }

    /// <summary>
    /// The tool's own documents (a sample's <c>ground-truth.json</c>, plan/scan/report JSON carrying an
    /// <c>infradedup/…</c> schema id) list the files they analysed: that is not a use, and a saved report must not
    /// keep a dead file alive.
    /// </summary>
    private static bool IsToolDocument(string path, byte[] bytes) =>
        RepoPaths.NameOf(path) == Sample.SampleGroundTruth.FileName
        || (path.EndsWith(".json", StringComparison.Ordinal)
            && System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 256)).Contains("\"infradedup/", StringComparison.Ordinal));

    /// <summary>Ignore files name paths in order to leave them out: that is not a use.</summary>
    private static bool IsIgnoreFile(string path) =>
        RepoPaths.NameOf(path) is ".gitignore" or ".dockerignore" or ".infradedupignore" || path.EndsWith(".dockerignore", StringComparison.Ordinal);

    /// <summary>The path-like words of a text and the line of each (first occurrence per line).</summary>
    internal static IEnumerable<(string Word, int Line)> Words(byte[] bytes)
    {
        var line = 1;
        var start = -1;
        for (var i = 0; i <= bytes.Length; i++)
        {
            var b = i < bytes.Length ? bytes[i] : (byte)' ';
            if (IsWordByte(b))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                var word = System.Text.Encoding.ASCII.GetString(bytes, start, i - start);
                var trimmed = Normalize(word);
                if (trimmed.Length > 0)
                {
                    yield return (trimmed, line);
                }

                start = -1;
            }

            if (b == (byte)'\n')
            {
                line++;
            }
        }
    }

    private static bool IsWordByte(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'_' or (byte)'-' or (byte)'/';

    /// <summary>Leading <c>./</c> and surrounding slashes are not part of the name.</summary>
    private static string Normalize(string word)
    {
        while (word.StartsWith("./", StringComparison.Ordinal))
        {
            word = word[2..];
        }

        return word.Trim('/');
    }

    private static IEnumerable<string> Segments(string word) =>
        word.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s is not "." and not "..");

    private static bool ContainsRun(string[] haystack, string[] needle)
    {
        if (needle.Length == 0 || needle.Length > haystack.Length)
        {
            return false;
        }

        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var all = true;
            for (var j = 0; j < needle.Length && all; j++)
            {
                all = string.Equals(haystack[i + j], needle[j], StringComparison.Ordinal);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
