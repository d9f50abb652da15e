using System.Collections.Concurrent;

namespace InfraDedup.Core.Inventory;

/// <summary>Optional analyses of a scan, on top of inventory, exact duplicates and the Dockerfile survey.</summary>
[Flags]
public enum ScanParts
{
    /// <summary>Only inventory, exact duplicates, base images and parse errors (<c>scan --exact-only</c>).</summary>
    None = 0,

    /// <summary>Near-duplicate families of Dockerfiles and scripts.</summary>
    NearDuplicates = 1,

    /// <summary>Compose/CI/Makefile/script references, dead files and directory copies.</summary>
    References = 2,

    All = NearDuplicates | References,
}

/// <summary>A walked and classified tree.</summary>
/// <param name="Root">Absolute path of the walked directory.</param>
/// <param name="Files">Classified regular files, sorted by relative path (ordinal).</param>
/// <param name="Skipped">Entries the walk saw but did not take.</param>
/// <param name="IgnoredCount">Entries left out by ignore rules or include/exclude globs.</param>
public sealed record InventoryResult(string Root, IReadOnlyList<RepoFile> Files, IReadOnlyList<SkippedEntry> Skipped, int IgnoredCount);

/// <summary>
/// The <c>scan</c> stage: walk, classify, find exact duplicates, summarise Dockerfiles.
/// Reads files; never executes anything from the scanned tree.
/// </summary>
public static class Scanner
{
    /// <summary>Scans <paramref name="root"/>.</summary>
    /// <exception cref="UserInputException">The root does not exist or is not a directory.</exception>
    public static ScanReport Scan(
        string root,
        WalkOptions options,
        IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default) => Scan(root, options, ScanParts.All, progress, cancellationToken);

    /// <summary>
    /// Scans <paramref name="root"/>. Inventory, exact duplicates and the Dockerfile survey always run;
    /// <paramref name="parts"/> chooses the analyses on top.
    /// </summary>
    public static ScanReport Scan(
        string root,
        WalkOptions options,
        ScanParts parts,
        IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var timings = StageTimings.FromEnvironment();
        progress?.Report(new StageProgress("walking the tree", 0, 0));
        var walk = RepoWalker.Walk(root, options, cancellationToken);
        timings.Mark("walk");
        var skipped = new ConcurrentBag<SkippedEntry>(walk.Skipped);
        var files = Classify(walk.Files, cancellationToken);
        timings.Mark("classify");

        // One pass reads every small duplicate candidate and every Dockerfile once: the Dockerfile survey
        // (base images, parse errors) parses the bytes the duplicate finder has just read.
        var survey = new DockerfileSurvey.Collector(collectReferenceFacts: parts.HasFlag(ScanParts.References));
        var duplicates = new ExactDuplicateFinder().Find(
            files,
            f => f.Kind == FileKind.Dockerfile,
            (file, content) => survey.Add(file, content),
            progress,
            cancellationToken);
        timings.Mark("duplicates + parse Dockerfiles");
        foreach (var entry in duplicates.Unreadable)
        {
            skipped.Add(entry);
        }

        // Only the later stages read compose files and scripts that are not duplicate candidates, so only a scan that
        // runs them opens every one of those (an exact-only scan reads what a duplicate finder must, as jdupes does).
        if (parts != ScanParts.None)
        {
            foreach (var entry in UnreadableSources(files, cancellationToken))
            {
                skipped.Add(entry);
            }

            timings.Mark("unreadable sources");
        }

        var dockerfiles = survey.Result();
        // The scan reports each family's kind, similarity and paths only, so no member is aligned with its medoid.
        var near = parts.HasFlag(ScanParts.NearDuplicates)
            ? Similarity.FamilyFinder.Find(walk.Root, files, new Similarity.SimilarityOptions { MembersOnly = true }, progress, cancellationToken)
            : null;
        if (near is not null)
        {
            timings.Mark("near duplicates");
        }

        var references = parts.HasFlag(ScanParts.References)
            ? References.ReferenceScan.Run(files, duplicates.Groups, [.. skipped], timings, cancellationToken, survey.ReferenceFacts, survey.Contents)
            : null;
        return new ScanReport
        {
            Root = walk.Root,
            Files = CountFiles(files, walk.IgnoredCount),
            ExactDuplicates = duplicates.Groups,
            DuplicateSummary = new DuplicateSummary(
                duplicates.Groups.Count,
                duplicates.Groups.Sum(g => g.Paths.Count - 1),
                duplicates.Groups.Sum(g => g.WastedBytes)),
            BaseImages = dockerfiles.BaseImages,
            ParseErrors = dockerfiles.ParseErrors,
            NearDuplicates = near is null ? [] : Similarity.NearDuplicateGroup.From(near),
            Skipped = OnePerPath(skipped),
            Inventory = files,
            DeadFiles = references?.DeadFiles ?? [],
            FileReferences = references?.Statuses ?? [],
            IncompleteReferenceSources = references?.Incomplete ?? [],
            MissingBuilds = references?.Index.MissingBuilds ?? [],
            DirectoryCopies = references is null ? [] : RealContent.Only(references.DirectoryCopies, c => c.Paths, files),
            ComposeErrors = references?.Index.ComposeErrors ?? [],
            References = references?.Index,
        };
    }

