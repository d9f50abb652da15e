using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using InfraDedup.Cli.Infrastructure;

namespace InfraDedup.Cli.Tests.Conventions;

/// <summary>
/// The points of issue #20 that the other convention tests did not cover: the terminal width and colour rules, the
/// hidden old option names, enum values in errors, output into a shared file, and the install notes a fresh clone
/// relies on.
/// </summary>
public sealed partial class CliDoneMeansTests
{
    /// <summary>Every command class and the words that run it.</summary>
    public static TheoryData<string, string> Commands() => new()
    {
        { "DemoCommand", "demo" }, { "SampleCommand", "sample" }, { "DockerfileDumpCommand", "dockerfile dump" },
        { "DockerfilePrintCommand", "dockerfile print" }, { "ScanCommand", "scan" }, { "SimilarCommand", "similar" },
        { "ScriptsCommand", "scripts" }, { "PlanCommand", "plan" }, { "SchemaCommand", "schema" }, { "ApplyCommand", "apply" },
        { "RollbackCommand", "rollback" }, { "ArchiveListCommand", "archive list" }, { "ArchiveVerifyCommand", "archive verify" },
        { "ArchiveExportCommand", "archive export" }, { "ArchiveImportCommand", "archive import" }, { "ReportCommand", "report" },
        { "DeployCommand", "deploy" }, { "MonitorCommand", "monitor" }, { "MaintainBackupCommand", "maintain backup" },
        { "MaintainVerifyCommand", "maintain verify" }, { "MaintainRestoreCommand", "maintain restore" },
        { "MaintainPruneCommand", "maintain prune" }, { "MaintainCleanupCommand", "maintain cleanup" },
        { "MaintainDiskUsageCommand", "maintain disk-usage" }, { "MaintainScheduleCommand", "maintain schedule" },
        { "LintCommand", "lint" }, { "ValidateCommand", "validate" }, { "GenerateCommand", "generate" },
    };

    private static Type[] CommandClasses() =>
        [.. typeof(CliApp).Assembly.GetTypes().Where(t => t.Namespace == "InfraDedup.Cli.Commands" && !t.IsAbstract && !t.IsNested && t.Name.EndsWith("Command", StringComparison.Ordinal))];

