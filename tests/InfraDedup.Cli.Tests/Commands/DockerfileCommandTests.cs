using System.Text;

namespace InfraDedup.Cli.Tests.Commands;

public class DockerfileCommandTests
{
    private const string Text = "# syntax=docker/dockerfile:1\r\nFROM  python:3.11-slim AS base\r\nrun apt-get update \\\r\n  && apt-get install -y curl\r\nCMD [\"python\",\"app.py\"]";

    [Fact]
    public void Print_is_byte_exact_by_default()
    {
        using var dir = new TempDir();
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Text)).ToArray();
        var path = Path.Combine(dir.Path, "Dockerfile");
        File.WriteAllBytes(path, bytes);

        var run = CliRun.Of("dockerfile", "print", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(bytes, run.RawOut);
    }

    [Fact]
    public void Canonical_print_normalizes_keyword_case_and_spacing()
    {
        using var dir = new TempDir();
        var path = dir.Write("Dockerfile", Text);

        var run = CliRun.Of("dockerfile", "print", "--canonical", path);

        var canonical = Encoding.UTF8.GetString(run.RawOut);
        Assert.Contains("FROM python:3.11-slim AS base", canonical, StringComparison.Ordinal);
        Assert.Contains("RUN apt-get update", canonical, StringComparison.Ordinal);
        Assert.Contains("CMD [\"python\", \"app.py\"]", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void Dump_uses_buildkit_format()
    {
        using var dir = new TempDir();
        var path = dir.Write("Dockerfile", "FROM alpine AS b\nCOPY --from=b /a /b\n");

        var run = CliRun.Of("dockerfile", "dump", path);

        Assert.Equal("(from \"alpine\" \"AS\" \"b\")\n(copy [\"--from=b\"] \"/a\" \"/b\")\n", Encoding.UTF8.GetString(run.RawOut));
    }

    [Fact]
    public void Parse_errors_name_file_line_and_column_and_exit_2()
    {
        using var dir = new TempDir();
        var path = dir.Write("Dockerfile", "FROM alpine\nRUN <<EOF\necho never closed\n");

        var run = CliRun.Of("dockerfile", "dump", path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {path}:2:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_an_input_error()
    {
        var run = CliRun.Of("dockerfile", "print", "/no/such/Dockerfile");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'/no/such/Dockerfile' does not exist", run.Error, StringComparison.Ordinal);
    }
}
