using System.Text.Json.Serialization;

namespace InfraDedup.Core.References;

/// <summary>How a Dockerfile or script is known to be used. Only <see cref="Unreferenced"/> is dead.</summary>
public enum ReferenceStatus
{
    /// <summary>A reference the tool understands builds it (Dockerfile) or runs or copies it (script).</summary>
    [JsonStringEnumMemberName("built")]
    Built,

    /// <summary>Its path, its folder's path or its folder's name appears in a text file of the tree; how it is used is not known.</summary>
    [JsonStringEnumMemberName("mentioned")]
    Mentioned,

    /// <summary>Nothing in the tree names it.</summary>
    [JsonStringEnumMemberName("unreferenced")]
    Unreferenced,
}

/// <summary>
/// One piece of evidence: <paramref name="Source"/> at <paramref name="Line"/> (1-based). <paramref name="Kind"/> is
/// the reference kind (<c>compose-build</c>, <c>workflow</c>, <c>makefile</c>, <c>script</c>, <c>dockerfile-copy</c>, …)
/// or <c>mention</c>; <paramref name="Detail"/> says what was found.
/// </summary>
public sealed record ReferenceEvidence(string Source, int Line, string Kind, string Detail);

/// <summary>The status of one Dockerfile or script, with its evidence (at most a few lines per kind).</summary>
public sealed record FileReferences(string Path, string Kind, ReferenceStatus Status, IReadOnlyList<ReferenceEvidence> Evidence);

/// <summary>A file that could hold references but could not be read or parsed completely, and why.</summary>
public sealed record IncompleteSource(string Path, string Reason);
