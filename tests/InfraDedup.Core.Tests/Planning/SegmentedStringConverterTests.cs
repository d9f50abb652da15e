using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Tests.Planning;

public sealed class SegmentedStringConverterTests
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("content");
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Written in segments, a long string has the bytes written whole: quotes, backslashes, control characters,
    /// non-ASCII text and surrogate pairs, also one cut by a segment's end (at every offset around it).
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_long_string_written_in_segments_has_the_bytes_written_whole(int shift)
    {
        // A pair from the first segment's last character on (shift 0), or whole inside it.
        var text = new StringBuilder().Append('x', (1 << 14) - 1 - shift).Append("\U0001F600");
        for (var i = 0; i < 3_000; i++)
        {
            text.Append("{\"key\": \"caf\u00e9 \\ \t\u0001 \U0001F600\"}\n");
        }

        var value = text.ToString();
        var converter = new SegmentedStringConverter();

        Assert.Equal(Written(w => w.WriteStringValue(value)), Written(w => converter.Write(w, value, JsonSerializerOptions.Default)));
        Assert.Equal(Written(w => w.WriteStringValue("short \"one\"")), Written(w => converter.Write(w, "short \"one\"", JsonSerializerOptions.Default)));
    }
}
