using System.Text.Json.Nodes;
using InfraDedup.Core;
using InfraDedup.Core.Reports;
using InfraDedup.Ops.Deploy;
using InfraDedup.Ops.Maintain;
using InfraDedup.Ops.Monitor;

namespace InfraDedup.Cli.Tests.JsonOutput;

/// <summary>
/// The operations commands' JSON. Documents that need a service to produce (deploy, monitor, backup, disk usage with
/// an engine) are built here with every optional field set and serialised exactly as the commands serialise them, so
/// no service is needed; prune, verify and cleanup run for real on backup folders made here.
/// </summary>
public sealed class OpsJsonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 3, 0, 0, TimeSpan.Zero);

    private static readonly string Key = new('a', 64);

    private static void Set(JsonNode node, string value) => node.ReplaceWith(JsonValue.Create(value));

    private static void Check(string schema, string json, params string[] roots)
    {
        SchemaAssert.Valid(schema, json);
        JsonGolden.AssertMatches(schema + ".json", SchemaAssert.Normalize(json, roots));
    }

    [Fact]
    public void Deploy_report()
    {
        var report = new DeployReport(
            1, "shop", "prod", ["docker-compose.yml", "docker-compose.prod.yml"], false, [["shop/base:1"], ["shop/web:1", "shop/api:1"]],
            [
                new BuildDecision(0, "shop/base:1", "base/Dockerfile", [], [], "skip", "unchanged: content key matches the image's label", Key, "sha256:" + new string('1', 64), 0.01),
                new BuildDecision(1, "shop/web:1", "web/Dockerfile", ["web"], ["shop/base:1"], "built", "content changed", Key, "sha256:" + new string('2', 64), 4.2),
                new BuildDecision(1, "shop/api:1", "api/Dockerfile", ["api"], ["shop/base:1"], "built", "image missing", Key, "sha256:" + new string('3', 64), 3.9),
            ],
            "engine",
            [
                new ServiceRollout("web", "shop-web-1", "shop/web:1", "sha256:" + new string('4', 64), "sha256:" + new string('2', 64), "healthy", "HEALTHCHECK passed", false),
                new ServiceRollout("api", "shop-api-1", "shop/api:1", null, "sha256:" + new string('3', 64), "timeout", "not healthy after 5m", true),
            ],
            false, true, "health gate failed: api: not healthy after 5m");
        var json = JsonText.Document(report, DeployJsonContext.Default.DeployReport);
        Assert.Contains("the image's label", json, StringComparison.Ordinal); // written as is, like every other command's JSON
        Check("deploy", json);
        SchemaAssert.Rejects("deploy", json, d => Set(d["services"]![0]!["health"]!, "sick"), "an unknown health");
        SchemaAssert.Rejects("deploy", json, d => Set(d["runtime"]!, "podman"), "an unknown runtime");
        SchemaAssert.Rejects("deploy", json, d => d.AsObject().Remove("error"), "a failed deploy without its error");
        SchemaAssert.Rejects("deploy", json, d => Set(d["builds"]![0]!["contentKey"]!, "xyz"), "a malformed content key");
    }

    [Fact]
    public void Monitor_report()
    {
        var report = new MonitorReport(1, T0, [
            new CheckResult("container", "shop-web-1", CheckStatus.Ok, "running, healthy", 0),
            new CheckResult("http", "http://127.0.0.1:8080/health", CheckStatus.Fail, "HTTP 503 Service Unavailable", 0.012),
            new CheckResult("system", "disk", CheckStatus.Warn, "not available"),
        ]);
        var json = JsonText.Document(report, MonitorJsonContext.Default.MonitorReport);
        Check("monitor", json);
        SchemaAssert.Rejects("monitor", json, d => Set(d["checks"]![0]!["status"]!, "degraded"), "an unknown status");
        SchemaAssert.Rejects("monitor", json, d => Set(d["checks"]![0]!["kind"]!, "dns"), "an unknown check kind");
        SchemaAssert.Rejects("monitor", json, d => Set(d["time"]!, "yesterday"), "a time that is not a date-time");
    }

    [Fact]
    public void Backup_results_and_manifest()
    {
        var manifest = new BackupManifest(1, "postgres", "app", "postgresql://app@127.0.0.1:5432/app", "direct", T0, [new BackupFile("app.pgdump", 2048, Key)]);
        var json = JsonText.Document(new List<BackupResult> { new("/var/backups/postgres-app-20260301T030000Z", manifest) }, MaintainJsonContext.Default.ListBackupResult);
        Check("maintain-backup", json);
        SchemaAssert.Rejects("maintain-backup", json, d => Set(d[0]!["manifest"]!["kind"]!, "mysql"), "an unknown database kind");
        SchemaAssert.Rejects("maintain-backup", json, d => Set(d[0]!["manifest"]!["via"]!, "ssh"), "an unknown way of taking it");

        var file = JsonText.Document(manifest, MaintainJsonContext.Default.BackupManifest);
        Check("backup-manifest", file);
        SchemaAssert.Rejects("backup-manifest", file, d => Set(d["files"]![0]!["name"]!, "../escape"), "a file name with a folder");
    }

    [Fact]
    public void Disk_usage_report()
    {
        var report = new DiskUsageReport("/srv/shop", [new UsageEntry("folder", "backups", 4096), new UsageEntry("folder", "backups/old", 1024)],
            [new UsageEntry("image", "shop/web:1", 123456)], [new UsageEntry("volume", "shop_pgdata", 65536)], null);
        var json = JsonText.Document(report, MaintainJsonContext.Default.DiskUsageReport);
        Check("maintain-disk-usage", json);
        SchemaAssert.Rejects("maintain-disk-usage", json, d => Set(d["images"]![0]!["what"]!, "folder"), "a folder among the images");
    }

    /// <summary>Three PostgreSQL backups a day apart and one Neo4j backup, with fixed creation times.</summary>
    private static TempDir Backups()
    {
        var dir = new TempDir();
        for (var i = 0; i < 3; i++)
        {
            var folder = Path.Combine(dir.Path, $"postgres-app-2026030{3 - i}T030000Z");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "app.pgdump"), "dump " + i);
            new BackupManifest(1, "postgres", "app", "postgresql://app@127.0.0.1:5432/app", "direct", T0.AddDays(2 - i), [BackupManifest.Describe(Path.Combine(folder, "app.pgdump"))]).Write(folder);
        }

        var graph = Path.Combine(dir.Path, "neo4j-graph-20260301T030000Z");
        Directory.CreateDirectory(graph);
        File.WriteAllText(Path.Combine(graph, "neo4j.dump"), "graph");
        new BackupManifest(1, "neo4j", "graph", "neo4j database graph in container db", "container:db", T0, [BackupManifest.Describe(Path.Combine(graph, "neo4j.dump"))]).Write(graph);
        return dir;
    }

    [Fact]
    public void Prune()
    {
        using var dir = Backups();
        var run = CliRun.Of("maintain", "prune", dir.Path, "--keep-last", "1", "--keep-daily", "2", "--keep-weekly", "0", "--dry-run", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        Check("maintain-prune", run.Out, dir.Path);
        SchemaAssert.Rejects("maintain-prune", run.Out, d => Set(d["decisions"]![0]!["reason"]!, "outside the retention policy"), "a kept backup said to be outside the policy");
        SchemaAssert.Rejects("maintain-prune", run.Out, d => Set(d["decisions"]![0]!["kind"]!, "mysql"), "an unknown database kind");
    }

    [Fact]
    public void Verify()
    {
        using var dir = Backups();
        File.AppendAllText(Path.Combine(dir.Path, "neo4j-graph-20260301T030000Z", "neo4j.dump"), " damaged");
        var run = CliRun.Of("maintain", "verify", Path.Combine(dir.Path, "neo4j-graph-20260301T030000Z"), "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Check("maintain-verify", run.Out, dir.Path);
        SchemaAssert.Rejects("maintain-verify", run.Out, d => d[0]!["ok"] = "no", "a string where a boolean belongs");
        SchemaAssert.Rejects("maintain-verify", run.Out, d => Set(d[0]!["kind"]!, "mysql"), "an unknown database kind");

        var manifest = File.ReadAllText(Path.Combine(dir.Path, "neo4j-graph-20260301T030000Z", BackupManifest.FileName));
        SchemaAssert.Valid("backup-manifest", manifest);
    }

    [Fact]
    public void Cleanup()
    {
        using var dir = Backups();
        var old = DateTime.UtcNow.AddDays(-40);
        foreach (var entry in Directory.EnumerateDirectories(dir.Path).Where(d => d.Contains("postgres", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Take(2))
        {
            Directory.SetLastWriteTimeUtc(entry, old);
        }

        var partial = Path.Combine(dir.Path, ".postgres-app-20260304T030000Z.partial");
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, "app.pgdump"), "half a dump");

        var run = CliRun.Of("maintain", "cleanup", dir.Path, "--older-than", "30d", "--dry-run", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        Check("maintain-cleanup", run.Out, dir.Path);
        SchemaAssert.Rejects("maintain-cleanup", run.Out, d => Set(d["items"]![0]!["what"]!, "volume"), "an unknown kind of item");
        SchemaAssert.Rejects("maintain-cleanup", run.Out, d => d["bytes"] = -1, "negative bytes");
    }
}
