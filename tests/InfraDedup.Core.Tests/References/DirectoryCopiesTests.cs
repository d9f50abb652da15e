using InfraDedup.Core.Inventory;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.References;

public class DirectoryCopiesTests
{
    private static IReadOnlyList<string> Copies(TempTree tree) =>
        [.. Scanner.Scan(tree.Root, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken)
            .DirectoryCopies.Select(c => string.Join(" ≡ ", c.Paths))];

    [Fact]
    public void A_copied_tree_is_reported_once_at_its_top()
    {
        using var tree = new TempTree()
            .File("services/x/Dockerfile", "FROM alpine\n")
            .File("services/x/src/app.py", "print(1)\n")
            .File("services/x/src/lib/util.py", "X = 1\n")
            .File("services/x/empty.txt", "")
            .File("backups/2024/services/x/Dockerfile", "FROM alpine\n")
            .File("backups/2024/services/x/src/app.py", "print(1)\n")
            .File("backups/2024/services/x/src/lib/util.py", "X = 1\n")
            .File("backups/2024/services/x/empty.txt", "")
            .File("services/y/Dockerfile", "FROM debian\n");

        Assert.Equal(["backups/2024/services/x ≡ services/x"], Copies(tree));
    }

    [Fact]
    public void Differences_in_a_name_a_byte_or_an_extra_file_break_the_copy_but_identical_subfolders_still_count()
    {
        using var tree = new TempTree()
            .File("a/Dockerfile", "FROM alpine\n")
            .File("a/lib/u.py", "X = 1\n")
            .File("b/Dockerfile", "FROM alpine\n")
            .File("b/lib/u.py", "X = 1\n")
            .File("b/extra.txt", "more\n")
            .File("c/Dockerfile", "FROM alpinE\n")
            .File("c/lib/u.py", "X = 1\n")
            .File("d/Dockerfile2", "FROM alpine\n")
            .File("d/lib/u.py", "X = 1\n");

        Assert.Equal(["a/lib ≡ b/lib ≡ c/lib ≡ d/lib"], Copies(tree));
    }

    [Fact]
    public void Three_copies_where_two_parents_are_copies_keep_the_parent_group_and_the_wider_child_group()
    {
        using var tree = new TempTree()
            .File("p/x/f.sh", "#!/bin/sh\necho 1\n")
            .File("p/g.txt", "g\n")
            .File("q/x/f.sh", "#!/bin/sh\necho 1\n")
            .File("q/g.txt", "g\n")
            .File("r/x/f.sh", "#!/bin/sh\necho 1\n")
            .File("r/other.txt", "o\n");

        Assert.Equal(["p ≡ q", "p/x ≡ q/x ≡ r/x"], Copies(tree));
    }
}
