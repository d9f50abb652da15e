using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Reports;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Deploy;
using InfraDedup.Ops.Docker;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class DeploySettings : TableOrJsonSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("The compose project's root folder " + OptionText.CurrentDirectoryDefault + ".")]
    public string Path { get; init; } = ".";

    [CommandOption("--env <ENV>")]
    [Description("Environment: adds docker-compose.ENV.yml, or the files .infradedup.yaml maps ENV to.")]
    public string? Env { get; init; }

    [CommandOption("--services <LIST>")]
    [Description("Only these services (comma-separated) and the in-repo base images they need.")]
    public string? Services { get; init; }

    [CommandOption("--build")]
    [Description("Rebuild images whose content key changed (without it only missing images are built).")]
    public bool Build { get; init; }

    [CommandOption("--parallel <N>")]
    [Description("Build at most N independent images at once.")]
    [DefaultValue(2)]
    public int Parallel { get; init; } = 2;

    [CommandOption("--dry-run")]
    [Description("Print the build graph, the order and which builds would be skipped and why; change nothing.")]
    public bool DryRun { get; init; }

    [CommandOption("--timeout <DURATION>")]
    [Description("How long the health gate waits for the containers (e.g. 90s, 5m).")]
    [DefaultValue("5m")]
    public string Timeout { get; init; } = "5m";

    [CommandOption("--rollback-on-failure")]
    [Description("When the health gate fails, re-tag the previous images and restart them.")]
    public bool RollbackOnFailure { get; init; }

    [CommandOption("--runtime <RUNTIME>")]
    [TypeConverter(typeof(KebabEnumConverter<DeployRuntime>))]
    [Description("How containers are started: auto (docker compose when installed), compose, or engine (Engine API).")]
    [DefaultValue("auto")]
    public DeployRuntime Runtime { get; init; } = DeployRuntime.Auto;
}

[Description("Build a compose project's images in dependency order (skipping unchanged ones), roll out, health-gate, roll back.")]
[JsonOutput("deploy")]
public sealed class DeployCommand(CliEnvironment env) : Command<DeploySettings>
{
    public override int Execute(CommandContext context, DeploySettings settings, CancellationToken cancellationToken)
    {
        var options = new DeployOptions
        {
            Environment = settings.Env,
            Services = [.. (settings.Services ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            Build = settings.Build,
            Parallel = settings.Parallel,
            DryRun = settings.DryRun,
            Timeout = Durations.Parse(settings.Timeout, "--timeout"),
            RollbackOnFailure = settings.RollbackOnFailure,
            Runtime = settings.Runtime,
        };
        using var engine = new DockerEngineClient();
        var deployer = new Deployer(engine, ProcessRunner.Instance, line => ResultWriter.Status(env, settings, line));
        DeployReport report;
        try
        {
            report = deployer.RunAsync(settings.Path, options, cancellationToken).GetAwaiter().GetResult();
        }
        catch (DockerEngineException e)
        {
            throw new UserInputException(e.Message);
        }

        if (settings.Format == TableOrJson.Json)
        {
            ResultWriter.WriteDocument(env, settings, JsonText.Document(report, DeployJsonContext.Default.DeployReport));
        }
        else
        {
            ResultWriter.WriteView(env, settings, OpsTables.Deploy(report));
        }

        return report.Succeeded ? ExitCodes.Success : ExitCodes.Findings;
    }
}
