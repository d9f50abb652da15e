using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using InfraDedup.Core;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Docker;

namespace InfraDedup.Ops.Deploy;

/// <summary>
/// deploy: build the project's images in dependency order (skipping those whose content key label matches),
/// (re)start the services' containers, wait for their health, and on failure optionally re-tag the previous
/// images and restart them. Labels on containers started through the Engine API: <see cref="ProjectLabel"/>,
/// <see cref="ServiceLabel"/>.
/// </summary>
public sealed class Deployer(IDockerEngine engine, IProcessRunner runner, Action<string>? log = null)
{
    public const string ProjectLabel = "io.infradedup.project";
    public const string ServiceLabel = "io.infradedup.service";

    public TimeSpan HealthPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public async Task<DeployReport> RunAsync(string root, DeployOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Parallel < 1)
        {
            throw new UserInputException("--parallel must be at least 1.");
        }

        var project = ComposeProject.Load(root, options.Environment);
        if (project.Files.Count == 0 && project.Config.Images.Count == 0)
        {
            throw new UserInputException($"no compose file in '{root}' (docker-compose.yml, compose.yaml, …) and no images in {OpsConfig.FileName}; run deploy in the project's root folder.");
        }

        var graph = BuildGraph.Create(project, options.Services.Count > 0 ? options.Services : null);
        var order = graph.Levels.Select(level => (IReadOnlyList<string>)[.. level.Select(n => n.Tag)]).ToList();
        var reachable = await engine.PingAsync(cancellationToken);
        if (!reachable && !options.DryRun)
        {
            throw new UserInputException($"cannot reach the Docker engine at {engine.Endpoint}; start it (or set DOCKER_HOST), or use --dry-run to see the plan.");
        }

        var services = project.Services
            .Where(s => (options.Services.Count == 0 || options.Services.Contains(s.Name)) && (s.Image is not null || s.Build is not null))
            .ToList();
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (reachable)
        {
            foreach (var service in services)
            {
                previous[service.Name] = (await engine.InspectImageAsync(project.ImageOf(service), cancellationToken))?.Id;
            }
        }

        var builds = await BuildAllAsync(graph, options, reachable, cancellationToken);
        DeployReport Report(string runtime, IReadOnlyList<ServiceRollout> rollouts, bool ok, bool rolledBack, string? error) =>
            new(1, project.Name, options.Environment, project.Files, options.DryRun, order, builds, runtime, rollouts, ok, rolledBack, error);

        if (options.DryRun)
        {
            return Report("none", [], true, false, null);
        }

        var failed = builds.FirstOrDefault(b => b.Action == "failed");
        if (failed is not null)
        {
            return Report("none", [], false, false, $"build of {failed.Image} failed: {failed.Reason}");
        }

        var runtime = await ChooseRuntimeAsync(options.Runtime, cancellationToken);
        var rollouts = await RolloutAsync(project, services, previous, runtime, options, cancellationToken);
        var report = Report(runtime, rollouts, rollouts.All(r => r.Health is "healthy" or "running"), false, null);
        if (!report.Succeeded && options.RollbackOnFailure)
        {
            var rolled = await RollbackAsync(project, services, rollouts, runtime, options, cancellationToken);
            report = report with { Services = rolled, RolledBack = rolled.Any(r => r.RolledBack) };
        }

        if (!report.Succeeded)
        {
            report = report with { Error = "health gate failed: " + string.Join("; ", report.Services.Where(r => r.Health is not ("healthy" or "running") || r.RolledBack).Select(r => $"{r.Service}: {r.Detail}")) };
        }

