namespace InfraDedup.Core.Apply;

/// <summary>
/// The exclusive lock of a tree (<c>.infradedup/lock</c>) held by apply, resume, rollback and archive import. It is
/// an OS file lock (flock), so the kernel releases it when the holder dies: a crash never leaves a stale lock. While
/// held, the file names the holder; a finished operation leaves it empty.
/// </summary>
public sealed class OperationLock : IDisposable
{
    private readonly FileStream _stream;

    private OperationLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock or refuses (exit 2) when another apply/rollback holds it.</summary>
    public static OperationLock Acquire(StateFolder state, string purpose)
    {
        try
        {
            state.EnsureCreated();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot create the tool's folder {TreePath.StateFolder}/ ({e.Message}); the tree must be writable (and have free space) for {purpose}. Nothing was changed.", state.Directory);
        }

        FileStream stream;
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix, unless the host sets System.IO.DisableFileLocking
            // (the CLI does, for scan speed): so the lock is also taken explicitly, which holds either way.
            stream = new FileStream(state.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            if (!OperatingSystem.IsWindows() && !NativeFs.TryLockExclusive(stream.SafeFileHandle))
            {
                stream.Dispose();
                throw new IOException("the lock is held by another process");
            }
        }
        catch (IOException e)
        {
            throw new UserInputException(
                $"another infradedup apply or rollback is running on this tree (it holds {TreePath.StateFolder}/lock: {e.Message}); wait for it to finish, then run again. Nothing was changed.",
                state.LockPath);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UserInputException($"cannot open {TreePath.StateFolder}/lock ({e.Message}); the tree must be writable for {purpose}. Nothing was changed.", state.LockPath);
        }

        try
        {
            var note = System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId} {purpose} since {DateTimeOffset.UtcNow:O}\n");
            stream.SetLength(0);
            stream.Write(note);
            stream.Flush();
        }
        catch (IOException)
        {
            // the note is informational only
        }

        return new OperationLock(stream);
    }

    /// <summary>
    /// Releases the lock. The holder's note is cleared first (while the lock is still held), so a finished operation
    /// leaves an empty lock file, never a note naming a process that is gone.
    /// </summary>
    public void Dispose()
    {
        try
        {
            _stream.SetLength(0);
            _stream.Flush();
        }
        catch (IOException)
        {
            // the note is informational only; the kernel releases the lock regardless
        }

        _stream.Dispose();
    }
}
