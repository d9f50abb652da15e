using System.Globalization;
using InfraDedup.Core;
using InfraDedup.Core.Compose;
using InfraDedup.Core.References;

namespace InfraDedup.Ops.Common;

/// <summary>A published port: <c>[host_ip:]host_port:container_port[/proto]</c>.</summary>
public sealed record PortMapping(string? HostIp, int? HostPort, int ContainerPort, string Protocol = "tcp")
{
    public override string ToString() =>
        $"{(HostIp is null ? "" : HostIp + ":")}{(HostPort is null ? "" : HostPort.Value.ToString(CultureInfo.InvariantCulture) + ":")}{ContainerPort.ToString(CultureInfo.InvariantCulture)}/{Protocol}";
}

/// <summary>A compose <c>healthcheck</c> (overrides the image's HEALTHCHECK).</summary>
public sealed record ComposeHealthcheck(IReadOnlyList<string> Test, TimeSpan? Interval, TimeSpan? Timeout, TimeSpan? StartPeriod, int? Retries, bool Disabled);

/// <summary>What deploy and monitor need of a compose service, after all of an environment's files are merged.</summary>
public sealed record RuntimeService
{
    public required string Name { get; init; }

    /// <summary>The compose file (repository path) that last defined the service.</summary>
    public required string File { get; init; }

    public string? Image { get; init; }

    public ComposeBuild? Build { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    public IReadOnlyList<string>? Command { get; init; }

    public ComposeHealthcheck? Healthcheck { get; init; }

    public string? NetworkMode { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];
}

/// <summary>
/// A compose project: the files of one environment merged in order (later files override a service's
/// keys; <c>environment</c> maps are merged). File sets: <c>.infradedup.yaml</c>'s <c>environments</c>
/// mapping, else <c>docker-compose.yml</c> (or <c>compose.yaml</c>, …) plus <c>docker-compose.ENV.yml</c>
/// for an environment, or, without one, its override file (<c>docker-compose.override.yml</c>, as compose loads by default).
/// </summary>
public sealed record ComposeProject(string Root, string Name, string? Environment, IReadOnlyList<string> Files, IReadOnlyList<RuntimeService> Services, OpsConfig Config)
{
    private static readonly string[] BaseNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    /// <summary>Loads the project at <paramref name="root"/>; throws <see cref="UserInputException"/> with file:line:col for bad files.</summary>
    public static ComposeProject Load(string root, string? environment)
    {
        var full = System.IO.Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new UserInputException($"'{root}' is not a folder; give the project's root folder (where docker-compose.yml is).");
        }

        var config = OpsConfig.Load(full);
        var files = ComposeFiles(full, environment, config);
        var services = new Dictionary<string, RuntimeService>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var file in files)
        {
            var text = System.IO.File.ReadAllText(System.IO.Path.Combine(full, file));
            var built = ComposeReader.Read(file, text);
            if (built.Errors.Count > 0)
            {
                var e = built.Errors[0];
                throw new UserInputException(e.Message + "; fix the compose file.", System.IO.Path.Combine(full, e.Path), e.Line, e.Column);
            }

            foreach (var service in RuntimeReader.Read(full, file, built))
            {
                if (services.TryGetValue(service.Name, out var earlier))
                {
                    var env = new Dictionary<string, string>(earlier.Environment, StringComparer.Ordinal);
                    foreach (var (k, v) in service.Environment)
                    {
                        env[k] = v;
                    }

                    services[service.Name] = earlier with
                    {
                        File = service.File,
                        Image = service.Image ?? earlier.Image,
                        Build = service.Build ?? earlier.Build,
                        Environment = env,
                        Ports = service.Ports.Count > 0 ? service.Ports : earlier.Ports,
                        Command = service.Command ?? earlier.Command,
                        Healthcheck = service.Healthcheck ?? earlier.Healthcheck,
                        NetworkMode = service.NetworkMode ?? earlier.NetworkMode,
                        DependsOn = service.DependsOn.Count > 0 ? service.DependsOn : earlier.DependsOn,
                    };
                }
                else
                {
                    services[service.Name] = service;
                    order.Add(service.Name);
                }
            }
        }