    /// <summary>
    /// Walks and classifies <paramref name="root"/> only: no exact duplicates, no Dockerfile survey (for commands
    /// such as <c>similar</c> that read the files they need themselves).
    /// </summary>
    /// <exception cref="UserInputException">The root does not exist or is not a directory.</exception>
    public static InventoryResult Inventory(
        string root,
        WalkOptions options,
        IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        progress?.Report(new StageProgress("walking the tree", 0, 0));
        var walk = RepoWalker.Walk(root, options, cancellationToken);
        return new InventoryResult(walk.Root, Classify(walk.Files, cancellationToken), walk.Skipped, walk.IgnoredCount);
    }

    /// <summary>
    /// One entry per path (the first reason in ordinal order), sorted by path. A loop, not GroupBy(…).Select(…): Select
    /// on LINQ's own iterators is a generic virtual method, resolved at run time in the native binary on first use.
    /// </summary>
    private static SkippedEntry[] OnePerPath(IEnumerable<SkippedEntry> skipped)
    {
        var byPath = new Dictionary<string, SkippedEntry>(StringComparer.Ordinal);
        foreach (var entry in skipped)
        {
            if (!byPath.TryGetValue(entry.Path, out var kept) || string.CompareOrdinal(entry.Reason, kept.Reason) < 0)
            {
                byPath[entry.Path] = entry;
            }
        }

        return byPath.Values.OrderBy(s => s.Path, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Compose files and scripts that cannot be opened: the later stages skip them silently (a compose file that
    /// cannot be read defines nothing), so the scan's <c>skipped</c> list is where the user learns of them.
    /// </summary>
    private static List<SkippedEntry> UnreadableSources(RepoFile[] files, CancellationToken cancellationToken)
    {
        var unreadable = new ConcurrentBag<SkippedEntry>();
        var sources = files.Where(f => f.Kind is FileKind.Compose or FileKind.ShellScript or FileKind.PythonScript).ToList();
        Parallel.ForEach(sources, new ParallelOptions { CancellationToken = cancellationToken }, file =>
        {
            try
            {
                ReadFaults.Check(file.FullPath);
                using var handle = File.OpenHandle(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable.Add(new SkippedEntry(file.RelativePath, ExactDuplicateFinder.Describe(e)));
            }
        });
        return [.. unreadable];
    }

    /// <summary>Classifies every file; reads a head only where the name is not conclusive.</summary>
    private static RepoFile[] Classify(IReadOnlyList<RepoFile> files, CancellationToken cancellationToken)
    {
        // Names decide almost every file without I/O; only the rest have their first line read (in parallel).
        var result = new RepoFile[files.Count];
        var undecided = new List<int>();
        for (var i = 0; i < files.Count; i++)
        {
            if (FileClassifier.ClassifyByName(files[i].RelativePath) is { } kind)
            {
                result[i] = files[i] with { Kind = kind };
            }
            else
            {
                undecided.Add(i);
            }
        }

        FileLoop.For(undecided.Count, undecided.Count * (long)FileClassifier.HeadLength, Environment.ProcessorCount, k =>
        {
            var file = files[undecided[k]];
            result[undecided[k]] = file with { Kind = ClassifyByHead(file) };
        }, cancellationToken);
        return result;
    }

    private static FileKind ClassifyByHead(RepoFile file)
    {
        if (file.Size == 0)
        {
            return FileKind.Other;
        }

        try
        {
            Span<byte> head = stackalloc byte[FileClassifier.HeadLength];
            using var handle = File.OpenHandle(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var read = RandomAccess.Read(handle, head, 0);
            return FileClassifier.ClassifyByShebang(head[..read]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileKind.Other; // the duplicate finder reports it as unreadable if it matters
        }
    }

    private static FileCounts CountFiles(RepoFile[] files, int ignored)
    {
        int Of(FileKind kind) => files.Count(f => f.Kind == kind);
        return new FileCounts(
            files.Length,
            files.Sum(f => f.Size),
            Of(FileKind.Dockerfile),
            Of(FileKind.Compose),
            Of(FileKind.ShellScript),
            Of(FileKind.PythonScript),
            Of(FileKind.Manifest),
            Of(FileKind.Other),
            ignored);
    }
}
