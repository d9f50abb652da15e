using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Deploy;
using InfraDedup.Ops.Docker;

namespace InfraDedup.Ops.Monitor;

/// <summary>What to check: containers of a project, HTTP endpoints, system thresholds.</summary>
public sealed record MonitorTargets
{
    /// <summary>Compose project whose containers are checked (labels of deploy or of docker compose); null: no containers.</summary>
    public string? Project { get; init; }

    public IReadOnlyList<string> Urls { get; init; } = [];

    public Thresholds Thresholds { get; init; } = new();

    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan CpuWindow { get; init; } = TimeSpan.FromMilliseconds(250);

    public bool System { get; init; } = true;

    /// <summary>Builds the targets from a project folder (compose project and <c>.infradedup.yaml</c>) plus ad-hoc URLs.</summary>
    public static MonitorTargets FromProject(string? root, IReadOnlyList<string> urls)
    {
        if (root is null)
        {
            return new MonitorTargets { Urls = urls };
        }

        var config = OpsConfig.Load(Path.GetFullPath(root));
        var hasCompose = ComposeProject.ComposeFiles(Path.GetFullPath(root), null, config).Count > 0;
        return new MonitorTargets
        {
            Project = hasCompose || config.Project is not null ? config.Project ?? ComposeProject.ProjectName(Path.GetFullPath(root)) : null,
            Urls = [.. config.MonitorUrls.Concat(urls).Distinct(StringComparer.Ordinal)],
            Thresholds = config.Thresholds,
        };
    }
}

/// <summary>
/// monitor's checks: container state, restarts and health (Engine API), HTTP endpoints (given, and derived
/// from a container's HEALTHCHECK URL and its published port), and system metrics against thresholds.
/// </summary>
public sealed partial class HealthMonitor(IDockerEngine? engine, HttpClient http, SystemMetrics? metrics = null)
{
    private readonly SystemMetrics _metrics = metrics ?? new SystemMetrics();

    public async Task<MonitorReport> CheckAsync(MonitorTargets targets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var checks = new List<CheckResult>();
        var urls = new List<(string Name, string Url)>(targets.Urls.Select(u => (u, u)));
        if (targets.Project is { } project)
        {
            if (engine is null || !await engine.PingAsync(cancellationToken))
            {
                // One failed check, not an aborted run: the containers could not be seen (a dead engine takes them all
                // down, so this must not read as healthy), and the HTTP and system checks below still run and report.
                checks.Add(new CheckResult("engine", engine?.Endpoint ?? "docker", CheckStatus.Fail, $"Docker engine not reachable, so the containers of project '{project}' were not checked; start it or set DOCKER_HOST"));
            }
            else
            {
                var (containerChecks, derived) = await ContainersAsync(project, cancellationToken);
                checks.AddRange(containerChecks);
                urls.AddRange(derived.Where(d => !urls.Any(u => u.Url == d.Url)));
            }
        }

        var httpChecks = await Task.WhenAll(urls.Select(u => HttpAsync(u.Name, u.Url, targets.HttpTimeout, cancellationToken)));
        checks.AddRange(httpChecks);
        if (targets.System)
        {
            checks.AddRange(Evaluate(await _metrics.SampleAsync(targets.CpuWindow, cancellationToken), targets.Thresholds));
        }

        return new MonitorReport(1, DateTimeOffset.UtcNow, checks);
    }

    private async Task<(List<CheckResult>, List<(string Name, string Url)>)> ContainersAsync(string project, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ContainerSummary>(StringComparer.Ordinal);
        foreach (var label in new[] { Deployer.ProjectLabel, "com.docker.compose.project" })
        {
            foreach (var c in await engine!.ListContainersAsync(true, new Dictionary<string, string> { [label] = project }, cancellationToken))
            {
                found.TryAdd(c.Id, c);
            }
        }

        var checks = new List<CheckResult>();
        var urls = new List<(string Name, string Url)>();
        foreach (var summary in found.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var c = await engine!.InspectContainerAsync(summary.Id, cancellationToken);
            if (c is null)
            {
                continue;
            }

            checks.Add(Container(summary.Name, c));
            if (Derive(c) is { } url)
            {
                urls.Add(($"{summary.Name} {url}", url));
            }
        }

        if (found.Count == 0)
        {
            checks.Add(new CheckResult("container", project, CheckStatus.Warn, "no containers of this project (not deployed?)"));
        }

        return (checks, urls);
    }

    /// <summary>The status of one container from its inspect document.</summary>
    public static CheckResult Container(string name, ContainerInspect c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var s = c.State;
        var restarts = c.RestartCount > 0 ? $", restarted {c.RestartCount} time(s)" : string.Empty;
        if (!s.Running)
        {
            return new CheckResult("container", name, CheckStatus.Fail, $"{s.Status} (exit code {s.ExitCode}){restarts}", c.RestartCount);
        }

        var health = s.Health?.Status;
        var output = s.Health?.Log is [.., var last] ? (last.Output ?? string.Empty).Trim() : string.Empty;
        return health switch
        {
            "unhealthy" => new CheckResult("container", name, CheckStatus.Fail, $"unhealthy: HEALTHCHECK failed {s.Health!.FailingStreak} time(s){(output.Length > 0 ? " (" + Clip(output) + ")" : "")}{restarts}", c.RestartCount),
            "starting" => new CheckResult("container", name, CheckStatus.Warn, "health: starting" + restarts, c.RestartCount),
            _ when c.RestartCount > 0 => new CheckResult("container", name, CheckStatus.Warn, $"running{(health is null ? "" : ", " + health)}{restarts}", c.RestartCount),
            _ => new CheckResult("container", name, CheckStatus.Ok, health is "healthy" ? "running, healthy" : "running (no HEALTHCHECK)", c.RestartCount),
        };
    }

