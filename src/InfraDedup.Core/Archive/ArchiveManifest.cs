namespace InfraDedup.Core.Archive;

/// <summary>
/// The archive manifest of one operation (<c>.infradedup/archive/manifests/&lt;op-id&gt;.json</c>, written once before
/// the first change): every file the operation changes or removes, as it was. The content is in the object store
/// under its SHA-256; links keep their target here.
/// </summary>
public sealed record ArchiveManifest
{
    public const string SchemaId = "infradedup/archive-manifest@1";

    public string Schema { get; init; } = SchemaId;

    public required string OpId { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required string ToolVersion { get; init; }

    /// <summary>SHA-256 of the plan the operation executed.</summary>
    public required string PlanSha256 { get; init; }

    public required IReadOnlyList<ManifestEntry> Files { get; init; }
}

/// <summary>One archived path: size, permission bits ("0644"), SHA-256 of the content (of the target text for a link), link target if a link.</summary>
public sealed record ManifestEntry(string Path, long Size, string Mode, string Sha256, string? LinkTarget = null);
