using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Reports;

public sealed partial class ReportTests(ReportSample sample) : IClassFixture<ReportSample>
{
    [Fact]
    public void Markdown_matches_golden() => Golden.AssertMatches("report.md", sample.Markdown);

    [Fact]
    public void Html_matches_golden() => Golden.AssertMatches("report.html", sample.Html);

    [Fact]
    public void Rendering_the_same_sources_twice_gives_the_same_bytes()
    {
        var again = ReportBuilder.Build(sample.Sources, new ReportOptions { RootName = ReportSample.Name, RootArgument = ReportSample.Name });
        Assert.Equal(sample.Html, HtmlReport.Render(again));
        Assert.Equal(sample.Markdown, MarkdownReport.Render(again));
    }

    [Fact]
    public void Dockerfile_counts_match_the_files_on_disk_and_the_plan_actions()
    {
        var files = Directory.EnumerateFiles(sample.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(sample.Root, f).Replace('\\', '/'))
            .Where(p => !sample.Truth.IgnoredPaths.Contains(p))
            .ToList();
        var dockerfiles = files.Count(IsDockerfileName);
        var plan = sample.Sources.Plan!;
        var created = plan.Actions.Count(a => a.Kind == PlanActionKind.Create && IsDockerfileName(a.Path));
        var removed = plan.Actions.Count(a => a.Kind == PlanActionKind.Remove && IsDockerfileName(a.Path));

        var onDisk = Row("Dockerfiles on disk");
        Assert.Equal(dockerfiles, onDisk.Before);
        Assert.Equal(dockerfiles + created - removed, onDisk.After);
        Assert.Equal(files.Count, Row("Files in the tree").Before);
        Assert.Equal(files.Count + plan.Actions.Count(a => a.Kind == PlanActionKind.Create) - plan.Actions.Count(a => a.Kind == PlanActionKind.Remove), Row("Files in the tree").After);
        var sources = Row("Maintained Dockerfile sources");
        Assert.Equal(plan.Summary.DockerfilesBefore, sources.Before);
        Assert.Equal(plan.Summary.MaintainedSourcesAfter, sources.After);
        Assert.Equal(1 - ((double)sources.After / sources.Before), sources.Reduction, 9);

        Assert.Contains($"| Dockerfiles on disk | {onDisk.Before} | {onDisk.After} | {Html.Percent(onDisk.Reduction)} |", sample.Markdown, StringComparison.Ordinal);
        Assert.Contains($"<th scope=\"row\">Dockerfiles on disk</th><td class=\"num\">{onDisk.Before}</td><td class=\"num\">{onDisk.After}</td>", sample.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_duplicate_numbers_match_a_brute_force_count()
    {
        var groups = Directory.EnumerateFiles(sample.Root, "*", SearchOption.AllDirectories)
            .Select(f => (Rel: Path.GetRelativePath(sample.Root, f).Replace('\\', '/'), Bytes: File.ReadAllBytes(f)))
            .Where(f => f.Bytes.Length > 0 && !sample.Truth.IgnoredPaths.Contains(f.Rel))
            .GroupBy(f => Convert.ToHexString(SHA256.HashData(f.Bytes)), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToList();
        var wasted = groups.Sum(g => (long)g.First().Bytes.Length * (g.Count() - 1));

        Assert.Equal(groups.Count, sample.Model.Duplicates.Groups);
        Assert.Equal(groups.Sum(g => g.Count() - 1), sample.Model.Duplicates.RedundantFiles);
        Assert.Equal(wasted, sample.Model.Duplicates.WastedBytes);
        Assert.Contains($"({wasted} bytes)", sample.Markdown, StringComparison.Ordinal);
        Assert.Contains($"({wasted} bytes)", sample.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Families_proofs_lint_and_dead_files_come_from_their_sources()
    {
        var plan = sample.Sources.Plan!;
        Assert.Equal(plan.Families.Select(f => f.Name), sample.Model.Families.Select(f => f.Name));
        Assert.Equal(plan.Services.Count(s => s.Equivalent), sample.Model.Validation.Proven);
        Assert.Equal(plan.Services.Count(s => !s.Equivalent), sample.Model.Validation.Failed);
        Assert.Equal(sample.Sources.Lint.Findings.Count, sample.Model.Lint.BySeverity.Sum(s => s.Count));
        Assert.Equal(sample.Truth.DeadFiles.Count(d => IsDockerfileName(d.Path)), sample.Model.DeadFiles.Count(d => d.Kind == "dockerfile"));
        Assert.Equal(sample.Model.BaseImages.Sum(b => b.Count), sample.Sources.Scan.BaseImages.Sum(b => b.Count));
        foreach (var family in sample.Model.Families)
        {
            Assert.Contains("<td>" + family.Name + "</td>", sample.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_an_applied_operation_the_report_gives_the_plan_apply_and_rollback_commands()
    {
        Assert.Equal(TreeStage.Planned, sample.Model.Stage);
        Assert.Equal(
            ["infradedup plan sample", "infradedup apply sample --plan sample/.infradedup/plan/plan.json --dry-run", "infradedup apply sample --plan sample/.infradedup/plan/plan.json --yes", "infradedup rollback sample --last"],
            sample.Model.Rollback.Commands);
        Assert.Null(sample.Model.GeneratedAt);
    }

    [Fact]
    public void Html_refers_to_no_network_resource()
    {
        // URLs may appear as text (a HEALTHCHECK in a diff); no attribute or tag may load one.
        Assert.DoesNotMatch(NetworkReference(), sample.Html);
        Assert.DoesNotContain("@import", sample.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", sample.Html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", sample.Html, StringComparison.Ordinal);
        foreach (Match m in Regex.Matches(sample.Html, "(?:src|href)\\s*=\\s*\"([^\"]*)\""))
        {
            Assert.StartsWith("#", m.Groups[1].Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_chart_is_well_formed_svg_with_a_title()
    {
        var charts = SvgBlock().Matches(sample.Html).Select(m => XDocument.Parse(m.Value)).ToList();
        Assert.Equal(["chart-reduction", "chart-families", "chart-base-images", "chart-lint"], charts.Select(c => (string?)c.Root!.Attribute("id")));
        Assert.All(charts, c => Assert.False(string.IsNullOrWhiteSpace(c.Root!.Element("title")?.Value)));
        var bars = charts[2].Descendants("rect").Count();
        Assert.Equal(Math.Min(sample.Model.BaseImages.Count, 20), bars);
    }

    [Fact]
    public void File_names_are_escaped_in_html_and_markdown()
    {
        using var tree = new TempTree();
        const string Evil = "svc<script>alert('x')</script>&\"";
        const string Dockerfile = "FROM alpine:3.20\nRUN echo hi\n";
        tree.File(Evil + "/Dockerfile", Dockerfile).File("copy/Dockerfile", Dockerfile);
        var sources = ReportLoader.Load(tree.Root, new ReportLoadOptions());
        var model = ReportBuilder.Build(sources, new ReportOptions { RootName = "<b>root</b>", RootArgument = "my tree" });
        var html = HtmlReport.Render(model);

        Assert.Contains(model.DeadFiles, d => d.Path == Evil + "/Dockerfile");
        Assert.Single(Regex.Matches(html, "<script>")); // the report's own
        Assert.DoesNotContain("<b>root</b>", html, StringComparison.Ordinal);
        Assert.Contains("svc&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;/Dockerfile", html, StringComparison.Ordinal);
        Assert.All(SvgBlock().Matches(html), m => XDocument.Parse(m.Value));
        Assert.Contains("infradedup rollback 'my tree' --last", model.Rollback.Commands);

        var markdown = MarkdownReport.Render(model);
        Assert.DoesNotContain("<b>", markdown, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<!`)<script>", markdown.Replace("`" + Evil + "/Dockerfile`", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Validation_status_counts_failed_and_unchecked_proofs()
    {
        var status = new ValidationStatus("test", [
            new StatusCheck("a", "static equivalence", CheckOutcome.Proven, null),
            new StatusCheck("b", "static equivalence", CheckOutcome.Failed, "ENV differs"),
            new StatusCheck("c", "real build", CheckOutcome.NotChecked, "no engine"),
        ]);
        Assert.Equal((1, 1, 1, "failed"), (status.Proven, status.Failed, status.NotChecked, status.Verdict));
        Assert.Equal("incomplete", new ValidationStatus("t", [status.Checks[0], status.Checks[2]]).Verdict);
        Assert.Equal("none", ValidationStatus.None("no plan").Verdict);

        var model = sample.Model with { Validation = status };
        var markdown = MarkdownReport.Render(model);
        Assert.Contains("- `b` (static equivalence) failed: ENV differs", markdown, StringComparison.Ordinal);
        Assert.Contains("By kind: real build 0/1 proven (1 not checked); static equivalence 1/2 proven (1 failed).", markdown, StringComparison.Ordinal);
        Assert.Equal((1, 3), (status.ProofsProven, status.Proofs));

        // Compose references and generated files are checks, not proofs, and are counted under their own names.
        var mixed = new ValidationStatus("t", [.. status.Checks, new StatusCheck("c.yml: x", "compose reference resolves", CheckOutcome.Proven, null), new StatusCheck("c.yml: y", "compose reference resolves", CheckOutcome.PreExisting, "missing")]);
        Assert.Equal((1, 3, "failed"), (mixed.ProofsProven, mixed.Proofs, mixed.Verdict));
        Assert.Contains("compose reference resolves 1/2 passed (1 pre-existing)", mixed.Breakdown(), StringComparison.Ordinal);
        Assert.Contains("Equivalence proofs: 1 of 3 proven", MarkdownReport.Render(sample.Model with { Validation = mixed }), StringComparison.Ordinal);
        Assert.Contains("verdict-failed", HtmlReport.Render(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Shell_quoting_leaves_plain_words_and_quotes_the_rest() =>
        Assert.Equal(["a/b.json", "'a b'", "'it'\\''s'", "''"], new[] { "a/b.json", "a b", "it's", string.Empty }.Select(Shell.Quote));

    internal static bool IsDockerfileName(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.StartsWith("Dockerfile", StringComparison.Ordinal) || name.EndsWith(".Dockerfile", StringComparison.Ordinal) || name.EndsWith(".dockerfile", StringComparison.Ordinal)
            || name.StartsWith("Containerfile", StringComparison.Ordinal);
    }

    private CountRow Row(string measure) => sample.Model.Counts.Single(c => c.Measure == measure);

    [GeneratedRegex("=\\s*[\"']?\\s*(?:https?:)?//|<(?:link|img|iframe|object|embed|audio|video|source)\\b", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkReference();

    [GeneratedRegex("<svg[\\s\\S]*?</svg>")]
    private static partial Regex SvgBlock();
}
