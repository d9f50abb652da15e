using System.Text;
using System.Text.Json;
using System.Xml;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Lint.Output;

/// <summary>The output formats of <c>lint</c>.</summary>
public enum LintFormat
{
    Tty,
    Json,
    Sarif,
    Checkstyle,
}

/// <summary>Renders findings (and the rule list) in every lint output format. All output ends with a newline.</summary>
public static class LintFormatter
{
    /// <summary>The SARIF 2.1.0 schema URI written into <c>$schema</c>.</summary>
    public const string SarifSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static string Render(LintFormat format, IReadOnlyList<LintFinding> findings, string toolVersion, LintConfig? config = null) => format switch
    {
        LintFormat.Json => Json(findings),
        LintFormat.Sarif => Sarif(findings, LintRegistry.All, toolVersion, config),
        LintFormat.Checkstyle => Checkstyle(findings),
        _ => Tty(findings),
    };

    /// <summary><c>file:line CODE level: message</c>, one per line (hadolint's tty format); ANSI colours when asked.</summary>
    public static string Tty(IReadOnlyList<LintFinding> findings, bool colour = false)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var sb = new StringBuilder();
        foreach (var f in findings)
        {
            if (!colour)
            {
                sb.Append(OneLine(f.ToString())).Append('\n');
                continue;
            }

            var code = f.Severity switch
            {
                LintSeverity.Error => "31",
                LintSeverity.Warning => "33",
                LintSeverity.Info => "32",
                _ => "34",
            };
            sb.Append(f.File).Append(':').Append(f.Line.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append(" \u001b[1m").Append(f.RuleId).Append("\u001b[0m \u001b[").Append(code).Append('m').Append(f.Severity.Name())
                .Append("\u001b[0m: ").Append(OneLine(f.Message)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A JSON array of findings.</summary>
    public static string Json(IReadOnlyList<LintFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var list = findings.Select(f => new JsonFinding(f.File, f.Line, f.Column, f.EndLine, f.RuleId, f.Severity.Name(), f.Message)).ToList();
        return JsonText.Document(list, LintJsonContext.Default.ListJsonFinding);
    }

    /// <summary>The rule list as JSON, with each rule's severity under <paramref name="config"/>.</summary>
    public static string RulesJson(IReadOnlyList<LintRule> rules, LintConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        config ??= LintConfig.Default;
        var list = rules.Select(r => new JsonRule(r.Id, config.SeverityOf(r).Name(), r.DefaultSeverity.Name(), config.IsEnabled(r), r.Description, r.Help, r.DocsPath, r.HelpUri)).ToList();
        return JsonText.Document(list, LintJsonContext.Default.ListJsonRule);
    }

    /// <summary>A SARIF 2.1.0 log with one run: every rule (with help) and every finding (with its region).</summary>
    public static string Sarif(IReadOnlyList<LintFinding> findings, IReadOnlyList<LintRule> rules, string toolVersion, LintConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(rules);
        config ??= LintConfig.Default;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var sarifRules = new List<SarifRule>();
        foreach (var r in rules)
        {
            index[r.Id] = sarifRules.Count;
            var severity = config.SeverityOf(r);
            sarifRules.Add(new SarifRule(
                r.Id,
                RuleName(r),
                new SarifText(r.Description),
                new SarifText(r.Help),
                new SarifText($"{r.Description} {r.Help} (See {r.DocsPath}.)", $"**{r.Id}**: {r.Description}\n\n{r.Help}\n\nSee [{r.DocsPath}]({r.DocsPath})."),
                r.HelpUri,
                new SarifRuleConfiguration(Level(severity), config.IsEnabled(r)),
                new SarifRuleProperties([r.Id.StartsWith("DL", StringComparison.Ordinal) ? "hadolint" : "infradedup", Category(r)])));
        }

        var results = findings.Select(f => new SarifResult(
            f.RuleId,
            index.TryGetValue(f.RuleId, out var i) ? i : null,
            Level(f.Severity),
            new SarifText(f.Message),
            [new SarifLocation(new SarifPhysicalLocation(ArtifactLocation(f.File), new SarifRegion(f.Line, f.Column, Math.Max(f.EndLine, f.Line))))])).ToList();

        var log = new SarifLog(
            SarifSchemaUri,
            "2.1.0",
            [new SarifRun(new SarifTool(new SarifDriver("infradedup", toolVersion, toolVersion, sarifRules)), results, "utf16CodeUnits")]);
        return JsonText.Document(log, LintJsonContext.Default.SarifLog);
    }

    /// <summary>Checkstyle 4.3 XML: one <c>file</c> element per file, one <c>error</c> per finding.</summary>
    public static string Checkstyle(IReadOnlyList<LintFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n", OmitXmlDeclaration = true };
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        using (var writer = XmlWriter.Create(sb, settings))
        {
            writer.WriteStartElement("checkstyle");
            writer.WriteAttributeString("version", "4.3");
            foreach (var file in findings.GroupBy(f => f.File, StringComparer.Ordinal))
            {
                writer.WriteStartElement("file");
                writer.WriteAttributeString("name", file.Key);
                foreach (var f in file)
                {
                    writer.WriteStartElement("error");
                    writer.WriteAttributeString("line", f.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteAttributeString("column", f.Column.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteAttributeString("severity", f.Severity switch
                    {
                        LintSeverity.Error => "error",
                        LintSeverity.Warning => "warning",
                        _ => "info",
                    });
                    writer.WriteAttributeString("message", f.Message);
                    writer.WriteAttributeString("source", f.RuleId);
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        return sb.Append('\n').ToString();
    }

    private static string OneLine(string text) => text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
        ? text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ')
        : text;

    /// <summary>SARIF level: error, warning, or note (info and style).</summary>
    public static string Level(LintSeverity severity) => severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        LintSeverity.Ignore => "none",
        _ => "note",
    };

    /// <summary>A file path as a SARIF URI reference: relative paths stay relative (percent-encoded), absolute ones become file: URIs.</summary>
    public static SarifArtifactLocation ArtifactLocation(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var p = path.Replace('\\', '/');
        var absolute = p.StartsWith('/');
        var encoded = string.Join('/', p.Split('/').Select(Uri.EscapeDataString));
        return new SarifArtifactLocation(absolute ? "file://" + encoded : encoded);
    }

    private static string RuleName(LintRule rule)
    {
        // A PascalCase name from the description's words, as SARIF viewers show it next to the id.
        var words = rule.Description.Split([' ', '-', '/', '.', ',', '(', ')', '\'', ':', ';', '"', '|', '…', '=', '$'], StringSplitOptions.RemoveEmptyEntries).Take(8);
        var sb = new StringBuilder();
        foreach (var w in words)
        {
            sb.Append(char.ToUpperInvariant(w[0])).Append(w.AsSpan(1));
        }

        return sb.Length == 0 ? rule.Id : sb.ToString();
    }

    private static string Category(LintRule rule) => rule switch
    {
        DL1000 => "syntax",
        _ when rule.Id.StartsWith("ID1", StringComparison.Ordinal) => "security",
        _ when rule.Id.StartsWith("ID2", StringComparison.Ordinal) => "consolidation",
        _ => "best-practice",
    };
}
