using System.Collections.Concurrent;
using System.IO.Hashing;
using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Inventory;

/// <summary>A Dockerfile BuildKit rejects (parser or instruction level): its first error, at the position BuildKit would report.</summary>
public sealed record ParseError(string Path, int Line, int Column, string Message);

/// <summary>What the scan learns from parsing every Dockerfile.</summary>
/// <param name="BaseImages">Images built FROM, most used first.</param>
/// <param name="ParseErrors">Dockerfiles BuildKit rejects, one entry (the first error) per file, sorted by path.</param>
public sealed record DockerfileSurveyResult(IReadOnlyList<BaseImageCount> BaseImages, IReadOnlyList<ParseError> ParseErrors);

/// <summary>
/// Parses every Dockerfile of the scan (in parallel) and collects base images and parse errors.
/// Each Dockerfile counts once per distinct external image; references to earlier stages
/// (<c>FROM build</c>) are not images, and global ARG defaults are substituted (<c>FROM python:${PY}</c>).
/// </summary>
public static class DockerfileSurvey
{
    public static DockerfileSurveyResult Run(IEnumerable<RepoFile> dockerfiles, ConcurrentBag<SkippedEntry> skipped, CancellationToken cancellationToken = default)
    {
        var collector = new Collector();
        Parallel.ForEach(dockerfiles, new ParallelOptions { CancellationToken = cancellationToken }, file =>
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file.FullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SkippedEntry(file.RelativePath, ExactDuplicateFinder.Describe(e)));
                return;
            }

