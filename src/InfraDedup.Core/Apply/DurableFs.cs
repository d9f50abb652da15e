namespace InfraDedup.Core.Apply;

/// <summary>
/// Crash-safe file operations. A file is written to a temp name in the same folder, fsynced, given its mode and
/// renamed over the target (atomic: a reader, or the disk after power loss, has the old or the new file, never a mix).
/// The folders whose entries changed are fsynced together at <see cref="Commit"/>, which callers run before every
/// record that claims those changes happened. Every step first calls the fault injector.
/// </summary>
public sealed class DurableFs(IFaultInjector faults, bool sync = true)
{
    private readonly SortedSet<string> _dirtyDirectories = new(StringComparer.Ordinal);

    public IFaultInjector Faults { get; } = faults;

    /// <summary>Atomically writes <paramref name="content"/> with <paramref name="mode"/> to <paramref name="fullPath"/> via <paramref name="tempPath"/>.</summary>
    public void WriteFile(string fullPath, string tempPath, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var bytes = content.ToArray();
        WriteThroughTemp(fullPath, tempPath, mode, stream => stream.Write(bytes));
    }

    /// <summary>As <see cref="WriteFile"/>, with the content streamed from <paramref name="sourceFile"/> (large objects never sit in memory).</summary>
    public void WriteFileFrom(string fullPath, string tempPath, string sourceFile, UnixFileMode mode) =>
        WriteThroughTemp(fullPath, tempPath, mode, stream =>
        {
            using var source = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.Read);
            source.CopyTo(stream);
        });

    /// <summary>
    /// The one durable write: content into a fresh temp file, flushed to disk, mode set, renamed over the target.
    /// The fault points name each step so crash tests can stop between any two.
    /// </summary>
    private void WriteThroughTemp(string fullPath, string tempPath, UnixFileMode mode, Action<Stream> writeContent)
    {
        Faults.Hit($"write-temp {fullPath}");
        DeleteLeftover(tempPath);
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writeContent(stream);
                Faults.Hit($"fsync-temp {fullPath}");
                stream.Flush(flushToDisk: sync);
            }

            FileModes.Set(tempPath, mode);
            Faults.Hit($"rename {fullPath}");
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A failed write (disk full, permissions) leaves no half-written temp file taking the space recovery needs.
            TryDelete(tempPath);
            throw NamingTarget(e, tempPath, fullPath);
        }

        _dirtyDirectories.Add(Path.GetDirectoryName(fullPath)!);
    }

    /// <summary>Atomically makes <paramref name="fullPath"/> a symbolic link to <paramref name="target"/> (replacing what is there).</summary>
    public void WriteSymlink(string fullPath, string tempPath, string target)
    {
        Faults.Hit($"symlink-temp {fullPath}");
        try
        {
            DeleteLeftover(tempPath);
            File.CreateSymbolicLink(tempPath, target);
            Faults.Hit($"rename {fullPath}");
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NamingTarget(e, tempPath, fullPath);
        }

        _dirtyDirectories.Add(Path.GetDirectoryName(fullPath)!);
    }

    /// <summary>Appends one line to a log and fsyncs it (the line is durable when this returns).</summary>
    public void AppendLine(string fullPath, ReadOnlySpan<byte> line)
    {
        Faults.Hit($"append {fullPath}");
        var created = !File.Exists(fullPath);
        using (var stream = new FileStream(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read))
        {
            // A line torn by a crash (no newline yet) never counted: cut it off so the new line starts clean.
            var end = stream.Length;
            while (end > 0)
            {
                stream.Position = end - 1;
                if (stream.ReadByte() == '\n')
                {
                    break;
                }

                end--;
            }

            stream.SetLength(end);
            stream.Position = end;
            stream.Write(line);
            stream.Flush(flushToDisk: sync);
        }

        if (created)
        {
            _dirtyDirectories.Add(Path.GetDirectoryName(fullPath)!);
            Commit();
        }
    }

    /// <summary>Removes a file or link (not following it).</summary>
    public void Delete(string fullPath)
    {
        Faults.Hit($"delete {fullPath}");
        File.Delete(fullPath);
        _dirtyDirectories.Add(Path.GetDirectoryName(fullPath)!);
    }

    /// <summary>Creates one folder (its parent must exist).</summary>
    public void CreateDirectory(string fullPath)
    {
        Faults.Hit($"mkdir {fullPath}");
        Directory.CreateDirectory(fullPath);
        _dirtyDirectories.Add(Path.GetDirectoryName(fullPath)!);
    }

    /// <summary>Removes an empty folder; false (and nothing changed) when it is not empty or not there.</summary>
    public bool RemoveEmptyDirectory(string fullPath)
    {
        if (!Directory.Exists(fullPath) || new FileInfo(fullPath).LinkTarget is not null || Directory.EnumerateFileSystemEntries(fullPath).Any())
        {
            return false;
        }

        Faults.Hit($"rmdir {fullPath}");
        Directory.Delete(fullPath);
        _dirtyDirectories.Add(Path.GetDirectoryName(fullPath)!);
        return true;
    }

    /// <summary>Makes every rename, creation and removal so far durable (fsync of each changed folder).</summary>
    public void Commit()
    {
        if (_dirtyDirectories.Count == 0)
        {
            return;
        }

        Faults.Hit("fsync-folders");
        foreach (var directory in _dirtyDirectories.Where(Directory.Exists))
        {
            if (sync)
            {
                NativeFs.FsyncDirectory(directory);
            }
        }

        _dirtyDirectories.Clear();
    }

    private static void TryDelete(string path)
    {
        try
        {
            DeleteLeftover(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: recovery deletes it by name later
        }
    }

    /// <summary>
    /// The same failure, told about the file the user knows: the runtime's message names the temp file we wrote
    /// through ("Read-only file system : '/x/.Dockerfile.tmp'"), which would send the user looking for the wrong file.
    /// </summary>
    public static Exception NamingTarget(Exception e, string tempPath, string fullPath)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!e.Message.Contains(tempPath, StringComparison.Ordinal))
        {
            return e;
        }

        var message = e.Message.Replace(tempPath, fullPath, StringComparison.Ordinal);
        return e is UnauthorizedAccessException ? new UnauthorizedAccessException(message, e) : new IOException(message, e.HResult);
    }

    /// <summary>Removes a temp file a crashed run may have left (a file or link we own by name; never a folder).</summary>
    public static void DeleteLeftover(string tempPath)
    {
        var info = new FileInfo(tempPath);
        if (info.LinkTarget is not null || info.Exists)
        {
            File.Delete(tempPath);
        }
    }
}
