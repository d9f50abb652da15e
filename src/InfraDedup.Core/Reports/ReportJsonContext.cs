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

    /// <summary>Serialises a document with a trailing newline.</summary>
    public static string Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Serialize(value, typeInfo) + "\n";
}
