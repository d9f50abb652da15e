using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;

namespace InfraDedup.Core.Validation;

/// <summary>The kind of a filesystem entry in an image.</summary>
public enum FsEntryType
{
    File,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
}

/// <summary>
/// What an image holds at one path, as far as equivalence cares: type, permission bits (with setuid/setgid/sticky),
/// owner, SHA-256 of the content (regular files) and link target (symbolic links). Modification times are left out on
/// purpose: two builds of the same Dockerfile never agree on them.
/// </summary>
public sealed record FsEntry(FsEntryType Type, int Mode, int Uid, int Gid, string? Sha256 = null, string? LinkTarget = null)
{
    public override string ToString()
    {
        var what = Type switch
        {
            FsEntryType.File => "file sha256:" + Sha256![..12],
            FsEntryType.Symlink => "symlink → " + LinkTarget,
            _ => Type.ToString().ToLowerInvariant(),
        };
        return $"{what} mode {Convert.ToString(Mode, 8).PadLeft(4, '0')} owner {Uid.ToString(CultureInfo.InvariantCulture)}:{Gid.ToString(CultureInfo.InvariantCulture)}";
    }
}

/// <summary>
/// The final filesystem of an image: its layer tars applied in order, with OCI/Docker whiteouts (<c>.wh.NAME</c>
/// deletes NAME from lower layers, <c>.wh..wh..opq</c> empties its folder of lower-layer content) and hard links
/// resolved to the content and metadata of the file they link to.
/// </summary>
public sealed class ImageFilesystem
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    private readonly SortedDictionary<string, FsEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Path (no leading '/', '/'-separated) → entry.</summary>
    public IReadOnlyDictionary<string, FsEntry> Entries => _entries;

    /// <summary>Applies every layer (plain or gzip-compressed tar) in order.</summary>
    public static ImageFilesystem FromLayers(IEnumerable<Stream> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var fs = new ImageFilesystem();
        foreach (var layer in layers)
        {
            fs.Apply(layer);
        }

        return fs;
    }

    /// <summary>
    /// Applies one layer: its whiteouts remove lower-layer content first, then its entries are added in tar order, so a
    /// whiteout never hides what the same layer adds.
    /// </summary>
    public void Apply(Stream layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        using var input = Decompressed(layer);
        using var reader = new TarReader(input, leaveOpen: true);
        var added = new List<(string Path, FsEntry Entry)>();
        var hardLinks = new List<(string Path, string Target)>();
        var deletions = new List<string>();
        var opaque = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes)
            {
                continue;
            }

            var path = Normalize(entry.Name);
            if (path.Length == 0)
            {
                continue;
            }

            var name = path[(path.LastIndexOf('/') + 1)..];
            var folder = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : string.Empty;
            if (name == OpaqueMarker)
            {
                opaque.Add(folder);
                continue;
            }

            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                deletions.Add(folder.Length == 0 ? name[WhiteoutPrefix.Length..] : folder + "/" + name[WhiteoutPrefix.Length..]);
                continue;
            }

            if (entry.EntryType == TarEntryType.HardLink)
            {
                hardLinks.Add((path, Normalize(entry.LinkName)));
                continue;
            }

            if (ToEntry(entry) is { } fsEntry)
            {
                added.Add((path, fsEntry));
            }
        }

        foreach (var path in deletions)
        {
            RemoveTree(path, includeSelf: true);
        }

        foreach (var folder in opaque)
        {
            RemoveTree(folder, includeSelf: false);
        }

        foreach (var (path, entry) in added)
        {
            Put(path, entry);
        }

        // A hard link shares its target's inode: same content, mode and owner (resolved after the layer's own files).
        foreach (var (path, target) in hardLinks)
        {
            if (_entries.TryGetValue(target, out var linked))
            {
                Put(path, linked);
            }
        }
    }

    private void Put(string path, FsEntry entry)
    {
        if (entry.Type != FsEntryType.Directory || (_entries.TryGetValue(path, out var old) && old.Type != FsEntryType.Directory))
        {
            RemoveTree(path, includeSelf: false);
        }

        _entries[path] = entry;
    }

    private void RemoveTree(string path, bool includeSelf)
    {
        if (includeSelf)
        {
            _entries.Remove(path);
        }

        var prefix = path.Length == 0 ? string.Empty : path + "/";
        var below = _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Length > prefix.Length).ToList();
        foreach (var key in below)
        {
            _entries.Remove(key);
        }
    }

    private static FsEntry? ToEntry(TarEntry entry)
    {
        var mode = (int)entry.Mode & 0xFFF;
        var type = entry.EntryType switch
        {
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => FsEntryType.File,
            TarEntryType.Directory => FsEntryType.Directory,
            TarEntryType.SymbolicLink => FsEntryType.Symlink,
            TarEntryType.CharacterDevice => FsEntryType.CharDevice,
            TarEntryType.BlockDevice => FsEntryType.BlockDevice,
            TarEntryType.Fifo => FsEntryType.Fifo,
            _ => (FsEntryType?)null,
        };
        return type switch
        {
            null => null,
            FsEntryType.File => new FsEntry(FsEntryType.File, mode, entry.Uid, entry.Gid, HashOf(entry.DataStream)),
            FsEntryType.Symlink => new FsEntry(FsEntryType.Symlink, mode, entry.Uid, entry.Gid, LinkTarget: entry.LinkName),
            _ => new FsEntry(type.Value, mode, entry.Uid, entry.Gid),
        };
    }

    private static string HashOf(Stream? data) =>
        data is null ? InfraDedup.Core.Apply.Hashing.Sha256(ReadOnlySpan<byte>.Empty) : InfraDedup.Core.Apply.Hashing.Sha256(data);

    /// <summary>Tar names as paths: no leading "./" or "/", no trailing '/'.</summary>
    internal static string Normalize(string name)
    {
        var path = name.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        path = path.Trim('/');
        return path == "." ? string.Empty : path;
    }

    /// <summary>The layer as a plain tar stream: gzip is recognised by its magic bytes.</summary>
    private static Stream Decompressed(Stream layer)
    {
        var buffered = layer.CanSeek ? layer : new BufferedStream(layer);
        if (!buffered.CanSeek)
        {
            var copy = new MemoryStream();
            buffered.CopyTo(copy);
            copy.Position = 0;
            buffered = copy;
        }

        var start = buffered.Position;
        Span<byte> magic = stackalloc byte[2];
        var read = buffered.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        buffered.Position = start;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new GZipStream(buffered, CompressionMode.Decompress, leaveOpen: true)
            : new NonClosingStream(buffered);
    }

    /// <summary>Keeps the caller's stream open when the reader is disposed.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Comparisons of two built images: config keys and final filesystems.</summary>
