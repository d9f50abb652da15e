using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Sample;

/// <summary>How one finding list compares with the sample's ground truth.</summary>
/// <param name="What">What was compared (e.g. "exact duplicate groups").</param>
/// <param name="Expected">Items in the ground truth.</param>
/// <param name="Found">Items the tool reported.</param>
/// <param name="Matched">Items in both.</param>
public sealed record GroundTruthScore(string What, int Expected, int Found, int Matched)
{
    /// <summary>Share of the ground truth that was found (1 when nothing was expected).</summary>
    public double Recall => Expected == 0 ? 1 : (double)Matched / Expected;

    /// <summary>Share of the findings that are in the ground truth (1 when nothing was found).</summary>
    public double Precision => Found == 0 ? 1 : (double)Matched / Found;

    public bool IsExact => Matched == Expected && Matched == Found;
}

/// <summary>Scores a scan of a generated sample against the sample's <c>ground-truth.json</c>.</summary>
public static class GroundTruthCheck
{
    /// <summary>Exact-duplicate groups: a group matches when its set of paths is identical.</summary>
    public static GroundTruthScore ExactDuplicates(ScanReport report, SampleGroundTruth truth)
    {
        static string Key(IEnumerable<string> paths) => string.Join("\n", paths.Order(StringComparer.Ordinal));
        var expected = truth.ExactDuplicates.Select(g => Key(g.Paths)).ToHashSet(StringComparer.Ordinal);
        var found = report.ExactDuplicates
            .Where(g => !g.Paths.Contains(SampleGroundTruth.FileName))
            .Select(g => Key(g.Paths))
            .ToHashSet(StringComparer.Ordinal);
        return new GroundTruthScore("exact duplicate groups", expected.Count, found.Count, found.Count(expected.Contains));
    }
}
