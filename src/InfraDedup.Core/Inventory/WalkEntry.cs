using System.IO.Enumeration;

namespace InfraDedup.Core.Inventory;

/// <summary>What kind of thing a directory entry is, as far as the walker cares.</summary>
internal enum WalkEntryType
{
    /// <summary>Anything that is neither a directory nor a link (regular files, FIFOs, devices, sockets).</summary>
    File,
    Directory,
    Link,
}

/// <summary>
/// One directory entry as a lister reports it: its name, absolute path, type, and (for files) size and
/// permission bits, or the error that kept the lister from describing it.
/// </summary>
internal readonly record struct WalkEntry(string Name, string FullPath, WalkEntryType Type, long Length, UnixFileMode Mode, Exception? Error)
{
    /// <summary>Options for listing one directory level with .NET's enumerator.</summary>
    private static readonly EnumerationOptions EnumerateOneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    /// <summary>
    /// Lists <paramref name="fullDir"/> with .NET's portable enumerator (d_type plus one lstat per file, a
    /// FileInfo for the mode). The reference behaviour: the Linux fast path must describe every entry the same way.
    /// </summary>
    /// <exception cref="IOException">The directory cannot be listed.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory cannot be listed.</exception>
    public static List<WalkEntry> ListManaged(string fullDir) => [.. new FileSystemEnumerable<WalkEntry>(fullDir, FromEnumerator, EnumerateOneLevel)];

    private static WalkEntry FromEnumerator(ref FileSystemEntry entry)
    {
        var name = entry.FileName.ToString();
        var fullPath = entry.ToFullPath();
        try
        {
            // A name that is not valid UTF-8 decodes with U+FFFD and cannot be opened by that name.
            if (name.Contains('\uFFFD', StringComparison.Ordinal) && !Path.Exists(fullPath))
            {
                return new WalkEntry(name, fullPath, WalkEntryType.File, 0, 0, new FileNotFoundException(null, fullPath));
            }

            if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                return new WalkEntry(name, fullPath, WalkEntryType.Link, 0, 0, null);
            }

            if (entry.IsDirectory)
            {
                return new WalkEntry(name, fullPath, WalkEntryType.Directory, 0, 0, null);
            }

            var mode = OperatingSystem.IsWindows() ? 0 : entry.ToFileSystemInfo().UnixFileMode;
            return new WalkEntry(name, fullPath, WalkEntryType.File, entry.Length, mode, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new WalkEntry(name, fullPath, WalkEntryType.File, 0, 0, e);
        }
    }
}
