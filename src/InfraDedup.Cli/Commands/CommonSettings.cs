using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core.Inventory;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

/// <summary>
/// Wording that several options' help shares, written once: a folder argument's default and the hidden old name of
/// <c>--out-dir</c>. The error for a missing folder (<see cref="TreeRoot"/>) ends with the same default.
/// </summary>
internal static class OptionText
{
    public const string CurrentDirectoryDefault = "(default: the current directory)";

    public const string OldOutDir = "Old name of --out-dir, kept for one release.";
}

/// <summary>Output formats of commands that print a result.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Markdown,
}

/// <summary>Output formats of the operations commands (deploy, monitor, maintain): a table for people or JSON.</summary>
public enum TableOrJson
{
    Table,
    Json,
}

/// <summary>
/// Options of every command that prints something. Commands with only one kind of output (demo, sample, …) take
/// these; commands with a machine-readable result take <see cref="OutputSettings"/>, so no command accepts a
/// <c>--format</c> it would ignore.
/// </summary>
public class DisplaySettings : CommandSettings
{
    [CommandOption("-o|--output <FILE>")]
    [Description("Write the result to FILE instead of standard output.")]
    public string? Output { get; init; }

    [CommandOption("-q|--quiet")]
    [Description("Only errors and the final summary line; no progress display.")]
    public bool Quiet { get; init; }

    [CommandOption("-v|--verbose")]
    [Description("List everything (every check, step or file), not only the summary and what failed.")]
    public bool Verbose { get; init; }

    [CommandOption("--no-color")]
    [Description("Plain text without colours (also honoured: the NO_COLOR environment variable).")]
    public bool NoColor { get; init; }

    /// <summary>How much the table output lists.</summary>
    public Verbosity Verbosity => VerbosityOptions.Of(Quiet, Verbose);

    /// <summary>Whether the result is a table for people (progress may show); false for documents.</summary>
    public virtual bool PrintsTable => true;
}

/// <summary>How much a command lists in its table output (documents always hold everything).</summary>
public enum Verbosity
{
    /// <summary>Only errors and the final summary line (<c>-q</c>).</summary>
    Quiet,

    /// <summary>The summary and every failure.</summary>
    Normal,

    /// <summary>Everything (<c>-v</c>).</summary>
    Verbose,
}

/// <summary>The verbosity the display options ask for.</summary>
public static class VerbosityOptions
{
    /// <summary>Quiet wins when both are given: asking for less is the safer reading.</summary>
    public static Verbosity Of(bool quiet, bool verbose) => quiet ? Verbosity.Quiet : verbose ? Verbosity.Verbose : Verbosity.Normal;
}

/// <summary>
/// Options of every command with a machine-readable result: <see cref="DisplaySettings"/> plus <c>--format</c>.
/// Every command taking these documents its JSON with a schema (<see cref="Infrastructure.JsonOutputAttribute"/>).
/// </summary>
public class OutputSettings : DisplaySettings
{
    [CommandOption("--format <FORMAT>")]
    [TypeConverter(typeof(KebabEnumConverter<OutputFormat>))]
    [Description("Output format: table, json or markdown.")]
    [DefaultValue("table")]
    public OutputFormat Format { get; init; } = OutputFormat.Table;

    public override bool PrintsTable => Format == OutputFormat.Table;
}

/// <summary>
/// Options of the commands whose result is a table or JSON and nothing else (deploy, monitor, maintain): their help
/// lists exactly those two, and <c>--format markdown</c> is refused with that list like any unknown value.
/// </summary>
public class TableOrJsonSettings : DisplaySettings
{
    [CommandOption("--format <FORMAT>")]
    [TypeConverter(typeof(KebabEnumConverter<TableOrJson>))]
    [Description("Output format: table or json.")]
    [DefaultValue("table")]
    public TableOrJson Format { get; init; } = TableOrJson.Table;

    public override bool PrintsTable => Format == TableOrJson.Table;
}

/// <summary>
/// The tree filter options (<c>--no-ignore</c>, <c>--include</c>, <c>--exclude</c>) with the display options: the
/// one definition every command that walks a tree takes them from (lint, validate and report add their own
/// <c>--format</c> values and arguments; scan, similar and plan take <see cref="TreeSettings"/>).
/// </summary>
public class TreeFilterSettings : DisplaySettings, ITreeFilter
{
    [CommandOption("--no-ignore")]
    [Description("Do not honour .gitignore, .infradedupignore and .git/info/exclude.")]
    public bool NoIgnore { get; init; }

