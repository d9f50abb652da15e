using System.Security.Cryptography;

// The namespace stays that of the file this helper came from (Apply), so no caller changes; it lives in Common
// because plans, the archive, templates and backups all hash with it.
namespace InfraDedup.Core.Apply;

/// <summary>SHA-256 as lower-case hex.</summary>
public static class Hashing
{
    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The SHA-256 of a stream's remaining bytes.</summary>
    public static string Sha256(Stream content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The SHA-256 of a text's UTF-8 bytes.</summary>
    public static string Sha256(string text) => Sha256(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Whether <paramref name="value"/> is 64 lower-case hex digits.</summary>
    public static bool IsSha256(string? value) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
