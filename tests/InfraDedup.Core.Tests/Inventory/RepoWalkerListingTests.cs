using CsCheck;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Inventory;

/// <summary>
/// The Linux descriptor-relative lister must not change what a walk reports: every tree is walked once with it
/// and once with .NET's enumerator only, and the results (files with sizes, modes and paths, skipped entries with
/// their reasons, the ignored count, the order) must be the same.
/// </summary>
public class RepoWalkerListingTests
{
    private static readonly WalkOptions[] OptionVariants =
    [
        new(),
        new() { NoIgnore = true },
        new() { Include = ["Dockerfile", "*.sh"] },
        new() { Exclude = ["svc/b/", "*.log"] },
        new() { NoIgnore = true, Include = ["**/*.txt"], Exclude = ["deep/"] },
    ];

    [Fact]
    public void The_fast_lister_is_used_on_linux_and_lists_a_plain_directory()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the descriptor-relative lister exists on Linux only");
        using var tree = new TempTree().File("a.txt", "abc").Dir("d").Symlink("l", "a.txt");

        var entries = new List<WalkEntry>();
        Assert.True(LinuxDirectoryLister.TryList(tree.Root, entries));

        Assert.Equal(
            WalkEntry.ListManaged(tree.Root).OrderBy(e => e.Name, StringComparer.Ordinal),
            entries.OrderBy(e => e.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void The_fast_lister_hands_back_what_it_cannot_describe()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the descriptor-relative lister exists on Linux only");
        using var tree = new TempTree().File("ok.txt", "a").File("f.txt", "f");
        tree.Shell("printf data > \"$(printf 'bad\\377name')\"");

        var entries = new List<WalkEntry>();
        Assert.False(LinuxDirectoryLister.TryList(tree.Root, entries));
        Assert.Empty(entries);
        Assert.False(LinuxDirectoryLister.TryList(tree.PathOf("no-such-dir"), entries));
        Assert.False(LinuxDirectoryLister.TryList(tree.PathOf("f.txt"), entries));
        Assert.Empty(entries);
    }

    [Fact]
    public void Both_listers_report_every_bad_input_the_same_way()
    {
        using var tree = new TempTree()
            .File(".gitignore", "*.log\nignored-dir/\n!keep.log\n")
            .File(".infradedupignore", "drop.me\n")
            .File(".git/info/exclude", "excluded.txt\n")
            .File(".git/config", "[core]")
            .File(".infradedup/archive/obj", "o")
            .File("sub/.git", "gitdir: ../.git/modules/sub")
            .File("a.log", "log")
            .File("keep.log", "keep")
            .File("drop.me", "x")
            .File("excluded.txt", "x")
            .File("ignored-dir/file.txt", "x")
            .File("empty", "")
            .File("Dockerfile", "FROM a\n")
            .File("svc/a/Dockerfile", "FROM a\n")
            .File("svc/a/run.sh", "#!/bin/sh\n")
            .File("svc/b/Dockerfile", "FROM b\n")
            .File("svc/b/.gitignore", "*.txt\n")
            .File("svc/b/notes.txt", "n")
            .File("deep/1/2/3/4/5/file.txt", "deep")
            .File("unreadable-dir/secret.txt", "s")
            .File("unreadable-file.txt", "s")
            .Symlink("link-to-file", "Dockerfile")
            .Symlink("link-to-dir", "svc")
            .Symlink("broken", "does-not-exist")
            .Symlink("loop/self", ".")
            .Symlink("loop/a", "b")
            .Symlink("loop/b", "a");
        File.SetUnixFileMode(tree.PathOf("svc/a/run.sh"), (UnixFileMode)0b111_101_101);
        tree.Shell("mkfifo pipe svc/pipe && chmod 4755 Dockerfile && chmod 000 unreadable-dir unreadable-file.txt");
        tree.Shell("printf data > \"$(printf 'bad\\377name')\" && mkdir \"$(printf 'svc/dir\\376')\" && printf x > \"$(printf 'svc/dir\\376/in')\"");
        tree.Shell("printf x > \"$(printf 'ok-\\357\\277\\275-replacement-char')\"");

        try
        {
            foreach (var options in OptionVariants)
            {
                AssertSameWalk(tree.Root, options);
                AssertSameWalk(tree.Root + "/", options);
                AssertSameWalk(tree.PathOf("svc"), options);
            }

            var withFast = RepoWalker.Walk(tree.Root, new WalkOptions(), RepoWalker.DirectoryListing.Fastest);
            Assert.Contains(withFast.Skipped, s => s.Path == "pipe" && s.Reason.Contains("FIFO", StringComparison.Ordinal));
            Assert.Contains(withFast.Skipped, s => s.Reason.Contains("not valid UTF-8", StringComparison.Ordinal));
            Assert.Contains(withFast.Files, f => f.RelativePath == "ok-\uFFFD-replacement-char");
            Assert.Equal((UnixFileMode)0b100_111_101_101, Assert.Single(withFast.Files, f => f.RelativePath == "Dockerfile").Mode);
        }
        finally
        {
            tree.Shell("chmod 755 unreadable-dir && chmod 644 unreadable-file.txt");
        }
    }

    [Fact]
    public void Both_listers_agree_on_random_trees()
    {
        var genSegment = PickOne(["a", "b", "Dockerfile", "run.sh", "x.log", ".git", ".infradedup", ".gitignore", "c d", "é"]);
        var genPath = genSegment.Array[1, 3].Select(parts => string.Join('/', parts));
        var genNode = Gen.Select(genPath, Gen.Int[0, 5], Gen.Int[0, 4]);
        var genIgnore = PickOne(["*.log", "a/", "!x.log", "b", "**/run.sh", "/Dockerfile", ""]).Array[0, 4];
        var genOptions = Gen.Select(Gen.Bool, Gen.Int[0, OptionVariants.Length - 1])
            .Select((noIgnore, i) => OptionVariants[i] with { NoIgnore = noIgnore || OptionVariants[i].NoIgnore });

        Gen.Select(genNode.Array[0, 14], genIgnore, genOptions).Sample(
            (nodes, ignoreLines, options) =>
            {
                using var tree = new TempTree();
                Build(tree, nodes, ignoreLines);
                AssertSameWalk(tree.Root, options);
            },
            iter: 60);
    }

    private static Gen<string> PickOne(string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    /// <summary>Creates what it can of a random tree; a path that clashes with an earlier one is dropped.</summary>
    private static void Build(TempTree tree, (string Path, int Kind, int Size)[] nodes, string[] ignoreLines)
    {
        tree.File(".gitignore", string.Join('\n', ignoreLines));
        foreach (var (path, kind, size) in nodes)
        {
            try
            {
                // Never write over an earlier node: writing to a FIFO (or through a link to one) blocks forever.
                if (Path.Exists(tree.PathOf(path)) || new FileInfo(tree.PathOf(path)).LinkTarget is not null)
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(tree.PathOf(path))!);
                switch (kind)
                {
                    case 0 or 1:
                        tree.File(path, new string('x', size));
                        break;
                    case 2:
                        tree.Dir(path);
                        break;
                    case 3:
                        tree.Symlink(path, size % 2 == 0 ? "a" : "../Dockerfile");
                        break;
                    case 4:
                        tree.Shell($"mkfifo '{path}'");
                        break;
                    default:
                        tree.File(path, "");
                        File.SetUnixFileMode(tree.PathOf(path), (UnixFileMode)(0b110_000_000 | size));
                        break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the path runs through a file or link made earlier; the tree simply lacks this node
            }
            catch (Xunit.Sdk.EqualException)
            {
                // mkfifo refused the path for the same reason
            }
        }
    }

    private static void AssertSameWalk(string root, WalkOptions options)
    {
        var fast = RepoWalker.Walk(root, options, RepoWalker.DirectoryListing.Fastest);
        var managed = RepoWalker.Walk(root, options, RepoWalker.DirectoryListing.Managed);

        Assert.Equal(managed.Root, fast.Root);
        Assert.Equal(managed.Files, fast.Files);
        Assert.Equal(managed.Skipped, fast.Skipped);
        Assert.Equal(managed.IgnoredCount, fast.IgnoredCount);
    }
    [Fact]
    public void A_tree_big_enough_to_fan_out_over_cores_is_walked_as_a_small_one_is()
    {
        // Past FileLoop.ParallelFrom listed entries the walk fans subdirectories out over the thread pool; before, it
        // stays on one thread. Both parts must take every file once, with its ignore rules, in path order.
        using var tree = new TempTree().File(".gitignore", "*.log\n");
        var expected = new List<string>();
        for (var i = 0; i < FileLoop.ParallelFrom + 40; i++)
        {
            var path = $"s{i % 3}/d{i % 11}/e{i % 5}/f{i}.{(i % 9 == 0 ? "log" : "txt")}";
            tree.File(path, "x");
            if (i % 9 != 0)
            {
                expected.Add(path);
            }
        }

        expected.Add(".gitignore");
        var walk = RepoWalker.Walk(tree.Root, new WalkOptions());

        Assert.Equal(expected.Order(StringComparer.Ordinal), walk.Files.Select(f => f.RelativePath));
        Assert.Equal(walk.Files.Select(f => f.RelativePath), RepoWalker.Walk(tree.Root, new WalkOptions(), RepoWalker.DirectoryListing.Managed).Files.Select(f => f.RelativePath));
        Assert.Equal(FileLoop.ParallelFrom + 40 - expected.Count + 1, walk.IgnoredCount);
    }
}
