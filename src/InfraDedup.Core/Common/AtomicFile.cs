using System.Globalization;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core;

/// <summary>
/// The one way outputs outside the apply engine replace a file or a folder: everything is written beside the target
/// first, flushed to disk, then renamed over it and the rename made durable, so a reader (or a crash) sees the old
/// content or the new one, never a part. The apply engine's <see cref="DurableFs"/> does the same with fault points
/// and its own temp names for the journal and the tree.
/// </summary>
public static class AtomicFile
{
    /// <summary>The temp file beside <paramref name="fullPath"/>: hidden, and named by this process so two runs never share one.</summary>
    public static string TempPathFor(string fullPath) =>
        Path.Join(Path.GetDirectoryName(fullPath), $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/> (see <see cref="Write(string, Action{Stream}, bool, UnixFileMode?)"/>).</summary>
    public static void Write(string path, byte[] bytes, bool keepMode = false, UnixFileMode? mode = null) => Write(path, stream => stream.Write(bytes), keepMode, mode);

    /// <summary>
    /// Replaces <paramref name="path"/> with what <paramref name="write"/> writes; with <paramref name="keepMode"/>
    /// an existing file's permission bits carry over, and an explicit <paramref name="mode"/> wins over both. The folder must exist. On failure the temp file is removed and
    /// the error names the target rather than the temp file (callers word it for the user).
    /// </summary>
    public static void Write(string path, Action<Stream> write, bool keepMode = false, UnixFileMode? mode = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && UnixFileType.DescribeTargetIfSpecial(full) is not null)
        {
            WriteInPlace(full, write);
            return;
        }

        var temp = TempPathFor(full);
        try
        {
            mode ??= keepMode && !OperatingSystem.IsWindows() && File.Exists(full) ? File.GetUnixFileMode(full) : null;
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, m);
            }

            File.Move(temp, full, overwrite: true);
            NativeFs.FsyncDirectory(Path.GetDirectoryName(full)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temp);
            throw DurableFs.NamingTarget(e, temp, full);
        }
    }

    /// <summary>
    /// Replaces the folder <paramref name="path"/> with one <paramref name="fill"/> writes into a staging folder beside
    /// it (created empty; its parent is created when missing): the old folder is moved aside, the new one moved in, and
    /// the old one deleted, so the folder is never half written.
    /// </summary>
    public static void ReplaceDirectory(string path, Action<string> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full)!;
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var staging = full + ".tmp-" + pid;
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, true);
        }

        Directory.CreateDirectory(staging);
        fill(staging);
        if (Directory.Exists(full))
        {
            var old = full + ".old-" + pid;
            Directory.Move(full, old);
            Directory.Move(staging, full);
            Directory.Delete(old, true);
        }
        else
        {
            Directory.CreateDirectory(parent);
            Directory.Move(staging, full);
        }

        NativeFs.FsyncDirectory(parent);
    }

    /// <summary>
    /// Writes straight into a device or a named pipe (<c>-o /dev/null</c>, <c>-o /dev/stdout</c>, a FIFO a reader waits
    /// on): renaming a temp file over it would replace the device node with a regular file (as root, for every other
    /// program too) and a pipe's reader would never see the output. Nothing there can be half written in a way a rename
    /// would prevent, and devices need no fsync.
    /// </summary>
    private static void WriteInPlace(string full, Action<Stream> write)
    {
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            write(stream);
            stream.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write to '{full}': {e.Message}", e);
        }
    }

    private static void DeleteQuietly(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write already failed; a temp file that cannot be removed either is left for the next run to replace.
        }
    }
}
