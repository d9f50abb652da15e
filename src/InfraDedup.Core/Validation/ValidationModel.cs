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
    /// <summary>
    /// The problem is also there in the tree as it was before the operation (rebuilt from journal and archive), so
    /// the operation did not cause it. Only meaningful for <c>fail</c> and <c>error</c>; written only when true.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool PreExisting { get; init; }

    /// <summary>Whether the check found a problem (fail or error), whoever caused it.</summary>
    [JsonIgnore]
    public bool Failed => Status is CheckStatus.Fail or CheckStatus.Error;

    /// <summary>Whether this check makes the run fail (exit 1): a problem the operation introduced, or any problem with <paramref name="strict"/>.</summary>
    public bool FailsRun(bool strict) => Failed && (strict || !PreExisting);
}

/// <summary>
/// Counts by outcome; they add up: <c>checks = passed + failed + errors + preExisting + skipped</c>. <see cref="Failed"/>
/// and <see cref="Errors"/> count only problems the operation introduced; <see cref="PreExisting"/> the fails and errors
/// that were already there before it.
/// </summary>
public sealed record ValidationSummary(int Checks, int Passed, int Failed, int Errors, int PreExisting, int Skipped)
{
    /// <summary>The counts of the checks in <paramref name="checks"/>.</summary>
    public static ValidationSummary Of(IEnumerable<ValidationCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var list = checks as IReadOnlyCollection<ValidationCheck> ?? [.. checks];
        return new(
            list.Count,
            list.Count(c => c.Status == CheckStatus.Pass),
            list.Count(c => c.Status == CheckStatus.Fail && !c.PreExisting),
            list.Count(c => c.Status == CheckStatus.Error && !c.PreExisting),
            list.Count(c => c.Failed && c.PreExisting),
            list.Count(c => c.Status == CheckStatus.Skipped));
    }
}

/// <summary>The counts of one kind of check (equivalence proofs are only the <c>static</c> and <c>build</c> kinds).</summary>
public sealed record ValidationKindSummary(CheckKind Kind, int Checks, int Passed, int Failed, int Errors, int PreExisting, int Skipped);

/// <summary>The result of <c>validate</c>: which operation (or the mapping) was validated, and every check.</summary>
public sealed record ValidationReport(
    string Root,
    string? OpId,
    string Basis,
    bool Build,
    IReadOnlyList<ValidationCheck> Checks)
{
    /// <summary>Pre-existing problems fail the run too (<c>--strict</c>).</summary>
    public bool Strict { get; init; }

    public const string SchemaId = "infradedup/validate@1";

    /// <summary>First in the document, like every other infradedup document.</summary>
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = SchemaId;

    public ValidationSummary Summary => ValidationSummary.Of(Checks);

    /// <summary>The same counts per kind of check, in kind order, only kinds that have checks.</summary>
    public IReadOnlyList<ValidationKindSummary> Kinds =>
        [.. Checks.GroupBy(c => c.Kind).OrderBy(g => g.Key).Select(g =>
        {
            var s = ValidationSummary.Of(g);
            return new ValidationKindSummary(g.Key, s.Checks, s.Passed, s.Failed, s.Errors, s.PreExisting, s.Skipped);
        })];

    /// <summary>True when no check failed or errored because of the operation (with <see cref="Strict"/>: at all).</summary>
    public bool Ok => Checks.All(c => !c.FailsRun(Strict));
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
