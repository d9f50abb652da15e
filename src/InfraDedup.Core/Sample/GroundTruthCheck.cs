using InfraDedup.Core.Inventory;
using InfraDedup.Core.Similarity;

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

    /// <summary>Dead Dockerfiles (the ground truth lists Dockerfiles only).</summary>
    public static GroundTruthScore DeadDockerfiles(ScanReport report, SampleGroundTruth truth)
    {
        var expected = truth.DeadFiles.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        var found = report.DeadFiles.Where(d => d.Kind == References.DeadFiles.DockerfileKind).Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        return new GroundTruthScore("dead Dockerfiles", expected.Count, found.Count, found.Count(expected.Contains));
    }

    /// <summary>Directory copies: a copy matches when its set of folders is identical.</summary>
    public static GroundTruthScore DirectoryCopies(ScanReport report, SampleGroundTruth truth)
    {
        static string Key(IEnumerable<string> paths) => string.Join("\n", paths.Order(StringComparer.Ordinal));
        var expected = truth.DirectoryCopies.Select(c => Key(c.Paths)).ToHashSet(StringComparer.Ordinal);
        var found = report.DirectoryCopies.Select(c => Key(c.Paths)).ToHashSet(StringComparer.Ordinal);
        return new GroundTruthScore("directory copies", expected.Count, found.Count, found.Count(expected.Contains));
    }

    /// <summary>
    /// Near-duplicate families scored by pairs: two files are "together" in the truth and in the
    /// findings; recall and precision are over those pairs.
    /// </summary>
    public static GroundTruthScore Families(ScanReport report, SampleGroundTruth truth, bool dockerfiles)
    {
        var expected = Pairs(dockerfiles
            ? truth.DockerfileFamilies.Select(f => f.Paths)
            : truth.ScriptFamilies.Select(f => f.Paths));
        var found = Pairs(report.NearDuplicates
            .Where(g => (g.Kind == FamilyKind.Dockerfile) == dockerfiles)
            .Select(g => g.Paths));
        var what = dockerfiles ? "Dockerfile family pairs" : "script family pairs";
        return new GroundTruthScore(what, expected.Count, found.Count, found.Count(expected.Contains));
    }

    private static HashSet<(string, string)> Pairs(IEnumerable<IReadOnlyList<string>> groups)
    {
        var pairs = new HashSet<(string, string)>();
        foreach (var group in groups)
        {
            var sorted = group.Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                for (var j = i + 1; j < sorted.Length; j++)
                {
                    pairs.Add((sorted[i], sorted[j]));
                }
            }
        }

        return pairs;
    }
}
