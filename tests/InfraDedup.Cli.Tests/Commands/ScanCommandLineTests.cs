using System.Reflection;
using CsCheck;
using InfraDedup.Cli.Commands;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Tests.Commands;

/// <summary>
/// The scan command line read without Spectre (<see cref="ScanCommandLine"/>) must mean exactly what Spectre reads:
/// whenever it accepts a command line, Spectre binds the same settings; everything else is left to Spectre.
/// </summary>
public class ScanCommandLineTests
{
    /// <summary>Words of the plain shapes the reader takes itself.</summary>
    private static readonly string[] PlainWords =
    [
        "--exact-only", "-q", "--quiet", "--verbose", "--no-color", "--no-ignore", "--format", "-o", "--output",
        "--include", "--exclude", "json", "table", "markdown", ".", "dir", "dir with space", "*.sh", "backups/", "out.json",
    ];

    /// <summary>Words the reader must leave to Spectre, or that change what a neighbouring word means.</summary>
    private static readonly string[] OddWords =
    [
        "-v", "JSON", "Markdown", "--format=json", "-o=x", "-qv", "--", "-h", "--help", "true", "FALSE", "#comment", "",
        "-", "-1", "--exact_only", "--Exact-Only", "scan", "--threshold", "0.9",
    ];

    private static readonly Gen<string[]> GenCommandLine =
        Gen.Frequency((6, Gen.Int[0, PlainWords.Length - 1].Select(i => PlainWords[i])), (1, Gen.Int[0, OddWords.Length - 1].Select(i => OddWords[i])))
            .Array[0, 7].Select(rest => (string[])["scan", .. rest]);

    [Fact]
    public void Accepted_command_lines_bind_what_Spectre_binds()
    {
        var accepted = 0;
        GenCommandLine.Sample(args =>
        {
            var read = ScanCommandLine.TryRead(args);
            if (read is null)
            {
                return;
            }

            Interlocked.Increment(ref accepted);
            Assert.Equal(Describe(SpectreReading(args)), Describe(read));
        }, iter: 3000, threads: 1);

        Assert.True(accepted > 100, $"only {accepted} generated command lines were plain enough to read");
    }

    [Theory]
    [InlineData("scan {0}")]
    [InlineData("scan {0} --exact-only --format json -q")]
    [InlineData("scan {0} --format markdown --include *.sh")]
    [InlineData("scan --exact-only {0} --no-color --verbose")]
    [InlineData("scan {0} --format json --exclude #comment")]
    public void A_scan_read_without_Spectre_prints_and_returns_what_Spectre_does(string line)
    {
        using var tree = new TempDir();
        tree.Write("a/Dockerfile", "FROM alpine:3.20\nRUN echo hi\n");
        tree.Write("b/Dockerfile", "FROM alpine:3.20\nRUN echo hi\n");
        tree.Write("run.sh", "#!/bin/sh\necho hi\n");
        var args = string.Format(System.Globalization.CultureInfo.InvariantCulture, line, tree.Path).Split(' ');

        CliRun.AssertSame(expected: CliRun.WithAllCommands(args), actual: CliRun.Of(args));
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("scan .")]
    [InlineData("scan dir --exact-only --format json -q -o out.json")]
    [InlineData("scan --format markdown --no-ignore --include *.sh --include Dockerfile --exclude backups/ dir")]
    [InlineData("scan --exact-only dir --no-color --verbose --output x")]
    [InlineData("scan -o true true")]
    public void Reads_the_plain_shapes_as_Spectre_does(string line)
    {
        var args = line.Split(' ');

        var read = ScanCommandLine.TryRead(args);

        Assert.NotNull(read);
        Assert.Equal(Describe(SpectreReading(args)), Describe(read));
    }

    [Theory]
    [InlineData("similar .")]
    [InlineData("scan --help")]
    [InlineData("scan -v")]
    [InlineData("scan . --exact-only true")]
    [InlineData("scan --exact-only --exact-only")]
    [InlineData("scan --format=json")]
    [InlineData("scan --format JSON")]
    [InlineData("scan -qv")]
    [InlineData("scan a b")]
    [InlineData("scan -o")]
    [InlineData("scan -o -q")]
    [InlineData("scan --include #comment")]
    [InlineData("scan -- .")]
    public void Leaves_everything_else_to_Spectre(string line)
    {
        Assert.Null(ScanCommandLine.TryRead(line.Split(' ')));
    }

    /// <summary>Every public property, so an option added to the settings shows up here.</summary>
    private static string Describe(ScanSettings settings) =>
        string.Join("\n", typeof(ScanSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={Show(p.GetValue(settings))}"));

    private static string Show(object? value) => value switch
    {
        null => "<null>",
        string[] items => "[" + string.Join("|", items) + "]",
        _ => value.ToString() ?? "",
    };

    /// <summary>The settings Spectre binds for <paramref name="args"/>, with the app's parsing configuration.</summary>
    private static ScanSettings SpectreReading(string[] args)
    {
        var captured = new Captured();
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.Settings.Registrar.RegisterInstance(captured);
            config.PropagateExceptions();
            config.Settings.StrictParsing = true;
            config.AddCommand<CapturingScanCommand>("scan");
        });

        Assert.Equal(0, app.Run(args));
        return captured.Settings ?? throw new InvalidOperationException("Spectre did not run the command.");
    }

    private sealed class Captured
    {
        public ScanSettings? Settings { get; set; }
    }

    private sealed class CapturingScanCommand(Captured captured) : Command<ScanSettings>
    {
        public override int Execute(CommandContext context, ScanSettings settings, CancellationToken cancellationToken)
        {
            captured.Settings = settings;
            return 0;
        }
    }
}
