using InfraDedup.Core.Apply;
using InfraDedup.Core.Compose;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Lint;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Reports;

/// <summary>Where the tree stands relative to the plan the report describes.</summary>
public enum TreeStage
{
    /// <summary>Nothing applied (or the last operation was rolled back): the tree is the "before".</summary>
    Planned,

    /// <summary>An operation completed: the tree is the "after".</summary>
    Applied,

    /// <summary>An operation was interrupted (applying or rolling back): resume or roll back.</summary>
    Interrupted,
}

/// <summary>A file operation, from a plan action or a journal step; <see cref="Reason"/> is why (for a dead file's removal: "dead: " and the evidence).</summary>
public sealed record ActionRef(PlanActionKind Kind, string Path)
{
    public string? Reason { get; init; }
}

/// <summary>A file the operation removed (or the plan would remove), with why: the dead-file evidence or the consolidation that replaced it.</summary>
public sealed record RemovedFile(string Path, string Kind, string Reason, bool Dead);

/// <summary>The operation a report is about (from <c>.infradedup/journal</c>).</summary>
public sealed record OperationSummary(string OpId, DateTimeOffset Created, OperationState State, string PlanSha256, IReadOnlyList<ActionRef> Steps);

/// <summary>
/// Everything a report is computed from, already loaded (so tests can build one by hand).
/// </summary>
public sealed record ReportSources
{
    public required ScanReport Scan { get; init; }

    public required LintReport Lint { get; init; }

    /// <summary>The plan described, or null when none is available (an applied tree without <c>--plan</c>).</summary>
    public Plan? Plan { get; init; }

    /// <summary>The plan file as the user named it; null when the plan was computed in memory.</summary>
    public string? PlanFile { get; init; }

    /// <summary>SHA-256 of the plan file's bytes (compared with the operation's recorded plan hash).</summary>
    public string? PlanFileSha256 { get; init; }

    /// <summary>The operation reported on (given with <c>--op</c>, or the latest); null when none was ever applied.</summary>
    public OperationSummary? Operation { get; init; }

    /// <summary>The validation status: validate's checks of an applied operation; null: the plan's proofs.</summary>
    public ValidationStatus? Validation { get; init; }

    /// <summary>
    /// Lint findings on the other side of the operation: before it for an applied tree (the archived originals of the
    /// Dockerfiles it changed linted again), after it for a planned one (the plan's new Dockerfile contents linted);
    /// null when unknown (the before/after row is then left out).
    /// </summary>
    public int? LintFindingsOtherSide { get; init; }

    /// <summary>Reads a file's original text (repository path, expected SHA-256 or null); null when it is not available.</summary>
    public Func<string, string?, string?> ReadOriginal { get; init; } = (_, _) => null;

    /// <summary>
    /// For an applied operation, the exact-duplicate groups the tree had before it (from the journal and the archive,
    /// see <see cref="DuplicateGroupsOtherSide"/>); null when unknown (the row is then left out). A planned tree's
    /// other side comes from the plan's actions instead.
    /// </summary>
    public int? DuplicateGroupsOtherSide { get; init; }
}

/// <summary>How the report refers to things it cannot know from the sources.</summary>
public sealed record ReportOptions
{
    /// <summary>The tree's name in headings (default: the scanned folder's name).</summary>
    public string? RootName { get; init; }

    /// <summary>How to name the tree in commands the report prints (the PATH the user gave).</summary>
    public string RootArgument { get; init; } = ".";

    /// <summary>The generated-at text (<c>--generated-at</c>); null: none, so the output stays reproducible.</summary>
    public string? GeneratedAt { get; init; }
}

/// <summary>A before/after count. <see cref="Reduction"/> = 1 - after / before (0 when before is 0).</summary>
public sealed record CountRow(string Measure, int Before, int After)
{
    public double Reduction => Before == 0 ? 0 : 1 - ((double)After / Before);
}

/// <summary>Exact duplicates: totals and the biggest groups.</summary>
public sealed record DuplicateSection(int Groups, int RedundantFiles, long WastedBytes, IReadOnlyList<DuplicateGroup> Largest);

/// <summary>One family and what the plan decided for it.</summary>
public sealed record FamilyRow(string Name, string Strategy, int Members, int Consolidated, int LeftAlone, IReadOnlyList<string> Sources, string Decision);

/// <summary>Lint counts by severity (error … style, all four listed) and the most frequent rules.</summary>
public sealed record LintSection(int FilesLinted, int Findings, IReadOnlyList<(string Severity, int Count)> BySeverity, IReadOnlyList<RuleCount> TopRules);

public sealed record RuleCount(string RuleId, string Severity, int Count);

/// <summary>What can be undone and how, as the exact commands.</summary>
public sealed record RollbackSection(string Summary, IReadOnlyList<string> Commands);

/// <summary>A member of a consolidated group next to the file it is now maintained as (shared Dockerfile or template).</summary>
public sealed record MemberDiff(string Member, string Source, string? MemberText, string? SourceText);

public sealed record FamilyDiff(string Family, string Strategy, IReadOnlyList<MemberDiff> Members);

/// <summary>Everything a report shows, computed from <see cref="ReportSources"/>; the renderers only format it.</summary>
public sealed record ReportModel
{
    public required string RootName { get; init; }

    public required string RootArgument { get; init; }

    public string? GeneratedAt { get; init; }

    public required TreeStage Stage { get; init; }

    /// <summary>One sentence: what the report describes (plan computed, plan file, operation, …).</summary>
    public required string Basis { get; init; }

    /// <summary>Caveats a reader must know (plan not stored, plan/operation mismatch, …).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    public required IReadOnlyList<CountRow> Counts { get; init; }

    public PlanSummary? PlanSummary { get; init; }

    public required int PlanActions { get; init; }

    public required DuplicateSection Duplicates { get; init; }

    public required IReadOnlyList<FamilyRow> Families { get; init; }

    /// <summary>Dead files in the tree as it is now (for an applied tree: those the operation left).</summary>
    public required IReadOnlyList<DeadFile> DeadFiles { get; init; }

    /// <summary>Files the operation removed (applied) or the plan removes (planned), from the journal or the plan's actions.</summary>
    public IReadOnlyList<RemovedFile> Removed { get; init; } = [];

    public required IReadOnlyList<BaseImageCount> BaseImages { get; init; }

    public required LintSection Lint { get; init; }

    public required ValidationStatus Validation { get; init; }

    public required RollbackSection Rollback { get; init; }

    public required IReadOnlyList<FamilyDiff> Diffs { get; init; }

    /// <summary>The script map of the tree as it is now (classes, callers, copies, coverage); null without reference analysis.</summary>
    public InfraDedup.Core.Scripts.ScriptMapReport? Scripts { get; init; }

    /// <summary>What the plan does with operational scripts (<c>plan --scripts</c>), or null.</summary>
    public ScriptPlan? ScriptPlan { get; init; }
}
