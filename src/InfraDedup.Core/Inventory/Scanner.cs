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
        var files = Classify(walk.Files, skipped, cancellationToken);
        timings.Mark("classify");

        var duplicates = new ExactDuplicateFinder().Find(files, progress, cancellationToken);
        timings.Mark("duplicates");
        foreach (var entry in duplicates.Unreadable)
        {
            skipped.Add(entry);
        }

        progress?.Report(new StageProgress("parsing Dockerfiles", 0, 0));
        var dockerfiles = DockerfileSurvey.Run(files.Where(f => f.Kind == FileKind.Dockerfile), skipped, cancellationToken);
        timings.Mark("parse Dockerfiles");
        var near = parts.HasFlag(ScanParts.NearDuplicates) ? Similarity.FamilyFinder.Find(walk.Root, files, null, progress, cancellationToken) : null;
        timings.Mark("near duplicates");
        var references = parts.HasFlag(ScanParts.References)
            ? Similarity.References.ReferenceScan.Run(files, duplicates.Groups, timings, cancellationToken)
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
            Skipped = skipped
                .GroupBy(s => s.Path, StringComparer.Ordinal)
                .Select(g => g.OrderBy(s => s.Reason, StringComparer.Ordinal).First())
                .OrderBy(s => s.Path, StringComparer.Ordinal)
                .ToArray(),
            Inventory = files,
            DeadFiles = references?.DeadFiles ?? [],
            DirectoryCopies = references?.DirectoryCopies ?? [],
            ComposeErrors = references?.Index.ComposeErrors ?? [],
            References = references?.Index,
        };
    }

    /// <summary>Classifies every file; reads a head only where the name is not conclusive.</summary>
    private static RepoFile[] Classify(IReadOnlyList<RepoFile> files, ConcurrentBag<SkippedEntry> skipped, CancellationToken cancellationToken)
    {
        var result = new RepoFile[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var file = files[i];
            var kind = FileClassifier.ClassifyByName(file.RelativePath) ?? ClassifyByHead(file);
            result[i] = file with { Kind = kind };
        });
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
