namespace InfraDedup.Core;

/// <summary>
/// Why a file could not be read or written, in words that fit after "cannot read 'x': " — instead of .NET's own
/// messages, which repeat the path, end with a full stop and name .NET concepts.
/// </summary>
public static class IoErrors
{
    public static string Reason(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            FileNotFoundException => "it does not exist",
            DirectoryNotFoundException => "its folder does not exist",
            UnauthorizedAccessException => "permission denied",
            PathTooLongException => "the path is too long",
            _ => error.Message.TrimEnd('.', ' '),
        };
    }
}
