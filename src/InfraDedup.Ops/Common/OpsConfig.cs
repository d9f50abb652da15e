using System.Globalization;
using InfraDedup.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InfraDedup.Ops.Common;

/// <summary>A value read from <c>.infradedup.yaml</c> with where it was written (for error messages).</summary>
public sealed record ConfigValue(string Value, string File, int Line, int Column)
{
    public UserInputException Error(string message) => new(message, File, Line, Column);
}

/// <summary>An extra in-repo image that no compose service builds (e.g. a shared base image).</summary>
public sealed record ConfigImage(string Tag, string Context, string? Dockerfile, IReadOnlyDictionary<string, string> Args);

/// <summary>Thresholds for system metrics, in percent (load: 1-minute load average). Null: not checked.</summary>
public sealed record Thresholds(double? CpuPercent = null, double? MemoryPercent = 95, double? DiskPercent = 95, double? Load1 = null);

/// <summary>A scheduled job: a cron expression and the infradedup arguments to run.</summary>
public sealed record ScheduleEntry(string Name, ConfigValue Cron, string Command);

/// <summary>Retention policy: keep the newest N, plus the newest of each of the last D days and W weeks.</summary>
public sealed record RetentionPolicy(int KeepLast, int KeepDaily, int KeepWeekly)
{
    public static RetentionPolicy Default { get; } = new(7, 7, 4);
}

/// <summary>
/// The optional <c>.infradedup.yaml</c> at a project root: compose files per environment, deploy, monitor and
/// maintain settings. Every key is optional; unknown keys are errors (so typos do not go unnoticed).
/// </summary>
public sealed record OpsConfig
{
    public const string FileName = ".infradedup.yaml";

    public string? Project { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Environments { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public string? Network { get; init; }

    public TimeSpan? DeployTimeout { get; init; }

    public IReadOnlyList<ConfigImage> Images { get; init; } = [];

    public IReadOnlyDictionary<string, string> Probes { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> MonitorUrls { get; init; } = [];

    public Thresholds Thresholds { get; init; } = new();

    public string? Webhook { get; init; }

    public string? BackupDir { get; init; }

    public RetentionPolicy Retention { get; init; } = RetentionPolicy.Default;

    public IReadOnlyList<ScheduleEntry> Schedules { get; init; } = [];

    /// <summary>The file it came from, or null when there was none.</summary>
    public string? Path { get; init; }

    /// <summary>Reads <c>ROOT/.infradedup.yaml</c>; an empty config when the file does not exist.</summary>
    public static OpsConfig Load(string root)
    {
        var path = System.IO.Path.Combine(root, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path), path) : new OpsConfig();
    }

    public static OpsConfig Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new UserInputException($"not valid YAML: {e.Message.Split('\n')[0]}", path, (int)e.Start.Line, (int)e.Start.Column);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new OpsConfig { Path = path };
        }

        var y = new Yaml(path);
        var root = y.Map(stream.Documents[0].RootNode, "the top level");
        var config = new OpsConfig { Path = path };
        foreach (var (key, value) in root)
        {
            config = y.Key(key) switch
            {
                "project" => config with { Project = y.Scalar(value).Value },
                "environments" => config with { Environments = y.Map(value, "'environments'").ToDictionary(e => y.Key(e.Key), e => y.StringList(e.Value), StringComparer.Ordinal) },
                "deploy" => y.Deploy(config, value),
                "monitor" => y.Monitor(config, value),
                "maintain" => y.Maintain(config, value),
                var other => throw y.Unknown(key, other, "project, environments, deploy, monitor, maintain"),
            };
        }

        return config;
    }

    private sealed class Yaml(string path)
    {
        public UserInputException At(YamlNode node, string message) => new(message, path, (int)node.Start.Line, (int)node.Start.Column);

        public UserInputException Unknown(YamlNode node, string key, string known) => At(node, $"unknown key '{key}'; known here: {known}.");

        public string Key(YamlNode node) => node is YamlScalarNode { Value: { } v } ? v : throw At(node, "keys must be plain strings");

        public IEnumerable<KeyValuePair<YamlNode, YamlNode>> Map(YamlNode node, string what) =>
            node is YamlMappingNode map ? map.Children : throw At(node, $"{what} must be a mapping (key: value lines).");

        public ConfigValue Scalar(YamlNode node) =>
            node is YamlScalarNode { Value: { } v }
                ? new ConfigValue(v, path, (int)node.Start.Line, (int)node.Start.Column)
                : throw At(node, "expected a single value here, not a list or mapping.");

        public IReadOnlyList<string> StringList(YamlNode node) => node switch
        {
            YamlSequenceNode seq => [.. seq.Children.Select(c => Scalar(c).Value)],
            YamlScalarNode => [Scalar(node).Value],
            _ => throw At(node, "expected a list of strings."),
        };

        public double Number(YamlNode node)
        {
            var v = Scalar(node);
            return double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0
                ? d
                : throw v.Error($"'{v.Value}' is not a non-negative number.");
        }

