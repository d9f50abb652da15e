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
    private readonly HashSet<string> _keys;

    private MentionIndex(Dictionary<string, MentionSite[]> words, HashSet<string> keys)
    {
        _words = words;
        _keys = keys;
        var bySegment = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var word in words.Keys)
        {
            foreach (var segment in Segments(word).Distinct(StringComparer.Ordinal))
            {
                if (!keys.Contains(segment))
                {
                    continue; // never looked up
                }

                if (!bySegment.TryGetValue(segment, out var list))
                {
                    bySegment[segment] = list = [];
                }

                list.Add(word);
            }
        }

        _wordsBySegment = bySegment.ToDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Reads every file of <paramref name="files"/> (in parallel); <paramref name="problem"/> gets each file that could
    /// not be read. Only <see cref="Mentions"/> of the <paramref name="queried"/> paths can be asked afterwards: a word
    /// is kept only when one of its segments is the lookup key of one of them (its folder's name, or its name at the
    /// root), since no other word can ever be returned. On a tree of source files that is a small fraction of the
    /// words, and none of the others is turned into a string.
    /// </summary>
    /// <param name="known">Bytes an earlier stage has already read (null: read the file).</param>
    public static MentionIndex Build(IReadOnlyList<RepoFile> files, IEnumerable<string> queried, Action<RepoFile, string> problem, CancellationToken cancellationToken, Func<RepoFile, byte[]?>? known = null)
    {
        var keys = queried.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        var order = files.Where(f => !IsIgnoreFile(f.RelativePath)).OrderByDescending(f => f.Size).ToArray();
        var found = new List<(string Word, int Line)>?[order.Length];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, order.Length, options, () => new WordScratch(keys), (k, _, scratch) =>
        {
            var file = order[k];
            var read = known?.Invoke(file) is { } already ? new SourceBytes(already, null) : SourceReader.ReadBytes(file);
            if (read.Problem is { } why)
            {
                problem(file, why);
                return scratch;
            }

            var bytes = read.Bytes!;
            if (keys.Count == 0 || bytes.AsSpan(0, Math.Min(bytes.Length, BinaryProbeBytes)).Contains((byte)0) || IsToolDocument(file.RelativePath, bytes))
            {
                return scratch;
            }

            // The first line of each word per file: every file that names something is kept (later rules may discard
            // some sources, so no cap), and the result does not depend on thread timing.
            found[k] = scratch.KeyWords(bytes);
            return scratch;
        }, _ => { });

        var words = new Dictionary<string, List<MentionSite>>(StringComparer.Ordinal);
        for (var k = 0; k < order.Length; k++)
        {
            foreach (var (word, line) in found[k] ?? [])
            {
                if (!words.TryGetValue(word, out var sites))
                {
                    words[word] = sites = [];
                }

                sites.Add(new MentionSite(order[k].RelativePath, line));
            }
        }

        return new MentionIndex(
            words.ToDictionary(
                kv => kv.Key,
                kv => kv.Value.OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Line).ToArray(),
                StringComparer.Ordinal),
            keys);
    }

    /// <summary>The segment a word must have to be returned for <paramref name="path"/>: its folder's name, or its own name at the root.</summary>
    private static string KeyOf(string path)
    {
        var folder = RepoPaths.DirectoryOf(path);
        return folder.Length == 0 ? RepoPaths.NameOf(path) : RepoPaths.NameOf(folder);
    }

    /// <summary>
    /// The words that name <paramref name="path"/>, its folder, or its folder's name as a segment (for a file at the
    /// root: its name), best first (path, then folder path, then folder name), with where they occur.
    /// </summary>
    public IEnumerable<(string Word, string What, MentionSite Site)> Mentions(string path)
    {
        var folder = RepoPaths.DirectoryOf(path);
        var key = KeyOf(path);
        if (!_keys.Contains(key))
        {
            throw new ArgumentException($"{path} was not among the paths the index was built for.", nameof(path));
        }

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

    /// <summary>
    /// Per-thread state of <see cref="Build"/>: finds the path-like words of a text that have a key segment, with the
    /// line of each word's first occurrence, without making a string of any other word. A leading <c>./</c> and
    /// surrounding slashes are not part of a word.
    /// </summary>
    internal sealed class WordScratch(HashSet<string> keys)
    {
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _keys = keys.GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        /// <summary>Bit n set: some key is n characters long (n &lt; 64); most segments are ruled out without a lookup.</summary>
        private readonly ulong _keyLengths = keys.Aggregate(0UL, (mask, k) => k.Length < 64 ? mask | (1UL << k.Length) : mask);
        private readonly bool _longKeys = keys.Any(k => k.Length >= 64);

        private readonly int _shortestKey = keys.Count == 0 ? 0 : keys.Min(k => k.Length);

        /// <summary>Gaps up to this long are stepped over byte by byte before a vectorised search is worth its setup.</summary>
        private const int ShortGap = 8;
        private char[] _chars = new char[256];

        public List<(string Word, int Line)>? KeyWords(byte[] bytes)
        {
            _seen.Clear();
            List<(string, int)>? result = null;
            var line = 1;
            var text = bytes.AsSpan();
            var at = 0;

            // Jump from word to word: most gaps between words are a byte or two (looked at one by one), longer ones
            // (indentation, comments in other scripts) are searched vectorised; the lines in between are counted.
            while (at < text.Length)
            {
                var start = at;
                while (start < text.Length && start - at < ShortGap && !WordBytes.Contains(text[start]))
                {
                    line += text[start] == (byte)'\n' ? 1 : 0;
                    start++;
                }

                if (start < text.Length && !WordBytes.Contains(text[start]))
                {
                    var gap = text[start..].IndexOfAny(WordBytes);
                    if (gap < 0)
                    {
                        break;
                    }

                    line += text.Slice(start, gap).Count((byte)'\n');
                    start += gap;
                }

                if (start >= text.Length)
                {
                    break;
                }

                var length = text[start..].IndexOfAnyExcept(WordBytes);
                var end = length < 0 ? text.Length : start + length;

                // A word shorter than every key has no key segment (its segments are no longer than it).
                if (end - start >= _shortestKey && Trimmed(text[start..end]) is { Length: > 0 } word && HasKeySegment(word))
                {
                    var found = System.Text.Encoding.ASCII.GetString(word);
                    if (_seen.Add(found))
                    {
                        (result ??= []).Add((found, line));
                    }
                }

                at = end;
            }

            return result;
        }

        /// <summary>Leading <c>./</c> removed, then slashes at both ends.</summary>
        private static ReadOnlySpan<byte> Trimmed(ReadOnlySpan<byte> word)
        {
            while (word.StartsWith("./"u8))
            {
                word = word[2..];
            }

            return word.Trim((byte)'/');
        }

        private bool HasKeySegment(ReadOnlySpan<byte> word)
        {
            foreach (var range in word.Split((byte)'/'))
            {
                var segment = word[range];
                if (segment.Length == 0 || segment.SequenceEqual("."u8) || segment.SequenceEqual(".."u8)
                    || (segment.Length < 64 ? (_keyLengths & (1UL << segment.Length)) == 0 : !_longKeys))
                {
                    continue;
                }

                if (_chars.Length < segment.Length)
                {
                    _chars = new char[Math.Max(segment.Length, _chars.Length * 2)];
                }

                var chars = _chars.AsSpan(0, segment.Length);
                for (var i = 0; i < segment.Length; i++)
                {
                    chars[i] = (char)segment[i]; // word bytes are ASCII
                }

                if (_keys.Contains(chars))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The bytes of a path-like word: ASCII letters, digits and <c>. _ - /</c>.</summary>
    private static readonly System.Buffers.SearchValues<byte> WordBytes =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/"u8);

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
