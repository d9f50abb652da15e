namespace InfraDedup.Core;

/// <summary>
/// An error in what the user gave us (a path, an option, a file's content). The CLI prints the message
/// (prefixed with <c>file:line:col</c> when known) and exits with code 2; it never shows a stack trace.
/// Messages say what is wrong and what to do about it.
/// </summary>
public class UserInputException : Exception
{
    public UserInputException()
    {
    }

    public UserInputException(string message)
        : base(message)
    {
    }

    public UserInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UserInputException(string message, string? file, int line = 0, int column = 0)
        : base(message)
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file the error is in, if any.</summary>
    public string? File { get; }

    /// <summary>1-based line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The message with its <c>file:line:col:</c> location prefix where known.</summary>
    public string Describe()
    {
        if (File is null)
        {
            return Message;
        }

        var location = Line > 0 ? (Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}") : File;
        return $"{location}: {Message}";
    }
}
