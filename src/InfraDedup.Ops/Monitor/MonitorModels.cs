using System.Text.Json.Serialization;

namespace InfraDedup.Ops.Monitor;

public enum CheckStatus
{
    [JsonStringEnumMemberName("ok")]
    Ok,
    [JsonStringEnumMemberName("warn")]
    Warn,
    [JsonStringEnumMemberName("fail")]
    Fail,
}

/// <summary>One check's result. <see cref="Value"/> is the measured number (percent, seconds, restarts) when there is one.</summary>
public sealed record CheckResult(string Kind, string Name, CheckStatus Status, string Detail, double? Value = null);

public sealed record MonitorReport(int SchemaVersion, DateTimeOffset Time, IReadOnlyList<CheckResult> Checks)
{
    /// <summary>Identifies the document type and version (<c>infradedup/monitor@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/monitor@1";

    public bool Healthy => Checks.All(c => c.Status != CheckStatus.Fail);
}

/// <summary>A check whose status changed between two rounds (what alerts are sent for).</summary>
public sealed record StateChange(string Kind, string Name, CheckStatus? From, CheckStatus To, string Detail);

public sealed record AlertPayload(string Source, DateTimeOffset Time, bool Healthy, IReadOnlyList<StateChange> Changes);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(MonitorReport))]
[JsonSerializable(typeof(AlertPayload))]
public sealed partial class MonitorJsonContext : JsonSerializerContext;