        SaveState(project, report);
        return report;
    }

    private async Task<List<BuildDecision>> BuildAllAsync(BuildGraph graph, DeployOptions options, bool reachable, CancellationToken cancellationToken)
    {
        var decisions = new ConcurrentDictionary<string, BuildDecision>(StringComparer.Ordinal);
        var ids = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(options.Parallel);
        for (var level = 0; level < graph.Levels.Count; level++)
        {
            var current = level;
            await Task.WhenAll(graph.Levels[level].Select(async node =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    decisions[node.Tag] = await BuildOneAsync(node, current, options, reachable, decisions, ids, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        return [.. graph.Levels.SelectMany(l => l).Select(n => decisions[n.Tag])];
    }

    private async Task<BuildDecision> BuildOneAsync(ImageNode node, int level, DeployOptions options, bool reachable,
        ConcurrentDictionary<string, BuildDecision> decisions, ConcurrentDictionary<string, string> ids, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        BuildDecision Decide(string action, string reason, string? key = null, string? id = null) =>
            new(level, node.Tag, node.DockerfileDisplay, node.Services, [.. node.DependsOn], action, reason, key, id, Math.Round(watch.Elapsed.TotalSeconds, 2));

        var failedBase = node.DependsOn.FirstOrDefault(d => decisions.TryGetValue(d, out var b) && b.Action == "failed");
        if (failedBase is not null)
        {
            return Decide("failed", $"base image {failedBase} failed to build");
        }

        var context = BuildContext.Collect(node.Context, node.Dockerfile);
        if (!reachable)
        {
            return Decide("build", $"would build: engine not reachable at {engine.Endpoint}, cannot compare content keys");
        }

        // Base image ids: in-repo bases from this run, others from the engine ("absent" when not pulled).
        var baseIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var b in node.Bases)
        {
            if (b.InRepoTag is { } tag)
            {
                if (ids.TryGetValue(tag, out var id))
                {
                    baseIds[b.Image] = id;
                }
                else
                {
                    return Decide("build", $"would build: base image {tag} will be rebuilt first");
                }
            }
            else
            {
                baseIds[b.Image] = (await engine.InspectImageAsync(b.Image, cancellationToken))?.Id ?? "absent";
            }
        }

        var key = ContentKey.Compute(node, context, baseIds);
        var existing = await engine.InspectImageAsync(node.Tag, cancellationToken);
        string reason;
        if (existing is null)
        {
            reason = "no image with this tag yet";
        }
        else if (existing.Label(ContentKey.Label) == key)
        {
            ids[node.Tag] = existing.Id;
            return Decide("skip", "unchanged: content key matches the image's label", key, existing.Id);
        }
        else if (!options.Build)
        {
            ids[node.Tag] = existing.Id;
            return Decide("skip", existing.Label(ContentKey.Label) is null ? "image exists (not built by deploy); --build rebuilds it" : "content changed, but not rebuilt without --build", key, existing.Id);
        }
        else
        {
            reason = existing.Label(ContentKey.Label) is null ? "image has no content key label" : "content key differs: Dockerfile, context, args or a base image changed";
        }

        if (options.DryRun)
        {
            return Decide("build", "would build: " + reason, key);
        }

        log?.Invoke($"building {node.Tag} ({node.DockerfileDisplay}): {reason}");
        try
        {
            var id = await engine.BuildImageAsync(
                new BuildRequest(context.WriteTarAsync, context.DockerfileEntry, [node.Tag], node.Args, new Dictionary<string, string> { [ContentKey.Label] = key }, node.Target),
                line => log?.Invoke($"  {node.Tag} | {line}"),
                cancellationToken);
            ids[node.Tag] = id;
            return Decide("built", reason, key, id);
        }
        catch (DockerEngineException e)
        {
            return Decide("failed", e.Message, key);
        }
    }

    private async Task<string> ChooseRuntimeAsync(DeployRuntime wanted, CancellationToken cancellationToken)
    {
        if (wanted == DeployRuntime.Engine)
        {
            return "engine";
        }

        foreach (var (file, args, name) in new[] { ("docker", new[] { "compose", "version" }, "compose"), ("docker-compose", new[] { "version" }, "compose-v1") })
        {
            try
            {
                if ((await runner.RunAsync(new ProcessSpec(file, args) { Timeout = TimeSpan.FromSeconds(20) }, cancellationToken)).Succeeded)
                {
                    return name;
                }
            }
            catch (ToolNotFoundException)
            {
            }
        }

        return wanted == DeployRuntime.Compose
            ? throw new UserInputException("--runtime compose: neither 'docker compose' nor 'docker-compose' is installed; install one or use --runtime engine.")
            : "engine";
    }

    private async Task<List<ServiceRollout>> RolloutAsync(ComposeProject project, List<RuntimeService> services, Dictionary<string, string?> previous, string runtime, DeployOptions options, CancellationToken cancellationToken)
    {
        if (runtime is "compose" or "compose-v1")
        {
            var args = new List<string>();
            var file = runtime == "compose" ? "docker" : "docker-compose";
            if (runtime == "compose")
            {
                args.Add("compose");
            }

            args.AddRange(["-p", project.Name, "--project-directory", project.Root]);
            foreach (var f in project.Files)
            {
                args.AddRange(["-f", Path.Combine(project.Root, f)]);
            }

            args.AddRange(["up", "-d", "--no-build", .. services.Select(s => s.Name)]);
            var result = await runner.RunAsync(new ProcessSpec(file, args) { Timeout = options.Timeout }, cancellationToken);
            if (!result.Succeeded)
            {
                return [.. services.Select(s => new ServiceRollout(s.Name, project.ContainerName(s.Name), project.ImageOf(s), previous.GetValueOrDefault(s.Name), null, "failed", $"{file} {string.Join(' ', args.Take(2))} … up failed: {result.LastErrorLine()}", false))];
            }
        }

        var started = new List<(RuntimeService Service, string Container, string? ImageId)>();
        foreach (var service in services)
        {
            var image = await engine.InspectImageAsync(project.ImageOf(service), cancellationToken);
            string container;
            if (runtime == "engine")
            {
                container = await RecreateAsync(project, service, image?.Id, cancellationToken);
            }
            else
            {
                var found = await engine.ListContainersAsync(true, new Dictionary<string, string> { ["com.docker.compose.project"] = project.Name, ["com.docker.compose.service"] = service.Name }, cancellationToken);
                container = found is [var c, ..] ? c.Name : project.ContainerName(service.Name);
            }

            started.Add((service, container, image?.Id));
        }

        return [.. await Task.WhenAll(started.Select(async s =>
        {
            var outcome = await Gate(project, s.Service, s.Container, options.Timeout, cancellationToken);
            return new ServiceRollout(s.Service.Name, s.Container, project.ImageOf(s.Service), previous.GetValueOrDefault(s.Service.Name), s.ImageId, outcome.Health, outcome.Detail, false);
        }))];
    }

    private Task<HealthOutcome> Gate(ComposeProject project, RuntimeService service, string container, TimeSpan timeout, CancellationToken cancellationToken) =>
        new HealthGate(engine) { PollInterval = HealthPollInterval }.WaitAsync(container, project.Config.Probes.GetValueOrDefault(service.Name), timeout, cancellationToken);

    /// <summary>Replaces the service's container with one running <paramref name="imageId"/> (Engine API path).</summary>
    private async Task<string> RecreateAsync(ComposeProject project, RuntimeService service, string? imageId, CancellationToken cancellationToken)
    {
        var name = project.ContainerName(service.Name);
        if (imageId is null)
        {
            throw new UserInputException($"service '{service.Name}': image '{project.ImageOf(service)}' does not exist and has no build; pull it first.", Path.Combine(project.Root, service.File));
        }

        if (await engine.InspectContainerAsync(name, cancellationToken) is not null)
        {
            await engine.RemoveContainerAsync(name, cancellationToken);
        }

        var request = new ContainerCreateRequest
        {
            Image = imageId,
            Env = [.. service.Environment.Select(kv => $"{kv.Key}={kv.Value}")],
            Cmd = service.Command is null ? null : [.. service.Command],
            Labels = new Dictionary<string, string> { [ProjectLabel] = project.Name, [ServiceLabel] = service.Name, ["io.infradedup.image"] = project.ImageOf(service) },
            HostConfig = new HostConfig { NetworkMode = service.NetworkMode ?? project.Config.Network, RestartPolicy = new RestartPolicy { Name = "no" } },
        };
        if (service.Ports.Count > 0)
        {
            request.ExposedPorts = service.Ports.ToDictionary(p => $"{p.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{p.Protocol}", _ => new EmptyObject());
            request.HostConfig.PortBindings = service.Ports.GroupBy(p => $"{p.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{p.Protocol}")
                .ToDictionary(g => g.Key, g => g.Select(p => new PortBinding { HostIp = p.HostIp ?? "127.0.0.1", HostPort = p.HostPort?.ToString(CultureInfo.InvariantCulture) ?? "" }).ToList());
        }

        if (service.Healthcheck is { } hc)
        {
            request.Healthcheck = hc.Disabled
                ? new HealthConfig { Test = ["NONE"] }
                : new HealthConfig { Test = [.. hc.Test], Interval = Nanos(hc.Interval), Timeout = Nanos(hc.Timeout), StartPeriod = Nanos(hc.StartPeriod), Retries = hc.Retries ?? 0 };
        }

        var id = await engine.CreateContainerAsync(name, request, cancellationToken);
        await engine.StartContainerAsync(id, cancellationToken);
        return name;
    }

    private static long Nanos(TimeSpan? value) => value is { } v ? v.Ticks * 100 : 0;

    private async Task<List<ServiceRollout>> RollbackAsync(ComposeProject project, List<RuntimeService> services, List<ServiceRollout> rollouts, string runtime, DeployOptions options, CancellationToken cancellationToken)
    {
        var result = new List<ServiceRollout>();
        foreach (var rollout in rollouts)
        {
            var service = services.First(s => s.Name == rollout.Service);
            if (rollout.PreviousImageId is not { } prev || prev == rollout.ImageId)
            {
                result.Add(rollout);
                continue;
            }

            log?.Invoke($"rolling back {rollout.Service}: {rollout.Image} → {prev[..Math.Min(19, prev.Length)]}");
            await engine.TagImageAsync(prev, rollout.Image, cancellationToken);
            string container = rollout.Container;
            if (runtime == "engine")
            {
                container = await RecreateAsync(project, service, prev, cancellationToken);
            }
            else
            {
                var file = runtime == "compose" ? "docker" : "docker-compose";
                var args = new List<string>(runtime == "compose" ? ["compose"] : []) { "-p", project.Name, "--project-directory", project.Root };
                foreach (var f in project.Files)
                {
                    args.AddRange(["-f", Path.Combine(project.Root, f)]);
                }

                args.AddRange(["up", "-d", "--no-build", "--force-recreate", service.Name]);
                await runner.RunAsync(new ProcessSpec(file, args) { Timeout = options.Timeout }, cancellationToken);
            }

            var outcome = await Gate(project, service, container, options.Timeout, cancellationToken);
            result.Add(rollout with
            {
                RolledBack = true,
                Detail = $"{rollout.Detail}; rolled back to the previous image: {outcome.Health} ({outcome.Detail})",
            });
        }

        return result;
    }

    private static void SaveState(ComposeProject project, DeployReport report)
    {
        try
        {
            var dir = Path.Combine(project.Root, ".infradedup", "deploy");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, $"{project.Environment ?? "default"}.json"), InfraDedup.Core.JsonText.Document(report, DeployJsonContext.Default.DeployReport));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The record is a convenience; a read-only project still deploys.
        }
    }
}
