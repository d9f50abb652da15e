using InfraDedup.Core.Inventory;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Inventory;

public sealed class RealContentTests
{
    private static IReadOnlyList<string> Copies(TempTree tree) =>
        [.. Scanner.Scan(tree.Root, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken)
            .DirectoryCopies.Select(c => string.Join(" ≡ ", c.Paths))];

    [Fact]
    public void Folders_that_hold_only_placeholders_or_empty_files_are_not_directory_copies()
    {
        using var tree = new TempTree()
            .File("logs/.gitkeep", "")
            .File("data/.gitkeep", "")
            .File("cache/.keep", "# keep this folder\n")
            .File("tmp/.keep", "# keep this folder\n")
            .File("out/a/empty.txt", "")
            .File("out2/a/empty.txt", "")
            .File("svc/Dockerfile", "FROM alpine\n")
            .File("svc/.gitkeep", "")
            .File("svc-copy/Dockerfile", "FROM alpine\n")
            .File("svc-copy/.gitkeep", "");

        Assert.Equal(["svc ≡ svc-copy"], Copies(tree));
    }

    [Theory]
    [InlineData("x/.gitkeep", 0, true)]
    [InlineData("x/.GITKEEP", 12, true)]
    [InlineData("x/README.md", 0, true)]
    [InlineData("x/README.md", 5, false)]
    [InlineData(".gitignore", 5, false)]
    public void Placeholders_are_empty_files_or_keep_files(string path, long size, bool placeholder) =>
        Assert.Equal(placeholder, RealContent.IsPlaceholder(new RepoFile(path, "/nowhere/" + path, size, UnixFileMode.UserRead)));
}
