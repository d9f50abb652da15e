using System.Text.Json.Serialization;
using InfraDedup.Core.Compose;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Inventory;

/// <summary>Everything <c>scan</c> reports. Serialised as the <c>scan --format json</c> document.</summary>
public sealed record ScanReport
{
    /// <summary>Identifies the document type and version (<c>infradedup/scan@1</c>); see docs/json-output.md.</summary>
    [JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/scan@1";

    /// <summary>Version of this document's shape; bumped on breaking changes.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>Absolute path of the scanned directory.</summary>
    public required string Root { get; init; }

    public required FileCounts Files { get; init; }

    /// <summary>Groups of byte-identical files, most wasted bytes first.</summary>
    public required IReadOnlyList<DuplicateGroup> ExactDuplicates { get; init; }

    public required DuplicateSummary DuplicateSummary { get; init; }

    /// <summary>Images the Dockerfiles build FROM (stage references excluded), most used first.</summary>
    public required IReadOnlyList<BaseImageCount> BaseImages { get; init; }

    /// <summary>Dockerfiles that do not parse (every other Dockerfile was parsed during the scan).</summary>
    public required IReadOnlyList<ParseError> ParseErrors { get; init; }

    /// <summary>Near-duplicate families found with the default similarity settings (see <c>similar</c>).</summary>
    public IReadOnlyList<Similarity.NearDuplicateGroup> NearDuplicates { get; init; } = [];

    /// <summary>Entries seen but not read, with the reason.</summary>
    public required IReadOnlyList<SkippedEntry> Skipped { get; init; }

    /// <summary>Dockerfiles and scripts nothing in the tree names (status <c>unreferenced</c>), sorted by path.</summary>
    public IReadOnlyList<DeadFile> DeadFiles { get; init; } = [];

    /// <summary>
    /// True when every file that could hold a reference was read and parsed completely (<see cref="IncompleteReferenceSources"/>
    /// is empty): only then may anything be removed as dead.
    /// </summary>
    public bool DeadFilesComplete => IncompleteReferenceSources.Count == 0;

    /// <summary>The reference status of every Dockerfile and script (built, mentioned, unreferenced) with file:line evidence, sorted by path.</summary>
    [JsonPropertyName("references")]
    public IReadOnlyList<FileReferences> FileReferences { get; init; } = [];

    /// <summary>Files that could hold references but could not be read or parsed completely, with the reason, sorted by path.</summary>
    public IReadOnlyList<IncompleteSource> IncompleteReferenceSources { get; init; } = [];

    /// <summary>Builds that name a Dockerfile missing from the tree (a <c>.env</c> variable pointing at a file that is not there).</summary>
    public IReadOnlyList<IncompleteSource> MissingBuilds { get; init; } = [];

    /// <summary>Folders copied verbatim elsewhere, reported at the highest level, sorted by first path.</summary>
    public IReadOnlyList<DirectoryCopy> DirectoryCopies { get; init; } = [];

    /// <summary>Compose files that do not parse (or have wrongly shaped sections), sorted by path and position.</summary>
    public IReadOnlyList<ComposeError> ComposeErrors { get; init; } = [];

    /// <summary>Who refers to each Dockerfile and script, and the compose files read (not serialised).</summary>
    [JsonIgnore]
    public ReferenceIndex? References { get; init; }

    /// <summary>The classified inventory, for later stages (not serialised: it can be huge).</summary>
    [JsonIgnore]
    public IReadOnlyList<RepoFile> Inventory { get; init; } = [];
}

/// <summary>How many files of each kind the scan took.</summary>
public sealed record FileCounts(
    int Total,
    long Bytes,
    int Dockerfiles,
    int ComposeFiles,
    int ShellScripts,
    int PythonScripts,
    int Manifests,
    int Other,
    int Ignored);

/// <summary>Totals over all exact-duplicate groups.</summary>
public sealed record DuplicateSummary(int Groups, int RedundantFiles, long WastedBytes);

/// <summary>How many Dockerfiles build from one image.</summary>
public sealed record BaseImageCount(string Image, int Count);
