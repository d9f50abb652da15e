using System.Text.Json;

namespace InfraDedup.Cli.Tests.Commands;

public sealed class SimilarCommandTests
{
    private const string Agent = """
        FROM python:3.11-slim
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        ENV AGENT_NAME={N} PORT={P}
        EXPOSE {P}
        CMD ["python", "main.py"]

        """;

    private static void Fill(TempDir dir)
    {
        dir.Write("services/a/Dockerfile", Agent.Replace("{N}", "alpha").Replace("{P}", "8001"));
        dir.Write("services/b/Dockerfile", Agent.Replace("{N}", "beta").Replace("{P}", "8002"));
        dir.Write("services/c/Dockerfile", "# old layout\n" + Agent.Replace("{N}", "gamma").Replace("{P}", "8003").Replace("WORKDIR /app\n", "WORKDIR /app\nUSER app\n"));
        dir.Write("backups/a/Dockerfile", Agent.Replace("{N}", "alpha").Replace("{P}", "8001"));
        dir.Write("other/Dockerfile", "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n");
        dir.Write("scripts/restart-web.sh", "#!/bin/sh\nset -eu\nSERVICE=web\ndocker compose restart \"$SERVICE\"\necho \"restarted $SERVICE\"\n");
        dir.Write("scripts/restart-db.sh", "#!/bin/sh\nset -eu\nSERVICE=db\ndocker compose restart \"$SERVICE\"\necho \"restarted $SERVICE\"\n");
        dir.Write("scripts/report.py", "import sys\n\nprint(sys.argv)\n");
    }

    [Fact]
    public void Json_output_matches_the_golden_file()
    {
        using var dir = new TempDir();
        Fill(dir);
        var run = CliRun.Of("similar", dir.Path, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var json = run.Out.Replace(JsonEncodedText.Encode(dir.Path).ToString(), "<root>", StringComparison.Ordinal);
        Golden(json);
    }

    [Fact]
    public void Table_shows_the_biggest_family_first_with_what_varies()
    {
        using var dir = new TempDir();
        Fill(dir);
        var run = CliRun.Of("similar", dir.Path, "--no-color");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("2 near-duplicate families", run.Console, StringComparison.Ordinal);
        Assert.Contains("EXPOSE <8001|8002|8003>", run.Console, StringComparison.Ordinal);
        Assert.True(run.Console.IndexOf("Dockerfile", StringComparison.Ordinal) < run.Console.IndexOf("shell", StringComparison.Ordinal));
    }

    [Fact]
    public void Kind_and_threshold_filter()
    {
        using var dir = new TempDir();
        Fill(dir);
        var shell = CliRun.Of("similar", dir.Path, "--kind", "shell", "--format", "json");
        Assert.DoesNotContain("\"dockerfile\"", shell.Out, StringComparison.Ordinal);
        Assert.Contains("restart-db.sh", shell.Out, StringComparison.Ordinal);
        var exact = CliRun.Of("similar", dir.Path, "--threshold", "1", "--keep-literals", "--format", "json");
        using var doc = JsonDocument.Parse(exact.Out);
        var family = Assert.Single(doc.RootElement.GetProperty("families").EnumerateArray());
        Assert.Equal(2, family.GetProperty("members").GetArrayLength()); // services/a and its backup
    }

    [Theory]
    [InlineData("--threshold", "0")]
    [InlineData("--threshold", "1.5")]
    [InlineData("--min-size", "1")]
    [InlineData("--kind", "yaml")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        using var dir = new TempDir();
        var run = CliRun.Of("similar", dir.Path, option, value);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Scan_json_lists_near_duplicates()
    {
        using var dir = new TempDir();
        Fill(dir);
        var run = CliRun.Of("scan", dir.Path, "--format", "json");
        using var doc = JsonDocument.Parse(run.Out);
        var groups = doc.RootElement.GetProperty("nearDuplicates").EnumerateArray().ToList();
        Assert.Equal(2, groups.Count);
        Assert.Equal("dockerfile", groups[0].GetProperty("kind").GetString());
        Assert.Equal(4, groups[0].GetProperty("paths").GetArrayLength());
        Assert.Equal("backups/a/Dockerfile", groups[0].GetProperty("paths")[0].GetString());
    }

    private static void Golden(string actual, [System.Runtime.CompilerServices.CallerFilePath] string testFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(testFile)!, "Golden", "similar.json");
        if (Environment.GetEnvironmentVariable("INFRADEDUP_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with INFRADEDUP_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
