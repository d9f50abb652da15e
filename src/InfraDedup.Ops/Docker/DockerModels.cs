using System.Text.Json.Serialization;

namespace InfraDedup.Ops.Docker;

// The subset of Docker Engine API documents the operations commands read and write. Property names are
// the API's (PascalCase); unknown fields are ignored, so any engine from API 1.40 on works.

public sealed class ImageInspect
{
    public string Id { get; set; } = string.Empty;

    public List<string>? RepoTags { get; set; }

    public string? Created { get; set; }

    public long Size { get; set; }

    public ContainerConfig? Config { get; set; }

    public string? Label(string key) => Config?.Labels is { } labels && labels.TryGetValue(key, out var v) ? v : null;
}

public sealed class HealthConfig
{
    public List<string>? Test { get; set; }

    public long Interval { get; set; }

    public long Timeout { get; set; }

    public long StartPeriod { get; set; }

    public long? StartInterval { get; set; }

    public int Retries { get; set; }
}

public sealed class ContainerConfig
{
    public string? Image { get; set; }

    public List<string>? Env { get; set; }

    public List<string>? Cmd { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, EmptyObject>? ExposedPorts { get; set; }

    public HealthConfig? Healthcheck { get; set; }

    public string? User { get; set; }

    public string? WorkingDir { get; set; }

    public List<string>? Entrypoint { get; set; }

    public Dictionary<string, EmptyObject>? Volumes { get; set; }

    public string? StopSignal { get; set; }
}

/// <summary>The API's <c>{}</c> placeholder (exposed ports, volumes).</summary>
public sealed class EmptyObject;

public sealed class PortBinding
{
    public string? HostIp { get; set; }

    public string? HostPort { get; set; }
}

public sealed class RestartPolicy
{
    public string Name { get; set; } = "no";
}

public sealed class HostConfig
{
    public string? NetworkMode { get; set; }

    public Dictionary<string, List<PortBinding>>? PortBindings { get; set; }

    public RestartPolicy? RestartPolicy { get; set; }
}

public sealed class ContainerCreateRequest
{
    public string Image { get; set; } = string.Empty;

    public List<string>? Env { get; set; }

    public List<string>? Cmd { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, EmptyObject>? ExposedPorts { get; set; }

    public HealthConfig? Healthcheck { get; set; }

    public HostConfig? HostConfig { get; set; }
}

public sealed class ContainerCreateResponse
{
    public string Id { get; set; } = string.Empty;
}

public sealed class HealthLogEntry
{
    public int ExitCode { get; set; }

    public string? Output { get; set; }
}

public sealed class HealthState
{
    public string Status { get; set; } = string.Empty;

    public int FailingStreak { get; set; }

    public List<HealthLogEntry>? Log { get; set; }
}

public sealed class ContainerState
{
    public string Status { get; set; } = string.Empty;

    public bool Running { get; set; }

    public int ExitCode { get; set; }

    public string? StartedAt { get; set; }

    public string? Error { get; set; }

    public HealthState? Health { get; set; }
}

public sealed class ContainerInspect
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>The image id the container runs.</summary>
    public string Image { get; set; } = string.Empty;

    public int RestartCount { get; set; }

    public ContainerState State { get; set; } = new();

    public ContainerConfig? Config { get; set; }

    public HostConfig? HostConfig { get; set; }
}

public sealed class ContainerSummary
{
    public string Id { get; set; } = string.Empty;

    public List<string>? Names { get; set; }

    public string Image { get; set; } = string.Empty;

    public string ImageID { get; set; } = string.Empty;

    public string State { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public Dictionary<string, string>? Labels { get; set; }

    public string Name => Names is [var first, ..] ? first.TrimStart('/') : Id[..Math.Min(12, Id.Length)];
}

public sealed class ImageSummary
{
    public string Id { get; set; } = string.Empty;

    public List<string>? RepoTags { get; set; }

    public long Size { get; set; }

    public long Created { get; set; }
}

public sealed class VolumeUsage
{
    public long Size { get; set; }

    public long RefCount { get; set; }
}

public sealed class VolumeSummary
{
    public string Name { get; set; } = string.Empty;

    public VolumeUsage? UsageData { get; set; }
}

public sealed class SystemDataUsage
{
    public long LayersSize { get; set; }

    public List<ImageSummary>? Images { get; set; }

    public List<VolumeSummary>? Volumes { get; set; }
}

public sealed class ErrorDetail
{
    public string? Message { get; set; }
}

public sealed class AuxId
{
    public string? ID { get; set; }
}

/// <summary>One line of the build progress stream.</summary>
public sealed class BuildMessage
{
    [JsonPropertyName("stream")]
    public string? Stream { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("errorDetail")]
    public ErrorDetail? ErrorDetail { get; set; }

    [JsonPropertyName("aux")]
    public AuxId? Aux { get; set; }
}

public sealed class EngineError
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

public sealed class DeletedImage
{
    public string? Untagged { get; set; }

    public string? Deleted { get; set; }
}

/// <summary>One entry of <c>manifest.json</c> in an image export (<c>docker save</c>): the layer tars, lowest first.</summary>
public sealed class SavedImageManifest
{
    public string? Config { get; set; }

    public List<string>? Layers { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(List<ImageSummary>))]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(SystemDataUsage))]
[JsonSerializable(typeof(BuildMessage))]
[JsonSerializable(typeof(EngineError))]
[JsonSerializable(typeof(List<DeletedImage>))]
[JsonSerializable(typeof(List<SavedImageManifest>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
