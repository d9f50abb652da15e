using System.Text.Json.Serialization;

namespace InfraDedup.Core.Validation;

/// <summary>What a check compares.</summary>
public enum CheckKind
{
    /// <summary>Effective image spec of the original against the consolidated form (no build).</summary>
    [JsonStringEnumMemberName("static")]
    Static,

    /// <summary>Image config and filesystem of real builds of both sides.</summary>
    [JsonStringEnumMemberName("build")]
    Build,

    /// <summary>A generated Dockerfile against its template rendering.</summary>
    [JsonStringEnumMemberName("generated")]
    Generated,

    /// <summary>A compose build's context and Dockerfile exist.</summary>
    [JsonStringEnumMemberName("compose")]
    Compose,
}

/// <summary>The outcome of one check.</summary>
public enum CheckStatus
{
    /// <summary>Equivalent (or present, up to date).</summary>
    [JsonStringEnumMemberName("pass")]
    Pass,

    /// <summary>Not equivalent: <see cref="ValidationCheck.Detail"/> names the first difference.</summary>
    [JsonStringEnumMemberName("fail")]
    Fail,

    /// <summary>Could not be decided (a build failed, a file is unreadable); counts as not equivalent.</summary>
    [JsonStringEnumMemberName("error")]
    Error,

    /// <summary>Nothing to compare (for example, no original is known); does not fail the run.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,
}

/// <summary>
/// One check: its kind, the compose service it is about (null for generated files), the compose file, the outcome,
/// and in <see cref="Detail"/> the first difference with both values (or why it was skipped). <see cref="File"/> and
/// <see cref="Line"/>/<see cref="Column"/> locate it (the compose entry, or the Dockerfile) for SARIF and editors.
/// </summary>
public sealed record ValidationCheck(
    CheckKind Kind,
    string? Service,
    string? ComposeFile,
    CheckStatus Status,
    string Detail,
    string? File = null,
    int? Line = null,
    int? Column = null)
{
    /// <summary>Whether this check makes the run fail (exit 1).</summary>
    [JsonIgnore]
    public bool Failed => Status is CheckStatus.Fail or CheckStatus.Error;
}

/// <summary>Counts by outcome.</summary>
public sealed record ValidationSummary(int Checks, int Passed, int Failed, int Errors, int Skipped);

/// <summary>The result of <c>validate</c>: which operation (or the mapping) was validated, and every check.</summary>
public sealed record ValidationReport(
    string Root,
    string? OpId,
    string Basis,
    bool Build,
    IReadOnlyList<ValidationCheck> Checks)
{
    public const string SchemaId = "infradedup/validate@1";

    /// <summary>First in the document, like every other infradedup document.</summary>
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = SchemaId;

    public ValidationSummary Summary => new(
        Checks.Count,
        Checks.Count(c => c.Status == CheckStatus.Pass),
        Checks.Count(c => c.Status == CheckStatus.Fail),
        Checks.Count(c => c.Status == CheckStatus.Error),
        Checks.Count(c => c.Status == CheckStatus.Skipped));

    /// <summary>True when no check failed or errored.</summary>
    public bool Ok => Checks.All(c => !c.Failed);
}

/// <summary>Source-generated JSON for validation reports (camelCase, indented, LF, no HTML escaping).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ValidationReport))]
public sealed partial class ValidationJsonContext : JsonSerializerContext
;
