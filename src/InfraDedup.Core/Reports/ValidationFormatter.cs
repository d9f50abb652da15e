using System.Globalization;
using System.Text;
using System.Text.Json;
using InfraDedup.Core.Lint.Output;
using InfraDedup.Core.Validation;

namespace InfraDedup.Core.Reports;

/// <summary>The JSON, Markdown and SARIF views of a validation report.</summary>
public static class ValidationFormatter
{
    /// <summary>The SARIF rules: one per kind of failed check.</summary>
    public static IReadOnlyList<(string Id, CheckKind Kind, string Name, string Description, string Help)> Rules { get; } =
    [
        ("IDV001", CheckKind.Static, "StaticMismatch", "A consolidated service's effective image spec differs from the original's.", "Compare the shared Dockerfile and the compose build args with the original (the detail names the first differing step or config key); fix them, or roll back with 'infradedup rollback'."),
        ("IDV002", CheckKind.Build, "BuildMismatch", "The image built from the consolidated form differs from the original's image (config or filesystem), or a build failed.", "The detail names the differing config keys or paths; fix the consolidated Dockerfile or build args, or roll back."),
        ("IDV003", CheckKind.Generated, "GeneratedDrift", "A generated Dockerfile differs from its template rendering.", "Run 'infradedup generate' to render it again, or change the template or the mapping instead of the generated file."),
        ("IDV004", CheckKind.Compose, "ComposeReference", "A compose build context or Dockerfile does not exist.", "Point build.context / build.dockerfile at an existing folder and file, or restore the file."),
    ];

    public static string Json(ValidationReport report) =>
        JsonText.Document(report, ValidationJsonContext.Default.ValidationReport);

    /// <summary>A readable document: the summary line and one table row per check (failures first).</summary>
    public static string Markdown(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("# infradedup validate\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{Headline(report)}\n\n");
        sb.Append("| status | kind | service | compose file | detail |\n|---|---|---|---|---|\n");
        foreach (var c in Ordered(report))
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {StatusName(c)} | {KindName(c.Kind)} | {Cell(c.Service)} | {Cell(c.ComposeFile ?? c.File)} | {Cell(c.Detail)} |\n");
        }

        return sb.ToString();
    }

    /// <summary>SARIF 2.1.0: one result per failed check, located at its compose entry or Dockerfile.</summary>
    public static string Sarif(ValidationReport report, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(report);
        var index = new Dictionary<CheckKind, int>();
        var rules = new List<SarifRule>();
        foreach (var (id, kind, name, description, help) in Rules)
        {
            index[kind] = rules.Count;
            rules.Add(new SarifRule(
                id,
                name,
                new SarifText(description),
                new SarifText(help),
                new SarifText($"{description} {help} (See docs/validate.md.)", $"**{id}**: {description}\n\n{help}\n\nSee [docs/validate.md](docs/validate.md)."),
                null,
                new SarifRuleConfiguration("error", true),
                new SarifRuleProperties(["infradedup", "validation"])));
        }

        // A problem that was there before the operation is a warning, unless --strict makes it fail the run.
        var results = report.Checks.Where(c => c.Failed).Select(c => new SarifResult(
            Rules[index[c.Kind]].Id,
            index[c.Kind],
            c.FailsRun(report.Strict) ? "error" : "warning",
            new SarifText((c.Service is null ? string.Empty : c.Service + ": ") + (c.PreExisting ? "(pre-existing, not caused by the operation) " : string.Empty) + c.Detail),
            [new SarifLocation(new SarifPhysicalLocation(LintFormatter.ArtifactLocation(c.File ?? c.ComposeFile ?? "."), new SarifRegion(c.Line ?? 1, c.Column ?? 1, c.Line ?? 1)))])).ToList();
        var log = new SarifLog(
            LintFormatter.SarifSchemaUri,
            "2.1.0",
            [new SarifRun(new SarifTool(new SarifDriver("infradedup", toolVersion, toolVersion, rules)), results, "utf16CodeUnits")]);
        return JsonText.Document(log, LintJsonContext.Default.SarifLog);
    }

    /// <summary>
    /// "validate (operation X): equivalence proofs 3/3, generated files 2/2 up to date, compose references 30/32
    /// resolve (2 pre-existing), 1 skipped — equivalent": each kind of check counted under its own name.
    /// </summary>
    public static string Headline(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Summary;
        var kinds = report.Kinds.Where(k => k.Checks > k.Skipped).Select(KindCount).ToList();
        var body = kinds.Count == 0 ? "no checks ran" : string.Join(", ", kinds);
        var skipped = s.Skipped > 0 ? string.Create(CultureInfo.InvariantCulture, $", {s.Skipped} skipped") : string.Empty;
        var verdict = report.Ok
            ? (s.PreExisting > 0 ? "equivalent; the problems listed were there before the operation" : "equivalent")
            : (s.Failed + s.Errors == 0 ? "FAILED (--strict: problems that were there before the operation count)" : "NOT EQUIVALENT");
        return string.Create(CultureInfo.InvariantCulture, $"validate ({report.Basis}{(report.Build ? ", with builds" : string.Empty)}): {body}{skipped} — {verdict}");
    }

    /// <summary>"equivalence proofs 3/3" — passed of decided checks, with what failed, errored or was there before.</summary>
    private static string KindCount(ValidationKindSummary k)
    {
        var decided = k.Checks - k.Skipped;
        var problems = new List<string>();
        if (k.Failed > 0)
        {
            problems.Add(k.Failed.ToString(CultureInfo.InvariantCulture) + " failed");
        }

        if (k.Errors > 0)
        {
            problems.Add(k.Errors.ToString(CultureInfo.InvariantCulture) + " errors");
        }

        if (k.PreExisting > 0)
        {
            problems.Add(k.PreExisting.ToString(CultureInfo.InvariantCulture) + " pre-existing");
        }

        var tail = problems.Count == 0 ? string.Empty : " (" + string.Join(", ", problems) + ")";
        return string.Create(CultureInfo.InvariantCulture, $"{KindTitle(k.Kind)} {k.Passed}/{decided}{KindVerb(k.Kind)}{tail}");
    }

    /// <summary>What a kind of check is called in counts: only static and build checks are equivalence proofs.</summary>
    public static string KindTitle(CheckKind kind) => kind switch
    {
        CheckKind.Static => "equivalence proofs (static)",
        CheckKind.Build => "equivalence proofs (real builds)",
        CheckKind.Generated => "generated files",
        _ => "compose references",
    };

    private static string KindVerb(CheckKind kind) => kind switch
    {
        CheckKind.Generated => " up to date",
        CheckKind.Compose => " resolve",
        _ => string.Empty,
    };

    /// <summary>Failures and errors first, then skipped, then passes; each group in report order.</summary>
    public static IEnumerable<ValidationCheck> Ordered(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Checks.OrderBy(c => c.Status switch { CheckStatus.Fail => 0, CheckStatus.Error => 1, CheckStatus.Skipped => 3, _ => 4 } + (c.Failed && c.PreExisting ? 2 : 0));
    }

    /// <summary>The status word, with "(pre-existing)" for a problem the tree had before the operation.</summary>
    public static string StatusName(ValidationCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return StatusName(check.Status) + (check.Failed && check.PreExisting ? " (pre-existing)" : string.Empty);
    }

    public static string StatusName(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Fail => "FAIL",
        CheckStatus.Error => "ERROR",
        _ => "skipped",
    };

    public static string KindName(CheckKind kind) => kind.ToString().ToLowerInvariant();

    private static string Cell(string? text) =>
        text is null ? "–" : text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
