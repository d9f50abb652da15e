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
            sb.Append(CultureInfo.InvariantCulture, $"| {StatusName(c.Status)} | {KindName(c.Kind)} | {Cell(c.Service)} | {Cell(c.ComposeFile ?? c.File)} | {Cell(c.Detail)} |\n");
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

        var results = report.Checks.Where(c => c.Failed).Select(c => new SarifResult(
            Rules[index[c.Kind]].Id,
            index[c.Kind],
            "error",
            new SarifText((c.Service is null ? string.Empty : c.Service + ": ") + c.Detail),
            [new SarifLocation(new SarifPhysicalLocation(LintFormatter.ArtifactLocation(c.File ?? c.ComposeFile ?? "."), new SarifRegion(c.Line ?? 1, c.Column ?? 1, c.Line ?? 1)))])).ToList();
        var log = new SarifLog(
            LintFormatter.SarifSchemaUri,
            "2.1.0",
            [new SarifRun(new SarifTool(new SarifDriver("infradedup", toolVersion, toolVersion, rules)), results, "utf16CodeUnits")]);
        return JsonText.Document(log, LintJsonContext.Default.SarifLog);
    }

    /// <summary>"validate (operation X): 40 checks, 40 passed, 0 failed, 0 errors, 2 skipped — equivalent".</summary>
    public static string Headline(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Summary;
        return string.Create(CultureInfo.InvariantCulture, $"validate ({report.Basis}{(report.Build ? ", with builds" : string.Empty)}): {s.Checks} checks, {s.Passed} passed, {s.Failed} failed, {s.Errors} errors, {s.Skipped} skipped — {(report.Ok ? "equivalent" : "NOT EQUIVALENT")}");
    }

    /// <summary>Failures and errors first, then skipped, then passes; each group in report order.</summary>
    public static IEnumerable<ValidationCheck> Ordered(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Checks.OrderBy(c => c.Status switch { CheckStatus.Fail => 0, CheckStatus.Error => 1, CheckStatus.Skipped => 2, _ => 3 });
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
