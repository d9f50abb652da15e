using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InfraDedup.Cli.Tests.Commands;

public class CliBehaviourTests
{
    [Fact]
    public void Help_lists_every_command_with_a_description()
    {
        var run = CliRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "demo", "sample", "scan", "dockerfile" })
        {
            Assert.Matches($@"(?m)^\s+{command}\s+\S", run.Console);
        }
    }

    [Fact]
    public void Version_prints_the_product_version()
    {
        var run = CliRun.Of("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\n$", run.Out);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var run = CliRun.Of("scan", "--bogus");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bogus", run.Error, StringComparison.Ordinal);
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_format_is_a_usage_error()
    {
        using var dir = new TempDir();
        Assert.Equal(2, CliRun.Of("scan", dir.Path, "--format", "xml").ExitCode);
    }

    [Fact]
    public void Missing_path_is_an_input_error_naming_it_without_a_stack_trace()
    {
        var run = CliRun.Of("scan", "/no/such/place");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'/no/such/place' does not exist", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_json_goes_to_stdout_untouched_by_console_wrapping()
    {
        using var dir = new TempDir();
        dir.Write("a/Dockerfile", "FROM alpine:3.20\n");
        dir.Write("b/Dockerfile", "FROM alpine:3.20\n");

        var run = CliRun.Of("scan", dir.Path, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Console);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("files").GetProperty("dockerfiles").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("exactDuplicates").GetArrayLength());
    }

    [Fact]
    public void Output_option_writes_the_document_to_a_file()
    {
        using var dir = new TempDir();
        dir.Write("x.sh", "echo hi\n");
        var target = Path.Combine(dir.Path, "out", "scan.md");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        var run = CliRun.Of("scan", dir.Path, "--format", "markdown", "--output", target);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith("# infradedup scan", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public void Output_into_a_missing_folder_is_an_input_error()
    {
        using var dir = new TempDir();
        var run = CliRun.Of("scan", dir.Path, "--format", "json", "--output", Path.Combine(dir.Path, "nope", "x.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_and_exclude_reach_the_walker()
    {
        using var dir = new TempDir();
        dir.Write("keep/Dockerfile", "FROM a\n");
        dir.Write("drop/Dockerfile", "FROM a\n");
        dir.Write("keep/run.sh", "echo\n");

        var run = CliRun.Of("scan", dir.Path, "--format", "json", "--include", "Dockerfile", "--exclude", "drop/");

        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(1, doc.RootElement.GetProperty("files").GetProperty("total").GetInt32());
    }

    [Fact]
    public void Sample_refuses_a_non_empty_folder()
    {
        using var dir = new TempDir();
        dir.Write("precious.txt", "keep me");

        var run = CliRun.Of("sample", "--out", dir.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--force", run.Error, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(dir.Path, "precious.txt")));
    }

    [Fact]
    public void Sample_requires_out()
    {
        Assert.Equal(2, CliRun.Of("sample").ExitCode);
    }

    [Fact]
    public void Demo_runs_the_pipeline_and_matches_the_ground_truth()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "demo");

        using var walks = Core.Inventory.WalkCounter.Start();
        var run = CliRun.Of("demo", "--out-dir", target, "--services", "30");

        Assert.Equal(0, run.ExitCode);

        // Scan, plan and report share one walk; validate walks the applied tree once more (it has changed).
        Assert.Equal(2, walks.Walks);
        Assert.Contains("5 of 5 kinds match exactly", run.Console, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(target, "ground-truth.json")));
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Path.Combine(target, "report.html")), StringComparison.Ordinal);
        Assert.StartsWith("# Consolidation report: demo", File.ReadAllText(Path.Combine(target, "report.md")), StringComparison.Ordinal);
        Assert.Contains($"Kept on purpose: {target} (report.html, report.md, .infradedup/plan/plan.json)", run.Console, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(target, ".infradedup", "plan", "plan.json")));

        // The demo's numbers are the report's (#22): Dockerfiles, exact-duplicate groups, maintained sources, families.
        var report = File.ReadAllText(Path.Combine(target, "report.md"));
        int InReport(string pattern) => int.Parse(Regex.Match(report, pattern).Groups[1].Value, CultureInfo.InvariantCulture);
        int InDemo(string pattern) => int.Parse(Regex.Match(run.Console, pattern).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(InReport(@"\| Dockerfiles on disk \| (\d+) \|"), InDemo(@"2\.\s+scan\s+\d+\s+files:\s+(\d+)\s+Dockerfiles"));
        Assert.Equal(InReport(@"Exact-duplicate groups in the tree now, before the plan: (\d+)"), InDemo(@"(\d+)\s+exact-duplicate\s+groups?"));
        Assert.Equal(InReport(@"\| Maintained Dockerfile sources \| (\d+) \|"), InDemo(@"4\.\s+plan\s+(\d+)\s+Dockerfiles\s+→"));
        Assert.Equal(InReport(@"\| Maintained Dockerfile sources \| \d+ \| (\d+) \|"), InDemo(@"→\s+(\d+)\s+maintained\s+sources?"));
        Assert.Equal(InReport(@"Families: (\d+)"), InDemo(@"(\d+)\s+Dockerfile\s+famil(?:y|ies)\s+decided\s+\(the\s+report's\s+Families\)"));
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("lint")]
    [InlineData("validate")]
    [InlineData("report", "--html", "r.html")]
    public void Every_tree_command_refuses_an_unusable_glob_before_doing_anything(string command, params string[] extra)
    {
        using var dir = new TempDir();
        var report = Path.Combine(dir.Path, "r.html");
        var run = CliRun.Of([command, dir.Path, "--exclude", "# a comment", .. extra.Select(a => a == "r.html" ? report : a)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'# a comment' is not a usable glob", run.Error + run.Console, StringComparison.Ordinal);
        Assert.False(File.Exists(report));
    }
}
