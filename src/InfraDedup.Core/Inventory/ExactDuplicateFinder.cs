using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace InfraDedup.Core.Inventory;

/// <summary>A set of byte-identical files.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the content.</param>
/// <param name="Size">Size of each file in bytes.</param>
/// <param name="Paths">Relative paths, sorted ordinally.</param>
public sealed record DuplicateGroup(string Sha256, long Size, IReadOnlyList<string> Paths)
{
    /// <summary>Bytes that keeping a single copy would free.</summary>
    public long WastedBytes => Size * (Paths.Count - 1);
}

/// <summary>Groups found, and files that could not be read to the end.</summary>
public sealed record DuplicateResult(IReadOnlyList<DuplicateGroup> Groups, IReadOnlyList<SkippedEntry> Unreadable);

/// <summary>
/// Finds byte-identical non-empty files with no false group: candidates are narrowed by size; files of
/// at most 4 KiB are then grouped by XxHash128 and confirmed by SHA-256 (a second read only for the first file of
/// each hash that another file shares); larger ones by a hash of their
/// first 4 KiB, then a full XxHash128, and every group is confirmed by comparing bytes against one
/// member (whose SHA-256 is taken in the same pass). Parallel over cores; memory grows with
/// the number of files, not their bytes.
/// </summary>
public sealed class ExactDuplicateFinder
{
    /// <summary>Bytes read for the first, cheap comparison.</summary>
    public const int PrefixLength = 4096;

    private const int ChunkLength = 256 * 1024;
    private const int DirectCompareLimit = 3;
    private const int MaxFilesOpenPerBatch = 32;

    private readonly Func<string, SafeFileHandle> _open;
    private readonly Func<string, SafeFileHandle> _openSmall;
    private readonly int _parallelism;

    /// <param name="open">Opens a file for reading (a seam for tests that inject failures).</param>
    /// <param name="parallelism">Files processed at once; defaults to the processor count.</param>
    public ExactDuplicateFinder(Func<string, SafeFileHandle>? open = null, int parallelism = 0)
    {
        _open = open ?? OpenForSequentialRead;
        _openSmall = open ?? OpenForOneRead;
        _parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
    }

