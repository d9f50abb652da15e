using System.Text.Json.Serialization;

namespace InfraDedup.Core.Similarity;

/// <summary>What kind of files a family groups.</summary>
public enum FamilyKind
{
    [JsonStringEnumMemberName("dockerfile")]
    Dockerfile,

    [JsonStringEnumMemberName("shell")]
    Shell,

    [JsonStringEnumMemberName("python")]
    Python,
}

/// <summary>Which kinds <see cref="FamilyFinder"/> compares.</summary>
[Flags]
public enum FamilyKinds
{
    None = 0,
    Dockerfile = 1,
    Shell = 2,
    Python = 4,
    All = Dockerfile | Shell | Python,
}

/// <summary>
/// Clone type of a member relative to its family's medoid: 1 = same normalized stream (comments and layout
/// aside), 2 = same once identifiers and literals are abstracted, 3 = near (shingle Jaccard at or above the threshold).
/// </summary>
public enum CloneType
{
    [JsonStringEnumMemberName("type1")]
    Type1 = 1,

    [JsonStringEnumMemberName("type2")]
    Type2 = 2,

    [JsonStringEnumMemberName("type3")]
    Type3 = 3,
}

/// <summary>
/// A near-duplicate family: files whose normalized streams are the same or nearly the same, the member that
/// best represents them (<see cref="Medoid"/>), and where the others differ from it. The consolidation planner's input.
/// </summary>
public sealed record Family
{
    public required FamilyKind Kind { get; init; }

    /// <summary>The highest clone type of any member relative to the medoid.</summary>
    public required CloneType CloneType { get; init; }

    /// <summary>Path of the member with the highest total similarity to the others (ties: first path).</summary>
    public required string Medoid { get; init; }

    /// <summary>
    /// The lowest <see cref="FamilyMember.Similarity"/> (1 when all are equal): at or above the threshold unless the
    /// run asked for single linkage, which may chain.
    /// </summary>
    public required double MinSimilarity { get; init; }

    /// <summary>Members sorted by path (the medoid included).</summary>
    public required IReadOnlyList<FamilyMember> Members { get; init; }

    /// <summary>How every member lines up with the medoid's units (instructions or statements).</summary>
    public required FamilyAlignment Alignment { get; init; }

    /// <summary>Token ranges of medoid units where members hold other values, in medoid order.</summary>
    public required IReadOnlyList<VaryingSlot> VaryingSlots { get; init; }

    /// <summary>All member paths, in <see cref="Members"/> order.</summary>
    [JsonIgnore]
    public IEnumerable<string> Paths => Members.Select(m => m.Path);
}

/// <summary>
/// A member and its similarity to the family's medoid in the run's measure (aligned: the larger of the shingle Jaccard
/// and the unit-alignment similarity).
/// </summary>
public sealed record FamilyMember(string Path, double Similarity, CloneType CloneType);

/// <summary>
/// The medoid's normalized units (Dockerfile instructions, or script statements) and, per member, which of them
/// it lacks, which units it adds, and which it changes.
/// </summary>
public sealed record FamilyAlignment(IReadOnlyList<string> MedoidUnits, IReadOnlyList<MemberAlignment> Members);

/// <summary>
/// One member against the medoid. <see cref="Missing"/>: medoid unit indices with no counterpart;
/// <see cref="Inserted"/>: units only the member has; <see cref="Changed"/>: medoid unit indices aligned with a different unit.
/// </summary>
public sealed record MemberAlignment(
    string Path,
    IReadOnlyList<int> Missing,
    IReadOnlyList<InsertedUnit> Inserted,
    IReadOnlyList<int> Changed);

/// <summary>A unit a member has and the medoid lacks; it follows medoid unit <see cref="After"/> (-1: before the first).</summary>
public sealed record InsertedUnit(int After, string Text);

/// <summary>
/// Tokens [<see cref="Token"/>, <see cref="Token"/>+<see cref="Length"/>) of medoid unit <see cref="Instruction"/>
/// hold different values across members. <see cref="Values"/> follows <see cref="Family.Members"/>; null where the
/// member lacks the unit. <see cref="Display"/> shows the unit with the alternatives, e.g. <c>EXPOSE &lt;8001|8002&gt;</c>.
/// </summary>
public sealed record VaryingSlot(int Instruction, int Token, int Length, IReadOnlyList<string?> Values, string Display);

/// <summary>
/// The short form of a family in the <c>scan</c> report: kind, the family's <see cref="Family.MinSimilarity"/> and sorted paths.
/// </summary>
public sealed record NearDuplicateGroup(FamilyKind Kind, double Similarity, IReadOnlyList<string> Paths)
{
    /// <summary>One group per family of <paramref name="report"/>, in the report's order.</summary>
    public static IReadOnlyList<NearDuplicateGroup> From(SimilarityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [.. report.Families.Select(f => new NearDuplicateGroup(f.Kind, f.MinSimilarity, [.. f.Paths]))];
    }
}
