using System.Text.Json;

namespace InfraDedup.Cli.Tests.Commands;

/// <summary>The operations commands' CLI behaviour that needs no service: exit codes, messages, output shapes.</summary>
public sealed class OpsCommandTests
{
    [Fact]
    public void Deploy_dry_run_json_lists_the_order_bases_first()
    {
        using var dir = new TempDir();
        var id = Guid.NewGuid().ToString("N")[..8];
        dir.Write("docker-compose.yml", $"services:\n  base:\n    build: ./base\n    image: t{id}/base\n  app:\n    build: ./app\n    image: t{id}/app\n");
        dir.Write("base/Dockerfile", "FROM busybox\n");
        dir.Write("app/Dockerfile", $"FROM t{id}/base\n");
        var run = CliRun.Of("deploy", dir.Path, "--dry-run", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.True(json.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal($"[[\"t{id}/base\"],[\"t{id}/app\"]]", json.RootElement.GetProperty("order").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.All(json.RootElement.GetProperty("builds").EnumerateArray(), b => Assert.Equal("build", b.GetProperty("action").GetString()));
    }

    [Fact]
    public void Deploy_reports_a_cycle_at_the_from_line_with_exit_2()
    {
        using var dir = new TempDir();
        dir.Write("docker-compose.yml", "services:\n  a:\n    build: ./a\n    image: c/a\n  b:\n    build: ./b\n    image: c/b\n");
        dir.Write("a/Dockerfile", "FROM c/b\n");
        dir.Write("b/Dockerfile", "FROM c/a\n");
        var run = CliRun.Of("deploy", dir.Path, "--dry-run");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {Path.Combine(dir.Path, "a", "Dockerfile")}:1:1: build cycle", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_rejects_bad_durations_and_unknown_environments()
    {
        using var dir = new TempDir();
        dir.Write("docker-compose.yml", "services:\n  a:\n    image: busybox\n");
        var run = CliRun.Of("deploy", dir.Path, "--timeout", "soon");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--timeout: 'soon' is not a duration", run.Error, StringComparison.Ordinal);
        run = CliRun.Of("deploy", dir.Path, "--env", "prod", "--dry-run");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("docker-compose.prod.yml", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Monitor_check_exits_1_for_an_unreachable_url_and_prints_json()
    {
        using var dir = new TempDir();
        var run = CliRun.Of("monitor", dir.Path, "--url", "http://127.0.0.1:9/", "--no-system", "--http-timeout", "2s", "--format", "json");
        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var check = Assert.Single(json.RootElement.GetProperty("checks").EnumerateArray());
        Assert.Equal("fail", check.GetProperty("status").GetString());
        Assert.Equal(2, CliRun.Of("monitor", dir.Path, "--mode", "serve", "--listen", "0.0.0.0:9464").ExitCode);
    }

    [Fact]
    public void Maintain_verify_flags_a_corrupt_backup_with_exit_1()
    {
        using var dir = new TempDir();
        var data = dir.Write("neo4j-graph-1/neo4j.dump", "dump bytes");
        dir.Write("neo4j-graph-1/manifest.json",
            "{\"schemaVersion\":1,\"kind\":\"neo4j\",\"name\":\"graph\",\"source\":\"s\",\"via\":\"direct\",\"created\":\"2026-01-01T00:00:00+00:00\",\"files\":[{\"name\":\"neo4j.dump\",\"size\":10,\"sha256\":\""
            + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(data))) + "\"}]}");
        var ok = CliRun.Of("maintain", "verify", dir.Path);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("checksum ok", ok.Console, StringComparison.Ordinal);

        File.WriteAllText(data, "dump bytez");
        var bad = CliRun.Of("maintain", "verify", dir.Path, "--format", "json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("\"ok\": false", bad.Out, StringComparison.Ordinal);
        Assert.Equal(2, CliRun.Of("maintain", "verify", Path.Combine(dir.Path, "missing")).ExitCode);
    }

    [Fact]
    public void Maintain_restore_needs_a_target_and_a_backup()
    {
        var run = CliRun.Of("maintain", "restore", "--from", "x");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--postgres URL", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Maintain_schedule_prints_crontab_and_locates_a_bad_cron()
    {
        using var dir = new TempDir();
        dir.Write(".infradedup.yaml", "maintain:\n  schedules:\n    - name: nightly\n      cron: \"30 2 * * *\"\n      command: maintain backup --out /b\n");
        var run = CliRun.Of("maintain", "schedule", dir.Path);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("30 2 * * * cd ", run.Out, StringComparison.Ordinal);
        Assert.Contains("OnCalendar=*-*-* 2:30:00", CliRun.Of("maintain", "schedule", dir.Path, "--systemd").Out, StringComparison.Ordinal);

        dir.Write(".infradedup.yaml", "maintain:\n  schedules:\n    - name: nightly\n      cron: \"30 25 * * *\"\n      command: x\n");
        var bad = CliRun.Of("maintain", "schedule", dir.Path);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith($"error: {Path.Combine(dir.Path, ".infradedup.yaml")}:4:13: schedule 'nightly'", bad.Error, StringComparison.Ordinal);
    }
}
