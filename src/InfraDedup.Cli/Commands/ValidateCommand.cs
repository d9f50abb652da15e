using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Secrets;
using InfraDedup.Core.Validation;
using InfraDedup.Ops.Docker;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

/// <summary>Output formats of <c>validate</c>.</summary>
public enum ValidateFormat
{
    Table,
    Json,
    Markdown,
    Sarif,
}

/// <summary>Options of <c>validate</c>: the tree options, its own formats (adds sarif), the operation and --build.</summary>
public sealed class ValidateSettings : TreeFilterSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Root of the tree to validate " + OptionText.CurrentDirectoryDefault + ".")]
    public string Path { get; init; } = ".";

    [CommandOption("--op <ID>")]
    [Description("The operation to validate (default: the latest applied one; without any, the services of docker/service-mapping.json).")]
    public string? Op { get; init; }

    [CommandOption("--build")]
    [Description("Also build both forms of every service with the Docker engine (DOCKER_HOST or /var/run/docker.sock) and compare config and filesystem.")]
    public bool Build { get; init; }

    [CommandOption("--strict")]
    [Description("Fail also on problems the tree had before the operation (a compose file that did not parse, a Dockerfile already missing); by default they are reported as pre-existing.")]
    public bool Strict { get; init; }

    [CommandOption("--parallel <N>")]
    [Description("Services built at the same time with --build.")]
    [DefaultValue(2)]
    public int Parallel { get; init; } = 2;

    [CommandOption("--format <FORMAT>")]
    [TypeConverter(typeof(KebabEnumConverter<ValidateFormat>))]
    [Description("Output format: table, json, markdown or sarif.")]
    [DefaultValue("table")]
    public ValidateFormat Format { get; init; } = ValidateFormat.Table;

    public override ValidationResult Validate()
    {
        if (Parallel is < 1 or > 64)
        {
            return ValidationResult.Error($"--parallel {Parallel} is out of range; give 1 to 64.");
        }

        return base.Validate();
    }

    protected override string GlobExamples => "'compose*.yaml' or 'backups/'";

    public override bool PrintsTable => Format == ValidateFormat.Table;
}

[Description("Check that an applied consolidation changed no image: static equivalence, generated files, compose references, and with --build real builds.")]
[JsonOutput("validate")]
public sealed class ValidateCommand(CliEnvironment env) : Command<ValidateSettings>
{
    public override int Execute(CommandContext context, ValidateSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Path, "to validate");
        var options = new ValidateOptions { OpId = settings.Op, Walk = settings.ToWalkOptions() };
        var (subject, checks) = Validator.Run(settings.Path, options, cancellationToken);
        var all = checks.ToList();
        if (settings.Build)
        {
            all.AddRange(BuildChecks(subject, settings, cancellationToken));
        }

        var report = new ValidationReport(subject.Root, subject.OpId, subject.Basis, settings.Build, all) { Strict = settings.Strict };
        var redactor = SecretRedactor.ForTree(subject.Root, settings.ToWalkOptions());
        switch (settings.Format)
        {
            case ValidateFormat.Json:
                ResultWriter.WriteDocument(env, settings, ValidationFormatter.Json(report), redactor);
                break;
            case ValidateFormat.Markdown:
                ResultWriter.WriteDocument(env, settings, ValidationFormatter.Markdown(report), redactor);
                break;
            case ValidateFormat.Sarif:
                ResultWriter.WriteDocument(env, settings, ValidationFormatter.Sarif(report, CliApp.Version), redactor);
                break;
            default:
                ResultWriter.WriteView(env, settings, ValidateTables.Render(report, settings.Verbosity), redactor);
                break;
        }

        return report.Ok ? ExitCodes.Success : ExitCodes.Findings;
    }

    private IReadOnlyList<ValidationCheck> BuildChecks(ValidationSubject subject, ValidateSettings settings, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngineClient();
        if (!engine.PingAsync(cancellationToken).GetAwaiter().GetResult())
        {
            throw new UserInputException(
                $"--build needs a Docker engine, and none answers at {engine.Endpoint}; start one or set DOCKER_HOST (without --build, validate runs the static checks only).");
        }

        var builder = new EngineImageBuilder(engine);
        var buildOptions = new BuildEquivalenceOptions { Parallelism = settings.Parallel };
        return ProgressDisplay.Run(env, settings, progress =>
            BuildEquivalence.RunAsync(subject, builder, buildOptions, progress, cancellationToken).GetAwaiter().GetResult());
    }
}
