using System.Collections.Concurrent;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.References;

/// <summary>
/// What the scan adds from reference discovery: the index, the status of every Dockerfile and script, the
/// unreferenced (dead) ones, copied folders, and the files that made the analysis incomplete.
/// </summary>
public sealed record ReferenceScanResult(
    ReferenceIndex Index,
    IReadOnlyList<FileReferences> Statuses,
    IReadOnlyList<DeadFile> DeadFiles,
    IReadOnlyList<DirectoryCopy> DirectoryCopies,
    IReadOnlyList<IncompleteSource> Incomplete)
{
    /// <summary>True when every file that could hold a reference was read and parsed completely: only then is the dead list trustworthy.</summary>
    public bool IsComplete => Incomplete.Count == 0;
}

/// <summary>The scan's reference stages (one call from <see cref="Scanner"/>).</summary>
public static class ReferenceScan
{
    internal static ReferenceScanResult Run(
        IReadOnlyList<RepoFile> files,
        IReadOnlyList<DuplicateGroup> duplicates,
        IReadOnlyList<SkippedEntry> skipped,
        StageTimings timings,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, IReadOnlyList<DockerfileFact>>? knownDockerfileFacts = null,
        IReadOnlyDictionary<string, byte[]>? knownBytes = null)
    {
        // Copied folders follow from the inventory and the duplicate groups alone: they are found while the cores wait
        // on the reference stages' serial parts.
        var copiesFound = files.Count >= FileLoop.ParallelFrom
            ? Task.Run(() => DirectoryCopies.Find(files, duplicates), cancellationToken)
            : Task.FromResult(DirectoryCopies.Find(files, duplicates));
        var index = ReferenceIndex.Build(files, knownDockerfileFacts, cancellationToken);
        timings.Mark("references");
        var unreadable = new ConcurrentBag<IncompleteSource>();

        // Every file is searched for mentions; those the scan has already read (Dockerfiles, sources) are not read again.
        var readBefore = index.SourceBytes;
        byte[]? Known(RepoFile file) =>
            readBefore is not null && readBefore.TryGetValue(file.RelativePath, out var bytes) ? bytes
            : knownBytes is not null && knownBytes.TryGetValue(file.RelativePath, out var survey) ? survey
            : null;
        var mentions = MentionIndex.Build(files, DeadFiles.MentionQueries(files, index), (file, why) => unreadable.Add(new IncompleteSource(file.RelativePath, why)), cancellationToken, Known);
        index.ReleaseSourceBytes();
        timings.Mark("mentions");
        var statuses = DeadFiles.Analyze(files, index, mentions);
        var dead = DeadFiles.Find(statuses, index);
        timings.Mark("dead files");
        var copies = copiesFound.GetAwaiter().GetResult();
        timings.Mark("directory copies");
        var incomplete = index.Incomplete
            .Concat(unreadable)
            .Concat(skipped.Where(CouldHoldReferences).Select(s => new IncompleteSource(s.Path, s.Reason)))
            .GroupBy(i => i.Path, StringComparer.Ordinal)
            .Select(g => g.OrderBy(i => i.Reason, StringComparer.Ordinal).First())
            .OrderBy(i => i.Path, StringComparer.Ordinal)
            .ToArray();
        return new ReferenceScanResult(index, statuses, dead, copies, incomplete);
    }

    /// <summary>Runs the reference stages on an inventory and its exact-duplicate groups.</summary>
    public static ReferenceScanResult Run(IReadOnlyList<RepoFile> files, IReadOnlyList<DuplicateGroup> duplicates, CancellationToken cancellationToken = default) =>
        Run(files, duplicates, [], StageTimings.FromEnvironment(), cancellationToken);

    /// <summary>
    /// Entries the walk could not take that may hold references: unreadable or vanished files and folders. Symbolic
    /// links are never followed and special files (pipes, sockets, devices) hold no text, so they do not count; an
    /// unreadable ignore file only means more files were scanned.
    /// </summary>
    private static bool CouldHoldReferences(SkippedEntry entry) =>
        !entry.Reason.Contains("symbolic link", StringComparison.Ordinal)
        && !entry.Reason.EndsWith("not a regular file", StringComparison.Ordinal)
        && !entry.Reason.StartsWith("ignore file unreadable", StringComparison.Ordinal);
}
