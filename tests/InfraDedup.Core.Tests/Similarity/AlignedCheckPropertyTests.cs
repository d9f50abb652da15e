using System.Text;
using CsCheck;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Tests.Similarity;

/// <summary>
/// The cheap bounds of the aligned check never fall below the exact alignment similarity, and the banded, early-stopping
/// check gives the full DP's verdict, on random pairs of scripts built from few commands (so keys repeat and most unit
/// pairs are partial matches).
/// </summary>
public sealed class AlignedCheckPropertyTests
{
    private static readonly string[] Commands = ["echo", "curl", "rm", "cp"];
    private static readonly string[] Words = ["-f", "alpha", "beta", "/tmp/x", "42", "web", "db"];

    private static Gen<string> Pick(string[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static readonly Gen<string> Line =
        Gen.Select(Pick(Commands), Pick(Words).Array[0, 3], (c, w) => c + " " + string.Join(' ', w));

    private static readonly Gen<string[]> Script = Line.Array[0, 14];

    /// <summary>A pair: a random script and a mutation of it (lines dropped, swapped in, appended), or two unrelated ones.</summary>
    private static readonly Gen<(string[] A, string[] B)> Pairs = Gen.OneOf(
        Gen.Select(Script, Script),
        Gen.Select(Script, Gen.Int[0, 3].Array[0, 14], Line.Array[0, 4], (a, edits, extra) =>
        {
            var b = new List<string>();
            for (var i = 0; i < a.Length; i++)
            {
                var edit = i < edits.Length ? edits[i] : 0;
                if (edit == 1)
                {
                    continue; // dropped
                }

                b.Add(edit == 2 && extra.Length > 0 ? extra[i % extra.Length] : a[i]);
            }

            b.AddRange(extra);
            return (a, b.ToArray());
        }));

    private static readonly Gen<double> Thresholds = Gen.Int[0, 4].Select(i => new[] { 0.3, 0.5, 0.7, 0.85, 0.95 }[i]);

    private static Unit[] Units(string[] lines) =>
        Fingerprint.FromBytes("s.sh", FamilyKind.Shell, Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), SimilarityOptions.Default).Units;

    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) ? n * 10 : 400;

    [Fact]
    public void Every_bound_is_at_least_the_exact_similarity()
    {
        Gen.Select(Pairs, Gen.Bool).Sample(
            t =>
            {
                var (a, b) = (Units(t.Item1.A), Units(t.Item1.B));
                var view = t.Item2;
                var exact = UnitAligner.Similarity(a, b, view);
                var pa = AlignProfile.From(a, view);
                var pb = AlignProfile.From(b, view);
                int n = a.Length, m = b.Length;
                if (n + m == 0)
                {
                    return;
                }

                var scratch = new AlignedCheck.Scratch();
                Assert.True(AlignedCheck.SizeBound(n, m) >= exact - 1e-12, "size bound");
                Assert.True(2.0 * AlignedCheck.KeyMultisetOverlap(pa.SortedKeys, pb.SortedKeys) / (n + m) >= exact - 1e-12, "key multiset bound");
                Assert.True(2.0 * AlignedCheck.KeyLcs(pa.Keys, pb.Keys, scratch) / (n + m) >= exact - 1e-12, "key order bound");
            },
            iter: Iterations);
    }

    [Fact]
    public void The_bit_parallel_key_lcs_is_the_lcs()
    {
        // Long sequences over a small alphabet, so words carry into each other.
        Gen.Select(Gen.ULong[0, 3].Array[0, 200], Gen.ULong[0, 3].Array[0, 200]).Sample(
            t =>
            {
                var (a, b) = t;
                var table = new int[a.Length + 1, b.Length + 1];
                for (var i = 1; i <= a.Length; i++)
                {
                    for (var j = 1; j <= b.Length; j++)
                    {
                        table[i, j] = a[i - 1] == b[j - 1] ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
                    }
                }

                Assert.Equal(table[a.Length, b.Length], AlignedCheck.KeyLcs(a, b, new AlignedCheck.Scratch()));
            },
            iter: Iterations);
    }

    [Fact]
    public void The_check_gives_the_full_alignments_verdict()
    {
        Gen.Select(Pairs, Thresholds, Gen.Bool).Sample(
            t =>
            {
                var (a, b) = (Units(t.Item1.A), Units(t.Item1.B));
                var (threshold, view) = (t.Item2, t.Item3);
                var expected = UnitAligner.Similarity(a, b, view) >= threshold;
                Assert.Equal(expected, AlignedCheck.AtLeast(AlignProfile.From(a, view), AlignProfile.From(b, view), threshold));
            },
            iter: Iterations);
    }
}
