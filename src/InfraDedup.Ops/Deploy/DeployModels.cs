using System.Text.Json.Serialization;

namespace InfraDedup.Ops.Deploy;

/// <summary>How containers are (re)started: <c>docker compose</c> when installed (auto), always compose, or always the Engine API.</summary>
public enum DeployRuntime
{
    Auto,
    Compose,
    Engine,
}

public sealed record DeployOptions
{
    public string? Environment { get; init; }

    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Build images whose content key changed; without it only missing images are built.</summary>
    public bool Build { get; init; }

    public int Parallel { get; init; } = 2;

    public bool DryRun { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    public bool RollbackOnFailure { get; init; }

    public DeployRuntime Runtime { get; init; } = DeployRuntime.Auto;
}

/// <summary>What happened (or, with --dry-run, would happen) to one image.</summary>
public sealed record BuildDecision(
    int Level,
    string Image,
    string Dockerfile,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> DependsOn,
    string Action,
    string Reason,
    string? ContentKey,
    string? ImageId,
    double Seconds);

/// <summary>The rollout of one service: which image it ran before and now, and how its health gate ended.</summary>
public sealed record ServiceRollout(string Service, string Container, string Image, string? PreviousImageId, string? ImageId, string Health, string Detail, bool RolledBack);

public sealed record DeployReport(
    int SchemaVersion,
    string Project,
    string? Environment,
    IReadOnlyList<string> ComposeFiles,
    bool DryRun,
    IReadOnlyList<IReadOnlyList<string>> Order,
    IReadOnlyList<BuildDecision> Builds,
    string Runtime,
    IReadOnlyList<ServiceRollout> Services,
    bool Succeeded,
    bool RolledBack,
    string? Error)
{
    /// <summary>Identifies the document type and version (<c>infradedup/deploy@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/deploy@1";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(DeployReport))]
public sealed partial class DeployJsonContext : JsonSerializerContext;
