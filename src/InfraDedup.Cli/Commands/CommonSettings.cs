using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core.Inventory;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

/// <summary>Output formats of commands that print a result.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Markdown,
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
    [Description("No progress display and no informational messages; only the result and errors.")]
    public bool Quiet { get; init; }

    [CommandOption("--no-color")]
    [Description("Plain text without colours (also honoured: the NO_COLOR environment variable).")]
    public bool NoColor { get; init; }
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
    [DefaultValue(OutputFormat.Table)]
    public OutputFormat Format { get; init; } = OutputFormat.Table;
}

/// <summary>Options of every command that walks a tree.</summary>
public class TreeSettings : OutputSettings, ITreeFilter
{
    [CommandArgument(0, "[PATH]")]
    [Description("Directory to work on (default: the current directory).")]
    public string Path { get; init; } = ".";

    [CommandOption("--no-ignore")]
    [Description("Do not honour .gitignore, .infradedupignore and .git/info/exclude.")]
    public bool NoIgnore { get; init; }

    [CommandOption("--include <GLOB>")]
    [Description("Only take files matching GLOB (gitignore syntax; repeatable).")]
    public string[] Include { get; init; } = [];

    [CommandOption("--exclude <GLOB>")]
    [Description("Leave out files and folders matching GLOB (gitignore syntax; repeatable).")]
    public string[] Exclude { get; init; } = [];

    public override ValidationResult Validate()
    {
        return this.CheckGlobs("'*.sh' or 'backups/'");
    }
}

/// <summary>
/// The tree filter options (<c>--no-ignore</c>, <c>--include</c>, <c>--exclude</c>). Commands with their own output
/// formats (lint, validate, report) cannot derive from <see cref="TreeSettings"/>, so they declare the options and
/// share what is done with them through this interface.
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