    /// <summary>Finds the duplicate groups among <paramref name="files"/>.</summary>
    public DuplicateResult Find(IReadOnlyList<RepoFile> files, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Find(files, null, null, progress, cancellationToken);

    /// <summary>
    /// Finds the duplicate groups among <paramref name="files"/>, and hands the whole content of every file
    /// <paramref name="wantContent"/> selects to <paramref name="onContent"/> (from any thread) in the same pass:
    /// a file that is both a candidate and wanted (a small Dockerfile with a same-size twin) is read once for
    /// both. A wanted file that cannot be read, or changes size, is reported unreadable instead.
    /// </summary>
    public DuplicateResult Find(
        IReadOnlyList<RepoFile> files,
        Func<RepoFile, bool>? wantContent,
        FileContentHandler? onContent,
        IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var unreadable = new ConcurrentBag<SkippedEntry>();
        var sizeCounts = new Dictionary<long, int>();
        foreach (var f in files)
        {
            if (f.Size > 0)
            {
                sizeCounts[f.Size] = sizeCounts.GetValueOrDefault(f.Size) + 1;
            }
        }

        var candidates = files.Where(f => f.Size > 0 && sizeCounts[f.Size] > 1).ToArray();

        // Small files (at most 4 KiB) are grouped by an XxHash128 of the bytes read; SHA-256 both names and confirms a
        // group (a collision is computationally infeasible). It is taken only of files whose hash another file already
        // had, while their bytes are at hand, and of the first file of each such hash by a second read: a tree without
        // small duplicates never loads OpenSSL (libcrypto's loading and set-up were ~1 ms, an eighth of the CPU of a
        // native `scan --exact-only` of docker-library-golang), and a file without a twin is never SHA-256 hashed.
        // Wanted files are read whole in the same pass (hashed too when they are small candidates).
        var wanted = wantContent is null || onContent is null ? [] : files.Where(wantContent).ToArray();
        var wantedSet = wanted.Length == 0 ? null : new HashSet<RepoFile>(wanted, ReferenceEqualityComparer.Instance);
        var firstPass = candidates.Where(f => f.Size <= PrefixLength && wantedSet?.Contains(f) != true).Concat(wanted).ToArray();
        var small = new SmallFileHashes(firstPass.Length);
        ForEach(firstPass.Length, firstPass.Sum(f => f.Size), "hashing small files", progress, i =>
        {
            var file = firstPass[i];
            var isCandidate = file.Size is > 0 and <= PrefixLength && sizeCounts[file.Size] > 1;
            TryRead(file, unreadable, () => wantedSet?.Contains(file) == true
                ? ReadWhole(file, onContent!, isCandidate ? small : null, i)
                : HashSmallFile(file, small, i), out _);
        }, cancellationToken);
        var smallTwins = Twins(firstPass, small.Quick);
        var firstOfHash = smallTwins.SelectMany(g => g).Where(i => small.Sha256[i] is null).ToArray();
        ForEach(firstOfHash.Length, firstOfHash.Sum(i => firstPass[i].Size), "confirming small duplicates", progress, k =>
        {
            var file = firstPass[firstOfHash[k]];
            small.Sha256[firstOfHash[k]] = TryRead(file, unreadable, () => Sha256OfSmallFile(file), out var sha) ? sha : null;
        }, cancellationToken);
        var groups = new ConcurrentBag<DuplicateGroup>();
        foreach (var twins in smallTwins)
        {
            foreach (var same in twins.Where(i => small.Sha256[i] is not null).GroupBy(i => small.Sha256[i]!, StringComparer.Ordinal))
            {
                var paths = same.Select(i => firstPass[i].RelativePath).Order(StringComparer.Ordinal).ToArray();
                if (paths.Length > 1)
                {
                    groups.Add(new DuplicateGroup(same.Key, firstPass[twins[0]].Size, paths));
                }
            }
        }

        // Larger files: hash of the first 4 KiB, then the full XxHash128 of those that still collide,
        // then byte comparison against a representative (whose SHA-256 is taken in the same pass).
        var large = candidates.Where(f => f.Size > PrefixLength).ToArray();
        var quick = new UInt128?[large.Length];
        ForEach(large.Length, large.Length * (long)PrefixLength, "comparing file heads", progress, i =>
            quick[i] = TryRead(large[i], unreadable, () => HashPrefix(large[i]), out var hash) ? hash : null, cancellationToken);

        // Groups of two or three are compared directly: one lock-step read of each file costs no more
        // than hashing them all and then comparing the matches. Larger groups are split by full hash first.
        var prefixGroups = Twins(large, quick);
        var hashedMembers = prefixGroups.Where(g => g.Length > DirectCompareLimit).SelectMany(g => g).ToArray();
        var full = new UInt128?[large.Length];
        ForEach(hashedMembers.Length, hashedMembers.Sum(k => large[k].Size), "hashing candidates", progress, k =>
            full[hashedMembers[k]] = TryRead(large[hashedMembers[k]], unreadable, () => HashFull(large[hashedMembers[k]]), out var hash) ? hash : null, cancellationToken);

        var fullGroups = prefixGroups.Where(g => g.Length <= DirectCompareLimit).Concat(Twins(large, full)).ToArray();
        ForEach(fullGroups.Length, fullGroups.Sum(g => g.Length * large[g[0]].Size), "verifying bytes", progress, g =>
        {
            var members = fullGroups[g].Select(i => large[i]).OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
            foreach (var group in Confirm(members, unreadable))
            {
                groups.Add(group);
            }
        }, cancellationToken);

        var sorted = groups.Order(GroupOrder).ToArray();
        var failures = unreadable.OrderBy(s => s.Path, StringComparer.Ordinal).ToArray();
        return new DuplicateResult(sorted, failures);
    }

    /// <summary>Most wasted bytes first, then by first path.</summary>
    /// <remarks>
    /// One comparer rather than OrderByDescending(…).ThenBy(…), and loops rather than GroupBy(…).Select(…) below: ThenBy,
    /// and Select on LINQ's own iterators, are generic virtual methods, which the native binary resolves at run time
    /// (type loader) on first use, a cost every scan paid.
    /// </remarks>
    private static readonly Comparer<DuplicateGroup> GroupOrder = Comparer<DuplicateGroup>.Create((a, b) =>
        a.WastedBytes != b.WastedBytes ? b.WastedBytes.CompareTo(a.WastedBytes) : string.CompareOrdinal(a.Paths[0], b.Paths[0]));

    /// <summary>Groups indices whose (size, hash) agree, keeping groups of two or more, in order of first member.</summary>
    private static int[][] Twins(RepoFile[] files, UInt128?[] hashes)
    {
        var byKey = new Dictionary<(long Size, UInt128 Hash), List<int>>();
        for (var i = 0; i < files.Length; i++)
        {
            if (hashes[i] is not { } hash)
            {
                continue;
            }

            if (!byKey.TryGetValue((files[i].Size, hash), out var members))
            {
                byKey[(files[i].Size, hash)] = members = [];
            }

            members.Add(i);
        }

        var twins = new List<int[]>();
        foreach (var members in byKey.Values)
        {
            if (members.Count > 1)
            {
                twins.Add([.. members]);
            }
        }

        return [.. twins];
    }

    /// <summary>
    /// Splits members (same size and hash) into classes of truly identical content by comparing each
    /// with a representative in lock-step; a member that differs (a hash collision) is tried again
    /// among the rest.
    /// </summary>
    private List<DuplicateGroup> Confirm(List<RepoFile> members, ConcurrentBag<SkippedEntry> unreadable)
    {
        var result = new List<DuplicateGroup>();
        var pending = members;
        while (pending.Count > 1)
        {
            var representative = pending[0];
            var equal = new List<RepoFile> { representative };
            var different = new List<RepoFile>();
            string? sha = null;
            foreach (var batch in pending.Skip(1).Chunk(MaxFilesOpenPerBatch))
            {
                if (!TryRead(representative, unreadable, () => CompareBatch(representative, batch, unreadable), out var outcome))
                {
                    equal.Clear(); // the representative itself could not be read
                    different = pending.Skip(1).ToList();
                    break;
                }

                sha ??= outcome.Sha256;
                equal.AddRange(outcome.Equal);
                different.AddRange(outcome.Different);
            }

            if (equal.Count > 1 && sha is not null)
            {
                result.Add(new DuplicateGroup(sha, representative.Size, equal.Select(f => f.RelativePath).ToArray()));
            }

            pending = different;
        }

        return result;
    }

    /// <summary>Members equal to the representative and the rest; the SHA-256 only when some were equal.</summary>
    private sealed record BatchOutcome(string? Sha256, List<RepoFile> Equal, List<RepoFile> Different);

    private BatchOutcome CompareBatch(
        RepoFile representative, RepoFile[] batch, ConcurrentBag<SkippedEntry> unreadable)
    {
        var handles = new SafeFileHandle?[batch.Length];
        var repBuffer = ArrayPool<byte>.Shared.Rent(ChunkLength);
        var otherBuffer = ArrayPool<byte>.Shared.Rent(ChunkLength);
        var alive = new bool[batch.Length];
        try
        {
            for (var i = 0; i < batch.Length; i++)
            {
                var file = batch[i];
                alive[i] = TryRead(file, unreadable, () => _open(file.FullPath), out var handle);
                handles[i] = alive[i] ? handle : null;
            }

            using var rep = _open(representative.FullPath);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long offset = 0;
            var anyAlive = alive.Contains(true);
            while (anyAlive)
            {
                var read = ReadFully(rep, repBuffer.AsSpan(0, ChunkLength), offset);
                if (read == 0)
                {
                    break;
                }

                sha.AppendData(repBuffer, 0, read);
                for (var i = 0; i < batch.Length; i++)
                {
                    if (!alive[i])
                    {
                        continue;
                    }

                    var handle = handles[i]!;
                    if (TryRead(batch[i], unreadable, () => SameChunk(handle, offset, repBuffer, read, otherBuffer), out var same))
                    {
                        alive[i] = same;
                    }
                    else
                    {
                        handle.Dispose();
                        handles[i] = null; // reported as unreadable; neither equal nor different
                        alive[i] = false;
                    }
                }

                offset += read;
                anyAlive = alive.Contains(true); // stop reading once every member has differed
            }

            if (anyAlive && offset != representative.Size)
            {
                throw new IOException("file changed during the scan (size differs from when it was listed)");
            }

            var equal = new List<RepoFile>();
            var different = new List<RepoFile>();
            for (var i = 0; i < batch.Length; i++)
            {
                if (handles[i] is null)
                {
                    continue; // reported as unreadable already
                }

                var atEnd = alive[i] && ReadFully(handles[i]!, otherBuffer.AsSpan(0, 1), offset) == 0;
                (atEnd ? equal : different).Add(batch[i]);
            }

            return new BatchOutcome(equal.Count > 0 ? Convert.ToHexStringLower(sha.GetHashAndReset()) : null, equal, different);
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle?.Dispose();
            }

            ArrayPool<byte>.Shared.Return(repBuffer);
            ArrayPool<byte>.Shared.Return(otherBuffer);
        }
    }

