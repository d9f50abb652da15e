using System.Text.Json.Serialization;

namespace InfraDedup.Core.Planning;

/// <summary>
/// A consolidation plan (<c>plan.json</c>): every file it creates, replaces or removes, with the SHA-256 of every
/// input it relied on, the per-family decisions, the per-service equivalence proof and a summary.
/// Paths are repository-relative with '/' separators, so a plan applies to any clone whose inputs still match.
/// </summary>
public sealed record Plan
{
    /// <summary>Identifies the document type and version (<c>infradedup/plan@1</c>).</summary>
    public string Schema { get; init; } = SchemaId;

    public const string SchemaId = "infradedup/plan@1";

    /// <summary>Version of the tool that made the plan.</summary>
    public required string ToolVersion { get; init; }

    public required PlanOptionsRecord Options { get; init; }

    public required PlanSummary Summary { get; init; }

    /// <summary>Every file whose content the plan depends on, sorted by path: apply refuses when one differs.</summary>
    public required IReadOnlyList<PlanInput> Inputs { get; init; }

    /// <summary>File operations in the order apply performs them (creates, then replaces, then removes).</summary>
    public required IReadOnlyList<PlanAction> Actions { get; init; }

    /// <summary>One decision per Dockerfile family, biggest first.</summary>
    public required IReadOnlyList<FamilyDecision> Families { get; init; }

    /// <summary>One proof per consolidated build configuration (compose file + service), sorted.</summary>
    public required IReadOnlyList<ServiceProof> Services { get; init; }

    /// <summary>Dockerfiles left as they are, and why.</summary>
    public required IReadOnlyList<LeftAlone> LeftAlone { get; init; }

    /// <summary>
    /// Unreferenced Dockerfiles and scripts (nothing in the tree names them), with what was looked for, and whether
    /// this plan removes each (only with <c>--remove-dead</c>, and only when the reference analysis is complete).
    /// </summary>
    public IReadOnlyList<PlanDeadFile> DeadFiles { get; init; } = [];

    /// <summary>Files that could hold references but could not be read or parsed completely: while any is listed, nothing is removed as dead.</summary>
    public IReadOnlyList<PlanIncompleteSource> IncompleteReferenceSources { get; init; } = [];

    /// <summary>Things the user should know before applying (incomplete reference analysis, skipped files), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Every Dockerfile and script of the tree with its one outcome and reason; counts add up to the totals (<see cref="PlanAccounting"/>).</summary>
    public PlanAccounting? Accounting { get; init; }

    /// <summary>Files copied into many build contexts, each path now generated from one canonical source or template (absent when none).</summary>
    public IReadOnlyList<CopiedFileGroup>? Copies { get; init; }
    /// <summary>With <c>plan --scripts</c>: what the plan does with operational scripts (copies, parameterized near-copies, master-command proposals).</summary>
    public ScriptPlan? Scripts { get; init; }
    /// <summary>
    /// Why the plan has no base image (when base images were allowed and none pays: a base must serve at least two
    /// shared Dockerfiles or templates), or which members could not be wired to their base in compose; absent otherwise.
    /// </summary>
    public string? BaseImagesNote { get; init; }
}

/// <summary>An unreferenced file found while planning; <see cref="Removed"/> when the plan removes it.</summary>
public sealed record PlanDeadFile(string Path, string Kind, string Reason, bool Removed);

/// <summary>A file the reference analysis could not read or parse completely, and why.</summary>
public sealed record PlanIncompleteSource(string Path, string Reason);

/// <summary>The options the plan was made with (recorded so a reader can reproduce it).</summary>
public sealed record PlanOptionsRecord(string Strategy, double Threshold, bool RemoveDeadFiles, bool BaseImages, string Project);

/// <summary>The numbers a reader wants first. <see cref="Reduction"/> = 1 - after / before.</summary>
public sealed record PlanSummary(
    int DockerfilesBefore,
    int MaintainedSourcesAfter,
    double Reduction,
    int Templates,
    int BaseImages,
    int SharedDockerfiles,
    int ServicesConsolidated,
    int ServicesLeftAlone,
    int EquivalenceFailures,
    int DeadFilesRemoved,
    int ComposeFilesChanged,
    int ScriptWrappers)
{
    /// <summary>The reduction from consolidation alone (shared Dockerfiles, templates, base images), without any dead-file removal.</summary>
    public double ReductionFromConsolidation { get; init; }

    /// <summary>Unreferenced Dockerfiles the plan leaves in place (removable with <c>--remove-dead</c> when the analysis is complete).</summary>
    public int DeadDockerfilesKept { get; init; }

    /// <summary>The reduction this plan would reach if it also removed <see cref="DeadDockerfilesKept"/>.</summary>
    public double ReductionWithDeadRemoval { get; init; }

    /// <summary>
    /// Dockerfiles BuildKit itself rejects (parser or instruction level), left alone with <c>file:line:col</c>. Not
    /// equivalence failures: the original does not build, so there is nothing to be equivalent to.
    /// </summary>
    public int InvalidOriginals { get; init; }

    /// <summary>Files inside build contexts that are now generated copies of a canonical source (bytes and mode unchanged).</summary>
    /// <remarks>Absent when the plan generates no copies.</remarks>
    public int? GeneratedCopies { get; init; }

    /// <summary>The maintained sources those copies come from (kept originals, new canonical files, templates).</summary>
    public int? CopySources { get; init; }
}

