using System.Diagnostics;
using System.Text.Json;
using InfraDedup.Cli.Commands;
using InfraDedup.Cli.Tests.Commands;

namespace InfraDedup.Cli.Tests.Conventions;

/// <summary>
/// The conventions of docs/cli.md, checked command by command: output that never wraps in a pipe and carries no
/// escape codes, one --format convention, verbosity, error wording, option names.
/// </summary>
public class CliConventionTests
{
    private const string Escape = "\u001b";

    // A folder name long enough that any path through it passes 80 columns: a wrapped line would cut it.
    private static readonly string LongName = "a-folder-with-a-very-long-name-so-that-every-path-inside-it-is-wider-than-eighty-columns-" + new string('x', 20);

    [Fact]
    public void Piped_scan_output_keeps_every_path_on_one_line_and_has_no_escape_codes()
    {
        using var dir = new TempDir();
        dir.Write($"{LongName}/one/Dockerfile", "FROM alpine:3.20\nRUN echo same\n");
        dir.Write($"{LongName}/two/Dockerfile", "FROM alpine:3.20\nRUN echo same\n");

        var run = ProcessRun.Of(["scan", dir.Path]);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(Escape, run.Out, StringComparison.Ordinal);
        Assert.Contains($"{LongName}/one/Dockerfile", run.Out, StringComparison.Ordinal);
        Assert.Contains($"{LongName}/two/Dockerfile", run.Out, StringComparison.Ordinal);
        Assert.Contains("alpine:3.20", run.Out, StringComparison.Ordinal); // the base-image chart is part of the output
        Assert.All(run.Out.Split('\n'), line => Assert.True(line.Length < 1000, $"a line padded to the no-wrap width ({line.Length} characters): {line.Trim()}"));
    }

    [Fact]
    public void Piped_plan_output_keeps_the_plan_path_on_one_line_and_has_no_escape_codes()
    {
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, LongName);
        Assert.Equal(0, CliRun.Of("sample", "--out-dir", root, "--services", "5", "-q").ExitCode);

