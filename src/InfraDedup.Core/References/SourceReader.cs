using System.Text;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.References;

/// <summary>A file's bytes, or why they could not be read.</summary>
internal readonly record struct SourceBytes(byte[]? Bytes, string? Problem);

/// <summary>A file's text and SHA-256, or why it could not be read or decoded completely.</summary>
/// <param name="Bytes">The bytes the text was decoded from (null when not read), so later stages need not read them again.</param>
internal readonly record struct SourceText(string? Text, string? Sha256, string? Problem, byte[]? Bytes = null);

/// <summary>
/// Reads the files reference analysis depends on, and says why one could not be read instead of throwing:
/// vanished, permission denied, unreadable, over the size cap, not valid UTF-8.
/// </summary>
internal static class SourceReader
{
    /// <summary>Files larger than this are not parsed as compose files, workflows, Makefiles or scripts.</summary>
    public const long MaxParsedBytes = 4 * 1024 * 1024;

    /// <summary>Files larger than this are not searched for mentions.</summary>
    public const long MaxSearchedBytes = 64 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SourceBytes ReadBytes(RepoFile file)
    {
        if (file.Size > MaxSearchedBytes)
        {
            return new SourceBytes(null, $"larger than {MaxSearchedBytes / (1024 * 1024)} MiB ({file.Size} bytes): not searched");
        }

        try
        {
            return new SourceBytes(FileReads.ReadAllBytes(file.FullPath), null);
        }
        catch (Exception e) when (FileReads.IsReadFailure(e))
        {
            return new SourceBytes(null, FileReads.Describe(e));
        }
    }

    /// <summary>Reads a file that is parsed for references (size cap <see cref="MaxParsedBytes"/>, strict UTF-8).</summary>
    public static SourceText ReadText(RepoFile file)
    {
        if (file.Size > MaxParsedBytes)
        {
            return new SourceText(null, null, $"larger than {MaxParsedBytes / (1024 * 1024)} MiB ({file.Size} bytes): not parsed");
        }

        var read = ReadBytes(file);
        if (read.Bytes is not { } bytes)
        {
            return new SourceText(null, null, read.Problem);
        }

        return bytes.Length > MaxParsedBytes
            ? new SourceText(null, null, $"grew over {MaxParsedBytes / (1024 * 1024)} MiB ({bytes.Length} bytes) while being read: not parsed")
            : Decode(bytes);
    }

    /// <summary>
    /// The text of bytes already read, as reference analysis takes it: strict UTF-8 without a leading byte-order mark;
    /// invalid UTF-8 is decoded with replacement characters and reported (callers check the size cap).
    /// </summary>
    public static SourceText Decode(byte[] bytes)
    {
        var sha = Planning.Planner.Sha256(bytes);
        try
        {
            return new SourceText(StrictUtf8.GetString(bytes).TrimStart('\uFEFF'), sha, null, bytes);
        }
        catch (DecoderFallbackException e)
        {
            return new SourceText(Encoding.UTF8.GetString(bytes), sha, $"not valid UTF-8 (byte offset {e.Index}): parsed with replacement characters", bytes);
        }
    }
}
