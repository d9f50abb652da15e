using System.Text.Json;
using System.Text.Json.Serialization;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Reports;

/// <summary>
/// Source-generated JSON for the scan and similarity documents (AOT- and trim-safe, no reflection); written with
/// <see cref="JsonText.Document{T}"/>. Ordering is decided by the producers so output is deterministic.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ScanReport))]
[JsonSerializable(typeof(InfraDedup.Core.Similarity.SimilarityReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
