using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

/// <summary>Options of <c>lint</c>: its own formats (tty, json, sarif, checkstyle) plus the usual output and tree options.</summary>
public sealed class LintSettings : TreeFilterSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Dockerfiles or directories to lint " + OptionText.CurrentDirectoryDefault + ". Directories are walked for files named like Dockerfiles.")]
    public string[] Paths { get; init; } = [];

    [CommandOption("--format <FORMAT>")]
    [TypeConverter(typeof(LintFormatConverter))]
    [Description("Output format: tty (hadolint's name for the table; 'table' works too), json, sarif or checkstyle.")]
    [DefaultValue("tty")]
    public LintFormat Format { get; init; } = LintFormat.Tty;

    [CommandOption("--failure-threshold <LEVEL>")]
    [Description("Exit 1 when a finding is at or above LEVEL: error, warning, info, style or none (default: info, or the config file's).")]
    public string? FailureThreshold { get; init; }

    [CommandOption("--config <FILE>")]
    [Description("Lint configuration (default: .infradedup.yaml, else .hadolint.yaml, in the linted folder or a parent up to the repository root).")]
    public string? Config { get; init; }

    [CommandOption("--ignore <ID>")]
    [Description("Do not report rule ID (repeatable; comma-separated lists work too).")]
    public string[] Ignore { get; init; } = [];

    [CommandOption("--trusted-registry <REGISTRY>")]
    [Description("A registry images may come from (enables DL3026; repeatable).")]
    public string[] TrustedRegistry { get; init; } = [];

    [CommandOption("--list-rules")]
    [Description("List every rule (id, severity, description) instead of linting.")]
    public bool ListRules { get; init; }

    public override ValidationResult Validate()
    {
        if (FailureThreshold is not null && !FailureThresholds.TryParse(FailureThreshold, out _))
        {
            return ValidationResult.Error($"--failure-threshold '{FailureThreshold}' is not a level; use error, warning, info, style or none.");
        }

        if (Format == LintFormat.Checkstyle && ListRules)
        {
            return ValidationResult.Error("--list-rules prints tty or json; drop --format checkstyle.");
        }

        return base.Validate();
    }

    protected override string GlobExamples => "'Dockerfile*' or 'backups/'";

    public override bool PrintsTable => Format == LintFormat.Tty;
}

/// <summary>Lint's formats by hadolint's names, and <c>table</c> (every other command's name for the human format) for tty.</summary>
public sealed class LintFormatConverter : KebabEnumConverter<LintFormat>
{
    protected override IReadOnlyDictionary<string, LintFormat> Aliases { get; } = new Dictionary<string, LintFormat>(StringComparer.Ordinal) { ["table"] = LintFormat.Tty };
}

[Description("Lint Dockerfiles: hadolint's DL rules (same ids, pragmas and .hadolint.yaml) plus security and consolidation rules.")]
[JsonOutput("lint")]
[JsonOutput("lint-rules")]
public sealed class LintCommand(CliEnvironment env) : Command<LintSettings>
{
    public override int Execute(CommandContext context, LintSettings settings, CancellationToken cancellationToken)
    {
        var config = LoadConfig(settings);
        var output = settings;
        if (settings.ListRules)
        {
            if (settings.Format is LintFormat.Json or LintFormat.Sarif)
            {
                ResultWriter.WriteDocument(env, output, settings.Format == LintFormat.Json
                    ? LintFormatter.RulesJson(LintRegistry.All, config)
                    : LintFormatter.Sarif([], LintRegistry.All, CliApp.Version, config));
            }
            else
            {
                ResultWriter.WriteRenderables(env, output, [LintTables.Rules(config)]);
            }

            return ExitCodes.Success;
        }

        var report = Linter.LintPaths(settings.Paths, settings.ToWalkOptions(), config, cancellationToken);
        foreach (var s in report.Skipped)
        {
            env.Error.WriteLine($"warning: {s.Path}: not linted: {s.Reason}");
        }

        if (settings.Format == LintFormat.Tty)
        {
            var colour = settings.Output is null && env.Interactive && !settings.NoColor && Environment.GetEnvironmentVariable("NO_COLOR") is null or "";
            ResultWriter.WriteDocument(env, output, LintTables.Tty(report, config.FailureThreshold, settings.Verbosity, colour));
        }
        else
        {
            ResultWriter.WriteDocument(env, output, LintFormatter.Render(settings.Format, report.Findings, CliApp.Version, config));
        }

        return report.Fails(config.FailureThreshold) ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static LintConfig LoadConfig(LintSettings settings)
    {
        string? path = settings.Config;
        if (path is not null && !File.Exists(path))
        {
            throw new UserInputException($"config file '{path}' does not exist; pass an existing .infradedup.yaml or .hadolint.yaml.");
        }

        if (path is null)
        {
            var first = settings.Paths.FirstOrDefault() ?? ".";
            var start = Directory.Exists(first) ? first : Path.GetDirectoryName(Path.GetFullPath(first)) ?? ".";
            path = Directory.Exists(start) ? LintConfigLoader.Discover(start) : null;
        }

        var config = path is null ? LintConfig.Default : LintConfigLoader.Load(path);
        FailureThreshold? threshold = settings.FailureThreshold is { } t && FailureThresholds.TryParse(t, out var parsed) ? parsed : null;
        return config.With(settings.Ignore, settings.TrustedRegistry, threshold);
    }
}
