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
    /// <summary>One-line JSON (the step log).</summary>
    public static ApplyJsonContext Compact => _compact ??= new ApplyJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = false });

    private static ApplyJsonContext? _compact;

    public static string Serialize(Journal journal) => JsonText.Document(journal, Default.Journal);

    public static string Serialize(ArchiveManifest manifest) => JsonText.Document(manifest, Default.ArchiveManifest);
}