    /// <summary>An HTTP endpoint from the container's HEALTHCHECK (<c>curl http://localhost:8080/health</c>) mapped to its published port.</summary>
    public static string? Derive(ContainerInspect c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Config?.Healthcheck?.Test is not { Count: > 1 } test)
        {
            return null;
        }

        var match = HealthUrl().Match(string.Join(' ', test.Skip(1)));
        if (!match.Success)
        {
            return null;
        }

        var port = match.Groups["port"].Success ? match.Groups["port"].Value : match.Groups["scheme"].Value == "https" ? "443" : "80";
        if (c.HostConfig?.PortBindings is not { } bindings || !bindings.TryGetValue(port + "/tcp", out var list) || list is not [{ HostPort: { Length: > 0 } hostPort } binding, ..])
        {
            return null;
        }

        var host = binding.HostIp is { Length: > 0 } ip && ip != "0.0.0.0" ? ip : "127.0.0.1";
        return $"{match.Groups["scheme"].Value}://{host}:{hostPort}{match.Groups["path"].Value}";
    }

    [GeneratedRegex(@"(?<scheme>https?)://(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::(?<port>\d+))?(?<path>/[^\s'""]*)?")]
    private static partial Regex HealthUrl();

    private async Task<CheckResult> HttpAsync(string name, string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return new CheckResult("http", name, CheckStatus.Fail, $"'{url}' is not an http(s) URL");
        }

        var watch = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var seconds = Math.Round(watch.Elapsed.TotalSeconds, 3);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new CheckResult("http", name, CheckStatus.Ok, $"{code} in {seconds.ToString("0.000", CultureInfo.InvariantCulture)}s", seconds)
                : new CheckResult("http", name, CheckStatus.Fail, $"HTTP {code} {response.ReasonPhrase}", seconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CheckResult("http", name, CheckStatus.Fail, $"no answer within {Durations.Format(timeout)}", Math.Round(watch.Elapsed.TotalSeconds, 3));
        }
        catch (HttpRequestException e)
        {
            return new CheckResult("http", name, CheckStatus.Fail, e.InnerException?.Message ?? e.Message);
        }
    }

    /// <summary>System metrics against thresholds (over a threshold fails; no threshold: reported as ok).</summary>
    public static IEnumerable<CheckResult> Evaluate(SystemSample sample, Thresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(thresholds);
        yield return Metric("cpu", sample.CpuPercent, thresholds.CpuPercent, "%");
        yield return Metric("memory", sample.MemoryPercent, thresholds.MemoryPercent, "%");
        yield return Metric("disk", sample.DiskPercent, thresholds.DiskPercent, "%");
        yield return Metric("load", sample.Load1, thresholds.Load1, "");
    }

    private static CheckResult Metric(string name, double? value, double? limit, string unit)
    {
        if (value is not { } v)
        {
            return new CheckResult("system", name, CheckStatus.Warn, "not available");
        }

        var text = v.ToString("0.#", CultureInfo.InvariantCulture) + unit;
        var limitText = limit is { } l ? $" (limit {l.ToString("0.#", CultureInfo.InvariantCulture)}{unit})" : string.Empty;
        return limit is { } max && v > max
            ? new CheckResult("system", name, CheckStatus.Fail, $"{text} over the limit{limitText}", v)
            : new CheckResult("system", name, CheckStatus.Ok, text + limitText, v);
    }

    private static string Clip(string text) => text.Length <= 120 ? text : text[..120] + "…";
}

/// <summary>Remembers each check's last status and POSTs the changes as JSON to a webhook.</summary>
public sealed class AlertNotifier(HttpClient http, string? webhook)
{
    private readonly Dictionary<(string, string), CheckStatus> _last = [];

    /// <summary>The changes since the previous round (every non-ok check on the first round).</summary>
    public IReadOnlyList<StateChange> Changes(MonitorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var first = _last.Count == 0;
        var changes = new List<StateChange>();
        foreach (var check in report.Checks)
        {
            var key = (check.Kind, check.Name);
            var had = _last.TryGetValue(key, out var before);
            if (had ? before != check.Status : !first || check.Status != CheckStatus.Ok)
            {
                changes.Add(new StateChange(check.Kind, check.Name, had ? before : null, check.Status, check.Detail));
            }

            _last[key] = check.Status;
        }

        return changes;
    }

    /// <summary>Sends the changes (if any and a webhook is set); returns an error message instead of throwing.</summary>
    public async Task<string?> NotifyAsync(MonitorReport report, CancellationToken cancellationToken = default)
    {
        var changes = Changes(report);
        if (changes.Count == 0 || webhook is null)
        {
            return null;
        }

        try
        {
            using var response = await http.PostAsJsonAsync(webhook, new AlertPayload("infradedup monitor", report.Time, report.Healthy, changes), MonitorJsonContext.Default.AlertPayload, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"alert webhook {webhook} answered HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"alert webhook {webhook} failed: {e.Message}";
        }
    }
}
