using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfraDedup.Core.Sample;

/// <summary>
/// What the generator knows about the tree it wrote (<c>ground-truth.json</c>). All paths are relative
/// to the sample root with <c>/</c> separators; every list is sorted ordinally.
/// </summary>
public sealed record SampleGroundTruth
{
    /// <summary>Name of the file at the sample root that holds this object as JSON.</summary>
    public const string FileName = "ground-truth.json";

    public required long Seed { get; init; }

    public required int Services { get; init; }

    /// <summary>Groups of Dockerfiles of the same service kind that are equal or near (values, one or two instructions).</summary>
    public required IReadOnlyList<SampleDockerfileFamily> DockerfileFamilies { get; init; }

    /// <summary>Groups of scripts a careful reviewer would merge into one parameterised script.</summary>
    public required IReadOnlyList<SampleScriptFamily> ScriptFamilies { get; init; }

    /// <summary>Every group of byte-identical non-empty files (ground-truth.json excluded).</summary>
    public required IReadOnlyList<SampleExactDuplicate> ExactDuplicates { get; init; }

    /// <summary>Dockerfiles nothing (compose, CI workflow, Makefile, script) references.</summary>
    public required IReadOnlyList<SampleDeadFile> DeadFiles { get; init; }

    /// <summary>Folders copied verbatim elsewhere (each group: the original and its copies).</summary>
    public required IReadOnlyList<SampleDirectoryCopy> DirectoryCopies { get; init; }

    /// <summary>Compose services with a <c>build:</c> section, paths resolved to the sample root.</summary>
    public required IReadOnlyList<SampleComposeService> ComposeServices { get; init; }

    /// <summary>Files present on disk that the root <c>.gitignore</c> ignores.</summary>
    public required IReadOnlyList<string> IgnoredPaths { get; init; }

    /// <summary>Serialises to the exact bytes written as <c>ground-truth.json</c> (indented, camelCase, LF).</summary>
    public void WriteJson(Stream stream) =>
        JsonSerializer.Serialize(stream, this, SampleGroundTruthJsonContext.Default.SampleGroundTruth);

    /// <summary>Reads a <c>ground-truth.json</c> stream.</summary>
    public static SampleGroundTruth ReadJson(Stream stream) =>
        JsonSerializer.Deserialize(stream, SampleGroundTruthJsonContext.Default.SampleGroundTruth)
        ?? throw new InvalidDataException("ground-truth.json is empty (null).");

    /// <summary>Reads <c>ground-truth.json</c> from a sample root folder.</summary>
    public static SampleGroundTruth Load(string sampleRoot)
    {
        using var stream = File.OpenRead(Path.Combine(sampleRoot, FileName));
        return ReadJson(stream);
    }
}

/// <summary>A Dockerfile family; <see cref="VariesIn"/> names what differs between members.</summary>
public sealed record SampleDockerfileFamily(string Id, string Kind, IReadOnlyList<string> Paths, IReadOnlyList<string> VariesIn);

/// <summary>
/// A script family. <see cref="CloneType"/>: 1 = all members byte-identical, 2 = only literals/identifiers
/// differ, 3 = some members also add or drop a line or two.
/// </summary>
public sealed record SampleScriptFamily(string Id, string Kind, int CloneType, IReadOnlyList<string> Paths);

/// <summary>Byte-identical files (at least two).</summary>
public sealed record SampleExactDuplicate(IReadOnlyList<string> Paths);

/// <summary>An unreferenced Dockerfile and why it is dead (backup, archive, superseded, experiment).</summary>
public sealed record SampleDeadFile(string Path, string Reason);

/// <summary>Folders with identical content (original first by ordinal order, not by age).</summary>
public sealed record SampleDirectoryCopy(IReadOnlyList<string> Paths);

/// <summary>
/// One compose service with a build section. <see cref="Context"/> and <see cref="Dockerfile"/> are
/// resolved against the compose file's folder and given relative to the sample root.
/// </summary>
public sealed record SampleComposeService(string ComposeFile, string Service, string Context, string Dockerfile);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NewLine = "\n")]
[JsonSerializable(typeof(SampleGroundTruth))]
internal sealed partial class SampleGroundTruthJsonContext : JsonSerializerContext;