            collector.Add(file, bytes);
        });
        return collector.Result();
    }

    /// <summary>What the survey keeps of one parsed content: its diagnostics carry no path, so copies share them.</summary>
    /// <param name="ReferenceFacts">What the reference stage needs of the content (null when not asked for, or when the
    /// reference stage would not read the content as this parse did: see <see cref="SameTextAsReferences"/>).</param>
    private sealed record ContentSummary(byte[] Content, IReadOnlyList<DockerfileDiagnostic> Errors, IReadOnlyList<string> Images, IReadOnlyList<References.DockerfileFact>? ReferenceFacts);

    /// <summary>
    /// Collects the survey from Dockerfile contents handed over by whoever reads them (the scan reads each
    /// Dockerfile once, for exact duplicates and for this). Thread-safe.
    /// </summary>
    /// <remarks>
    /// A tree full of duplicates (what this tool is for) holds many byte-identical Dockerfiles, and what the survey
    /// learns from a Dockerfile depends on its bytes alone, so each distinct content is parsed once: later copies
    /// reuse its images and errors (looked up by a 128-bit hash and confirmed byte for byte).
    /// </remarks>
    /// <param name="collectReferenceFacts">Also keep, per Dockerfile, the instructions the reference stage resolves, taken
    /// from the same parse (so a scan with references parses each Dockerfile once).</param>
    public sealed class Collector(bool collectReferenceFacts = false)
    {
        private readonly ConcurrentDictionary<string, IReadOnlyList<References.DockerfileFact>> _referenceFacts = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte[]> _contents = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly ConcurrentBag<ParseError> _errors = [];
        private readonly ConcurrentDictionary<UInt128, ContentSummary> _byContent = new();

        /// <summary>Most used first, then by name.</summary>
        private static readonly Comparer<BaseImageCount> ImageOrder = Comparer<BaseImageCount>.Create((a, b) =>
            a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Image, b.Image));

        /// <summary>By path, line and column.</summary>
        private static readonly Comparer<ParseError> ErrorOrder = Comparer<ParseError>.Create((a, b) =>
            string.CompareOrdinal(a.Path, b.Path) is var byPath and not 0 ? byPath
            : a.Line != b.Line ? a.Line.CompareTo(b.Line)
            : a.Column.CompareTo(b.Column));

        /// <summary>Counts the images and errors of one Dockerfile (parsing it unless an identical one was).</summary>
        public void Add(RepoFile file, ReadOnlySpan<byte> content)
        {
            ArgumentNullException.ThrowIfNull(file);
            var summary = Summarise(content, file.RelativePath);
            foreach (var error in summary.Errors)
            {
                _errors.Add(new ParseError(file.RelativePath, error.Line, error.Column, error.Message));
            }

            foreach (var image in summary.Images)
            {
                _counts.AddOrUpdate(image, 1, (_, n) => n + 1);
            }

            if (summary.ReferenceFacts is { } facts && file.Size <= References.SourceReader.MaxParsedBytes)
            {
                _referenceFacts[file.RelativePath] = facts;
                _contents[file.RelativePath] = summary.Content;
            }
        }

        /// <summary>The bytes of every Dockerfile in <see cref="ReferenceFacts"/> (copies share one array), by path: the mention search reads them from here.</summary>
        internal IReadOnlyDictionary<string, byte[]> Contents => _contents;

        /// <summary>The reference facts of every Dockerfile whose content the survey parsed as the reference stage would read it, by path.</summary>
        internal IReadOnlyDictionary<string, IReadOnlyList<References.DockerfileFact>> ReferenceFacts => _referenceFacts;

        private ContentSummary Summarise(ReadOnlySpan<byte> content, string path)
        {
            var key = XxHash128.HashToUInt128(content);
            if (_byContent.TryGetValue(key, out var known) && content.SequenceEqual(known.Content))
            {
                return known;
            }

            var document = DockerfileParser.Parse(content, path);
            IReadOnlyList<DockerfileDiagnostic> errors = InstructionChecks.FirstError(document) is { } first ? [first] : [];
            var facts = collectReferenceFacts && SameTextAsReferences(content) ? References.DockerfileSource.Facts(document) : null;
            var summary = new ContentSummary(content.ToArray(), errors, ExternalImages(document), facts);
            _byContent.TryAdd(key, summary); // a colliding, different content is simply not cached
            return summary;
        }

        public DockerfileSurveyResult Result()
        {
            // One comparer per sort rather than OrderBy(…).ThenBy(…): ThenBy is a generic virtual method, which the
            // native binary resolves at run time (type loader) on first use, a cost every scan paid for two short lists.
            var images = _counts
                .Select(kv => new BaseImageCount(kv.Key, kv.Value))
                .Order(ImageOrder)
                .ToArray();
            var sortedErrors = _errors.Order(ErrorOrder).ToArray();
            return new DockerfileSurveyResult(images, sortedErrors);
        }
    }

    /// <summary>
    /// True when the reference stage's reader (size cap, strict UTF-8, leading byte-order marks trimmed) gives the very text
    /// the survey's parse read: valid UTF-8 without a byte-order mark, within the cap. Anything else is read again there,
    /// so its problems are reported as before.
    /// </summary>
    private static bool SameTextAsReferences(ReadOnlySpan<byte> content) =>
        content.Length <= References.SourceReader.MaxParsedBytes
        && !content.StartsWith("\uFEFF"u8)
        && System.Text.Unicode.Utf8.IsValid(content);

    /// <summary>Distinct external images named by a document's FROM instructions, in order.</summary>
    public static IReadOnlyList<string> ExternalImages(DockerfileDocument document)
    {
        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declaration in document.GlobalInstructions.OfType<ArgInstruction>().SelectMany(a => a.Declarations))
        {
            var value = declaration.DefaultValue is null ? "" : VariableExpander.Expand(declaration.DefaultValue, globalArgs, document.EscapeToken).Value;
            globalArgs[declaration.Name] = value;
        }

        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var images = new List<string>();
        foreach (var from in document.Instructions.OfType<FromInstruction>())
        {
            var expansion = VariableExpander.Expand(from.Image, globalArgs, document.EscapeToken);
            var image = expansion.Success ? expansion.Value : from.Image;

            // A stage can only refer to stages named before it, so check before adding this one's name.
            if (image.Length > 0 && !stages.Contains(image) && !images.Contains(image))
            {
                images.Add(image);
            }

            if (from.StageName is { } name)
            {
                stages.Add(name);
            }
        }

        return images;
    }
}
