using System.Text;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Secrets;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Planning;

/// <summary>Which consolidation the planner may use for a family.</summary>
public enum StrategyChoice
{
    /// <summary>Shared Dockerfiles with build args where provable, templates for the rest (when available).</summary>
    Auto,

    /// <summary>Only shared Dockerfiles with build args (and exact copies).</summary>
    BuildArgs,

    /// <summary>Templates for every family.</summary>
    Template,
}

/// <summary>Options of <see cref="Planner.Make"/>.</summary>
public sealed record PlanOptions
{
    public StrategyChoice Strategy { get; init; } = StrategyChoice.Auto;

    /// <summary>Family similarity threshold (as in <c>similar</c>).</summary>
    public double Threshold { get; init; } = 0.85;

    /// <summary>
    /// Remove (archive) Dockerfiles whose reference status is <c>unreferenced</c> (nothing in the tree names them).
    /// Off by default; even when on, nothing is removed while the reference analysis is incomplete.
    /// </summary>
    public bool RemoveDeadFiles { get; init; }

    /// <summary>Extract shared instruction prefixes into base images where sound.</summary>
    public bool BaseImages { get; init; } = true;

    /// <summary>Project name used in base image tags; default: the root folder's name.</summary>
    public string? Project { get; init; }

    public WalkOptions Walk { get; init; } = new();

    /// <summary>Header of generated Dockerfiles: a one-line comment naming the template, or none (byte-identical output).</summary>
    public Templates.HeaderMode Header { get; init; } = Templates.HeaderMode.Comment;

    /// <summary>Also consolidate operational scripts and propose master-command replacements (<c>plan --scripts</c>).</summary>
    public bool Scripts { get; init; }

    /// <summary>The tool version recorded in the plan.</summary>
    public string ToolVersion { get; init; } = "0.0.0";

    /// <summary>
    /// Also collect the secret values of the tree the plan read (<see cref="PlanResult.Redactor"/>), for a caller that
    /// masks them in what it shows: collected on a spare core while the later stages plan.
    /// </summary>
    public bool CollectSecrets { get; init; }

    /// <summary>
    /// Run independent stages beside each other (the copies of files into build contexts while the compose files are
    /// rewritten and the plan assembled); off only in tests, which check that both ways give the same plan.
    /// </summary>
    internal bool OverlapStages { get; init; } = true;
}

/// <summary>The plan, the mapping, and the proposed files (repository path → content) for a user to read before applying.</summary>
public sealed record PlanResult(Plan Plan, ServiceMapping Mapping, IReadOnlyDictionary<string, string> ProposedFiles)
{
    /// <summary>What the planner read of the tree, for a caller that reads it again (e.g. for secrets); null when not kept.</summary>
    public PlanReads? Reads { get; init; }

    /// <summary>
    /// The secrets of the tree the plan read (<see cref="PlanReads.Redactor"/>), when <see cref="PlanOptions.CollectSecrets"/>
    /// asked for them; null otherwise.
    /// </summary>
    public SecretRedactor? Redactor { get; init; }
}

/// <summary>
/// The scan's inventory (walk order) and the Dockerfiles the planner parsed from text that <see cref="File.ReadAllText(string)"/>
/// reads the same way (valid UTF-8 without a byte-order mark), by path: what a later pass over the same tree can reuse
/// instead of walking and parsing it again.
/// </summary>
public sealed record PlanReads(IReadOnlyList<RepoFile> Inventory, IReadOnlyDictionary<string, Dockerfiles.DockerfileDocument> Dockerfiles)
{
    /// <summary>The secrets of the tree at <paramref name="root"/> that the plan read, found without walking or parsing it again.</summary>
    public SecretRedactor Redactor(string root) => SecretRedactor.ForInventory(root, Inventory, path => Dockerfiles.GetValueOrDefault(path));
}

/// <summary>
/// The consolidation planner: scans a tree, finds Dockerfile families, and for each family chooses a consolidation it
/// can prove equivalent for every compose build configuration of every member. Members it cannot prove stay as they
/// are, with the reason. Output: a <see cref="Plan"/> of file operations with input hashes, and a service mapping.
/// </summary>
public static class Planner
{
    internal const string SharedFolder = "docker/shared";

    internal const string BaseFolder = "docker/base";

    public static PlanResult Make(string root, PlanOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timings = StageTimings.FromEnvironment();
        var scan = Scanner.Scan(root, options.Walk, ScanParts.References, progress, cancellationToken);
        timings.Mark("plan: scan");
        return Make(scan, options, progress, cancellationToken);
    }

    /// <summary>
    /// Plans from a scan already made (with its references, e.g. <see cref="ScanParts.All"/>), so a command that
    /// scanned the tree for its own report does not walk and read it again. <paramref name="options"/>' walk options
    /// are not used: the scan's are.
    /// </summary>
    public static PlanResult Make(ScanReport scan, PlanOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(options);
        if (scan.References is null)
        {
            throw new ArgumentException("The planner needs a scan with its references (ScanParts.References).", nameof(scan));
        }

        var timings = StageTimings.FromEnvironment();
        progress?.Report(new StageProgress("finding families", 0, 0));
        var similarity = FamilyFinder.Find(scan.Root, scan.Inventory, new SimilarityOptions { Threshold = options.Threshold, Kinds = FamilyKinds.Dockerfile, Linkage = FamilyLinkage.Single }, progress, cancellationToken);
        timings.Mark("plan: families");
        progress?.Report(new StageProgress("planning", 0, 0));
        var builder = new PlanBuilder(scan, options);
        var result = builder.Build(similarity.Families, cancellationToken);
        timings.Mark("plan: decide and prove");
        return result with { Reads = new PlanReads(scan.Inventory, builder.ParsedAsText()) };
    }

    internal static string SharedFolderPath(string name) => SharedFolder + "/" + name + ".Dockerfile";

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Apply.Hashing.Sha256(bytes);

    public static string Sha256(string text) => Sha256(Encoding.UTF8.GetBytes(text));
}
