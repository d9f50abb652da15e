using System.Text.Json.Serialization;
using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Apply;

/// <summary>Options of <see cref="ApplyEngine.Apply"/> and <see cref="ApplyEngine.Resume"/>.</summary>
public sealed record ApplyOptions
{
    /// <summary>Check everything and render every change as a unified diff; touch nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Apply even when files the plan changes have uncommitted changes (the archive keeps them anyway).</summary>
    public bool AllowDirty { get; init; }

    public ScriptLinkMode ScriptLinks { get; init; } = ScriptLinkMode.Wrapper;

    /// <summary>
    /// Also perform the plan's script replacements by master commands (actions with a
    /// <see cref="PlanAction.BehaviourChange"/>); without it apply leaves those scripts alone and says so in its notes.
    /// </summary>
    public bool AcceptScriptReplacements { get; init; }

    /// <summary>SHA-256 of the plan document as read (default: of the plan serialised again).</summary>
    public string? PlanSha256 { get; init; }

    /// <summary>The plan's file name, for messages.</summary>
    public string PlanFile { get; init; } = "plan.json";

    /// <summary>The plan's text, to name the line of a bad action in messages.</summary>
    public string? PlanText { get; init; }

    public IFaultInjector Faults { get; init; } = FaultInjection.None;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Tests only: skip fsync (it guards against power loss, which in-process crash trials cannot simulate anyway).</summary>
    internal bool NoFsync { get; init; }
}

/// <summary>Options of <see cref="ApplyEngine.Rollback"/>.</summary>
public sealed record RollbackOptions
{
    /// <summary>Check everything and show what would be restored; touch nothing.</summary>
    public bool DryRun { get; init; }

    public IFaultInjector Faults { get; init; } = FaultInjection.None;

    /// <summary>Tests only: skip fsync (see <see cref="ApplyOptions"/>).</summary>
    internal bool NoFsync { get; init; }
}

/// <summary>What happened to one step of an apply or resume.</summary>
public enum StepOutcome
{
    /// <summary>Done now.</summary>
    [JsonStringEnumMemberName("done")]
    Done,

    /// <summary>Found already done (resume after a crash).</summary>
    [JsonStringEnumMemberName("already-done")]
    AlreadyDone,

    /// <summary>Dry run: would be done.</summary>
    [JsonStringEnumMemberName("would-do")]
    WouldDo,
}

/// <summary>One step's report.</summary>
public sealed record StepReport(int Index, PlanActionKind Kind, string Path, StepOutcome Outcome, string Reason, string? Target = null);

/// <summary>A unified diff of one path (dry runs).</summary>
public sealed record PathDiff(string Path, string Diff);

/// <summary>The result of apply or resume.</summary>
public sealed record ApplyResult(
    string? OpId,
    string Root,
    bool DryRun,
    bool Resumed,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<PathDiff> Diffs,
    IReadOnlyList<string> Notes)
{
    /// <summary>Identifies the document type and version (<c>infradedup/apply@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/apply@1";

    public int Count(PlanActionKind kind) => Steps.Count(s => s.Kind == kind);
}

/// <summary>What rollback did (or would do) to one path.</summary>
public enum RestoreOutcome
{
    /// <summary>The archived file was written back.</summary>
    [JsonStringEnumMemberName("restored")]
    Restored,

    /// <summary>A file the operation created was removed.</summary>
    [JsonStringEnumMemberName("removed")]
    Removed,

    /// <summary>Already as before the operation (never reached, or restored by an earlier run).</summary>
    [JsonStringEnumMemberName("unchanged")]
    Unchanged,

    [JsonStringEnumMemberName("would-restore")]
    WouldRestore,

    [JsonStringEnumMemberName("would-remove")]
    WouldRemove,
}

/// <summary>One path of a rollback.</summary>
public sealed record RestoreReport(string Path, RestoreOutcome Outcome);

/// <summary>
/// The result of a rollback: every path with its outcome, how many were verified against their archived SHA-256 and
/// mode, and the mismatches (non-empty = the check failed, exit 1).
/// </summary>
public sealed record RollbackResult(
    string OpId,
    string Root,
    bool DryRun,
    bool AlreadyRolledBack,
    IReadOnlyList<RestoreReport> Files,
    int Verified,
    IReadOnlyList<string> Mismatches,
    IReadOnlyList<PathDiff> Diffs,
    IReadOnlyList<string> Notes)
{
    /// <summary>Identifies the document type and version (<c>infradedup/rollback@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/rollback@1";
}