    [Fact]
    public void Every_command_class_is_in_the_description_check()
    {
        var listed = Commands().Select(row => row.Data.Item1).Order(StringComparer.Ordinal);

        Assert.Equal(listed, CommandClasses().Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// One source for descriptions: each command's help and the list of commands above it show the text its class's
    /// [Description] declares. Spectre prints a command's description without its closing full stop (and wraps long
    /// lines), so the text is compared without it and with whitespace squeezed.
    /// </summary>
    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_help_shows_the_description_its_class_declares(string className, string words)
    {
        var description = CommandClasses().Single(t => t.Name == className).GetCustomAttribute<DescriptionAttribute>()?.Description;
        Assert.False(string.IsNullOrWhiteSpace(description), $"{className} has no [Description]");
        var path = words.Split(' ');
        var shown = Squeeze(description!.TrimEnd('.'));

        var own = CliRun.WithAllCommands([.. path, "--help"]);
        var parent = CliRun.WithAllCommands([.. path[..^1], "--help"]);

        Assert.Equal(0, own.ExitCode);
        Assert.Contains("DESCRIPTION: " + shown + " USAGE:", Squeeze(own.Console), StringComparison.Ordinal);
        Assert.Contains(shown, Squeeze(parent.Console), StringComparison.Ordinal);
    }

    private static string Squeeze(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [Theory]
    [InlineData(null, 120, 120)] // a terminal: its width
    [InlineData(null, null, ProcessConsole.NoWrapWidth)] // a pipe or file: never wrapped
    [InlineData("60", null, 60)] // COLUMNS wins everywhere
    [InlineData("60", 120, 60)]
    [InlineData("0", 120, 120)] // not a positive number: ignored
    [InlineData("wide", null, ProcessConsole.NoWrapWidth)]
    public void The_width_is_the_terminals_or_COLUMNS_and_never_wraps_a_pipe(string? columns, int? terminal, int expected) =>
        Assert.Equal(expected, ProcessConsole.Width(columns, terminal));

    [Theory]
    [InlineData(false, null, "xterm-256color", true)]
    [InlineData(true, null, "xterm-256color", false)] // --no-color
    [InlineData(false, "1", "xterm-256color", false)] // NO_COLOR, any non-empty value
    [InlineData(false, "", "xterm-256color", true)] // an empty NO_COLOR does not count
    [InlineData(false, null, "dumb", false)] // TERM=dumb
    public void Colours_are_off_with_no_color_NO_COLOR_or_a_dumb_terminal(bool option, string? noColor, string term, bool allowed) =>
        Assert.Equal(allowed, ProcessConsole.ColorsAllowed(option, name => name switch { "NO_COLOR" => noColor, "TERM" => term, _ => null }));

    [Theory]
    [InlineData("sample")]
    [InlineData("plan")]
    public void The_old_out_name_still_works_for_one_release(string command)
    {
        using var dir = new TempDir();
        var sample = Path.Combine(dir.Path, "sample");
        Assert.Equal(0, CliRun.Of("sample", command == "sample" ? "--out" : "--out-dir", sample, "--services", "5", "-q").ExitCode);
        if (command == "plan")
        {
            var plan = Path.Combine(dir.Path, "plan");
            Assert.Equal(0, CliRun.Of("plan", sample, "--out", plan, "-q").ExitCode);
            Assert.True(File.Exists(Path.Combine(plan, "plan.json")));
        }

        Assert.True(File.Exists(Path.Combine(sample, "ground-truth.json")));
    }

    [Fact]
    public void A_refused_enum_value_lists_what_is_accepted_as_typed()
    {
        var run = CliRun.Of("similar", ".", "--kind", "yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --kind: 'yaml' is not one of all, dockerfile, shell, python.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("SimilarKind", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Operations_commands_list_exactly_table_and_json()
    {
        var help = CliRun.Of("maintain", "prune", "--help");
        var markdown = CliRun.Of("maintain", "prune", ".", "--format", "markdown");

        Assert.Contains("table or json", help.Console, StringComparison.Ordinal);
        Assert.Equal(2, markdown.ExitCode);
        Assert.StartsWith("error: --format: 'markdown' is not one of table, json.", markdown.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// sample's Dockerfile total is the number scan reports for the same tree; the near-duplicate families hold fewer
    /// (a service kind with one member is no family), and the line says so instead of printing a second total.
    /// </summary>
    [Fact]
    public void Sample_and_scan_count_the_same_Dockerfiles_and_the_family_count_says_what_it_counts()
    {
        using var dir = new TempDir();
        var sample = CliRun.Of("sample", "--out-dir", dir.Path, "--services", "5");
        var scan = CliRun.Of("scan", dir.Path, "--format", "json");
        var truth = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "ground-truth.json"))).RootElement;

        var line = SampleDockerfiles().Match(sample.Console);
        Assert.True(line.Success, sample.Console);
        int Number(int group) => int.Parse(line.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        var scanned = System.Text.Json.JsonDocument.Parse(scan.Out).RootElement.GetProperty("files").GetProperty("dockerfiles").GetInt32();
        var families = truth.GetProperty("dockerfileFamilies");
        Assert.Equal(scanned, Number(1));
        Assert.Equal(families.EnumerateArray().Sum(f => f.GetProperty("paths").GetArrayLength()), Number(2));
        Assert.Equal(families.GetArrayLength(), Number(3));
        Assert.True(Number(2) < Number(1), "the sample has Dockerfiles outside every family, so the two numbers differ");

        using var one = new TempDir();
        one.Write("Dockerfile", "FROM alpine:3.20\n");
        var single = CliRun.Of("scan", one.Path, "--exact-only");
        Assert.Contains("Scanned 1 file (", single.Console, StringComparison.Ordinal);
        Assert.Contains("0 exact-duplicate groups (0 redundant copies)", single.Console, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(\d+) Dockerfiles \((\d+) of them in (\d+) near-duplicate famil(?:y|ies)\)")]
    private static partial Regex SampleDockerfiles();

    [Fact]
    public void Output_into_a_file_the_shell_also_writes_to_is_kept_in_order()
    {
        using var dir = new TempDir();
        var log = Path.Combine(dir.Path, "log.txt");
        var command = string.Join(' ', ProcessRun.CommandLine(["--version"]).Select(a => "'" + a + "'"));

        var run = ProcessRun.Start("/bin/sh", ["-c", $"{{ echo before; {command}; echo after; }} > '{log}'"], columns: null);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"before\n{CliApp.Version}\nafter\n", File.ReadAllText(log));
    }

    [Fact]
    public void A_fresh_clone_ignores_build_output_and_the_package_has_its_readme()
    {
        var root = RepositoryRoot();
        var ignored = File.ReadAllLines(Path.Combine(root, ".gitignore"));
        var project = File.ReadAllText(Path.Combine(root, "src/InfraDedup.Cli/InfraDedup.Cli.csproj"));

        Assert.Contains("out/", ignored);
        Assert.Contains("/artifacts/", ignored);
        Assert.Contains("<PackageReadmeFile>PACKAGE.md</PackageReadmeFile>", project, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "src/InfraDedup.Cli/PACKAGE.md")));
        Assert.Contains("$HOME/.dotnet/tools", File.ReadAllText(Path.Combine(root, "README.md")), StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InfraDedup.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (InfraDedup.slnx) is not above the test's folder");
    }
}
