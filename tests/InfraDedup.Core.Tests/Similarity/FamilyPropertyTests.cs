using System.Text;
using CsCheck;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Tests.Similarity;

/// <summary>Properties of <see cref="FamilyFinder"/> over random script trees.</summary>
public sealed class FamilyPropertyTests
{
    private static readonly string[] Commands = ["echo", "curl", "docker", "kubectl", "grep", "sleep", "mkdir", "rm"];
    private static readonly string[] Words = ["-f", "-q", "alpha", "beta", "/tmp/x", "42", "\"$HOME\"", "web", "db", "--all"];

    private static readonly Gen<string> Line =
        Gen.Select(Pick(Commands), Pick(Words).Array[0, 4], (c, w) => c + " " + string.Join(' ', w));

    private static Gen<string> Pick(string[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static readonly Gen<string> Script = Line.Array[1, 12].Select(lines => "#!/bin/sh\n" + string.Join('\n', lines) + "\n");

    /// <summary>A tree: distinct scripts plus byte copies of some of them.</summary>
    private static readonly Gen<(string[] Scripts, int[] Copies)> Trees =
        Script.Array[2, 10].SelectMany(s => Gen.Int[0, s.Length - 1].Array[0, 6].Select(c => (s, c)));

    private static SimilarityReport Run(string[] scripts, int[] copies, double threshold) =>
        Run(scripts, copies, new SimilarityOptions { Threshold = threshold });

    private static SimilarityReport Run(string[] scripts, int[] copies, SimilarityOptions options)
    {
        using var tree = new TestSupport.TempTree();
        for (var i = 0; i < scripts.Length; i++)
        {
            tree.File($"s{i}.sh", scripts[i]);
        }

        for (var i = 0; i < copies.Length; i++)
        {
            tree.File($"copy{i}/s{copies[i]}.sh", scripts[copies[i]]);
        }

        var scan = Core.Inventory.Scanner.Scan(tree.Root, new Core.Inventory.WalkOptions(), Core.Inventory.ScanParts.None);
        return FamilyFinder.Find(scan.Root, scan.Inventory, options);
    }

    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) ? n : 40;

    [Fact]
    public void Identical_files_always_share_a_family_and_no_file_is_in_two()
    {
        Trees.Sample(t =>
        {
            var report = Run(t.Scripts, t.Copies, 0.85);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in report.Families)
            {
                Assert.True(f.Members.Count >= 2);
                foreach (var p in f.Paths)
                {
                    Assert.True(seen.Add(p), $"{p} is in two families");
                }
            }

            foreach (var c in t.Copies.Distinct())
            {
                var family = report.Families.SingleOrDefault(f => f.Paths.Contains($"s{c}.sh"));
                Assert.NotNull(family);
                Assert.Contains($"copy{Array.IndexOf(t.Copies, c)}/s{c}.sh", family.Paths);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Threshold_one_gives_exactly_the_groups_of_identical_normalized_streams()
    {
        Trees.Sample(t =>
        {
            var report = Run(t.Scripts, t.Copies, 1.0);
            var all = t.Scripts.Select((s, i) => (Path: $"s{i}.sh", Text: s))
                .Concat(t.Copies.Select((c, i) => (Path: $"copy{i}/s{c}.sh", Text: t.Scripts[c])));
            var expected = all
                .GroupBy(x => Fingerprint.FromBytes(x.Path, FamilyKind.Shell, Encoding.UTF8.GetBytes(x.Text), SimilarityOptions.Default).AbstractHash)
                .Where(g => g.Count() >= 2)
                .Select(g => string.Join(",", g.Select(x => x.Path).Order(StringComparer.Ordinal)))
                .Order(StringComparer.Ordinal);
            var actual = report.Families.Select(f => string.Join(",", f.Paths)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, actual);
        }, iter: Iterations);
    }

    [Fact]
    public void Output_is_deterministic_and_ordered()
    {
        Trees.Sample(t =>
        {
            var a = Run(t.Scripts, t.Copies, 0.7);
            var b = Run(t.Scripts, t.Copies, 0.7);
            Assert.Equal(
                a.Families.Select(f => string.Join(",", f.Paths)),
                b.Families.Select(f => string.Join(",", f.Paths)));
            for (var i = 1; i < a.Families.Count; i++)
            {
                var (p, q) = (a.Families[i - 1], a.Families[i]);
                Assert.True(p.Members.Count > q.Members.Count
                    || (p.Members.Count == q.Members.Count && string.CompareOrdinal(p.Members[0].Path, q.Members[0].Path) < 0));
            }
        }, iter: Iterations / 2);
    }

    /// <summary>
    /// Chains of edits: each script is the previous one with one line replaced, so neighbours are similar and the ends
    /// of a long chain are not (the case single linkage merges into one family).
    /// </summary>
    private static readonly Gen<string[]> EditChains =
        Gen.Select(Line.Array[8, 14], Gen.Select(Gen.Int[0, 13], Line).Array[2, 8], (start, edits) =>
        {
            var scripts = new List<string>();
            var lines = start.ToArray();
            scripts.Add("#!/bin/sh\n" + string.Join('\n', lines) + "\n");
            foreach (var (at, line) in edits)
            {
                lines[at % lines.Length] = line;
                scripts.Add("#!/bin/sh\n" + string.Join('\n', lines) + "\n");
            }

            return scripts.ToArray();
        });

    /// <summary>The aligned measure written out in full: the larger of the shingle Jaccard and the full alignment DP.</summary>
    private static double AlignedSimilarity(string a, string b)
    {
        var x = Fingerprint.FromBytes("a.sh", FamilyKind.Shell, Encoding.UTF8.GetBytes(a), SimilarityOptions.Default);
        var y = Fingerprint.FromBytes("b.sh", FamilyKind.Shell, Encoding.UTF8.GetBytes(b), SimilarityOptions.Default);
        return Math.Max(ShingleSet.Jaccard(x.Shingles, y.Shingles), UnitAligner.Similarity(x.Units, y.Units, abstractView: true));
    }

    [Fact]
    public void Default_families_hold_every_member_at_or_above_the_threshold_to_the_medoid_and_refine_single_linkage()
    {
        EditChains.Sample(scripts =>
        {
            const double threshold = 0.85;
            var byPath = scripts.Select((s, i) => (Path: $"s{i}.sh", Text: s)).ToDictionary(x => x.Path, x => x.Text);
            var report = Run(scripts, [], threshold);
            var single = Run(scripts, [], new SimilarityOptions { Threshold = threshold, Linkage = FamilyLinkage.Single });
            foreach (var f in report.Families)
            {
                Assert.True(f.MinSimilarity >= threshold, $"family of {f.Medoid} reports {f.MinSimilarity} below {threshold}");
                foreach (var m in f.Members)
                {
                    var exact = m.Path == f.Medoid ? 1.0 : AlignedSimilarity(byPath[f.Medoid], byPath[m.Path]);
                    Assert.True(exact >= threshold - 1e-9, $"{m.Path} is {exact} to the medoid {f.Medoid}");
                    Assert.Equal(Math.Round(exact, 4), m.Similarity, 4);
                    Assert.True(m.Similarity >= f.MinSimilarity);
                }

                // Splitting only: the family lies inside one single-linkage family.
                Assert.Contains(single.Families, s => f.Paths.All(s.Paths.Contains));
            }

            // Single linkage reports each member's real similarity to the medoid, even below the threshold.
            foreach (var f in single.Families)
            {
                Assert.Equal(f.Members.Min(m => m.Similarity), f.MinSimilarity);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void A_chain_is_one_family_only_when_chaining_is_asked_for()
    {
        // Each script replaces one more line of the first with a different command: neighbours align at 0.9,
        // scripts two edits apart at 0.8.
        string[] commands = ["echo", "curl", "docker", "kubectl", "grep", "sleep", "mkdir", "rm", "touch", "cat"];
        var lines = commands.Select((c, i) => $"{c} --flag-{i} /srv/data{i}").ToArray();
        var scripts = new string[6];
        for (var k = 0; k < scripts.Length; k++)
        {
            if (k > 0)
            {
                lines[k - 1] = $"tar{k} -x /opt/archive{k}.tgz";
            }

            scripts[k] = "#!/bin/sh\n" + string.Join('\n', lines) + "\n";
        }

        var single = Run(scripts, [], new SimilarityOptions { Threshold = 0.85, Linkage = FamilyLinkage.Single });
        var chained = Assert.Single(single.Families);
        Assert.Equal(6, chained.Members.Count);
        Assert.True(chained.MinSimilarity < 0.85, $"the chain's ends are reported at {chained.MinSimilarity}");

        var report = Run(scripts, [], 0.85);
        Assert.True(report.Families.Count >= 2, "the chain is split around medoids");
        Assert.All(report.Families, f => Assert.True(f.MinSimilarity >= 0.85));
    }

    /// <summary>The text measure's definition, written independently: 5-shingles of the raw text's [A-Za-z0-9_]+ words.</summary>
    private static HashSet<string> TextShingles(string text)
    {
        var words = System.Text.RegularExpressions.Regex.Matches(text, "[A-Za-z_0-9]+").Select(m => m.Value).ToArray();
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Max(1, words.Length - 4) && words.Length > 0; i++)
        {
            set.Add(string.Join('\u0001', words.Skip(i).Take(5)));
        }

        return set;
    }

    private static double TextJaccard(string a, string b)
    {
        var (x, y) = (TextShingles(a), TextShingles(b));
        var common = x.Count(y.Contains);
        return (double)common / (x.Count + y.Count - common);
    }

    [Fact]
    public void Complete_linkage_families_are_cliques_and_pairs_are_exact_under_the_text_measure()
    {
        Trees.Sample(t =>
        {
            const double threshold = 0.6;
            var report = Run(t.Scripts, t.Copies, new SimilarityOptions
            {
                Threshold = threshold,
                Measure = SimilarityMeasure.Text,
                Linkage = FamilyLinkage.Complete,
                ReportPairs = true,
            });
            var text = t.Scripts.Select((s, i) => (Path: $"s{i}.sh", Text: s))
                .Concat(t.Copies.Select((c, i) => (Path: $"copy{i}/s{c}.sh", Text: t.Scripts[c])))
                .ToDictionary(x => x.Path, x => x.Text);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in report.Families)
            {
                var paths = f.Paths.ToArray();
                for (var i = 0; i < paths.Length; i++)
                {
                    Assert.True(seen.Add(paths[i]), $"{paths[i]} is in two families");
                    for (var j = i + 1; j < paths.Length; j++)
                    {
                        Assert.True(TextJaccard(text[paths[i]], text[paths[j]]) >= threshold, $"{paths[i]} and {paths[j]} share a family below the threshold");
                    }
                }

                Assert.True(f.MinSimilarity >= threshold);
            }

            Assert.NotNull(report.Pairs);
            foreach (var pair in report.Pairs)
            {
                var exact = TextJaccard(text[pair.A], text[pair.B]);
                Assert.True(exact >= threshold);
                Assert.Equal(Math.Round(exact, 4), pair.Similarity, 3);
            }

            // Byte copies are always reported as a pair and share a family.
            foreach (var (c, i) in t.Copies.Select((c, i) => (c, i)))
            {
                Assert.Contains(report.Pairs, p => p.A == $"copy{i}/s{c}.sh" && p.B == $"s{c}.sh");
                Assert.Contains(report.Families, f => f.Paths.Contains($"s{c}.sh") && f.Paths.Contains($"copy{i}/s{c}.sh"));
            }
        }, iter: Iterations);
    }
}
