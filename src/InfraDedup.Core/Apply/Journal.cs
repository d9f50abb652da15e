using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Apply;

/// <summary>Where an operation is in its life.</summary>
public enum OperationState
{
    /// <summary>Changing the tree (or interrupted while doing so: finish with resume or undo with rollback).</summary>
    [JsonStringEnumMemberName("applying")]
    Applying,

    /// <summary>Every step done.</summary>
    [JsonStringEnumMemberName("complete")]
    Complete,

    /// <summary>Restoring (or interrupted while doing so: run rollback again).</summary>
    [JsonStringEnumMemberName("rolling-back")]
    RollingBack,

    /// <summary>Every touched file restored and verified.</summary>
    [JsonStringEnumMemberName("rolled-back")]
    RolledBack,
}

/// <summary>Where a step is. A step is marked started (durably) before it touches the tree.</summary>
public enum StepState
{
    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("started")]
    Started,

    [JsonStringEnumMemberName("done")]
    Done,
}

/// <summary>How a removed script that other files call is replaced.</summary>
public enum ScriptLinkMode
{
    /// <summary>A small script that execs the canonical one (the plan's wrapper text).</summary>
    [JsonStringEnumMemberName("wrapper")]
    Wrapper,

    /// <summary>A relative symbolic link to the canonical script.</summary>
    [JsonStringEnumMemberName("symlink")]
    Symlink,
}

/// <summary>
/// The write-ahead journal of one operation (<c>.infradedup/journal/&lt;op-id&gt;.json</c>): every step with the exact
/// state of its path before and after (SHA-256, size, mode or link target). It is written durably before the first
/// change and again before each step, so recovery knows for every path which of the two states is expected.
/// </summary>
public sealed record Journal
{
    public const string SchemaId = "infradedup/journal@1";

    public string Schema { get; init; } = SchemaId;

    public required string OpId { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required string ToolVersion { get; init; }

    /// <summary>SHA-256 of the plan document the operation executed.</summary>
    public required string PlanSha256 { get; init; }

    public required ScriptLinkMode ScriptLinks { get; init; }

    public required OperationState State { get; init; }

    public required IReadOnlyList<JournalStep> Steps { get; init; }
}

/// <summary>
/// One step: the action on <see cref="Path"/>, its state before (null: absent) and after (null: removed), and the
/// folders apply created for it (removed again by rollback when empty). The new content is in the archive's object
/// store under <c>After.Sha256</c>, the old content under <c>Before.Sha256</c>.
/// </summary>
public sealed record JournalStep(
    int Index,
    PlanActionKind Kind,
    string Path,
    StepState State,
    string Reason,
    FileRecord? Before = null,
    FileRecord? After = null,
    IReadOnlyList<string>? CreatedDirectories = null);

/// <summary>Operation ids: UTC time to the millisecond plus 6 random hex digits, so they sort by time and never collide in practice.</summary>
public static partial class OperationId
{
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture)
        + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex(@"^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>One line of the step log (<c>journal/&lt;op-id&gt;.log</c>): step <see cref="Started"/> began, creating these folders.</summary>
public sealed record StepEvent(int Started, IReadOnlyList<string>? CreatedDirectories = null);
