using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfraDedup.Core.Planning;

/// <summary>
/// Writes a long string (a file's content in a plan: the service mapping of a large tree is tens of megabytes) in
/// segments, with the bytes <see cref="Utf8JsonWriter.WriteStringValue(string)"/> gives. Written whole, the writer
/// escapes the string into a buffer six times its length and transcodes it into one three times that: hundreds of
/// megabytes for one value. Read as any string.
/// </summary>
internal sealed class SegmentedStringConverter : JsonConverter<string>
{
    /// <summary>Characters per segment; shorter strings are written whole.</summary>
    private const int SegmentLength = 1 << 14;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (value.Length <= SegmentLength)
        {
            writer.WriteStringValue(value);
            return;
        }

        // A surrogate pair cut by a segment's end is held by the writer until the next segment completes it.
        for (var start = 0; start < value.Length; start += SegmentLength)
        {
            var length = Math.Min(SegmentLength, value.Length - start);
            writer.WriteStringValueSegment(value.AsSpan(start, length), isFinalSegment: start + length == value.Length);
        }
    }
}
