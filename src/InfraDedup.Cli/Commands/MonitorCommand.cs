using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Reports;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Docker;
using InfraDedup.Ops.Monitor;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public enum MonitorMode
{
    Check,
    Watch,
    Serve,
}

public sealed class MonitorSettings : TableOrJsonSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Compose project folder whose containers are checked (default: the current directory; none there: only --url and system checks).")]
    public string Path { get; init; } = ".";

    [CommandOption("--mode <MODE>")]
    [TypeConverter(typeof(KebabEnumConverter<MonitorMode>))]
    [Description("check (one round, exit 1 when anything is unhealthy), watch (live table) or serve (Prometheus metrics).")]
    [DefaultValue("check")]
    public MonitorMode Mode { get; init; } = MonitorMode.Check;

    [CommandOption("--url <URL>")]
    [Description("An HTTP endpoint to check (2xx is healthy); repeatable.")]
    public string[] Url { get; init; } = [];

    [CommandOption("--interval <DURATION>")]
    [Description("Time between rounds in watch and serve modes.")]
    [DefaultValue("10s")]
    public string Interval { get; init; } = "10s";

    [CommandOption("--listen <HOST:PORT>")]
    [Description("Where serve exposes /metrics (loopback only).")]
    [DefaultValue("127.0.0.1:9464")]
    public string Listen { get; init; } = "127.0.0.1:9464";

    [CommandOption("--http-timeout <DURATION>")]
    [Description("How long an HTTP check waits for an answer.")]
    [DefaultValue("5s")]
    public string HttpTimeout { get; init; } = "5s";

    [CommandOption("--no-system")]
    [Description("Skip the CPU, memory, disk and load checks.")]
    public bool NoSystem { get; init; }
}

[Description("Check containers, HTTP endpoints and system metrics; watch them live or serve Prometheus metrics.")]
[JsonOutput("monitor")]
public sealed class MonitorCommand(CliEnvironment env) : Command<MonitorSettings>
{
    private static readonly HttpClient Http = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    public override int Execute(CommandContext context, MonitorSettings settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Path))
        {
            throw new UserInputException($"'{settings.Path}' is not a folder; give the compose project's folder, or use --url alone from any folder.");
        }

        var interval = Durations.Parse(settings.Interval, "--interval");
        var targets = MonitorTargets.FromProject(settings.Path, settings.Url) with
        {
            HttpTimeout = Durations.Parse(settings.HttpTimeout, "--http-timeout"),
            System = !settings.NoSystem,
        };
        var config = OpsConfig.Load(System.IO.Path.GetFullPath(settings.Path));
        using var engine = new DockerEngineClient();
        var monitor = new HealthMonitor(engine, Http);
        var alerts = new AlertNotifier(Http, config.Webhook);
        return settings.Mode switch
        {
            MonitorMode.Watch => WatchAsync(settings, monitor, targets, alerts, interval, cancellationToken).GetAwaiter().GetResult(),
            MonitorMode.Serve => ServeAsync(settings, monitor, targets, alerts, interval, cancellationToken).GetAwaiter().GetResult(),
            _ => Check(settings, monitor, targets, alerts, cancellationToken),
        };
    }

    private int Check(MonitorSettings settings, HealthMonitor monitor, MonitorTargets targets, AlertNotifier alerts, CancellationToken cancellationToken)
    {
        var report = monitor.CheckAsync(targets, cancellationToken).GetAwaiter().GetResult();
        Warn(settings, alerts.NotifyAsync(report, cancellationToken).GetAwaiter().GetResult());
        if (settings.Format == TableOrJson.Json)
        {
            ResultWriter.WriteDocument(env, settings, JsonText.Document(report, MonitorJsonContext.Default.MonitorReport));
        }
        else
        {
            ResultWriter.WriteView(env, settings, OpsTables.Monitor(report, settings.Verbosity));
        }

        return report.Healthy ? ExitCodes.Success : ExitCodes.Findings;
    }

    private async Task<int> WatchAsync(MonitorSettings settings, HealthMonitor monitor, MonitorTargets targets, AlertNotifier alerts, TimeSpan interval, CancellationToken cancellationToken)
    {
        var console = ResultWriter.PlainIfAsked(env, settings);
        var healthy = true;
        try
        {
            await console.Live(new Text("checking…")).StartAsync(async live =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var report = await monitor.CheckAsync(targets, cancellationToken);
                    healthy = report.Healthy;
                    Warn(settings, await alerts.NotifyAsync(report, cancellationToken));
                    live.UpdateTarget(new Rows(OpsTables.MonitorTable(report.Checks), OpsTables.MonitorSummary(report), new Text($"every {Durations.Format(interval)}; Ctrl+C to stop")));
                    await Task.Delay(interval, cancellationToken);
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return healthy ? ExitCodes.Success : ExitCodes.Findings;
    }

    private async Task<int> ServeAsync(MonitorSettings settings, HealthMonitor monitor, MonitorTargets targets, AlertNotifier alerts, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var server = new MetricsServer(settings.Listen);
        server.Start();
        ResultWriter.Status(env, settings, $"serving metrics at {server.Prefix}metrics every {Durations.Format(interval)}; Ctrl+C to stop");

        var serving = server.ServeAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var report = await monitor.CheckAsync(targets, cancellationToken);
                server.Update(report);
                Warn(settings, await alerts.NotifyAsync(report, cancellationToken));
                await Task.Delay(interval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await serving;
        return ExitCodes.Success;
    }

    private void Warn(MonitorSettings settings, string? message)
    {
        if (message is not null)
        {
            ResultWriter.Status(env, settings, "warning: " + message);
        }
    }
}