        public int Count(YamlNode node)
        {
            var v = Scalar(node);
            return int.TryParse(v.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw v.Error($"'{v.Value}' is not a whole number ≥ 0.");
        }

        public TimeSpan Duration(YamlNode node)
        {
            var v = Scalar(node);
            return Durations.TryParse(v.Value, out var d) ? d : throw v.Error($"'{v.Value}' is not a duration; write e.g. 10s, 5m or 1h.");
        }

        public OpsConfig Deploy(OpsConfig config, YamlNode node)
        {
            foreach (var (key, value) in Map(node, "'deploy'"))
            {
                config = Key(key) switch
                {
                    "network" => config with { Network = Scalar(value).Value },
                    "timeout" => config with { DeployTimeout = Duration(value) },
                    "probes" => config with { Probes = Map(value, "'deploy.probes'").ToDictionary(e => Key(e.Key), e => Scalar(e.Value).Value, StringComparer.Ordinal) },
                    "images" => config with { Images = Images(value) },
                    var other => throw Unknown(key, other, "network, timeout, probes, images"),
                };
            }

            return config;
        }

        private List<ConfigImage> Images(YamlNode node)
        {
            if (node is not YamlSequenceNode seq)
            {
                throw At(node, "'deploy.images' must be a list of {tag, context, dockerfile, args}.");
            }

            var images = new List<ConfigImage>();
            foreach (var item in seq.Children)
            {
                string? tag = null, context = null, dockerfile = null;
                var args = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in Map(item, "an image entry"))
                {
                    switch (Key(key))
                    {
                        case "tag": tag = Scalar(value).Value; break;
                        case "context": context = Scalar(value).Value; break;
                        case "dockerfile": dockerfile = Scalar(value).Value; break;
                        case "args":
                            foreach (var (k, v) in Map(value, "'args'"))
                            {
                                args[Key(k)] = Scalar(v).Value;
                            }

                            break;
                        case var other: throw Unknown(key, other, "tag, context, dockerfile, args");
                    }
                }

                if (tag is null)
                {
                    throw At(item, "an image entry needs a 'tag' (the image reference other Dockerfiles build FROM).");
                }

                images.Add(new ConfigImage(tag, context ?? ".", dockerfile, args));
            }

            return images;
        }

        public OpsConfig Monitor(OpsConfig config, YamlNode node)
        {
            foreach (var (key, value) in Map(node, "'monitor'"))
            {
                config = Key(key) switch
                {
                    "urls" => config with { MonitorUrls = StringList(value) },
                    "webhook" => config with { Webhook = Scalar(value).Value },
                    "thresholds" => config with { Thresholds = Thresholds(value) },
                    var other => throw Unknown(key, other, "urls, webhook, thresholds"),
                };
            }

            return config;
        }

        private Thresholds Thresholds(YamlNode node)
        {
            var t = new Thresholds();
            foreach (var (key, value) in Map(node, "'monitor.thresholds'"))
            {
                t = Key(key) switch
                {
                    "cpu" => t with { CpuPercent = Number(value) },
                    "memory" => t with { MemoryPercent = Number(value) },
                    "disk" => t with { DiskPercent = Number(value) },
                    "load" => t with { Load1 = Number(value) },
                    var other => throw Unknown(key, other, "cpu, memory, disk (percent), load"),
                };
            }

            return t;
        }

        public OpsConfig Maintain(OpsConfig config, YamlNode node)
        {
            foreach (var (key, value) in Map(node, "'maintain'"))
            {
                config = Key(key) switch
                {
                    "backups" => config with { BackupDir = Scalar(value).Value },
                    "retention" => config with { Retention = Retention(value) },
                    "schedules" => config with { Schedules = Schedules(value) },
                    var other => throw Unknown(key, other, "backups, retention, schedules"),
                };
            }

            return config;
        }

        private RetentionPolicy Retention(YamlNode node)
        {
            var r = RetentionPolicy.Default;
            foreach (var (key, value) in Map(node, "'maintain.retention'"))
            {
                r = Key(key) switch
                {
                    "last" => r with { KeepLast = Count(value) },
                    "daily" => r with { KeepDaily = Count(value) },
                    "weekly" => r with { KeepWeekly = Count(value) },
                    var other => throw Unknown(key, other, "last, daily, weekly"),
                };
            }

            return r;
        }

        private List<ScheduleEntry> Schedules(YamlNode node)
        {
            if (node is not YamlSequenceNode seq)
            {
                throw At(node, "'maintain.schedules' must be a list of {name, cron, command}.");
            }

            var list = new List<ScheduleEntry>();
            foreach (var item in seq.Children)
            {
                string? name = null, command = null;
                ConfigValue? cron = null;
                foreach (var (key, value) in Map(item, "a schedule entry"))
                {
                    switch (Key(key))
                    {
                        case "name": name = Scalar(value).Value; break;
                        case "cron": cron = Scalar(value); break;
                        case "command": command = Scalar(value).Value; break;
                        case var other: throw Unknown(key, other, "name, cron, command");
                    }
                }

                if (name is null || cron is null || command is null)
                {
                    throw At(item, "a schedule entry needs 'name', 'cron' and 'command' (infradedup arguments, e.g. 'maintain backup --out /backups').");
                }

                list.Add(new ScheduleEntry(name, cron, command));
            }

            return list;
        }
    }
}
