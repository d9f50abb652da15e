using System.Text.Json;

namespace InfraDedup.Cli.Tests.Commands;

/// <summary>
/// #16: a compose file the reference analysis cannot read completely makes <c>plan --remove-dead</c> remove nothing,
/// exit 0 and warn, naming the file and why.
/// </summary>
public class PlanIncompleteAnalysisTests
{
    [Fact]
    public void Plan_with_a_compose_file_it_cannot_parse_exits_0_removes_nothing_and_warns_naming_the_file()
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  api:\n\tbuild: ./svc/api\n");
        dir.Write("svc/api/Dockerfile", "FROM alpine:3.20\nRUN echo api\n");
        var outDir = Path.Combine(dir.Path, "out");

        var run = CliRun.Of("plan", dir.Path, "--remove-dead", "--out-dir", outDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: reference analysis incomplete", run.Error, StringComparison.Ordinal);
        Assert.Contains("compose.yaml", run.Error, StringComparison.Ordinal);
        using var plan = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "plan.json")));
        Assert.DoesNotContain(plan.RootElement.GetProperty("actions").EnumerateArray(), a => a.GetProperty("kind").GetString() == "remove");
        Assert.True(File.Exists(Path.Combine(dir.Path, "svc/api/Dockerfile")));
    }
}
