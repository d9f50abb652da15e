using System.Text.Json;

namespace InfraDedup.Cli.Tests.Commands;

public class ValidateCommandTests
{
    private static TempDir AppliedTree()
    {
        var dir = new TempDir();
        dir.Write("docker-compose.yml", "services:\n  alpha:\n    build: ./services/alpha\n  beta:\n    build: ./services/beta\n");
        foreach (var (name, port) in new[] { ("alpha", 8001), ("beta", 8002) })
        {
            dir.Write($"services/{name}/Dockerfile", $"FROM python:3.11-slim\nWORKDIR /app\nCOPY app.py .\nENV AGENT_NAME={name} PORT={port}\nEXPOSE {port}\nCMD [\"python\", \"app.py\"]\n");
            dir.Write($"services/{name}/app.py", "print('hi')\n");
        }

        Assert.Equal(0, CliRun.Of("plan", dir.Path, "-q").ExitCode);
        var apply = CliRun.Of("apply", dir.Path, "--plan", Path.Combine(dir.Path, ".infradedup", "plan", "plan.json"), "--yes", "--allow-dirty", "-q");
        Assert.Equal(0, apply.ExitCode);
        return dir;
    }

    [Fact]
    public void After_apply_validate_passes_and_json_lists_every_check()
    {
        using var dir = AppliedTree();

        var table = CliRun.Of("validate", dir.Path);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("— equivalent", table.Console, StringComparison.Ordinal);

        var run = CliRun.Of("validate", dir.Path, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(2, checks.Count(c => c.GetProperty("kind").GetString() == "static" && c.GetProperty("status").GetString() == "pass"));
        Assert.All(checks, c =>
        {
            Assert.True(c.TryGetProperty("service", out _));
            Assert.True(c.TryGetProperty("composeFile", out _));
            Assert.True(c.TryGetProperty("detail", out _));
        });
    }

    [Fact]
    public void A_tampered_shared_Dockerfile_exits_1_with_a_sarif_result_per_failed_check()
    {
        using var dir = AppliedTree();
        var shared = Directory.GetFiles(Path.Combine(dir.Path, "docker", "shared")).Single();
        File.AppendAllText(shared, "USER nobody\n");

        var run = CliRun.Of("validate", dir.Path, "--format", "sarif");

        Assert.Equal(1, run.ExitCode);
        using var sarif = JsonDocument.Parse(run.Out);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal("IDV001", r.GetProperty("ruleId").GetString());
            Assert.Contains("nobody", r.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
        });

        var markdown = CliRun.Of("validate", dir.Path, "--format", "markdown");
        Assert.Equal(1, markdown.ExitCode);
        Assert.Contains("| FAIL | static | alpha |", markdown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Dockerfile_already_missing_before_apply_is_pre_existing_exit_0_and_exit_1_with_strict()
    {
        var dir = new TempDir();
        using var _ = dir;
        dir.Write("docker-compose.yml", "services:\n  alpha:\n    build: ./services/alpha\n  beta:\n    build: ./services/beta\n  ghost:\n    build: ./services/ghost\n");
        dir.Write("services/ghost/README", "its Dockerfile was deleted long ago\n");
        foreach (var (name, port) in new[] { ("alpha", 8001), ("beta", 8002) })
        {
            dir.Write($"services/{name}/Dockerfile", $"FROM python:3.11-slim\nWORKDIR /app\nCOPY app.py .\nENV AGENT_NAME={name} PORT={port}\nEXPOSE {port}\nCMD [\"python\", \"app.py\"]\n");
            dir.Write($"services/{name}/app.py", "print('hi')\n");
        }

        Assert.Equal(0, CliRun.Of("plan", dir.Path, "-q").ExitCode);
        Assert.Equal(0, CliRun.Of("apply", dir.Path, "--plan", Path.Combine(dir.Path, ".infradedup", "plan", "plan.json"), "--yes", "--allow-dirty", "-q").ExitCode);

        var lenient = CliRun.Of("validate", dir.Path, "--format", "json");
        Assert.Equal(0, lenient.ExitCode);
        using var json = JsonDocument.Parse(lenient.Out);
        Assert.True(json.RootElement.GetProperty("summary").GetProperty("preExisting").GetInt32() > 0);
        Assert.All(
            json.RootElement.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("status").GetString() is "fail" or "error"),
            c => Assert.True(c.GetProperty("preExisting").GetBoolean()));

        var strict = CliRun.Of("validate", dir.Path, "--strict");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("--strict", strict.Console, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_without_an_engine_exits_2_with_one_line()
    {
        using var dir = AppliedTree();
        var previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", "unix://" + Path.Combine(dir.Path, "no-such-docker.sock"));
            var run = CliRun.Of("validate", dir.Path, "--build");

            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith("error: --build needs a Docker engine, and none answers at unix://", run.Error, StringComparison.Ordinal);
            Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previous);
        }
    }

    [Fact]
    public void A_tree_with_nothing_applied_is_a_usage_error()
    {
        using var dir = new TempDir();
        dir.Write("docker-compose.yml", "services: {}\n");

        var run = CliRun.Of("validate", dir.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing to validate", run.Error, StringComparison.Ordinal);
    }
}
