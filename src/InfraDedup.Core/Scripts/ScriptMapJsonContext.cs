using System.Text.Json.Serialization;

namespace InfraDedup.Core.Scripts;

/// <summary>Source-generated JSON for the <c>scripts</c> document (AOT- and trim-safe); written with <see cref="JsonText.Document{T}"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ScriptMapReport))]
public sealed partial class ScriptMapJsonContext : JsonSerializerContext;
