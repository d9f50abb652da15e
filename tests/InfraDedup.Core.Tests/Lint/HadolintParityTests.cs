using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using InfraDedup.Core.Lint;

namespace InfraDedup.Core.Tests.Lint;

/// <summary>
/// Measures how often our DL rules give the verdict hadolint gives, on the snippets of <c>Parity/hadolint-parity.cases</c>
/// (our own cases, one per behaviour hadolint's rule specs check), and keeps the table in <c>docs/lint.md</c> honest.
/// </summary>
public class HadolintParityTests
{
    private const double RequiredAgreement = 0.98;
    private const string DocsBegin = "<!-- hadolint-parity:begin -->";
    private const string DocsEnd = "<!-- hadolint-parity:end -->";

    [Fact]
    public void Case_file_is_well_formed()
    {
        var cases = ParityCases.Load();
        Assert.True(cases.Count >= 200, $"only {cases.Count} parity cases");
        Assert.All(cases, c =>
        {
            Assert.Matches("^DL[0-9]{4}$", c.Rule);
            Assert.False(string.IsNullOrWhiteSpace(c.Dockerfile), $"case on line {c.Line} has no Dockerfile");
        });

        // Every rule in the table is checked both ways: a rule that never fires (or always fires) would otherwise score well.
        foreach (var rule in cases.GroupBy(c => c.Rule))
        {
            Assert.True(rule.Any(c => c.HadolintReports), $"{rule.Key} has no case hadolint reports");
            Assert.True(rule.Any(c => !c.HadolintReports), $"{rule.Key} has no case hadolint accepts");
        }
    }

    [Fact]
    public void Every_case_parses()
    {
        // A snippet that does not parse would only yield DL1000, and would count as "no finding" for its rule.
        // Instruction-level errors (ONBUILD ONBUILD, LABEL before FROM) are what some rules inspect: the other rules
        // still run on such files, so only parser errors count here.
        var broken = ParityCases.Load()
            .Where(c => Core.Dockerfiles.DockerfileParser.Parse(System.Text.Encoding.UTF8.GetBytes(c.Dockerfile), "Dockerfile").HasErrors)
            .Select(c => $"line {c.Line}: {c.Title}")
            .ToList();
        Assert.True(broken.Count == 0, "cases that do not parse:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void Agreement_with_hadolint_is_at_least_98_percent()
    {
        var results = ParityCases.Evaluate(ParityCases.Load());
        var agreed = results.Count(r => r.Agrees);
        var ratio = (double)agreed / results.Count;
        var disagreements = results.Where(r => !r.Agrees)
            .Select(r => $"  {r.Case.Rule} line {r.Case.Line}: hadolint {(r.Case.HadolintReports ? "reports" : "accepts")}, we {(r.WeReport ? "report" : "accept")}: {r.Case.Title}");
        Assert.True(
            ratio >= RequiredAgreement,
            $"agreement {agreed}/{results.Count} = {ratio:P1} is below {RequiredAgreement:P0}; disagreements:\n{string.Join('\n', disagreements)}");
    }

    [Fact]
    public void Docs_record_the_measured_agreement()
    {
        var table = ParityCases.RenderTable(ParityCases.Evaluate(ParityCases.Load()));
        var docs = File.ReadAllText(DocsPath()).ReplaceLineEndings("\n");
        var begin = docs.IndexOf(DocsBegin, StringComparison.Ordinal);
        var end = docs.IndexOf(DocsEnd, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/lint.md has no {DocsBegin} … {DocsEnd} section");
        var recorded = docs[(begin + DocsBegin.Length)..end].Trim('\n');
        if (Environment.GetEnvironmentVariable("INFRADEDUP_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(DocsPath(), docs[..(begin + DocsBegin.Length)] + "\n\n" + table + "\n" + docs[end..]);
            return;
        }

        Assert.True(recorded == table.TrimEnd('\n'), "docs/lint.md's parity table is out of date; run the tests with INFRADEDUP_UPDATE_GOLDEN=1. It should read:\n" + table);
    }

    private static string DocsPath([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "docs", "lint.md"));
}

/// <summary>One snippet of the parity table and the verdict hadolint gives for its rule.</summary>
internal sealed record ParityCase(string Rule, bool HadolintReports, string Title, string Dockerfile, int Line);

/// <summary>Our verdict on a case.</summary>
internal sealed record ParityResult(ParityCase Case, bool WeReport)
{
    public bool Agrees => Case.HadolintReports == WeReport;
}

internal static class ParityCases
{
    public static IReadOnlyList<ParityCase> Load([CallerFilePath] string here = "") =>
        Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "Parity", "hadolint-parity.cases")));

    /// <summary>Reads '@@ RULE +|- title' headers, each followed by its Dockerfile; '%%' lines are comments.</summary>
    public static IReadOnlyList<ParityCase> Parse(string text)
    {
        var cases = new List<ParityCase>();
        string[]? header = null;
        var headerLine = 0;
        var body = new List<string>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i <= lines.Length; i++)
        {
            var line = i < lines.Length ? lines[i] : null;
            if (line is null || line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                if (header is not null)
                {
                    while (body.Count > 0 && body[^1].Length == 0)
                    {
                        body.RemoveAt(body.Count - 1);
                    }

                    cases.Add(new ParityCase(header[0], header[1] == "+", header.Length > 2 ? header[2] : string.Empty, string.Join('\n', body) + "\n", headerLine));
                }

                if (line is not null)
                {
                    header = line[3..].Split(' ', 3, StringSplitOptions.TrimEntries);
                    Assert.True(header.Length >= 2 && header[1] is "+" or "-", $"parity case header on line {i + 1} must read '@@ RULE +|- title'");
                    headerLine = i + 1;
                    body.Clear();
                }
            }
            else if (!line.StartsWith("%%", StringComparison.Ordinal) && header is not null)
            {
                body.Add(line);
            }
        }

        return cases;
    }

    /// <summary>Runs each case through its rule alone (rules that are off by default raised to warning, as hadolint's specs do).</summary>
    public static IReadOnlyList<ParityResult> Evaluate(IReadOnlyList<ParityCase> cases) =>
        [.. cases.Select(c => new ParityResult(c, WeReport(c)))];

    private static bool WeReport(ParityCase c)
    {
        if (LintRegistry.Find(c.Rule) is not { } rule)
        {
            return false; // not implemented: we report nothing
        }

        var config = LintConfig.Default with
        {
            Overrides = new Dictionary<string, LintSeverity>(StringComparer.OrdinalIgnoreCase) { [rule.Id] = LintSeverity.Warning },
        };
        return Linter.LintText(c.Dockerfile, "Dockerfile", config, [rule]).Any(f => f.RuleId == rule.Id);
    }

    /// <summary>The per-rule agreement as the Markdown table docs/lint.md shows.</summary>
    public static string RenderTable(IReadOnlyList<ParityResult> results)
    {
        var sb = new StringBuilder();
        sb.Append("| Rule | Cases | Agree | Agreement |\n");
        sb.Append("| --- | ---: | ---: | ---: |\n");
        foreach (var rule in results.GroupBy(r => r.Case.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Row(sb, rule.Key, rule.Count(), rule.Count(r => r.Agrees));
        }

        Row(sb, "**all**", results.Count, results.Count(r => r.Agrees));
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string name, int total, int agreed) =>
        sb.Append(CultureInfo.InvariantCulture, $"| {name} | {total} | {agreed} | {100.0 * agreed / total:0.0} % |\n");
}
