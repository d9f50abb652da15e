using InfraDedup.Core.Planning;

namespace InfraDedup.Cli.Tests.Commands;

public sealed class PlanCommandTests
{
    private static TempDir Fleet()
    {
        var dir = new TempDir();
        dir.Write("docker-compose.yml", "services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n");
        dir.Write("a/Dockerfile", "FROM alpine:3.20\nENV NAME=a\nEXPOSE 1\n");
        dir.Write("b/Dockerfile", "FROM alpine:3.20\nENV NAME=b\nEXPOSE 2\n");
        return dir;
    }

    [Fact]
    public void Plan_writes_the_plan_folder_and_prints_the_summary()
    {
        using var dir = Fleet();
        var outDir = Path.Combine(dir.Path, "out");
        var run = CliRun.Of("plan", dir.Path, "--out-dir", outDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Maintained sources after", run.Out + run.Console, StringComparison.Ordinal);
        var plan = PlanJsonContext.ReadPlan("plan.json", File.ReadAllText(Path.Combine(outDir, "plan.json")));
        Assert.Equal(2, plan.Summary.ServicesConsolidated);
        Assert.True(File.Exists(Path.Combine(outDir, "service-mapping.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "files", "docker", "shared", "alpine-3.20.Dockerfile")));
        Assert.True(File.Exists(Path.Combine(outDir, "files", "docker-compose.yml")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "a", "Dockerfile")), "plan must not touch the tree");
    }

    [Fact]
    public void Plan_json_goes_to_stdout_with_format_json()
    {
        using var dir = Fleet();
        var run = CliRun.Of("plan", dir.Path, "--format", "json", "--out-dir", Path.Combine(dir.Path, "o"));
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("{\n  \"schema\": \"infradedup/plan@1\"", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("build-args")]
    [InlineData("BuildArgs")]
    [InlineData("template")]
    public void Strategy_takes_the_documented_kebab_case_names(string strategy)
    {
        using var dir = Fleet();
        var run = CliRun.Of("plan", dir.Path, "--strategy", strategy, "--out-dir", Path.Combine(dir.Path, "o"));
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void An_unknown_strategy_is_a_usage_error_naming_the_valid_ones()
    {
        using var dir = Fleet();
        var run = CliRun.Of("plan", dir.Path, "--strategy", "shared");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("auto, build-args, template", run.Error + run.Out + run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_threshold_is_a_usage_error()
    {
        using var dir = Fleet();
        var run = CliRun.Of("plan", dir.Path, "--threshold", "1.5");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--threshold", run.Error + run.Out + run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_lists_and_prints_schemas()
    {
        var list = CliRun.Of("schema");
        Assert.Contains("plan", list.Out, StringComparison.Ordinal);
        var plan = CliRun.Of("schema", "plan");
        Assert.Equal(0, plan.ExitCode);
        Assert.Contains("\"infradedup/plan@1\"", plan.Out, StringComparison.Ordinal);
        var unknown = CliRun.Of("schema", "nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("known: ", unknown.Error, StringComparison.Ordinal);
    }
}