    private static bool SameChunk(SafeFileHandle handle, long offset, byte[] expected, int length, byte[] buffer)
    {
        var read = ReadFully(handle, buffer.AsSpan(0, length), offset);
        return read == length && buffer.AsSpan(0, read).SequenceEqual(expected.AsSpan(0, length));
    }

    private string Sha256OfSmallFile(RepoFile file)
    {
        Span<byte> buffer = stackalloc byte[PrefixLength + 1];
        return Sha256Hex(ReadSmallFile(file, buffer));
    }

    /// <summary>Reads a small candidate and records its hash (<see cref="SmallFileHashes.Record"/>).</summary>
    private bool HashSmallFile(RepoFile file, SmallFileHashes hashes, int index)
    {
        Span<byte> buffer = stackalloc byte[PrefixLength + 1];
        hashes.Record(index, file.Size, ReadSmallFile(file, buffer));
        return true;
    }

    /// <summary>A file of at most <see cref="PrefixLength"/> bytes, whole, in <paramref name="buffer"/> (one byte longer).</summary>
    private Span<byte> ReadSmallFile(RepoFile file, Span<byte> buffer)
    {
        using var handle = _openSmall(file.FullPath);
        return buffer[..ReadListedSize(handle, buffer[..((int)file.Size + 1)], file.Size)];
    }

