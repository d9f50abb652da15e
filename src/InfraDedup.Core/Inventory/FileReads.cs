namespace InfraDedup.Core.Inventory;

/// <summary>
/// Reads files for the later stages (references, plan) and turns read failures into a reason a user can act on.
/// <see cref="Fault"/> is a test seam: tests run as root, where permissions do not make a file unreadable, so a test
/// sets a function that returns the exception a read of a given path should fail with (it flows with the async
/// context, so parallel tests do not see each other's faults).
/// </summary>
public static class FileReads
{
    internal static readonly AsyncLocal<Func<string, Exception?>?> Fault = new();

    /// <summary>Reads a whole file (or fails as <see cref="Fault"/> says).</summary>
    public static byte[] ReadAllBytes(string fullPath)
    {
        if (Fault.Value?.Invoke(fullPath) is { } injected)
        {
            throw injected;
        }

        return File.ReadAllBytes(fullPath);
    }

    /// <summary>The exceptions a read of a file that is gone, locked or forbidden ends in.</summary>
    public static bool IsReadFailure(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>One line saying why the read failed.</summary>
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "vanished (deleted or moved) while being read",
        UnauthorizedAccessException => $"permission denied: {e.Message}",
        _ => $"unreadable: {e.Message}",
    };
}
