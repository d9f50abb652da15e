using System.Security.Cryptography;
using CsCheck;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Inventory;

public class ExactDuplicateFinderTests
{
    private static DuplicateResult Find(TempTree tree, ExactDuplicateFinder? finder = null) =>
        (finder ?? new ExactDuplicateFinder()).Find(RepoWalker.Walk(tree.Root, new WalkOptions { NoIgnore = true }).Files);

    /// <summary>The definition: non-empty files grouped by SHA-256, groups of two or more.</summary>
    private static HashSet<string> BruteForce(TempTree tree) =>
        Directory.EnumerateFiles(tree.Root, "*", SearchOption.AllDirectories)
            .Where(p => new FileInfo(p).Length > 0)
            .GroupBy(p => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p))))
            .Where(g => g.Count() > 1)
            .Select(g => g.Key + ":" + string.Join(",", g.Select(p => Path.GetRelativePath(tree.Root, p)).Order(StringComparer.Ordinal)))
            .ToHashSet();

    private static HashSet<string> Describe(DuplicateResult result) =>
        result.Groups.Select(g => g.Sha256 + ":" + string.Join(",", g.Paths)).ToHashSet();

    [Fact]
    public void Equals_a_sha256_brute_force_on_generated_trees()
    {
        // Contents drawn from a small pool so that sizes, prefixes and full contents collide often;
        // large contents share their first 4 KiB and differ only at the end.
        var prefix = new byte[ExactDuplicateFinder.PrefixLength + 10];
        var genContent = Gen.OneOf(
            Gen.Int[0, 5].Select(i => i == 0 ? Array.Empty<byte>() : new[] { (byte)i }),
            Gen.Int[0, 3].Select(i => new[] { (byte)'a', (byte)i, (byte)'b' }),
            Gen.Int[0, 3].Select(i => prefix.Concat(new[] { (byte)i }).ToArray()),
            Gen.Int[0, 2].Select(i => prefix.Concat(Enumerable.Repeat((byte)i, 200_000)).ToArray()));
        var genTree = Gen.Select(Gen.Int[0, 3], genContent).Array[1, 25];

        genTree.Sample(files =>
        {
            using var tree = new TempTree();
            for (var i = 0; i < files.Length; i++)
            {
                tree.File($"d{files[i].Item1}/f{i}", files[i].Item2);
            }

            Assert.Equal(BruteForce(tree), Describe(Find(tree)));
        }, iter: 60);
    }

    [Fact]
    public void Wanted_files_are_handed_over_whole_exactly_once_and_grouping_is_unchanged()
    {
        // Every other file is "wanted" (as the scan wants Dockerfiles): small candidates, large candidates,
        // files with no same-size twin and empty files alike.
        var prefix = new byte[ExactDuplicateFinder.PrefixLength + 10];
        var genContent = Gen.OneOf(
            Gen.Int[0, 5].Select(i => i == 0 ? Array.Empty<byte>() : new[] { (byte)i }),
            Gen.Int[0, 3].Select(i => new[] { (byte)'a', (byte)i, (byte)'b' }),
            Gen.Int[0, 3].Select(i => prefix.Concat(new[] { (byte)i }).ToArray()),
            Gen.Int[1, 9000].Select(n => Enumerable.Range(0, n).Select(k => (byte)k).ToArray()));
        Gen.Select(Gen.Int[0, 3], genContent).Array[1, 25].Sample(files =>
        {
            using var tree = new TempTree();
            for (var i = 0; i < files.Length; i++)
            {
                tree.File($"d{files[i].Item1}/f{i}", files[i].Item2);
            }

            var walked = RepoWalker.Walk(tree.Root, new WalkOptions { NoIgnore = true }).Files;
            var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>();
            var calls = 0;
            var result = new ExactDuplicateFinder().Find(
                walked,
                f => int.Parse(f.RelativePath[(f.RelativePath.LastIndexOf('f') + 1)..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0,
                (f, content) =>
                {
                    Interlocked.Increment(ref calls);
                    Assert.True(seen.TryAdd(f.RelativePath, content.ToArray()), f.RelativePath + " handed over twice");
                });

            Assert.Equal(BruteForce(tree), Describe(result));
            var expected = Enumerable.Range(0, files.Length).Where(i => i % 2 == 0).ToDictionary(i => $"d{files[i].Item1}/f{i}", i => files[i].Item2);
            Assert.Equal(expected.Count, calls);
            foreach (var (path, content) in expected)
            {
                Assert.Equal(content, seen[path]);
            }
        }, iter: 60);
    }

    [Fact]
    public void A_wanted_file_that_shrinks_mid_scan_is_reported_not_handed_over()
    {
        using var tree = new TempTree().File("Dockerfile", "FROM alpine\nRUN true\n").File("other", "x");
        var files = RepoWalker.Walk(tree.Root, new WalkOptions()).Files;
        File.WriteAllText(tree.PathOf("Dockerfile"), "FROM alpine\n");
        var handed = 0;

        var result = new ExactDuplicateFinder().Find(files, f => f.RelativePath == "Dockerfile", (_, _) => handed++);

        Assert.Equal(0, handed);
        var skipped = Assert.Single(result.Unreadable);
        Assert.Equal("Dockerfile", skipped.Path);
        Assert.Contains("changed during the scan", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Groups_are_sorted_by_wasted_bytes_then_path_and_report_size_and_hash()
    {
        using var tree = new TempTree()
            .File("b/small1", "xy").File("a/small2", "xy")
            .File("z/big1", new string('q', 100)).File("y/big2", new string('q', 100)).File("x/big3", new string('q', 100))
            .File("unique", "u").File("empty1", "").File("empty2", "");

        var groups = Find(tree).Groups;

        Assert.Equal(2, groups.Count);
        Assert.Equal(["x/big3", "y/big2", "z/big1"], groups[0].Paths);
        Assert.Equal(100, groups[0].Size);
        Assert.Equal(200, groups[0].WastedBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("xy"u8)), groups[1].Sha256);
        Assert.Equal(["a/small2", "b/small1"], groups[1].Paths);
    }

    [Fact]
    public void An_unreadable_file_is_reported_and_left_out_of_its_group()
    {
        using var tree = new TempTree().File("a", "same").File("b", "same").File("c", "same");
        var failing = tree.PathOf("b");
        var finder = new ExactDuplicateFinder(path => path == failing
            ? throw new UnauthorizedAccessException("Access denied")
            : File.OpenHandle(path));

        var result = Find(tree, finder);

        Assert.Equal(["a", "c"], Assert.Single(result.Groups).Paths);
        var skipped = Assert.Single(result.Unreadable);
        Assert.Equal("b", skipped.Path);
        Assert.Contains("permission denied", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_file_whose_hash_is_shared_is_read_again_for_its_sha256_and_reported_if_that_fails()
    {
        // One thread, so "a" is read first and claims the hash; "b" and "c" are hashed with SHA-256 as they are read,
        // "a" only by a second read, which fails here. "lone" has no same-content twin and is opened once.
        using var tree = new TempTree().File("a", "same").File("b", "same").File("c", "same").File("lone", "diff");
        var opens = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var finder = new ExactDuplicateFinder(
            path => opens.AddOrUpdate(Path.GetFileName(path), 1, (_, n) => n + 1) > 1 && Path.GetFileName(path) == "a"
                ? throw new FileNotFoundException("gone")
                : File.OpenHandle(path),
            parallelism: 1);

        var result = Find(tree, finder);

        var group = Assert.Single(result.Groups);
        Assert.Equal(["b", "c"], group.Paths);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("same"u8)), group.Sha256);
        Assert.Equal(new SkippedEntry("a", "vanished during the scan"), Assert.Single(result.Unreadable));
        Assert.Equal(1, opens["lone"]);
        Assert.Equal(1, opens["b"]);
    }

    [Fact]
    public void A_file_that_vanishes_mid_scan_is_reported()
    {
        using var tree = new TempTree().File("a", "same").File("b", "same");
        var files = RepoWalker.Walk(tree.Root, new WalkOptions()).Files;
        File.Delete(tree.PathOf("b"));

        var result = new ExactDuplicateFinder().Find(files);

        Assert.Empty(result.Groups);
        Assert.Equal(new SkippedEntry("b", "vanished during the scan"), Assert.Single(result.Unreadable));
    }

    [Fact]
    public void A_file_that_grows_mid_scan_is_reported_not_grouped()
    {
        using var tree = new TempTree().File("a", "same").File("b", "same").File("c", "same");
        var files = RepoWalker.Walk(tree.Root, new WalkOptions()).Files;
        File.AppendAllText(tree.PathOf("c"), "more");

        var result = new ExactDuplicateFinder().Find(files);

        Assert.Equal(["a", "b"], Assert.Single(result.Groups).Paths);
        Assert.Contains("changed during the scan", Assert.Single(result.Unreadable).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_groups_are_verified_in_batches()
    {
        using var tree = new TempTree();
        for (var i = 0; i < 70; i++)
        {
            tree.File($"copy{i:00}", new string('z', 9000));
        }

        tree.File("copy99", new string('z', 8999) + "y");

        var group = Assert.Single(Find(tree).Groups);
        Assert.Equal(70, group.Paths.Count);
    }

    [Fact]
    public void Sequential_and_parallel_runs_agree()
    {
        using var tree = new TempTree();
        for (var i = 0; i < 40; i++)
        {
            tree.File($"f{i}", (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(Describe(Find(tree, new ExactDuplicateFinder(parallelism: 1))), Describe(Find(tree, new ExactDuplicateFinder(parallelism: 8))));
    }
    [Fact]
    public void A_tree_big_enough_for_parallel_stages_gives_the_groups_of_a_brute_force_and_of_one_thread()
    {
        // More same-size files than FileLoop.ParallelFrom, small and large, so every stage takes its parallel path;
        // one large candidate grows after the listing (between stat and read) and must be reported, not grouped.
        using var tree = new TempTree();
        var large = new byte[ExactDuplicateFinder.PrefixLength + 100];
        for (var i = 0; i < FileLoop.ParallelFrom + 30; i++)
        {
            tree.File($"small/f{i}", (i % 13).ToString("00", System.Globalization.CultureInfo.InvariantCulture));
            large[^1] = (byte)(i % 17);
            tree.File($"large/f{i}", large);
        }

        var files = RepoWalker.Walk(tree.Root, new WalkOptions { NoIgnore = true }).Files;
        File.AppendAllText(tree.PathOf("large/f0"), "grown");
        File.WriteAllBytes(tree.PathOf("small/f1"), [1, 2, 3]); // two bytes when listed, three when read
        var parallel = new ExactDuplicateFinder(parallelism: 2).Find(files);
        var sequential = new ExactDuplicateFinder(parallelism: 1).Find(files);

        Assert.Equal(Describe(sequential), Describe(parallel));
        Assert.Equal(sequential.Unreadable, parallel.Unreadable);
        Assert.Equal(["large/f0", "small/f1"], parallel.Unreadable.Select(u => u.Path));
        Assert.All(parallel.Unreadable, u => Assert.Contains("changed during the scan", u.Reason, StringComparison.Ordinal));
        Assert.DoesNotContain(parallel.Groups, g => g.Paths.Contains("large/f0") || g.Paths.Contains("small/f1"));
        File.Delete(tree.PathOf("large/f0"));
        File.Delete(tree.PathOf("small/f1"));
        Assert.Equal(BruteForce(tree), Describe(parallel));
    }
}
