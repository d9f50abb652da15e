using System.Text.Json.Nodes;
using InfraDedup.Cli.Tests.Commands;

namespace InfraDedup.Cli.Tests.JsonOutput;

/// <summary>
/// Every command's real <c>--format json</c> output on a small fixed input: (1) matches a golden file after
/// <see cref="SchemaAssert.Normalize"/> (temporary folder, operation ids, timestamps, durations and the tool version
/// replaced, nothing else), (2) validates against the schema the command names, and (3) the schema rejects the same
/// document with a required key missing, an unknown key, or a wrong enum value.
/// </summary>
public sealed class CommandJsonTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void Fill(TempDir dir)
    {
        const string Agent = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nENV NAME={N}\nEXPOSE {P}\nCMD [\"python\", \"main.py\"]\n";
        dir.Write("docker-compose.yml", "services:\n  a:\n    build: ./svc/a\n  b:\n    build: ./svc/b\n");
        dir.Write("svc/a/Dockerfile", Agent.Replace("{N}", "a").Replace("{P}", "8001"));
        dir.Write("svc/a/requirements.txt", "flask==3.0.0\n");
        dir.Write("svc/b/Dockerfile", Agent.Replace("{N}", "b").Replace("{P}", "8002"));
        dir.Write("svc/b/requirements.txt", "flask==3.0.0\n");
        dir.Write("backups/svc/a/Dockerfile", Agent.Replace("{N}", "a").Replace("{P}", "8001"));
        dir.Write("backups/svc/a/requirements.txt", "flask==3.0.0\n");
        dir.Write("svc/broken/Dockerfile", "FROM alpine:3.20\nENV ONLYKEY\n");
        dir.Write("scripts/restart-web.sh", "#!/bin/sh\nset -eu\nSERVICE=web\ndocker compose restart \"$SERVICE\"\necho \"restarted $SERVICE\"\n");
        dir.Write("scripts/restart-db.sh", "#!/bin/sh\nset -eu\nSERVICE=db\ndocker compose restart \"$SERVICE\"\necho \"restarted $SERVICE\"\n");
    }

    private static CliRun Run(int expectedExit, params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.True(run.ExitCode == expectedExit, $"{string.Join(' ', args)} exited {run.ExitCode}:\n{run.Error}{run.Console}");
        return run;
    }

    private static void Check(string schema, string json, params string[] roots)
    {
        SchemaAssert.Valid(schema, json);
        JsonGolden.AssertMatches(schema + ".json", SchemaAssert.Normalize(json, roots).Replace($"\"toolVersion\": \"{CliApp.Version}\"", "\"toolVersion\": \"<version>\"", StringComparison.Ordinal));
    }

    private static void Set(JsonNode node, string value) => node.ReplaceWith(JsonValue.Create(value));

    [Fact]
    public void Scripts()
    {
        using var dir = new TempDir();
        Fill(dir);
        var json = Run(0, "scripts", dir.Path, "--format", "json").Out;
        Check("scripts", json, dir.Path);
        SchemaAssert.Rejects("scripts", json, d => Set(d["scripts"]![0]!["class"]!, "build"), "an unknown class");
        SchemaAssert.Rejects("scripts", json, d => Set(d["scripts"]![0]!["coverage"]!["level"]!, "most"), "an unknown coverage level");
    }

    [Fact]
    public void Scan()
    {
        using var dir = new TempDir();
        Fill(dir);
        var json = Run(0, "scan", dir.Path, "--format", "json").Out;
        Check("scan", json, dir.Path);
        SchemaAssert.Rejects("scan", json, d => Set(d["deadFiles"]![0]!["kind"]!, "config"), "an unknown dead-file kind");
        SchemaAssert.Rejects("scan", json, d => Set(d["exactDuplicates"]![0]!["sha256"]!, "ABC"), "a malformed SHA-256");
        SchemaAssert.Rejects("scan", json, d => Set(d["deadFiles"]![0]!["path"]!, "/etc/passwd"), "an absolute path");
        SchemaAssert.Rejects("scan", json, d => d["schema"] = "infradedup/scan@2", "another schema version");
    }

    [Fact]
    public void Similar()
    {
        using var dir = new TempDir();
        Fill(dir);
        var json = Run(0, "similar", dir.Path, "--pairs", "--format", "json").Out;
        Check("similar", json, dir.Path);
        SchemaAssert.Rejects("similar", json, d => Set(d["families"]![0]!["cloneType"]!, "type4"), "an unknown clone type");
        SchemaAssert.Rejects("similar", json, d => Set(d["families"]![0]!["kind"]!, "yaml"), "an unknown family kind");
    }

    [Fact]
    public void Plan_and_service_mapping()
    {
        using var dir = new TempDir();
        Fill(dir);
        var output = Path.Combine(dir.Path, "out");
        var json = Run(0, "plan", dir.Path, "--out-dir", output, "--project", "shop", "--format", "json").Out;
        Check("plan", json, dir.Path);
        SchemaAssert.Rejects("plan", json, d => Set(d["actions"]![0]!["kind"]!, "rename"), "an unknown action kind");

        var mapping = File.ReadAllText(Path.Combine(output, "service-mapping.json"));
        Check("service-mapping", mapping, dir.Path);
        SchemaAssert.Rejects("service-mapping", mapping, d => Set(d["services"]![0]!["strategy"]!, "magic"), "an unknown strategy");
    }

    [Fact]
    public void Generate()
    {
        using var dir = new TempDir();
        dir.Write("docker/service-mapping.json", """
            {
              "schemaVersion": 1,
              "generated": [
                { "service": "api", "template": "docker/templates/svc.Dockerfile.sbn", "output": "services/api/Dockerfile", "parameters": { "port": "8001" } },
                { "service": "web", "template": "docker/templates/svc.Dockerfile.sbn", "output": "services/web/Dockerfile", "parameters": { "port": "8002" } }
              ]
            }
            """);
        dir.Write("docker/templates/svc.Dockerfile.sbn", "FROM python:3.12-slim\nEXPOSE {{ port }}\n");
        dir.Write("services/web/Dockerfile", "FROM python:3.12-slim\nEXPOSE 9999\n");

        // --check shows every status a check can have: missing (api), differs (web); the golden keeps both diffs.
        var json = Run(1, "generate", dir.Path, "--check", "--format", "json").Out;
        Check("generate", json, dir.Path);
        SchemaAssert.Rejects("generate", json, d => Set(d["files"]![0]!["status"]!, "stale"), "an unknown status");
        SchemaAssert.Rejects("generate", json, d => d["files"]![0]!.AsObject().Remove("diff"), "a difference without its diff");

        var written = Run(0, "generate", dir.Path, "--format", "json").Out;
        SchemaAssert.Valid("generate", written);
    }

    [Fact]
    public void Apply_rollback_and_archive()
    {
        using var t = new ApplyTestTree();
        var dryRun = Run(0, "apply", t.Root, "--plan", t.PlanPath, "--dry-run", "--format", "json").Out;
        SchemaAssert.Valid("apply", dryRun);
        SchemaAssert.Rejects("apply", dryRun, d => Set(d["steps"]![0]!["outcome"]!, "done"), "a dry run that did something");

        var apply = Run(0, "apply", t.Root, "--plan", t.PlanPath, "--yes", "--format", "json").Out;
        Check("apply", apply, t.Root);
        SchemaAssert.Rejects("apply", apply, d => Set(d["steps"]![0]!["kind"]!, "rename"), "an unknown step kind");
        SchemaAssert.Rejects("apply", apply, d => d.AsObject().Remove("opId"), "an applied operation without its id");
        SchemaAssert.Rejects("apply", apply, d => Set(d["opId"]!, "yesterday"), "a malformed operation id");

        var list = Run(0, "archive", "list", t.Root, "--format", "json").Out;
        Check("archive-list", list, t.Root);
        SchemaAssert.Rejects("archive-list", list, d => Set(d["operations"]![0]!["state"]!, "fine"), "an unknown state");

        var verify = Run(0, "archive", "verify", "--root", t.Root, "--format", "json").Out;
        Check("archive-verify", verify, t.Root);
        SchemaAssert.Rejects("archive-verify", verify, d => d["operations"]![0]!["problems"]!.AsArray().Add(JsonValue.Create("object x is corrupt")), "a problem while 'ok' says true");

        var tarball = t.Beside("op.tar.gz");
        var export = Run(0, "archive", "export", "last", "--root", t.Root, "--out", tarball, "--format", "json").Out;
        SchemaAssert.Valid("archive-export", export);
        // The archive's size depends on the tar entries' timestamps: the golden keeps it as a placeholder.
        var exportNode = JsonNode.Parse(export)!;
        exportNode["bytes"] = 0;
        Check("archive-export", exportNode.ToJsonString(Indented) + "\n", t.Root, Path.GetDirectoryName(t.Root)!);
        SchemaAssert.Rejects("archive-export", export, d => d["objects"] = -1, "a negative object count");

        var clone = t.Beside("clone");
        Directory.CreateDirectory(clone);
        var import = Run(0, "archive", "import", tarball, "--root", clone, "--format", "json").Out;
        Check("archive-import", import, clone);
        SchemaAssert.Rejects("archive-import", import, d => d["manifestWritten"] = "yes", "a string where a boolean belongs");

        var rollback = Run(0, "rollback", t.Root, "--last", "--format", "json").Out;
        Check("rollback", rollback, t.Root);
        SchemaAssert.Rejects("rollback", rollback, d => Set(d["files"]![0]!["outcome"]!, "deleted"), "an unknown outcome");
    }

    [Fact]
    public void Validate()
    {
        using var dir = new TempDir();
        Fill(dir);
        var planDir = Path.Combine(dir.Path, "plan-out");
        Run(0, "plan", dir.Path, "--out-dir", planDir, "--project", "shop");
        Run(0, "apply", dir.Path, "--plan", Path.Combine(planDir, "plan.json"), "--yes");

        var json = Run(0, "validate", dir.Path, "--format", "json").Out;
        Check("validate", json, dir.Path);
        SchemaAssert.Rejects("validate", json, d => Set(d["checks"]![0]!["status"]!, "ok"), "an unknown status");
        SchemaAssert.Rejects("validate", json, d => Set(d["checks"]![0]!["kind"]!, "runtime"), "an unknown check kind");
        SchemaAssert.Rejects("validate", json, d => d["summary"]!["failed"] = 1, "a failed check while 'ok' says true");

        // A hand edit of the shared Dockerfile: the run fails, and the document still validates with 'ok': false.
        var shared = Directory.GetFiles(Path.Combine(dir.Path, "docker", "shared"), "*.Dockerfile").Single();
        File.AppendAllText(shared, "USER nobody\n");
        var failed = Run(1, "validate", dir.Path, "--format", "json").Out;
        SchemaAssert.Valid("validate", failed);
        Assert.Contains("\"status\": \"fail\"", failed, StringComparison.Ordinal);
        SchemaAssert.Rejects("validate", failed, d => d["ok"] = true, "'ok' while a check failed");
    }

    [Fact]
    public void Lint_findings_and_rules()
    {
        using var dir = new TempDir();
        var dockerfile = dir.Write("Dockerfile", "FROM ubuntu\nRUN apt-get update && apt-get install -y curl\nENV API_TOKEN=abc123\nCMD bash -c 'curl -s http://example.test | sh'\n");
        var json = Run(1, "lint", dockerfile, "--format", "json").Out;
        Check("lint", json, dir.Path);
        SchemaAssert.Rejects("lint", json, d => Set(d[0]!["level"]!, "fatal"), "an unknown level");
        SchemaAssert.Rejects("lint", json, d => Set(d[0]!["code"]!, "SC9999"), "a code of no rule set");

        // The whole list is validated; the golden keeps its first rules only, so adding a rule does not touch it.
        var rules = Run(0, "lint", "--list-rules", "--format", "json").Out;
        SchemaAssert.Valid("lint-rules", rules);
        var head = new JsonArray([.. JsonNode.Parse(rules)!.AsArray().Take(3).Select(r => r!.DeepClone())]);
        JsonGolden.AssertMatches("lint-rules.json", head.ToJsonString(Indented) + "\n");
        SchemaAssert.Rejects("lint-rules", rules, d => Set(d[0]!["severity"]!, "fatal"), "an unknown severity");
    }

    [Fact]
    public void Sample_ground_truth()
    {
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "sample");
        Run(0, "sample", "--out-dir", output, "--services", "5", "--seed", "7", "--quiet");
        var json = File.ReadAllText(Path.Combine(output, "ground-truth.json"));
        Check("ground-truth", json);
        SchemaAssert.Rejects("ground-truth", json, d => d["scriptFamilies"]![0]!["cloneType"] = 4, "an unknown clone type");
    }

    [Fact]
    public void Deploy_dry_run_validates_with_or_without_an_engine()
    {
        // Only the shape is compared: the decisions depend on whether a Docker engine is reachable (constructed
        // reports with every field are golden-tested in OpsJsonTests).
        using var dir = new TempDir();
        dir.Write("docker-compose.yml", "services:\n  web:\n    build: ./web\n    image: shop/web:1\n");
        dir.Write("web/Dockerfile", "FROM infradedup-test/busybox:1\nCMD [\"true\"]\n");
        var json = Run(0, "deploy", dir.Path, "--dry-run", "--format", "json").Out;
        SchemaAssert.Valid("deploy", json);
        SchemaAssert.Rejects("deploy", json, d => Set(d["builds"]![0]!["action"]!, "maybe"), "an unknown build action");
    }

    [Fact]
    public void Monitor_check_of_a_closed_port_validates()
    {
        var json = Run(1, "monitor", "--url", "http://127.0.0.1:9/health", "--no-system", "--http-timeout", "2s", "--format", "json").Out;
        SchemaAssert.Valid("monitor", json);
        SchemaAssert.Rejects("monitor", json, d => d["healthy"] = true, "'healthy' true beside a failed check");
    }
}