    /// <summary>Reads a wanted file whole and hands it over; records its hash when it is a small candidate.</summary>
    private bool ReadWhole(RepoFile file, FileContentHandler onContent, SmallFileHashes? hashes, int index)
    {
        if (file.Size >= Array.MaxLength)
        {
            throw new IOException("too large to read whole");
        }

        var length = (int)file.Size + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int read;
            using (var handle = file.Size <= PrefixLength ? _openSmall(file.FullPath) : _open(file.FullPath))
            {
                read = ReadListedSize(handle, buffer.AsSpan(0, length), file.Size);
            }

            var content = buffer.AsSpan(0, read);
            onContent(file, content);
            hashes?.Record(index, file.Size, content);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The hashes of the small candidates of one search, by their index in its first pass. The first file read with a
    /// given size and XxHash128 claims it and is not SHA-256 hashed yet; every later one is, from the bytes at hand.
    /// </summary>
    private sealed class SmallFileHashes(int count)
    {
        private readonly ConcurrentDictionary<(long Size, UInt128 Hash), int> _claims = new();

        /// <summary>XxHash128 by index, for the candidates read.</summary>
        public UInt128?[] Quick { get; } = new UInt128?[count];

        /// <summary>SHA-256 by index: taken when read for a file that shares its hash, else null.</summary>
        public string?[] Sha256 { get; } = new string?[count];

        public void Record(int index, long size, ReadOnlySpan<byte> content)
        {
            var hash = XxHash128.HashToUInt128(content);
            Quick[index] = hash;
            if (!_claims.TryAdd((size, hash), index))
            {
                Sha256[index] = Sha256Hex(content);
            }
        }
    }

    private static string Sha256Hex(ReadOnlySpan<byte> content)
    {
        Span<byte> sha = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, sha);
        return Convert.ToHexStringLower(sha);
    }

