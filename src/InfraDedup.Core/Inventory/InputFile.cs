using System.Collections.Concurrent;

namespace InfraDedup.Core.Inventory;

/// <summary>
/// Reading a file the user named on the command line. Anything but a regular file (a directory, a FIFO, a socket, a
/// device) is refused at once: opening a FIFO for reading blocks until someone writes to it, so the tool would hang.
/// </summary>
public static class InputFile
{
    /// <summary>Throws a <see cref="UserInputException"/> unless <paramref name="path"/> is a regular file (links followed).</summary>
    /// <param name="what">What the file should be, for the message ("a Dockerfile", "a plan file").</param>
    public static void RequireRegular(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new UserInputException($"'{path}' is a directory; give {what}.", path);
        }

        if (!File.Exists(path))
        {
            throw new UserInputException($"'{path}' does not exist; give {what}.", path);
        }

        if (UnixFileType.DescribeTargetIfSpecial(Path.GetFullPath(path)) is { } special)
        {
            throw new UserInputException($"'{path}' is a {special}, not a regular file; give {what} (reading it could block forever).", path);
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> exists and is a device, FIFO or socket (links followed): output there is written
    /// straight into it, never by renaming a temp file over it (which would replace <c>/dev/null</c> by a regular file).
    /// </summary>
    public static bool IsSpecial(string path) => File.Exists(path) && UnixFileType.DescribeTargetIfSpecial(Path.GetFullPath(path)) is not null;

    /// <summary>The bytes of a regular file the user named; a special file or a read error is the user's to fix.</summary>
    public static byte[] ReadAllBytes(string path, string what)
    {
        RequireRegular(path, what);
        try
        {
            return ReadFaults.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read '{path}': {e.Message}", path);
        }
    }
}

/// <summary>
/// File reads that can be made to fail, for tests: the tests run as root, who can read any file whatever its mode,
/// so "unreadable" is simulated here (the same exception the runtime throws for a file without read permission).
/// Production code reads through <see cref="ReadAllBytes"/> where an unreadable file must be reported.
/// </summary>
public static class ReadFaults
{
    private static readonly ConcurrentDictionary<string, byte> Unreadable = new(StringComparer.Ordinal);

    /// <summary>Makes reads of <paramref name="path"/> fail with "access denied" until the result is disposed.</summary>
    public static IDisposable MakeUnreadable(string path)
    {
        var full = Path.GetFullPath(path);
        Unreadable[full] = 0;
        return new Release(full);
    }

    /// <summary>Throws <see cref="UnauthorizedAccessException"/> when the path was made unreadable.</summary>
    public static void Check(string path)
    {
        if (!Unreadable.IsEmpty && Unreadable.ContainsKey(Path.GetFullPath(path)))
        {
            throw new UnauthorizedAccessException($"Access to the path '{Path.GetFullPath(path)}' is denied.");
        }
    }

    public static byte[] ReadAllBytes(string path)
    {
        Check(path);
        return File.ReadAllBytes(path);
    }

    private sealed class Release(string path) : IDisposable
    {
        public void Dispose() => Unreadable.TryRemove(path, out _);
    }
}
