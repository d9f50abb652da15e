using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Tests.Similarity;

public sealed class MinHashLshTests
{
    /// <summary>Two sets with a known Jaccard: |A∩B| = common, |A∖B| = |B∖A| = distinct.</summary>
    private static (ulong[] A, ulong[] B, double J) Sets(int common, int distinct, ulong salt)
    {
        var a = new List<ulong>();
        var b = new List<ulong>();
        for (var i = 0; i < common; i++)
        {
            a.Add(MinHasher.Mix((ulong)i + (salt << 32)));
            b.Add(MinHasher.Mix((ulong)i + (salt << 32)));
        }

        for (var i = 0; i < distinct; i++)
        {
            a.Add(MinHasher.Mix((ulong)(i + 1_000_000) + (salt << 32)));
            b.Add(MinHasher.Mix((ulong)(i + 2_000_000) + (salt << 32)));
        }

        return ([.. a], [.. b], (double)common / (common + (2 * distinct)));
    }

    [Theory]
    [InlineData(90, 5)]
    [InlineData(70, 15)]
    [InlineData(50, 25)]
    [InlineData(10, 45)]
    public void MinHash_estimate_is_within_the_error_bound(int common, int distinct)
    {
        var hasher = new MinHasher(256);
        var errors = new List<double>();
        for (ulong salt = 1; salt <= 40; salt++)
        {
            var (a, b, j) = Sets(common, distinct, salt);
            Assert.Equal(j, ShingleSet.Jaccard(ShingleSet.From(a), ShingleSet.From(b)), 12);
            errors.Add(MinHasher.Estimate(hasher.Signature(a), hasher.Signature(b)) - j);
        }

        var (_, _, jj) = Sets(common, distinct, 1);
        var sigma = Math.Sqrt(jj * (1 - jj) / 256);
        Assert.All(errors, e => Assert.True(Math.Abs(e) <= (4 * sigma) + 1e-9, $"error {e:F4} > 4σ = {4 * sigma:F4}"));
        Assert.True(Math.Abs(errors.Average()) <= sigma, $"mean error {errors.Average():F4} shows a bias");
    }

    [Fact]
    public void MinHash_of_equal_sets_is_equal_and_of_disjoint_sets_rarely_collides()
    {
        var hasher = new MinHasher(128);
        var (a, _, _) = Sets(50, 0, 3);
        Assert.Equal(1.0, MinHasher.Estimate(hasher.Signature(a), hasher.Signature([.. a.Reverse(), .. a])));
        var (x, y, _) = Sets(0, 60, 4);
        Assert.True(MinHasher.Estimate(hasher.Signature(x), hasher.Signature(y)) < 0.05);
    }

    [Theory]
    [InlineData(0.85)]
    [InlineData(0.7)]
    [InlineData(0.55)]
    public void Chosen_bands_find_pairs_at_the_threshold_with_high_probability(double threshold)
    {
        var (bands, rows) = LshIndex.ChooseBands(threshold, 128);
        Assert.True(LshIndex.CandidateProbability(threshold, bands, rows) >= 0.995);
        Assert.True(bands * rows <= 128);

        // Empirically: pairs at J ≈ threshold + 0.02 become candidates nearly always; pairs at J ≈ 0.2 rarely.
        var hasher = new MinHasher(128);
        int found = 0, trials = 200, noise = 0;
        for (ulong salt = 1; salt <= (ulong)trials; salt++)
        {
            var target = threshold + 0.02;
            var distinct = (int)Math.Round(200 * (1 - target) / (2 * target));
            var (a, b, _) = Sets(200, distinct, salt);
            var index = new LshIndex(bands, rows);
            index.Add(0, hasher.Signature(a));
            index.Add(1, hasher.Signature(b));
            found += index.CandidatePairs().Count;

            var (c, d, _) = Sets(40, 80, salt + 10_000);
            var far = new LshIndex(bands, rows);
            far.Add(0, hasher.Signature(c));
            far.Add(1, hasher.Signature(d));
            noise += far.CandidatePairs().Count;
        }

        Assert.True(found >= trials * 0.97, $"{found}/{trials} near pairs found");
        var expectedNoise = LshIndex.CandidateProbability(0.2, bands, rows);
        Assert.True(noise <= trials * (expectedNoise + 0.1), $"{noise}/{trials} far pairs (J=0.2) became candidates; expected ≈{expectedNoise:P1}");
    }

    [Fact]
    public void Candidate_pairs_are_distinct_ordered_and_sorted()
    {
        var index = new LshIndex(4, 2);
        ulong[] sig = [1, 2, 3, 4, 5, 6, 7, 8];
        index.Add(2, sig);
        index.Add(0, sig);
        index.Add(1, sig);
        Assert.Equal([(0, 1), (0, 2), (1, 2)], index.CandidatePairs());
    }

    [Fact]
    public void Candidates_are_exactly_the_pairs_that_share_a_band()
    {
        // Few distinct values per position, so bands collide often and items share several bands.
        var random = new Random(17);
        const int bands = 6, rows = 2, count = 60;
        var signatures = new ulong[count][];
        var index = new LshIndex(bands, rows);
        for (var i = 0; i < count; i++)
        {
            signatures[i] = [.. Enumerable.Range(0, bands * rows).Select(_ => (ulong)random.Next(3))];
            index.Add(i, signatures[i]);
        }

        var expected = new List<(int, int)>();
        for (var a = 0; a < count; a++)
        {
            for (var b = a + 1; b < count; b++)
            {
                if (Enumerable.Range(0, bands).Any(band => signatures[a].AsSpan(band * rows, rows).SequenceEqual(signatures[b].AsSpan(band * rows, rows))))
                {
                    expected.Add((a, b));
                }
            }
        }

        Assert.Equal(expected, index.CandidatePairs());
        var later = new List<int>();
        index.LaterCandidates(7, later, new int[count]);
        Assert.Equal(expected.Where(p => p.Item1 == 7).Select(p => p.Item2), later);
    }

    [Fact]
    public void Jaccard_of_sorted_sets()
    {
        Assert.Equal(1.0, ShingleSet.Jaccard([], []));
        Assert.Equal(0.0, ShingleSet.Jaccard([1], []));
        Assert.Equal(0.5, ShingleSet.Jaccard([1, 2, 3], [2, 3, 4]));
        Assert.Equal([1UL, 2, 5], ShingleSet.From([5, 1, 2, 5, 1]));
    }
}
