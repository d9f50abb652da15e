using InfraDedup.Ops.Docker;

namespace InfraDedup.Ops.Deploy;

/// <summary>The end state of one container's health gate.</summary>
public sealed record HealthOutcome(bool Passed, string Health, string Detail);

/// <summary>
/// Waits until a container is healthy: its HEALTHCHECK reports <c>healthy</c>, or (without one) a configured
/// HTTP probe answers 2xx, or (with neither) it is running. Fails on <c>unhealthy</c>, on exit, or at the timeout.
/// </summary>
public sealed class HealthGate(IDockerEngine engine, HttpClient? http = null, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public async Task<HealthOutcome> WaitAsync(string container, string? probeUrl, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = _clock.GetUtcNow() + timeout;
        var last = "not started";
        while (true)
        {
            var inspect = await engine.InspectContainerAsync(container, cancellationToken);
            if (inspect is null)
            {
                return new HealthOutcome(false, "missing", "the container does not exist");
            }

            var state = inspect.State;
            if (!state.Running && state.Status is "exited" or "dead")
            {
                return new HealthOutcome(false, "exited", $"exited with code {state.ExitCode}{(string.IsNullOrEmpty(state.Error) ? "" : ": " + state.Error)}");
            }

            if (state.Health is { } health && health.Status is not ("" or "none"))
            {
                var output = health.Log is [.., var entry] ? (entry.Output ?? string.Empty).Trim() : string.Empty;
                switch (health.Status)
                {
                    case "healthy":
                        return new HealthOutcome(true, "healthy", "HEALTHCHECK passed");
                    case "unhealthy":
                        return new HealthOutcome(false, "unhealthy", $"HEALTHCHECK failed {health.FailingStreak} time(s){(output.Length > 0 ? ": " + Clip(output) : "")}");
                    default:
                        last = "health: " + health.Status;
                        break;
                }
            }
            else if (probeUrl is not null && state.Running)
            {
                var (ok, detail) = await ProbeAsync(probeUrl, cancellationToken);
                if (ok)
                {
                    return new HealthOutcome(true, "healthy", detail);
                }

                last = detail;
            }
            else if (state.Running)
            {
                return new HealthOutcome(true, "running", "running (no HEALTHCHECK or probe configured)");
            }

            if (_clock.GetUtcNow() >= deadline)
            {
                return new HealthOutcome(false, "timeout", $"not healthy after {Common.Durations.Format(timeout)} ({last})");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<(bool Ok, string Detail)> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        using var client = http is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(5) } : null;
        try
        {
            using var response = await (http ?? client!).GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode
                ? (true, $"{url} answered {(int)response.StatusCode}")
                : (false, $"{url} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (false, $"{url}: {e.Message}");
        }
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
