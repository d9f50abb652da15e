using System.Text.Json.Serialization;

namespace InfraDedup.Core.Lint.Output;

/// <summary>One finding in the JSON output (hadolint's field names plus <c>endLine</c>).</summary>
public sealed record JsonFinding(string File, int Line, int Column, int EndLine, string Code, string Level, string Message);

/// <summary>One rule in <c>lint --list-rules --format json</c>.</summary>
public sealed record JsonRule(string Id, string Severity, string DefaultSeverity, bool Enabled, string Description, string Help, string Docs, string? HelpUri);

public sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<SarifRun> Runs);

public sealed record SarifRun(SarifTool Tool, IReadOnlyList<SarifResult> Results, string ColumnKind);

public sealed record SarifTool(SarifDriver Driver);

public sealed record SarifDriver(string Name, string Version, string SemanticVersion, IReadOnlyList<SarifRule> Rules);

public sealed record SarifText(string Text, string? Markdown = null);

public sealed record SarifRuleConfiguration(string Level, bool Enabled);

public sealed record SarifRuleProperties(IReadOnlyList<string> Tags);

public sealed record SarifRule(
    string Id,
    string Name,
    SarifText ShortDescription,
    SarifText FullDescription,
    SarifText Help,
    string? HelpUri,
    SarifRuleConfiguration DefaultConfiguration,
    SarifRuleProperties Properties);

public sealed record SarifRegion(int StartLine, int StartColumn, int EndLine);

public sealed record SarifArtifactLocation(string Uri);

public sealed record SarifPhysicalLocation(SarifArtifactLocation ArtifactLocation, SarifRegion Region);

public sealed record SarifLocation(SarifPhysicalLocation PhysicalLocation);

public sealed record SarifResult(string RuleId, int? RuleIndex, string Level, SarifText Message, IReadOnlyList<SarifLocation> Locations);

/// <summary>Source-generated serialisation of the lint outputs (trimming/AOT-safe).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<JsonFinding>))]
[JsonSerializable(typeof(List<JsonRule>))]
[JsonSerializable(typeof(SarifLog))]
public sealed partial class LintJsonContext : JsonSerializerContext
;
