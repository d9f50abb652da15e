using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.References;

/// <summary>What the scan adds from reference discovery: the index, dead files, copied folders.</summary>
public sealed record ReferenceScanResult(ReferenceIndex Index, IReadOnlyList<DeadFile> DeadFiles, IReadOnlyList<DirectoryCopy> DirectoryCopies);

/// <summary>The scan's reference stages (one call from <see cref="Scanner"/>).</summary>
public static class ReferenceScan
{
    internal static ReferenceScanResult Run(IReadOnlyList<RepoFile> files, IReadOnlyList<DuplicateGroup> duplicates, StageTimings timings, CancellationToken cancellationToken)
    {
        var index = ReferenceIndex.Build(files, cancellationToken);
        timings.Mark("references");
        var dead = DeadFiles.Find(files, index);
        timings.Mark("dead files");
        var copies = DirectoryCopies.Find(files, duplicates);
        timings.Mark("directory copies");
        return new ReferenceScanResult(index, dead, copies);
    }

    /// <summary>Runs the reference stages on an inventory and its exact-duplicate groups.</summary>
    public static ReferenceScanResult Run(IReadOnlyList<RepoFile> files, IReadOnlyList<DuplicateGroup> duplicates, CancellationToken cancellationToken = default) =>
        Run(files, duplicates, StageTimings.FromEnvironment(), cancellationToken);
}