    [CommandOption("--include <GLOB>")]
    [Description("Only take files matching GLOB (gitignore syntax; repeatable).")]
    public string[] Include { get; init; } = [];

    [CommandOption("--exclude <GLOB>")]
    [Description("Leave out files and folders matching GLOB (gitignore syntax; repeatable).")]
    public string[] Exclude { get; init; } = [];

    /// <summary>Globs that fit the command, quoted in the error for an unusable one.</summary>
    protected virtual string GlobExamples => "'*.sh' or 'backups/'";

    public override ValidationResult Validate() => this.CheckGlobs(GlobExamples);
}

/// <summary>Options of every command that walks one tree and prints a table, JSON or Markdown (scan, similar, plan).</summary>
public class TreeSettings : TreeFilterSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Directory to work on " + OptionText.CurrentDirectoryDefault + ".")]
    public string Path { get; init; } = ".";

    [CommandOption("--format <FORMAT>")]
    [TypeConverter(typeof(KebabEnumConverter<OutputFormat>))]
    [Description("Output format: table, json or markdown.")]
    [DefaultValue("table")]
    public OutputFormat Format { get; init; } = OutputFormat.Table;

    public override bool PrintsTable => Format == OutputFormat.Table;
}

/// <summary>
/// Options of the commands that group files into near-duplicate families (similar, plan): the tree options and
/// <c>--threshold</c>, declared once so both read and check it the same way.
/// </summary>
public class FamilySettings : TreeSettings
{
    [CommandOption("--threshold <T>")]
    [Description("Minimum similarity (0 < T ≤ 1) for two files to be in one family; 1 links only identical normalized files.")]
    [DefaultValue(0.85)]
    public double Threshold { get; init; } = 0.85;

    public override ValidationResult Validate() =>
        Threshold is > 0 and <= 1
            ? base.Validate()
            : ValidationResult.Error($"--threshold {Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range; give a value in (0, 1], e.g. 0.85.");
}

/// <summary>Options of the commands that generate the sample monorepo (sample, demo): its size and seed.</summary>
public class SampleSizeSettings : DisplaySettings
{
    [CommandOption("--services <N>")]
    [Description("Number of services in the sample (5 to 100000).")]
    [DefaultValue(120)]
    public int Services { get; init; } = 120;

    [CommandOption("--seed <SEED>")]
    [Description("Random seed; the same seed and size give a byte-identical sample.")]
    [DefaultValue(42L)]
    public long Seed { get; init; } = 42;

    public override ValidationResult Validate() =>
        Services is < Core.Sample.SampleOptions.MinServices or > Core.Sample.SampleOptions.MaxServices
            ? ValidationResult.Error($"--services must be between {Core.Sample.SampleOptions.MinServices} and {Core.Sample.SampleOptions.MaxServices}.")
            : ValidationResult.Success();
}

/// <summary>
/// The tree filter options (<c>--no-ignore</c>, <c>--include</c>, <c>--exclude</c>), declared once in
/// <see cref="TreeFilterSettings"/>; what is done with them is shared through this interface.
/// </summary>
public interface ITreeFilter
{
    bool NoIgnore { get; }

    string[] Include { get; }

    string[] Exclude { get; }
}

/// <summary>What every command does with its <see cref="ITreeFilter"/> options.</summary>
public static class TreeFilter
{
    public static WalkOptions ToWalkOptions(this ITreeFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new() { NoIgnore = filter.NoIgnore, Include = filter.Include, Exclude = filter.Exclude };
    }

    /// <summary>An error naming the first glob that matches nothing usable; <paramref name="examples"/> fit the command.</summary>
    public static ValidationResult CheckGlobs(this ITreeFilter filter, string examples)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var bad = filter.Include.Concat(filter.Exclude).FirstOrDefault(g => GlobPattern.Parse(g) is null);
        return bad is null
            ? ValidationResult.Success()
            : ValidationResult.Error($"'{bad}' is not a usable glob (empty or a comment); give a pattern such as {examples}.");
    }
}