        var run = ProcessRun.Of(["plan", root]);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(Escape, run.Out + run.Error, StringComparison.Ordinal);
        Assert.Contains(root, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Piped_archive_list_keeps_the_operation_id_on_one_line_and_has_no_escape_codes()
    {
        using var t = new ApplyTestTree();
        var apply = CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--yes", "--allow-dirty", "--format", "json");
        Assert.Equal(0, apply.ExitCode);
        var op = JsonDocument.Parse(apply.Out).RootElement.GetProperty("opId").GetString()!;

        var run = ProcessRun.Of(["archive", "list", t.Root], columns: null);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(Escape, run.Out, StringComparison.Ordinal);
        Assert.Contains(op, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void COLUMNS_sets_the_width_of_piped_tables()
    {
        using var dir = new TempDir();
        dir.Write($"{LongName}/one/Dockerfile", "FROM alpine:3.20\n");
        dir.Write($"{LongName}/two/Dockerfile", "FROM alpine:3.20\n");

        var run = ProcessRun.Of(["scan", dir.Path, "--exact-only"], columns: "60");

        Assert.Equal(0, run.ExitCode);
        Assert.All(run.Out.Split('\n'), line => Assert.True(line.Length <= 60, $"wider than COLUMNS=60: {line}"));
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("scan", "--no-color")]
    [InlineData("archive", "list", "--no-color")]
    public void On_a_terminal_without_colours_nothing_but_text_is_written(params string[] args)
    {
        if (!File.Exists("/usr/bin/script"))
        {
            Assert.Skip("needs script(1) to give the command a terminal");
        }

        using var dir = new TempDir();
        dir.Write("Dockerfile", "FROM alpine:3.20\n");
        var withPath = args.Length > 1 ? [.. args, dir.Path] : args;
        var command = string.Join(' ', ProcessRun.CommandLine(withPath).Select(a => "'" + a + "'"));

        var run = ProcessRun.Start("/usr/bin/script", ["-qec", command, "/dev/null"], columns: null);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(Escape, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_format_names_the_option_and_the_accepted_values_without_type_names()
    {
        using var dir = new TempDir();
        var run = CliRun.Of("scan", dir.Path, "--format", "yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --format: 'yaml' is not one of table, json, markdown.\n", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("OutputFormat", run.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'infradedup scan --help' for usage.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_option_given_a_word_says_a_number_is_needed()
    {
        var run = CliRun.Of("similar", ".", "--threshold", "abc");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --threshold: 'abc' is not a number.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Double", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_option_is_shown_with_its_dashes_and_the_likely_one()
    {
        var run = CliRun.Of("scan", ".", "--formt", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: unknown option '--formt'; did you mean '--format'?", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("to scan", "scan")]
    [InlineData("to search for near duplicates", "similar")]
    [InlineData("to map the scripts of", "scripts")]
    [InlineData("to plan a consolidation for", "plan")]
    [InlineData("to report on", "report")]
    [InlineData("whose archive to list", "archive", "list")]
    [InlineData("to validate", "validate")]
    [InlineData("to generate Dockerfiles in", "generate")]
    [InlineData("whose operation to roll back", "rollback", "--last")]
    [InlineData("the plan was made for", "apply", "--plan", "no-such-plan.json")]
    public void A_missing_folder_is_reported_the_same_way_by_every_command(string purpose, params string[] command)
    {
        var missing = Path.Combine(Path.GetTempPath(), "infradedup-no-such-folder-" + Guid.NewGuid().ToString("N")[..8]);
        var words = command.TakeWhile(a => !a.StartsWith('-')).ToArray();
        var run = CliRun.Of([.. words, missing, .. command.Skip(words.Length)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: '{missing}' does not exist; give the folder {purpose} (default: the current directory).\n", run.Error);
    }

    [Fact]
    public void A_missing_plan_file_is_named_without_the_runtime_message()
    {
        using var dir = new TempDir();
        var run = CliRun.Of("apply", dir.Path, "--plan", Path.Combine(dir.Path, "x.json"), "--yes");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find file", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scan", "table, json or markdown", "table")]
    [InlineData("validate", "table, json, markdown or sarif", "table")]
    [InlineData("report", "markdown or html", "markdown")]
    [InlineData("plan", "table, json or markdown", "auto")]
    public void Help_lists_the_formats_and_shows_defaults_as_typed(string command, string formats, string shownDefault)
    {
        var run = CliRun.Of(command, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(formats, run.Console, StringComparison.Ordinal);
        Assert.Matches($@"\s{shownDefault}\s", run.Console);
        Assert.DoesNotMatch(@"--[a-z-]+ <[A-Z]+>\s+(Table|Tty|Auto|Markdown|Wrapper|All)\s", run.Console);
    }

    [Fact]
    public void Lint_accepts_table_and_scan_refuses_tty_listing_its_formats()
    {
        using var dir = new TempDir();
        dir.Write("Dockerfile", "FROM alpine:3.20\n");

        Assert.NotEqual(2, CliRun.Of("lint", dir.Path, "--format", "table").ExitCode);
        var scan = CliRun.Of("scan", dir.Path, "--format", "tty");
        Assert.Equal(2, scan.ExitCode);
        Assert.Contains("'tty' is not one of table, json, markdown", scan.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("demo")]
    [InlineData("plan")]
    public void Folder_outputs_are_named_out_dir_and_the_old_name_is_hidden(string command)
    {
        var help = CliRun.Of(command, "--help").Console;

        Assert.Contains("--out-dir <DIR>", help, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"--out\s", help);
        Assert.Contains("-o, --output <FILE>", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_prints_markdown_by_default_and_html_with_format()
    {
        using var dir = new TempDir();
        dir.Write("svc/Dockerfile", "FROM alpine:3.20\n");

        var markdown = CliRun.Of("report", dir.Path);
        var html = CliRun.Of("report", dir.Path, "--format", "html");

        Assert.Equal(0, markdown.ExitCode);
        Assert.StartsWith("# Consolidation report", markdown.Out, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", html.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_and_rollback_list_steps_only_when_verbose_and_only_the_summary_when_quiet()
    {
        using var t = new ApplyTestTree();
        var apply = CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--yes", "--allow-dirty");
        Assert.Equal(0, apply.ExitCode);
        Assert.Contains("Applied operation", apply.Console, StringComparison.Ordinal);
        Assert.Contains("Undo with:", apply.Console, StringComparison.Ordinal);
        Assert.DoesNotContain("svc/a/Dockerfile", apply.Console, StringComparison.Ordinal);

        var verbose = CliRun.Of("rollback", t.Root, "--last", "--dry-run", "-v");
        Assert.Equal(0, verbose.ExitCode);

        var quiet = CliRun.Of("rollback", t.Root, "--last", "-q");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Single(quiet.Console.TrimEnd('\n').Split('\n'));
        Assert.Contains("Rolled back", quiet.Console, StringComparison.Ordinal);

        var again = CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--yes", "--allow-dirty", "-v");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("svc/a/Dockerfile", again.Console, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_lists_passing_checks_only_when_verbose()
    {
        using var t = new ApplyTestTree();
        Assert.Equal(0, CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--yes", "--allow-dirty").ExitCode);

        var normal = CliRun.Of("validate", t.Root);
        var verbose = CliRun.Of("validate", t.Root, "--verbose");

        Assert.DoesNotContain("pass ", normal.Console, StringComparison.Ordinal);
        Assert.Contains("pass", verbose.Console, StringComparison.Ordinal);
        Assert.Equal(normal.Console.TrimEnd('\n').Split('\n')[^1], verbose.Console.TrimEnd('\n').Split('\n')[^1]);
    }

    [Fact]
    public void Demo_tells_a_short_story_and_points_at_a_kept_report_folder()
    {
        var leftoversBefore = DemoLeftovers();

        var run = CliRun.Of("demo", "--services", "30");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Console.TrimEnd('\n').Split('\n');
        Assert.InRange(lines.Length, 6, 14);
        Assert.Contains("5 of 5 kinds match exactly", run.Console, StringComparison.Ordinal);
        var folder = DemoCommand.KeptReportFolder;
        Assert.Contains($"Kept on purpose: {folder}", run.Console, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
        Assert.True(File.Exists(Path.Combine(folder, "plan", "plan.json")));
        Assert.Equal(leftoversBefore, DemoLeftovers());
    }

    /// <summary>Folders earlier demos left in the temp folder (a sample or a "-report" beside it).</summary>
    private static string[] DemoLeftovers() =>
        [.. Directory.GetDirectories(Path.GetTempPath(), "infradedup-demo-*-report").Order(StringComparer.Ordinal)];
}

/// <summary>Runs the built CLI as a separate process, its standard output and error piped (not a terminal).</summary>
internal sealed record ProcessRun(int ExitCode, string Out, string Error)
{
    public static IReadOnlyList<string> CommandLine(IEnumerable<string> args) =>
        [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Join(AppContext.BaseDirectory, "infradedup.dll"), .. args];

    public static ProcessRun Of(IEnumerable<string> args, string? columns = null)
    {
        var line = CommandLine(args);
        return Start(line[0], line.Skip(1), columns);
    }

    public static ProcessRun Start(string program, IEnumerable<string> args, string? columns)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("NO_COLOR");
        start.Environment["TERM"] = "xterm-256color";
        if (columns is null)
        {
            start.Environment.Remove("COLUMNS");
        }
        else
        {
            start.Environment["COLUMNS"] = columns;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ProcessRun(process.ExitCode, output.Result, error.Result);
    }
}