public static class ImageComparer
{
    /// <summary>
    /// Every path whose entry differs (present on one side only, or another type, mode, owner, content or link
    /// target), in path order; at most <paramref name="limit"/> are described, plus the total count.
    /// </summary>
    public static (IReadOnlyList<string> Differences, int Total) CompareFilesystems(ImageFilesystem original, ImageFilesystem consolidated, int limit = 10)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(consolidated);
        var differences = new List<string>();
        var total = 0;
        foreach (var path in original.Entries.Keys.Union(consolidated.Entries.Keys).Order(StringComparer.Ordinal))
        {
            original.Entries.TryGetValue(path, out var a);
            consolidated.Entries.TryGetValue(path, out var b);
            if (a == b)
            {
                continue;
            }

            total++;
            if (differences.Count < limit)
            {
                differences.Add(a is null ? $"/{path}: only in the consolidated image ({b})"
                    : b is null ? $"/{path}: only in the original image ({a})"
                    : $"/{path}: original {a}, consolidated {b}");
            }
        }

        return (differences, total);
    }

    /// <summary>Every config key whose value differs, as "Key: original X, consolidated Y".</summary>
    public static IReadOnlyList<string> CompareConfigs(ImageConfigSnapshot original, ImageConfigSnapshot consolidated)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(consolidated);
        var a = original.Entries().ToList();
        var b = consolidated.Entries().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return [.. a.Where(e => b[e.Key] != e.Value).Select(e => $"{e.Key}: original {e.Value}, consolidated {b[e.Key]}")];
    }
}

/// <summary>The image config keys a consolidation must keep (from the engine's image inspect).</summary>
public sealed record ImageConfigSnapshot(
    IReadOnlyList<string> Env,
    string User,
    string WorkingDir,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string>? Cmd,
    IReadOnlyList<string> ExposedPorts,
    IReadOnlyList<string> Volumes,
    IReadOnlyDictionary<string, string> Labels,
    string? Healthcheck,
    string? StopSignal)
{
    /// <summary>Every key with a printable, comparable value (lists in the engine's order, sets and maps sorted).</summary>
    public IEnumerable<(string Key, string Value)> Entries()
    {
        static string List(IReadOnlyList<string>? items) => items is null ? "(unset)" : "[" + string.Join(", ", items.Select(i => "\"" + i + "\"")) + "]";
        yield return ("Env", List(Env));
        yield return ("User", User.Length == 0 ? "(unset)" : User);
        yield return ("WorkingDir", WorkingDir.Length == 0 ? "(unset)" : WorkingDir);
        yield return ("Entrypoint", List(Entrypoint));
        yield return ("Cmd", List(Cmd));
        yield return ("ExposedPorts", List([.. ExposedPorts.Order(StringComparer.Ordinal)]));
        yield return ("Volumes", List([.. Volumes.Order(StringComparer.Ordinal)]));
        yield return ("Labels", List([.. Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)]));
        yield return ("Healthcheck", Healthcheck ?? "(unset)");
        yield return ("StopSignal", StopSignal ?? "(unset)");
    }
}
