using System.Text.Json;
using InfraDedup.Core;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Deploy;
using InfraDedup.Ops.Docker;
using InfraDedup.Ops.Monitor;
using InfraDedup.Ops.Tests.Support;

namespace InfraDedup.Ops.Tests.Monitor;

public sealed class MonitorTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Http_checks_tell_healthy_failing_and_timing_out_endpoints_apart()
    {
        using var healthy = new TestHttpServer(_ => (200, TimeSpan.Zero));
        using var broken = new TestHttpServer(_ => (500, TimeSpan.Zero));
        using var slow = new TestHttpServer(_ => (200, TimeSpan.FromSeconds(30)));
        var monitor = new HealthMonitor(null, Http);
        var report = await monitor.CheckAsync(new MonitorTargets { Urls = [healthy.Url + "health", broken.Url, slow.Url], HttpTimeout = TimeSpan.FromSeconds(3), System = false });

        Assert.Equal([CheckStatus.Ok, CheckStatus.Fail, CheckStatus.Fail], report.Checks.Select(c => c.Status));
        Assert.Contains("HTTP 500", report.Checks[1].Detail, StringComparison.Ordinal);
        Assert.Contains("no answer within 3s", report.Checks[2].Detail, StringComparison.Ordinal);
        Assert.False(report.Healthy);
        Assert.True((await monitor.CheckAsync(new MonitorTargets { Urls = [healthy.Url], System = false })).Healthy);

        var refused = await monitor.CheckAsync(new MonitorTargets { Urls = [$"http://127.0.0.1:{TestHttpServer.FreePort()}/"], System = false });
        Assert.Equal(CheckStatus.Fail, Assert.Single(refused.Checks).Status);
    }

    [Fact]
    public async Task A_project_without_a_reachable_engine_is_one_failed_check_and_the_other_checks_are_kept()
    {
        using var healthy = new TestHttpServer(_ => (200, TimeSpan.Zero));
        using var engine = new DockerEngineClient("unix:///nonexistent/infradedup-test.sock");
        var monitor = new HealthMonitor(engine, Http);

        var report = await monitor.CheckAsync(new MonitorTargets { Project = "shop", Urls = [healthy.Url], System = false });

        // The issue (#22): "report it as one failed check, keep the others" — the run is unhealthy (check exits 1),
        // but it is not aborted: the HTTP check is still made and reported as it is.
        Assert.Equal(["engine", "http"], report.Checks.Select(c => c.Kind));
        var failed = report.Checks[0];
        Assert.Equal(CheckStatus.Fail, failed.Status);
        Assert.Contains("not reachable", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("'shop'", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Ok, report.Checks[1].Status);
        Assert.Single(report.Checks, c => c.Status == CheckStatus.Fail);
        Assert.False(report.Healthy);

        using var broken = new TestHttpServer(_ => (500, TimeSpan.Zero));
        var both = await monitor.CheckAsync(new MonitorTargets { Project = "shop", Urls = [broken.Url], System = false });
        Assert.Equal([CheckStatus.Fail, CheckStatus.Fail], both.Checks.Select(c => c.Status));
    }

    [Fact]
    public async Task Containers_of_the_project_report_a_failing_health_check()
    {
        var (engine, busybox) = await TestDocker.ConnectAsync();
        using var _ = engine;
        var project = "mon" + Guid.NewGuid().ToString("N")[..8];
        var names = new[] { project + "-good", project + "-bad" };
        try
        {
            foreach (var (name, test) in new[] { (names[0], "true"), (names[1], "false") })
            {
                var id = await engine.CreateContainerAsync(name, new ContainerCreateRequest
                {
                    Image = busybox,
                    Cmd = ["sleep", "600"],
                    Labels = new Dictionary<string, string> { [Deployer.ProjectLabel] = project },
                    Healthcheck = new HealthConfig { Test = ["CMD", test], Interval = 500_000_000, Timeout = 2_000_000_000, Retries = 1 },
                    HostConfig = new HostConfig { NetworkMode = "none" },
                });
                await engine.StartContainerAsync(id);
            }

            for (var i = 0; i < 60 && (await engine.InspectContainerAsync(names[1]))!.State.Health?.Status != "unhealthy"; i++)
            {
                await Task.Delay(250);
            }

            for (var i = 0; i < 60 && (await engine.InspectContainerAsync(names[0]))!.State.Health?.Status != "healthy"; i++)
            {
                await Task.Delay(250);
            }

            var report = await new HealthMonitor(engine, Http).CheckAsync(new MonitorTargets { Project = project, System = false });
            var byName = report.Checks.ToDictionary(c => c.Name);
            Assert.Equal(CheckStatus.Ok, byName[names[0]].Status);
            Assert.Equal(CheckStatus.Fail, byName[names[1]].Status);
            Assert.Contains("unhealthy", byName[names[1]].Detail, StringComparison.Ordinal);
            Assert.False(report.Healthy);

            await engine.StopContainerAsync(names[0], 1);
            var stopped = await new HealthMonitor(engine, Http).CheckAsync(new MonitorTargets { Project = project, System = false });
            Assert.Contains("exited", stopped.Checks.Single(c => c.Name == names[0]).Detail, StringComparison.Ordinal);
        }
        finally
        {
            await TestDocker.CleanupAsync(engine, names, []);
        }
    }

    [Fact]
    public async Task System_metrics_are_read_from_proc_and_judged_against_thresholds()
    {
        using var proc = new TempDir();
        proc.Write("stat", "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3 4\n");
        proc.Write("meminfo", "MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    250 kB\n");
        proc.Write("loadavg", "3.50 2.00 1.00 2/300 1234\n");
        var metrics = new SystemMetrics(proc.Path, proc.Path);
        Assert.Equal((800L, 1000L), metrics.ReadCpu());
        Assert.Equal((75.0, 1_024_000L), metrics.ReadMemory());
        Assert.Equal(3.5, metrics.ReadLoad());

        var sample = await metrics.SampleAsync(TimeSpan.Zero);
        Assert.Null(sample.CpuPercent); // no jiffies passed between the two reads of a static file
        var checks = HealthMonitor.Evaluate(sample with { CpuPercent = 12.5 }, new Thresholds(CpuPercent: 10, MemoryPercent: 80, DiskPercent: null, Load1: 4)).ToDictionary(c => c.Name);
        Assert.Equal(CheckStatus.Fail, checks["cpu"].Status);
        Assert.Equal(CheckStatus.Ok, checks["memory"].Status);
        Assert.Equal(CheckStatus.Ok, checks["load"].Status);
        Assert.Contains("limit 4", checks["load"].Detail, StringComparison.Ordinal);

        var real = await new SystemMetrics().SampleAsync(TimeSpan.FromMilliseconds(100));
        Assert.InRange(real.MemoryPercent!.Value, 0, 100);
        Assert.InRange(real.DiskPercent!.Value, 0, 100);
        Assert.True(real.MemoryTotalBytes > 0);
    }

    [Fact]
    public void Health_urls_are_derived_from_healthcheck_and_published_port()
    {
        var c = new ContainerInspect
        {
            Config = new ContainerConfig { Healthcheck = new HealthConfig { Test = ["CMD-SHELL", "curl -fsS http://localhost:8000/healthz || exit 1"] } },
            HostConfig = new HostConfig { PortBindings = new() { ["8000/tcp"] = [new PortBinding { HostIp = "", HostPort = "18000" }] } },
        };
        Assert.Equal("http://127.0.0.1:18000/healthz", HealthMonitor.Derive(c));
        c.HostConfig.PortBindings = [];
        Assert.Null(HealthMonitor.Derive(c));
    }

    [Fact]
    public async Task Alerts_post_state_changes_only()
    {
        using var hook = new TestHttpServer(_ => (204, TimeSpan.Zero));
        var notifier = new AlertNotifier(Http, hook.Url);
        MonitorReport Round(CheckStatus web) => new(1, DateTimeOffset.UtcNow, [new CheckResult("http", "web", web, "x"), new CheckResult("system", "cpu", CheckStatus.Ok, "1%")]);

        Assert.Null(await notifier.NotifyAsync(Round(CheckStatus.Ok)));
        Assert.Null(await notifier.NotifyAsync(Round(CheckStatus.Ok)));
        Assert.Null(await notifier.NotifyAsync(Round(CheckStatus.Fail)));
        Assert.Null(await notifier.NotifyAsync(Round(CheckStatus.Fail)));
        for (var i = 0; i < 50 && hook.Bodies.IsEmpty; i++)
        {
            await Task.Delay(20);
        }

        var body = Assert.Single(hook.Bodies);
        var payload = JsonSerializer.Deserialize(body, MonitorJsonContext.Default.AlertPayload)!;
        var change = Assert.Single(payload.Changes);
        Assert.Equal(("web", CheckStatus.Ok, CheckStatus.Fail), (change.Name, change.From, change.To));
        Assert.False(payload.Healthy);

        Assert.Contains("failed", await new AlertNotifier(Http, $"http://127.0.0.1:{TestHttpServer.FreePort()}/").NotifyAsync(Round(CheckStatus.Fail)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_served_on_loopback_in_prometheus_text_format()
    {
        Assert.Throws<UserInputException>(() => MetricsServer.ParseListen("0.0.0.0:9464"));
        Assert.Throws<UserInputException>(() => MetricsServer.ParseListen("127.0.0.1"));
        var port = TestHttpServer.FreePort();
        using var server = new MetricsServer($"127.0.0.1:{port}");
        server.Start();
        using var cts = new CancellationTokenSource();
        var serving = server.ServeAsync(cts.Token);
        server.Update(new MonitorReport(1, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), [new CheckResult("http", "a\"b", CheckStatus.Fail, "HTTP 500", 0.25), new CheckResult("container", "app", CheckStatus.Ok, "running", 2)]));
        var text = await Http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
        Assert.Contains("infradedup_check_up{kind=\"http\",name=\"a\\\"b\",status=\"fail\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("infradedup_http_response_seconds{name=\"a\\\"b\"} 0.25\n", text, StringComparison.Ordinal);
        Assert.Contains("infradedup_container_restarts{name=\"app\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("infradedup_healthy 0\n", text, StringComparison.Ordinal);
        Assert.Contains("infradedup_last_check_timestamp_seconds 1700000000\n", text, StringComparison.Ordinal);
        cts.Cancel();
        await serving;
    }
}