/// <summary>An input file and the SHA-256 (lower-case hex) it had when the plan was made.</summary>
public sealed record PlanInput(string Path, string Sha256);

/// <summary>What an action does to its path.</summary>
public enum PlanActionKind
{
    /// <summary>Write a new file (the path must not exist).</summary>
    [JsonStringEnumMemberName("create")]
    Create,

    /// <summary>Replace an existing file whose SHA-256 is <see cref="PlanAction.ExpectedSha256"/> (compose edits, rewritten Dockerfiles).</summary>
    [JsonStringEnumMemberName("replace")]
    Replace,

    /// <summary>Remove (after archiving) a file whose SHA-256 is <see cref="PlanAction.ExpectedSha256"/>.</summary>
    [JsonStringEnumMemberName("remove")]
    Remove,

    /// <summary>Replace a script by a thin wrapper that execs the canonical script (<see cref="PlanAction.Target"/>).</summary>
    [JsonStringEnumMemberName("wrapper")]
    Wrapper,
}

/// <summary>
/// One file operation. <see cref="Content"/> (UTF-8 text) and <see cref="Sha256"/> describe the file after the
/// action (absent for remove); <see cref="ExpectedSha256"/> the file before it (absent for create).
/// <see cref="Mode"/> is the octal permission string for new files ("0644", "0755").
/// </summary>
public sealed record PlanAction
{
    public required PlanActionKind Kind { get; init; }

    public required string Path { get; init; }

    public string? ExpectedSha256 { get; init; }

    [JsonConverter(typeof(SegmentedStringConverter))]
    public string? Content { get; init; }

    public string? Sha256 { get; init; }

    public string? Mode { get; init; }

    /// <summary>For wrappers: the canonical script the wrapper execs.</summary>
    public string? Target { get; init; }

    /// <summary>Why the action exists, in one line.</summary>
    public required string Reason { get; init; }

    /// <summary>For compose replacements: the individual edits, for humans and reports.</summary>
    public IReadOnlyList<ComposeEditRecord>? Edits { get; init; }

    /// <summary>
    /// Set on a script replaced by a master command: the change is a proposal for review, not proven equivalent, and
    /// apply performs it only with <c>--accept-script-replacements</c>.
    /// </summary>
    public string? BehaviourChange { get; init; }
}

/// <summary>One compose edit: a service's build key set to a value (as written in YAML).</summary>
public sealed record ComposeEditRecord(string Service, string Key, string? Before, string After, int Line);

/// <summary>How a family was consolidated.</summary>
public enum FamilyStrategy
{
    /// <summary>Byte-identical (or spec-identical) copies: one shared Dockerfile, no build args.</summary>
    [JsonStringEnumMemberName("exact-copies")]
    ExactCopies,

    /// <summary>One shared Dockerfile with ARGs; per-service values in compose <c>build.args</c>.</summary>
    [JsonStringEnumMemberName("build-args")]
    BuildArgs,

    /// <summary>A template renders each member's Dockerfile at its original path.</summary>
    [JsonStringEnumMemberName("template")]
    Template,

    /// <summary>Nothing could be proven; the family is left as it is.</summary>
    [JsonStringEnumMemberName("none")]
    None,
}

/// <summary>
/// The decision for one family: its name, strategy, the groups it was split into, the files it produces and the
/// members left alone (with reasons in <see cref="Plan.LeftAlone"/>).
/// </summary>
public sealed record FamilyDecision(
    string Name,
    FamilyStrategy Strategy,
    IReadOnlyList<string> Members,
    IReadOnlyList<ConsolidatedGroup> Groups,
    IReadOnlyList<string> MembersLeftAlone,
    string Reason);

/// <summary>
/// Members that became one maintained source: a shared Dockerfile (with its parameters) or a template, optionally
/// on top of an extracted base image.
/// </summary>
public sealed record ConsolidatedGroup(
    FamilyStrategy Strategy,
    string Source,
    IReadOnlyList<string> Members,
    IReadOnlyList<PlanParameter> Parameters,
    string? BaseImage);

/// <summary>A build arg or template parameter: its name, default and where it came from.</summary>
public sealed record PlanParameter(string Name, string? Default, string Origin);

/// <summary>The equivalence proof for one build configuration (a compose service's build of a Dockerfile).</summary>
public sealed record ServiceProof(
    string ComposeFile,
    string Service,
    string OriginalDockerfile,
    string ConsolidatedDockerfile,
    IReadOnlyDictionary<string, string> BuildArgs,
    bool Equivalent,
    string? Difference);

/// <summary>A Dockerfile the plan does not touch, and why (one line a user can act on).</summary>
public sealed record LeftAlone(string Path, string Reason);
