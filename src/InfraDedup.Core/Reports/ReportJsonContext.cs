using System.Text.Json;
using System.Text.Json.Serialization;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Reports;

/// <summary>
/// Source-generated JSON for the scan and similarity documents (AOT- and trim-safe, no reflection); written with
/// <see cref="JsonText.Document{T}"/>. Ordering is decided by the producers so output is deterministic.
/// </summary>
/// <remarks>
/// Write-only: nothing reads these documents back with this context, so it carries only the generated serialisation code
/// (<see cref="JsonSourceGenerationMode.Serialization"/>), which writes each type directly. With metadata, the first
/// document configured every type's property list at run time (attributes read by reflection, converters resolved):
/// about a tenth of the CPU of a small `scan --exact-only`.
/// </remarks>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Serialization,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ScanReport))]
[JsonSerializable(typeof(InfraDedup.Core.Similarity.SimilarityReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