        var name = config.Project ?? ProjectName(full);
        return new ComposeProject(full, name, environment, files, [.. order.Select(n => services[n])], config);
    }

    /// <summary>The compose files of an environment, relative to the root.</summary>
    public static IReadOnlyList<string> ComposeFiles(string root, string? environment, OpsConfig config)
    {
        if (environment is not null && config.Environments.TryGetValue(environment, out var mapped))
        {
            foreach (var f in mapped.Where(f => !System.IO.File.Exists(System.IO.Path.Combine(root, f))))
            {
                throw new UserInputException($"compose file '{f}' of environment '{environment}' does not exist; fix 'environments' in {OpsConfig.FileName}.", config.Path);
            }

            return mapped;
        }

        if (environment is not null && config.Environments.Count > 0)
        {
            throw new UserInputException($"environment '{environment}' is not defined; {OpsConfig.FileName} defines: {string.Join(", ", config.Environments.Keys)}.", config.Path);
        }

        var baseFile = BaseNames.FirstOrDefault(n => System.IO.File.Exists(System.IO.Path.Combine(root, n)));
        if (baseFile is null)
        {
            return [];
        }

        var files = new List<string> { baseFile };
        if (environment is null)
        {
            // As 'docker compose' without -f: the override file next to the base file is merged over it.
            if (OverrideOf(root, baseFile) is { } overrideFile)
            {
                files.Add(overrideFile);
            }
        }
        else
        {
            var stem = baseFile[..baseFile.LastIndexOf('.')];
            var ext = baseFile[baseFile.LastIndexOf('.')..];
            var overlay = $"{stem}.{environment}{ext}";
            var alternative = $"{stem}.{environment}{(ext == ".yml" ? ".yaml" : ".yml")}";
            if (System.IO.File.Exists(System.IO.Path.Combine(root, overlay)))
            {
                files.Add(overlay);
            }
            else if (System.IO.File.Exists(System.IO.Path.Combine(root, alternative)))
            {
                files.Add(alternative);
            }
            else
            {
                throw new UserInputException($"no compose file for environment '{environment}': expected '{overlay}' next to '{baseFile}' (or map it under 'environments' in {OpsConfig.FileName}).", System.IO.Path.Combine(root, baseFile));
            }
        }

        return files;
    }

    /// <summary>
    /// <c>compose.override.yaml</c> for <c>compose.yaml</c>, <c>docker-compose.override.yml</c> for
    /// <c>docker-compose.yml</c> (either extension), when present; null otherwise.
    /// </summary>
    private static string? OverrideOf(string root, string baseFile)
    {
        var stem = baseFile[..baseFile.LastIndexOf('.')];
        string[] candidates = [stem + ".override.yaml", stem + ".override.yml"];
        return candidates.FirstOrDefault(c => System.IO.File.Exists(System.IO.Path.Combine(root, c)));
    }

    /// <summary>Compose's project name rule: the folder name, lower case, only <c>[a-z0-9_-]</c>.</summary>
    public static string ProjectName(string folder)
    {
        var name = new string([.. System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(folder)).ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')]);
        return name.Length == 0 ? "default" : name;
    }

    public RuntimeService? Service(string name) => Services.FirstOrDefault(s => s.Name == name);

    /// <summary>The container name deploy gives a service (compose v2's naming).</summary>
    public string ContainerName(string service) => $"{Name}-{service}-1";

    /// <summary>The image a service runs: its <c>image</c>, or compose's default name for a built image.</summary>
    public string ImageOf(RuntimeService service) => service.Image ?? $"{Name}-{service.Name}:latest";

    /// <summary>
    /// Turns the run-time settings of the Core compose model (<see cref="ComposeService.Runtime"/>) into what deploy and
    /// monitor use; a setting of the wrong shape is a <see cref="UserInputException"/> at its file:line:col.
    /// </summary>
    private static class RuntimeReader
    {
        public static IEnumerable<RuntimeService> Read(string root, string file, ComposeFile built)
        {
            var path = System.IO.Path.Combine(root, file);
            foreach (var b in built.Services)
            {
                var fields = b.Runtime;
                yield return new RuntimeService
                {
                    Name = b.Name,
                    File = file,
                    Image = b.Image?.Value ?? b.Image?.Raw,
                    Build = b.Build,
                    Environment = fields.TryGetValue("environment", out var env) ? Environment(path, env) : new Dictionary<string, string>(),
                    Ports = fields.TryGetValue("ports", out var ports) ? Ports(path, ports) : [],
                    Command = fields.TryGetValue("command", out var command) ? Command(path, command) : null,
                    Healthcheck = fields.TryGetValue("healthcheck", out var hc) ? Healthcheck(path, hc) : null,
                    NetworkMode = fields.TryGetValue("network_mode", out var nm) ? Scalar(path, nm) : null,
                    DependsOn = fields.TryGetValue("depends_on", out var dep) ? DependsOn(dep) : [],
                };
            }
        }

        private static UserInputException At(string path, ComposeNode node, string message) =>
            new(message, path, node.Span.Start.Line, node.Span.Start.Column);

        private static string Scalar(string path, ComposeNode node) =>
            node.Scalar is { } value ? Interpolated(value.Raw, value.Value) : throw At(path, node, "expected a single value here.");

        /// <summary>A key or value after interpolation with defaults; as written (environment-expanded) when a variable has no default.</summary>
        private static string Interpolated(string raw, string? value) => value ?? System.Environment.ExpandEnvironmentVariables(raw);

        private static string Key(string raw) => Interpolated(raw, ComposeInterpolation.Interpolate(raw, []));

        private static Dictionary<string, string> Environment(string path, ComposeNode node)
        {
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            if (node.Entries is { } map)
            {
                foreach (var (k, v) in map)
                {
                    var key = Key(k);
                    env[key] = v.Scalar is { Raw.Length: 0 } ? System.Environment.GetEnvironmentVariable(key) ?? "" : Scalar(path, v);
                }
            }
            else if (node.Items is { } list)
            {
                foreach (var item in list)
                {
                    var s = Scalar(path, item);
                    var eq = s.IndexOf('=', StringComparison.Ordinal);
                    env[eq < 0 ? s : s[..eq]] = eq < 0 ? System.Environment.GetEnvironmentVariable(s) ?? "" : s[(eq + 1)..];
                }
            }
            else
            {
                throw At(path, node, "'environment' must be a mapping or a list of KEY=value.");
            }

            return env;
        }

        private static List<PortMapping> Ports(string path, ComposeNode node)
        {
            if (node.Items is not { } list)
            {
                throw At(path, node, "'ports' must be a list.");
            }

            var result = new List<PortMapping>();
            foreach (var item in list)
            {
                if (item.Entries is not null)
                {
                    string? F(string k) => item[k] is { } v ? Scalar(path, v) : null;
                    var target = F("target");
                    if (target is null || !int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                    {
                        throw At(path, item, "a long-form port needs a numeric 'target'.");
                    }

                    result.Add(new PortMapping(F("host_ip"), F("published") is { } p && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var hp) ? hp : null, t, F("protocol") ?? "tcp"));
                    continue;
                }

                result.Add(ParsePort(Scalar(path, item)) ?? throw At(path, item, $"'{Scalar(path, item)}' is not a port mapping; write e.g. \"8080:80\" or \"127.0.0.1:8080:80\"."));
            }

            return result;
        }

        private static List<string> Command(string path, ComposeNode node) => node.Items is { } list
            ? [.. list.Select(c => Scalar(path, c))]
            : ["/bin/sh", "-c", Scalar(path, node)];

        private static ComposeHealthcheck Healthcheck(string path, ComposeNode node)
        {
            if (node.Entries is not { } map)
            {
                throw At(path, node, "'healthcheck' must be a mapping.");
            }

            IReadOnlyList<string> test = [];
            TimeSpan? interval = null, timeout = null, start = null;
            int? retries = null;
            var disabled = false;
            foreach (var (k, v) in map)
            {
                switch (Key(k))
                {
                    case "test":
                        test = v.Items is { } seq ? [.. seq.Select(c => Scalar(path, c))] : ["CMD-SHELL", Scalar(path, v)];
                        break;
                    case "interval": interval = Duration(path, v); break;
                    case "timeout": timeout = Duration(path, v); break;
                    case "start_period": start = Duration(path, v); break;
                    case "retries":
                        retries = int.TryParse(Scalar(path, v), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : throw At(path, v, "'retries' must be a whole number.");
                        break;
                    case "disable": disabled = Scalar(path, v) == "true"; break;
                    default: break;
                }
            }

            return new ComposeHealthcheck(test, interval, timeout, start, retries, disabled || test is ["NONE"]);
        }

        private static TimeSpan Duration(string path, ComposeNode node)
        {
            var s = Scalar(path, node);
            return Durations.TryParse(s, out var d) ? d : throw At(path, node, $"'{s}' is not a duration; write e.g. 10s or 1m30s.");
        }

        private static List<string> DependsOn(ComposeNode node) =>
            node.Items is { } list ? [.. list.Where(i => i.Scalar is not null).Select(i => i.Scalar!.Raw)]
            : node.Entries is { } map ? [.. map.Select(e => e.Key)]
            : [];
    }

    /// <summary>Parses compose's short port syntax; null when it is not one.</summary>
    public static PortMapping? ParsePort(string text)
    {
        var protocol = "tcp";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..];
            text = text[..slash];
        }

        var parts = text.Split(':');
        static int? Num(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65536 ? n : null;
        return parts switch
        {
            [var c] when Num(c) is { } cp => new PortMapping(null, null, cp, protocol),
            [var h, var c] when Num(c) is { } cp && Num(h) is { } hp => new PortMapping(null, hp, cp, protocol),
            [var ip, var h, var c] when Num(c) is { } cp => new PortMapping(ip, h.Length == 0 ? null : Num(h) ?? -1, cp, protocol) is { HostPort: not -1 } m ? m : null,
            _ => null,
        };
    }
}