    /// <summary>
    /// Reads a whole file into <paramref name="buffer"/> (one byte longer than the listed size, so growth shows) and
    /// checks that it still has its listed size. A regular file that returns fewer bytes than asked is at its end, so
    /// once exactly the listed size has come back short, no second read is needed to see the end.
    /// </summary>
    private static int ReadListedSize(SafeFileHandle handle, Span<byte> buffer, long listedSize)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[total..], total);
            if (read == 0)
            {
                break;
            }

            total += read;
            if (total == listedSize)
            {
                break; // a short read: end of file (a file that grew would have filled the extra byte)
            }
        }

        if (total != listedSize)
        {
            throw new IOException("file changed during the scan (size differs from when it was listed)");
        }

        return total;
    }

    private UInt128 HashPrefix(RepoFile file)
    {
        Span<byte> buffer = stackalloc byte[PrefixLength];
        using var handle = _open(file.FullPath);
        var read = ReadFully(handle, buffer, 0);
        if (read != PrefixLength)
        {
            throw new IOException("file changed during the scan (size differs from when it was listed)");
        }

        return XxHash128.HashToUInt128(buffer[..read]);
    }

    private UInt128 HashFull(RepoFile file)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkLength);
        try
        {
            using var handle = _open(file.FullPath);
            var hash = new XxHash128();
            long offset = 0;
            int read;
            while ((read = ReadFully(handle, buffer.AsSpan(0, ChunkLength), offset)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
                offset += read;
            }

            if (offset != file.Size)
            {
                throw new IOException("file changed during the scan (size differs from when it was listed)");
            }

            return hash.GetCurrentHashAsUInt128();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads until the span is full or the file ends; returns the bytes read.</summary>
    private static int ReadFully(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Runs a read; an I/O failure marks the file unreadable (with the reason) instead of failing the scan.</summary>
    private static bool TryRead<T>(RepoFile file, ConcurrentBag<SkippedEntry> unreadable, Func<T> read, out T value)
    {
        try
        {
            value = read();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unreadable.Add(new SkippedEntry(file.RelativePath, Describe(e)));
            value = default!;
            return false;
        }
    }

    internal static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "vanished during the scan",
        UnauthorizedAccessException => $"permission denied: {e.Message}",
        _ when e.Message.StartsWith("file changed", StringComparison.Ordinal) => e.Message,
        _ => $"unreadable: {e.Message}",
    };

    /// <summary>Runs a stage over <paramref name="count"/> items that read about <paramref name="bytes"/> in all.</summary>
    private void ForEach(int count, long bytes, string stage, IProgress<StageProgress>? progress, Action<int> body, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        long done = 0;
        var step = Math.Max(1, count / 200);
        progress?.Report(new StageProgress(stage, 0, count));
        FileLoop.For(count, bytes, _parallelism, i =>
        {
            body(i);
            var now = Interlocked.Increment(ref done);
            if (progress is not null && (now % step == 0 || now == count))
            {
                progress.Report(new StageProgress(stage, now, count));
            }
        }, cancellationToken);
    }

    private static SafeFileHandle OpenForSequentialRead(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);

    /// <summary>Files read in one call need no read-ahead advice (it would cost a system call per file).</summary>
    private static SafeFileHandle OpenForOneRead(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}

/// <summary>Receives the whole content of a file; the span is only valid during the call.</summary>
public delegate void FileContentHandler(RepoFile file, ReadOnlySpan<byte> content);
