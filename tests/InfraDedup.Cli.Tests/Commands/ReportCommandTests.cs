using InfraDedup.Core.Sample;

namespace InfraDedup.Cli.Tests.Commands;

public sealed class ReportCommandTests
{
    [Fact]
    public void Report_writes_markdown_and_html_and_exits_0()
    {
        using var dir = new TempDir();
        var tree = Path.Combine(dir.Path, "tree");
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = tree, Services = 5, Seed = 4 });
        var md = Path.Combine(dir.Path, "report.md");
        var html = Path.Combine(dir.Path, "report.html");

        var run = CliRun.Of("report", tree, "--markdown", md, "--html", html, "--generated-at", "2026-01-02 03:04 UTC");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("wrote " + md, run.Out, StringComparison.Ordinal);
        Assert.Contains("wrote " + html, run.Out, StringComparison.Ordinal);
        Assert.StartsWith("# Consolidation report: tree\n\nGenerated 2026-01-02 03:04 UTC.", File.ReadAllText(md), StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(html), StringComparison.Ordinal);
        Assert.Contains($"infradedup rollback {tree} --last", File.ReadAllText(md), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Report_with_neither_html_nor_markdown_prints_its_format_and_refuses_output_with_them()
    {
        using var dir = new TempDir();
        var run = CliRun.Of("report", dir.Path);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("# Consolidation report", run.Out, StringComparison.Ordinal);

        var both = CliRun.Of("report", dir.Path, "-o", Path.Combine(dir.Path, "r.md"), "--html", Path.Combine(dir.Path, "r.html"));
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("-o FILE (with --format) or --html/--markdown FILE, not both", both.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_file_with_bad_json_is_exit_2_naming_the_file_line_and_column()
    {
        using var dir = new TempDir();
        dir.Write("Dockerfile", "FROM alpine:3.20\n");
        var plan = dir.Write("plan.json", "{\n  \"schema\": \"infradedup/plan@1\",\n  \"toolVersion\": oops\n}\n");

        var run = CliRun.Of("report", dir.Path, "--plan", plan, "--markdown", Path.Combine(dir.Path, "r.md"));

        Assert.Equal(2, run.ExitCode);
        Assert.Matches($"^error: {System.Text.RegularExpressions.Regex.Escape(plan)}:3:\\d+: not a valid plan", run.Error);
        Assert.False(File.Exists(Path.Combine(dir.Path, "r.md")));
    }

    [Fact]
    public void A_missing_plan_file_is_exit_2_naming_it()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "nope.json");
        var run = CliRun.Of("report", dir.Path, "--plan", missing, "--html", Path.Combine(dir.Path, "r.html"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_folder_that_does_not_exist_is_exit_2()
    {
        using var dir = new TempDir();
        dir.Write("Dockerfile", "FROM alpine:3.20\n");
        var run = CliRun.Of("report", dir.Path, "--markdown", Path.Combine(dir.Path, "no", "such", "r.md"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }
}
