namespace InfraDedup.Core.Inventory;

/// <summary>A regular file found by the walker.</summary>
/// <param name="RelativePath">Path relative to the scan root, with <c>/</c> separators.</param>
/// <param name="FullPath">Absolute path on this machine.</param>
/// <param name="Size">Length in bytes when walked.</param>
/// <param name="Mode">Unix permission bits when walked (0 where the platform has none).</param>
public sealed record RepoFile(string RelativePath, string FullPath, long Size, UnixFileMode Mode)
{
    /// <summary>Classification; set by the scanner after the walk.</summary>
    public FileKind Kind { get; init; }
}

/// <summary>Something the scan saw but could not or would not read, and why.</summary>
public sealed record SkippedEntry(string Path, string Reason);
