using System.Text.Json;
using System.Xml.Linq;

namespace InfraDedup.Cli.Tests.Commands;

public class LintCommandTests
{
    private const string Clean = "FROM debian:12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nUSER 10001\nCMD [\"app\"]\n";
    private const string Unpinned = "FROM debian:12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
        + "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER 10001\n";

    [Fact]
    public void Clean_tree_exits_0_with_a_summary()
    {
        using var dir = new TempDir();
        dir.Write("svc/Dockerfile", Clean);
        var run = CliRun.Of("lint", dir.Path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("1 file linted, 0 findings\n", run.Out);
    }

    [Fact]
    public void Findings_print_hadolint_lines_and_exit_1()
    {
        using var dir = new TempDir();
        var file = dir.Write("svc/Dockerfile", Unpinned);
        dir.Write("svc/README.md", "not a Dockerfile");
        var run = CliRun.Of("lint", dir.Path, "-q");
        Assert.Equal(1, run.ExitCode);
        // -q: the findings that fail the run (here every one: warning is above the default threshold) and the summary line.
        Assert.Equal($"{file}:2 DL3008 warning: apt-get install of unpinned curl; pin versions (pkg=version)\n1 file linted, 1 finding (1 warning)\n", run.Out);
    }

    [Theory]
    [InlineData("error", 0)]
    [InlineData("warning", 1)]
    [InlineData("none", 0)]
    public void Failure_threshold_decides_the_exit_code(string threshold, int code)
    {
        using var dir = new TempDir();
        var file = dir.Write("Dockerfile", Unpinned);
        Assert.Equal(code, CliRun.Of("lint", file, "--failure-threshold", threshold, "-q").ExitCode);
    }

    [Fact]
    public void Ignore_option_and_hadolint_config_are_honoured()
    {
        using var dir = new TempDir();
        var file = dir.Write("Dockerfile", Unpinned);
        Assert.Equal(0, CliRun.Of("lint", file, "--ignore", "DL3008").ExitCode);

        dir.Write(".hadolint.yaml", "ignored:\n  - DL3008\n");
        Assert.Equal(0, CliRun.Of("lint", dir.Path).ExitCode);

        dir.Write("strict.yaml", "override:\n  error: [DL3008]\nfailure-threshold: error\n");
        var strict = CliRun.Of("lint", file, "--config", Path.Combine(dir.Path, "strict.yaml"), "-q");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("DL3008 error:", strict.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_config_is_an_input_error_with_its_position()
    {
        using var dir = new TempDir();
        var file = dir.Write("Dockerfile", Clean);
        var config = dir.Write("bad.yaml", "ignored: [DL3008]\nfailure-threshold: loud\n");
        var run = CliRun.Of("lint", file, "--config", config);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {config}:2:20: unknown failure-threshold 'loud'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_path_and_bad_threshold_are_usage_errors()
    {
        Assert.Equal(2, CliRun.Of("lint", "/no/such/Dockerfile").ExitCode);
        Assert.Equal(2, CliRun.Of("lint", "--failure-threshold", "loud").ExitCode);
        Assert.Equal(2, CliRun.Of("lint", "--format", "xml").ExitCode);
    }

    [Fact]
    public void Parse_error_is_a_finding()
    {
        using var dir = new TempDir();
        var file = dir.Write("Dockerfile", "FROM busybox\nENV PATH\n");
        var run = CliRun.Of("lint", file, "--format", "json");
        Assert.Equal(1, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal("DL1000", doc.RootElement[0].GetProperty("code").GetString());
        Assert.Equal(2, doc.RootElement[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public void Sarif_and_checkstyle_are_written_to_the_output_file()
    {
        using var dir = new TempDir();
        var file = dir.Write("Dockerfile", Unpinned);
        var sarifPath = Path.Combine(dir.Path, "out.sarif");
        Assert.Equal(1, CliRun.Of("lint", file, "--format", "sarif", "-o", sarifPath).ExitCode);
        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.Equal("DL3008", sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("ruleId").GetString());

        var xml = CliRun.Of("lint", file, "--format", "checkstyle");
        Assert.Equal("DL3008", (string?)XDocument.Parse(xml.Out).Descendants("error").Single().Attribute("source"));
    }

    [Fact]
    public void List_rules_prints_every_rule()
    {
        var table = CliRun.Of("lint", "--list-rules");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("DL3008", table.Console, StringComparison.Ordinal);
        Assert.Contains("ID1001", table.Console, StringComparison.Ordinal);

        var json = CliRun.Of("lint", "--list-rules", "--format", "json");
        using var doc = JsonDocument.Parse(json.Out);
        Assert.True(doc.RootElement.GetArrayLength() >= 47);
        Assert.Contains(doc.RootElement.EnumerateArray(), r => r.GetProperty("id").GetString() == "DL3057" && r.GetProperty("severity").GetString() == "ignore");
    }
}
