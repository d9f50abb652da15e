using InfraDedup.Core.Inventory;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Tests.Sample;

namespace InfraDedup.Core.Tests.Similarity;

/// <summary>
/// Families found on generated samples against the generator's ground truth, scored pairwise: a pair of files is
/// "together" when both sides put them in one family.
/// </summary>
public sealed class GroundTruthAccuracyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(42)]
    [InlineData(7)]
    [InlineData(2026)]
    public void Families_match_the_ground_truth_pairwise(long seed)
    {
        using var dir = new TempDir();
        var truth = SampleGenerator.Generate(new SampleOptions { OutputDirectory = dir.Path, Services = 120, Seed = seed });
        var scan = Scanner.Scan(dir.Path, new WalkOptions());
        var report = FamilyFinder.Find(scan.Root, scan.Inventory);

        var dockerTruth = Pairs(truth.DockerfileFamilies.Select(f => f.Paths));
        var dockerOurs = Pairs(report.Families.Where(f => f.Kind == FamilyKind.Dockerfile).Select(f => f.Paths.ToList()));
        var scriptTruth = Pairs(truth.ScriptFamilies.Select(f => f.Paths));
        var scriptOurs = Pairs(report.Families.Where(f => f.Kind != FamilyKind.Dockerfile).Select(f => f.Paths.ToList()));

        var (dp, dr) = Score(dockerOurs, dockerTruth, "dockerfile");
        var (sp, sr) = Score(scriptOurs, scriptTruth, "script");
        Assert.True(dp >= 0.95, $"Dockerfile precision {dp:F3}");
        Assert.True(dr >= 0.95, $"Dockerfile recall {dr:F3}");
        Assert.True(sp >= 0.95, $"script precision {sp:F3}");
        Assert.True(sr >= 0.95, $"script recall {sr:F3}");
    }

    internal static HashSet<(string, string)> Pairs(IEnumerable<IReadOnlyList<string>> groups)
    {
        var set = new HashSet<(string, string)>();
        foreach (var g in groups)
        {
            var sorted = g.OrderBy(p => p, StringComparer.Ordinal).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                for (var j = i + 1; j < sorted.Length; j++)
                {
                    set.Add((sorted[i], sorted[j]));
                }
            }
        }

        return set;
    }

    private (double Precision, double Recall) Score(HashSet<(string, string)> ours, HashSet<(string, string)> truth, string what)
    {
        var common = ours.Count(truth.Contains);
        var precision = ours.Count == 0 ? 1 : (double)common / ours.Count;
        var recall = truth.Count == 0 ? 1 : (double)common / truth.Count;
        output.WriteLine($"{what}: ours {ours.Count} truth {truth.Count} common {common} precision {precision:F4} recall {recall:F4}");
        foreach (var p in ours.Where(p => !truth.Contains(p)).Take(10))
        {
            output.WriteLine($"  false positive {p}");
        }

        foreach (var p in truth.Where(p => !ours.Contains(p)).Take(10))
        {
            output.WriteLine($"  missed {p}");
        }

        return (precision, recall);
    }
}
