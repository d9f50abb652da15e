using System.Text.Json;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Inventory;

public class ScanReportTests
{
    private static TempTree SmallMonorepo() => new TempTree()
        .File(".gitignore", "*.pyc\n")
        .File("cache.pyc", "compiled")
        .File("docker-compose.yml", "services:\n  api:\n    build: ./svc/api\n")
        .File("svc/api/Dockerfile", "FROM python:3.11-slim\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n")
        .File("svc/api/app.py", "print('api')\n")
        .File("svc/api/requirements.txt", "flask==3.0.0\n")
        .File("svc/web/Dockerfile", "FROM node:20-alpine AS build\nRUN npm ci\nFROM build\nCMD [\"node\", \"server.js\"]\n")
        .File("svc/web/package.json", "{}\n")
        .File("svc/broken/Dockerfile", "ARG PY=3.12\nFROM python:${PY}-slim\nENV ONLYKEY\n")
        .File("backups/svc/api/Dockerfile", "FROM python:3.11-slim\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n")
        .File("backups/svc/api/requirements.txt", "flask==3.0.0\n")
        .File("scripts/health.sh", "#!/bin/sh\ncurl -f http://localhost:8080/health\n")
        .File("scripts/health-copy.sh", "#!/bin/sh\ncurl -f http://localhost:8080/health\n")
        .File("bin/deploy", "#!/usr/bin/env bash\necho deploy\n")
        .File("tools/report", "#!/usr/bin/env python3\nprint(1)\n")
        .File("empty1.txt", "")
        .File("empty2.txt", "")
        .Symlink("latest", "svc/api");

    [Fact]
    public void Json_shape_matches_the_golden_file()
    {
        using var tree = SmallMonorepo();

        var report = Scanner.Scan(tree.Root, new WalkOptions());
        var json = JsonText.Document(report, ReportJsonContext.Default.ScanReport).Replace(tree.Root, "<root>", StringComparison.Ordinal);

        Golden.AssertMatches("scan.json", json);
    }

    [Fact]
    public void Json_has_the_documented_top_level_fields()
    {
        using var tree = SmallMonorepo();
        var report = Scanner.Scan(tree.Root, new WalkOptions());

        using var doc = JsonDocument.Parse(JsonText.Document(report, ReportJsonContext.Default.ScanReport));
        var root = doc.RootElement;
        foreach (var field in new[] { "root", "files", "exactDuplicates", "baseImages", "skipped" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"missing '{field}'");
        }

        foreach (var field in new[] { "total", "dockerfiles", "composeFiles", "shellScripts", "pythonScripts" })
        {
            Assert.True(root.GetProperty("files").TryGetProperty(field, out _), $"missing 'files.{field}'");
        }

        var group = root.GetProperty("exactDuplicates")[0];
        Assert.Equal(64, group.GetProperty("sha256").GetString()!.Length);
        Assert.True(group.GetProperty("size").GetInt64() > 0);
        Assert.True(group.GetProperty("paths").GetArrayLength() >= 2);
    }

    [Fact]
    public void Counts_kinds_duplicates_and_base_images()
    {
        using var tree = SmallMonorepo();

        var report = Scanner.Scan(tree.Root, new WalkOptions());

        Assert.Equal(4, report.Files.Dockerfiles);
        Assert.Equal(1, report.Files.ComposeFiles);
        Assert.Equal(3, report.Files.ShellScripts);
        Assert.Equal(2, report.Files.PythonScripts);
        Assert.Equal(1, report.Files.Ignored);
        Assert.Equal(3, report.ExactDuplicates.Count); // Dockerfile copy, requirements copy, health script copy
        Assert.Equal([new BaseImageCount("python:3.11-slim", 2), new BaseImageCount("node:20-alpine", 1), new BaseImageCount("python:3.12-slim", 1)], report.BaseImages);
        Assert.Equal("latest", Assert.Single(report.Skipped).Path);
        var error = Assert.Single(report.ParseErrors);
        Assert.Equal(("svc/broken/Dockerfile", 3), (error.Path, error.Line));
    }

    [Fact]
    public void Output_is_deterministic()
    {
        using var tree = SmallMonorepo();
        var first = JsonText.Document(Scanner.Scan(tree.Root, new WalkOptions()), ReportJsonContext.Default.ScanReport);
        var second = JsonText.Document(Scanner.Scan(tree.Root, new WalkOptions()), ReportJsonContext.Default.ScanReport);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Markdown_summary_lists_groups_and_images()
    {
        using var tree = SmallMonorepo();
        var markdown = ScanMarkdown.Render(Scanner.Scan(tree.Root, new WalkOptions()));

        Assert.Contains("| Dockerfiles | 4 |", markdown, StringComparison.Ordinal);
        Assert.Contains("3 groups, 3 redundant files", markdown, StringComparison.Ordinal);
        Assert.Contains("| `python:3.11-slim` | 2 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_summary_lists_near_duplicate_families_biggest_first()
    {
        using var tree = new TempTree();
        // Three agents that differ only in name and port, and two copies of a health check with another URL.
        foreach (var (name, port) in new[] { ("alpha", 8001), ("beta", 8002), ("gamma", 8003) })
        {
            tree.File($"agents/{name}/Dockerfile", "FROM python:3.11-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n"
                + "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\n"
                + $"ENV AGENT_NAME={name} PORT={port}\nEXPOSE {port}\nUSER app\nCMD [\"python\", \"app.py\"]\n");
        }

        tree.File("ops/health-a.sh", "#!/bin/sh\nset -eu\nfor i in 1 2 3; do\n  curl -fsS http://localhost:8001/health && exit 0\n  sleep 2\ndone\necho unhealthy >&2\nexit 1\n");
        tree.File("ops/health-b.sh", "#!/bin/sh\nset -eu\nfor i in 1 2 3; do\n  curl -fsS http://localhost:9090/health && exit 0\n  sleep 2\ndone\necho unhealthy >&2\nexit 1\n");

        var markdown = ScanMarkdown.Render(Scanner.Scan(tree.Root, new WalkOptions()));

        Assert.Contains("## Near-duplicate families", markdown, StringComparison.Ordinal);
        var dockerfiles = markdown.IndexOf("| 3 | Dockerfile |", StringComparison.Ordinal);
        var scripts = markdown.IndexOf("| 2 | shell |", StringComparison.Ordinal);
        Assert.True(dockerfiles > 0, markdown);
        Assert.True(scripts > dockerfiles, "the bigger family comes first:\n" + markdown);
        Assert.Contains("`agents/alpha/Dockerfile`<br>`agents/beta/Dockerfile`<br>`agents/gamma/Dockerfile`", markdown, StringComparison.Ordinal);
    }
}
