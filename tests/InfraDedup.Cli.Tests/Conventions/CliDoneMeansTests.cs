using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfraDedup.Cli.Infrastructure;

namespace InfraDedup.Cli.Tests.Conventions;

/// <summary>
/// The points of issue #20 that the other convention tests did not cover: the terminal width and colour rules, the
/// hidden old option names, enum values in errors, counts that reconcile across commands, one source for command
/// descriptions, and the install notes a fresh clone relies on.
/// </summary>
public sealed partial class CliDoneMeansTests
{
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

    [Fact]
    public void Sample_and_scan_count_the_same_Dockerfiles_and_counts_use_the_right_number()
    {
        using var dir = new TempDir();
        var sample = CliRun.Of("sample", "--out-dir", dir.Path, "--services", "5");
        var scan = CliRun.Of("scan", dir.Path, "--format", "json");

        var written = int.Parse(SampleDockerfiles().Match(sample.Console).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var scanned = JsonDocument.Parse(scan.Out).RootElement.GetProperty("files").GetProperty("dockerfiles").GetInt32();
        Assert.Equal(written, scanned);

        using var one = new TempDir();
        one.Write("Dockerfile", "FROM alpine:3.20\n");
        var single = CliRun.Of("scan", one.Path, "--exact-only");
        Assert.Contains("Scanned 1 file (", single.Console, StringComparison.Ordinal);
        Assert.Contains("0 exact-duplicate groups (0 redundant copies)", single.Console, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_description_is_the_one_its_class_declares()
    {
        var help = Regex.Replace(CliRun.WithAllCommands("--help").Console, @"\s+", " ");
        var commands = typeof(CliApp).Assembly.GetTypes()
            .Where(t => t.Namespace == "InfraDedup.Cli.Commands" && t.Name.EndsWith("Command", StringComparison.Ordinal) && !t.IsAbstract)
            .Select(t => (t.Name, Description: t.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description))
            .ToList();

        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.False(string.IsNullOrEmpty(c.Description), $"{c.Name} has no [Description]"));
        foreach (var top in new[] { "ScanCommand", "PlanCommand", "LintCommand", "ReportCommand", "DemoCommand" })
        {
            Assert.Contains(commands.Single(c => c.Name == top).Description!, help, StringComparison.Ordinal);
        }
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

    [GeneratedRegex(@"(\d+) Dockerfiles in \d+ families")]
    private static partial Regex SampleDockerfiles();
}
