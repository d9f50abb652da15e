using System.Text;
using System.Text.RegularExpressions;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Tests.Sample;

namespace InfraDedup.Core.Tests.Similarity;

/// <summary>
/// The filters that keep candidates from being verified in full: the early-stopping exact Jaccard must agree with
/// the full one, and the MinHash pre-filter must not lose a pair of the sample's exact text-Jaccard truth.
/// </summary>
public sealed partial class VerificationFilterTests
{
    [Fact]
    public void Early_stopping_Jaccard_agrees_with_the_full_merge_at_every_threshold()
    {
        var random = new Random(11);
        double[] thresholds = [0.05, 0.3, 0.5, 0.6, 0.7, 0.75, 0.85, 0.9, 0.99, 1.0];
        for (var trial = 0; trial < 3000; trial++)
        {
            // Sets drawn from a small universe overlap in every proportion, including J exactly at c / (n + m − c).
            var universe = random.Next(1, 60);
            var a = ShingleSet.From([.. Enumerable.Range(0, random.Next(0, 50)).Select(_ => (ulong)random.Next(universe))]);
            var b = ShingleSet.From([.. Enumerable.Range(0, random.Next(0, 50)).Select(_ => (ulong)random.Next(universe))]);
            var exact = ShingleSet.Jaccard(a, b);
            foreach (var t in thresholds.Append(exact))
            {
                var linked = ShingleSet.JaccardAtLeast(a, b, t, out var score);
                Assert.Equal(exact >= t, linked);
                if (linked)
                {
                    Assert.Equal(exact, score);
                }
                else
                {
                    Assert.True(score < t, $"bound {score} of a rejected pair is not below {t}");
                }
            }
        }
    }

    [Theory]
    [InlineData(0.7, 128, 57)]
    [InlineData(0.85, 128, 81)]
    public void Signature_cut_is_the_binomial_lower_tail_bound(double threshold, int hashCount, int expected)
    {
        var cut = MinHasher.ConservativeEqualPositions(threshold, hashCount, 1e-9);
        Assert.Equal(expected, cut);
        Assert.True(BinomialBelow(cut, hashCount, threshold) <= 1e-9);
        Assert.True(BinomialBelow(cut + 1, hashCount, threshold) > 1e-9);

        // Long signatures must not underflow into rejecting everything.
        Assert.InRange(MinHasher.ConservativeEqualPositions(threshold, 4096, 1e-9), 1, (int)(threshold * 4096));
        Assert.Equal(0, MinHasher.ConservativeEqualPositions(1.0, hashCount));
    }

    [Theory]
    [InlineData(0.85)]
    [InlineData(0.7)]
    public void Text_measure_pairs_are_exactly_the_sample_truth(double threshold)
    {
        using var dir = new TempDir();
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = dir.Path, Services = 120, Seed = 42 });
        var scan = Scanner.Scan(dir.Path, new WalkOptions { NoIgnore = true });
        var report = FamilyFinder.Find(scan.Root, scan.Inventory, new SimilarityOptions
        {
            Threshold = threshold,
            KeepLiterals = true,
            Measure = SimilarityMeasure.Text,
            Linkage = FamilyLinkage.Complete,
            ReportPairs = true,
            IncludeImageSources = true,
        });

        var truth = Truth(scan.Inventory, threshold);
        var ours = report.Pairs!.Select(p => (p.A, p.B)).ToHashSet();
        Assert.True(truth.Count > 20, $"only {truth.Count} truth pairs: the sample no longer exercises the filters");
        Assert.Empty(truth.Except(ours));
        Assert.Empty(ours.Except(truth));
    }

    /// <summary>
    /// All pairs of one kind whose raw-word 5-shingle sets have Jaccard ≥ t, by brute force over every pair; shingles
    /// are the word strings themselves (numbered, so no hash can collide).
    /// </summary>
    private static HashSet<(string, string)> Truth(IReadOnlyList<RepoFile> files, double threshold)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new HashSet<(string, string)>();
        foreach (var kind in files.Where(f => FamilyFinder.KindOf(f.Kind) is not null).GroupBy(f => f.Kind))
        {
            var sets = kind
                .Select(f => (f.RelativePath, Shingles: Shingles(File.ReadAllText(f.FullPath, Encoding.UTF8))
                    .Select(x => ids.TryGetValue(x, out var id) ? id : ids[x] = ids.Count).Order().ToArray()))
                .Where(x => x.Shingles.Length > 0)
                .OrderBy(x => x.RelativePath, StringComparer.Ordinal)
                .ToArray();
            for (var i = 0; i < sets.Length; i++)
            {
                for (var j = i + 1; j < sets.Length; j++)
                {
                    var common = Common(sets[i].Shingles, sets[j].Shingles);
                    if ((double)common / (sets[i].Shingles.Length + sets[j].Shingles.Length - common) >= threshold)
                    {
                        result.Add((sets[i].RelativePath, sets[j].RelativePath));
                    }
                }
            }
        }

        return result;
    }

    private static HashSet<string> Shingles(string text)
    {
        var words = WordPattern().Matches(text).Select(m => m.Value).ToArray();
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i == 0 || i + 5 <= words.Length; i++)
        {
            if (words.Length > 0)
            {
                set.Add(string.Join(' ', words.Skip(i).Take(5)));
            }
        }

        return set;
    }

    private static int Common(int[] a, int[] b)
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return common;
    }

    private static double BinomialBelow(int c, int n, double p)
    {
        var total = 0.0;
        for (var k = 0; k < c; k++)
        {
            total += Math.Exp(LogChoose(n, k) + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p)));
        }

        return total;
    }

    private static double LogChoose(int n, int k)
    {
        var sum = 0.0;
        for (var i = 0; i < k; i++)
        {
            sum += Math.Log(n - i) - Math.Log(i + 1);
        }

        return sum;
    }

    [GeneratedRegex("[A-Za-z0-9_]+")]
    private static partial Regex WordPattern();
}
