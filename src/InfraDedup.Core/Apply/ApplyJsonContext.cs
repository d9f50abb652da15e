using System.Text.Json;
using System.Text.Json.Serialization;
using InfraDedup.Core.Archive;

namespace InfraDedup.Core.Apply;

/// <summary>
/// Source-generated JSON for the journal, the archive manifest and the results of apply, rollback and archive
/// commands (camelCase, indented, LF, no HTML escaping).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Journal))]
[JsonSerializable(typeof(StepEvent))]
[JsonSerializable(typeof(ArchiveManifest))]
[JsonSerializable(typeof(ApplyResult))]
[JsonSerializable(typeof(RollbackResult))]
[JsonSerializable(typeof(ArchiveListing))]
[JsonSerializable(typeof(ArchiveVerifyResult))]
[JsonSerializable(typeof(ArchiveExportResult))]
[JsonSerializable(typeof(ArchiveImportResult))]
public sealed partial class ApplyJsonContext : JsonSerializerContext
{
    /// <summary>Like <see cref="Default"/> but without escaping quotes, '+' or non-ASCII (the documents are files, not HTML).</summary>
    public static ApplyJsonContext Output => _output ??= new ApplyJsonContext(new JsonSerializerOptions(Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static ApplyJsonContext? _output;

    /// <summary>One-line JSON (the step log).</summary>
    public static ApplyJsonContext Compact => _compact ??= new ApplyJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = false });

    private static ApplyJsonContext? _compact;

    public static string Serialize(Journal journal) => JsonSerializer.Serialize(journal, Output.Journal) + "\n";

    public static string Serialize(ArchiveManifest manifest) => JsonSerializer.Serialize(manifest, Output.ArchiveManifest) + "\n";

    /// <summary>Any result document with a trailing newline.</summary>
    public static string Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type) + "\n";
}
