using System.Text.Json;
using System.Text.Json.Serialization;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Reports;

/// <summary>
/// Source-generated JSON for every machine-readable document (AOT- and trim-safe, no reflection).
/// camelCase, indented, LF line ends; ordering is decided by the producers so output is deterministic.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ScanReport))]
[JsonSerializable(typeof(InfraDedup.Core.Similarity.SimilarityReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context used for output: like <see cref="Default"/> but without escaping quotes, apostrophes
    /// and non-ASCII characters (the documents are files, not HTML).
    /// </summary>
    public static ReportJsonContext Output => _output ??= CreateOutput();

    private static ReportJsonContext? _output;

    private static ReportJsonContext CreateOutput()
    {
        var options = new JsonSerializerOptions(Default.Options)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return new ReportJsonContext(options);
    }

    /// <summary>
    /// Serialises a document of any source-generated context, indented, with LF line ends and a trailing newline,
    /// escaping only what JSON requires: the writer's options decide the escaping, so documents of contexts that keep
    /// the default (HTML-safe) encoder, such as the ops commands', print non-ASCII text as written too.
    /// </summary>
    public static string Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DocumentWriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static readonly JsonWriterOptions DocumentWriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
