namespace InfraDedup.Core.Planning;

/// <summary>
/// <c>service-mapping.json</c>: for every consolidated service, which shared Dockerfile or template builds it, with
/// which parameters, on which base image; and how each extracted base image is built. Written by <c>plan</c> next to
/// <c>plan.json</c> and, by apply, to <c>docker/service-mapping.json</c> in the tree.
/// </summary>
public sealed record ServiceMapping
{
    public string Schema { get; init; } = SchemaId;

    public const string SchemaId = "infradedup/service-mapping@1";

    /// <summary>Where apply writes the mapping in the tree.</summary>
    public const string RepoPath = "docker/service-mapping.json";

    /// <summary>One entry per compose service build, sorted by compose file and service.</summary>
    public required IReadOnlyList<ServiceMappingEntry> Services { get; init; }

    /// <summary>Extracted base images, in build order (a base never depends on a later one).</summary>
    public required IReadOnlyList<BaseImageEntry> BaseImages { get; init; }

    /// <summary>Dockerfiles generated from templates (read by <c>generate</c>), sorted by output path.</summary>
    public IReadOnlyList<Templates.GeneratedFileEntry> Generated { get; init; } = [];
}

/// <summary>
/// One service: the Dockerfile it now builds (<see cref="Dockerfile"/>, a shared file or the generated output path),
/// where that came from (<see cref="Source"/>: the shared Dockerfile or the template), its parameters (build args
/// or template values), and the base image it starts from when one was extracted.
/// </summary>
public sealed record ServiceMappingEntry(
    string ComposeFile,
    string Service,
    FamilyStrategy Strategy,
    string Source,
    string Dockerfile,
    string Context,
    string OriginalDockerfile,
    IReadOnlyDictionary<string, string> Parameters,
    string? BaseImage);

/// <summary>An extracted base image: its Dockerfile, build context, the tag members use in FROM, and its consumers.</summary>
public sealed record BaseImageEntry(string Name, string Dockerfile, string Context, string Tag, IReadOnlyList<string> UsedBy);
