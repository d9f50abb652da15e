using InfraDedup.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace InfraDedup.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error, string Console, byte[] RawOut)
{
    public static CliRun Of(params string[] args) => Run(args, registerAll: false);

    /// <summary>Runs with every command registered, as a run that does not name one is.</summary>
    public static CliRun WithAllCommands(params string[] args) => Run(args, registerAll: true);

    /// <summary>Asserts that a run printed and returned exactly what <paramref name="expected"/> did, field by field (a failure names the field).</summary>
    public static void AssertSame(CliRun expected, CliRun actual)
    {
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Out, actual.Out);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Console, actual.Console);
        Assert.Equal(expected.RawOut, actual.RawOut);
    }

    private static CliRun Run(string[] args, bool registerAll)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new TestConsole();
        console.Profile.Width = 200;
        using var raw = new MemoryStream();
        var code = CliApp.Run(args, new CliEnvironment(output, error, console, interactive: false, raw), registerAll);
        return new CliRun(code, output.ToString(), error.ToString(), console.Output, raw.ToArray());
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "infradedup-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public TempDir() => Directory.CreateDirectory(Path);

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
