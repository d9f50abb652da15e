using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace InfraDedup.Core;

/// <summary>The one way every JSON document this tool writes (command output, plan, journal, manifests) is made.</summary>
public static class JsonText
{
    private static readonly JsonWriterOptions DocumentWriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Serialises <paramref name="value"/> with its source-generated <paramref name="typeInfo"/> (naming, null handling,
    /// converters), indented, LF line ends and a trailing newline, escaping only what JSON requires: the documents are
    /// files and terminal output, not HTML, so quotes, apostrophes and non-ASCII text stay as written. The writer decides
    /// the escaping, so no context needs an encoder of its own.
    /// </summary>
    public static string Document<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DocumentWriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }
}
