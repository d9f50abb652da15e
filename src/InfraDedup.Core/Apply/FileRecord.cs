using System.Text;
using System.Text.Json.Serialization;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Apply;

/// <summary>What a path holds, as far as apply and rollback care.</summary>
public enum EntryKind
{
    /// <summary>Nothing at the path.</summary>
    [JsonStringEnumMemberName("missing")]
    Missing,

    /// <summary>A regular file.</summary>
    [JsonStringEnumMemberName("file")]
    File,

    /// <summary>A symbolic link (never followed).</summary>
    [JsonStringEnumMemberName("symlink")]
    Symlink,

    /// <summary>A folder.</summary>
    [JsonStringEnumMemberName("directory")]
    Directory,

    /// <summary>A FIFO, socket or device (never opened).</summary>
    [JsonStringEnumMemberName("special")]
    Special,
}

/// <summary>
/// The recorded state of one path: a regular file (content SHA-256, size, permission bits as octal "0755") or a
/// symbolic link (its target; <see cref="Sha256"/> is the SHA-256 of the target text, size its length).
/// </summary>
public sealed record FileRecord(EntryKind Kind, string Sha256, long Size, string Mode, string? LinkTarget = null)
{
    /// <summary>A regular file with this content and mode.</summary>
    public static FileRecord ForFile(ReadOnlySpan<byte> content, UnixFileMode mode) =>
        new(EntryKind.File, Hashing.Sha256(content), content.Length, FileModes.Format(mode));

    /// <summary>A symbolic link to <paramref name="target"/>.</summary>
    public static FileRecord ForLink(string target) =>
        new(EntryKind.Symlink, Hashing.Sha256(Encoding.UTF8.GetBytes(target)), Encoding.UTF8.GetByteCount(target), "0777", target);

    /// <summary>Whether a probed <paramref name="state"/> is exactly this record (kind, content and mode; link target for links).</summary>
    public bool Matches(PathState state) => Kind switch
    {
        EntryKind.File => state.Kind == EntryKind.File && state.Sha256 == Sha256 && state.Mode == Mode,
        EntryKind.Symlink => state.Kind == EntryKind.Symlink && state.LinkTarget == LinkTarget,
        _ => false,
    };
}

/// <summary>What is at a path right now (from <see cref="PathState.Probe"/>).</summary>
public sealed record PathState(EntryKind Kind, string? Sha256 = null, long Size = 0, string? Mode = null, string? LinkTarget = null)
{
    public static readonly PathState Missing = new(EntryKind.Missing);

    /// <summary>True when the state equals <paramref name="record"/>, or is missing when <paramref name="record"/> is null.</summary>
    public bool Is(FileRecord? record) => record is null ? Kind == EntryKind.Missing : record.Matches(this);

    /// <summary>Looks at a path without following a final symbolic link and without opening FIFOs or devices.</summary>
    public static PathState Probe(string fullPath)
    {
        var info = new FileInfo(fullPath);
        if (info.LinkTarget is { } target)
        {
            return new PathState(EntryKind.Symlink, Hashing.Sha256(Encoding.UTF8.GetBytes(target)), Encoding.UTF8.GetByteCount(target), "0777", target);
        }

        if (System.IO.Directory.Exists(fullPath))
        {
            return new PathState(EntryKind.Directory);
        }

        if (!info.Exists)
        {
            return Missing;
        }

        if (UnixFileType.DescribeIfSpecial(fullPath) is not null)
        {
            return new PathState(EntryKind.Special);
        }

        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var sha = Hashing.Sha256(stream);
        return new PathState(EntryKind.File, sha, stream.Length, FileModes.Format(FileModes.Get(fullPath)));
    }

    /// <summary>One phrase for messages: "a file with SHA-256 1a2b3c4d…", "missing", "a symbolic link to x".</summary>
    public string Describe() => Kind switch
    {
        EntryKind.Missing => "missing",
        EntryKind.File => $"a file with SHA-256 {Sha256![..12]}… (mode {Mode})",
        EntryKind.Symlink => $"a symbolic link to '{LinkTarget}'",
        EntryKind.Directory => "a folder",
        _ => "a FIFO, socket or device",
    };
}
/// <summary>Unix permission bits as the octal strings plans, journals and manifests use ("0644", "4755").</summary>
public static class FileModes
{
    private const int AllBits = 0xFFF; // rwx for user/group/other plus setuid, setgid, sticky

    public static string Format(UnixFileMode mode) => Convert.ToString((int)mode & AllBits, 8).PadLeft(4, '0');

    /// <summary>Parses "0644" / "644" / "4755"; null when it is not 3 or 4 octal digits.</summary>
    public static UnixFileMode? Parse(string? text)
    {
        if (text is null || text.Length is < 3 or > 4 || text.Any(c => c is < '0' or > '7'))
        {
            return null;
        }

        return (UnixFileMode)text.Aggregate(0, (acc, digit) => (acc * 8) + (digit - '0'));
    }

    /// <summary>The permission bits of a file (following links; callers never ask for a link's).</summary>
    public static UnixFileMode Get(string fullPath) =>
        OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(fullPath);

    public static void Set(string fullPath, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fullPath, mode);
        }
    }
}
