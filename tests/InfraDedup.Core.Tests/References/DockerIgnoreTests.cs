using InfraDedup.Core.Compose;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Tests.References;

public class DockerIgnoreTests
{
    [Theory]
    [InlineData("*.pyc", "app.pyc", true)]
    [InlineData("*.pyc", "pkg/app.pyc", false)] // not gitignore: no match at any depth
    [InlineData("**/*.pyc", "pkg/deep/app.pyc", true)]
    [InlineData("**/*.pyc", "app.pyc", true)]
    [InlineData("tests/", "tests/run.sh", true)]
    [InlineData("tests", "tests/unit/run.sh", true)] // a folder match covers its content
    [InlineData("/build", "build/x", true)]
    [InlineData("./docs/*.md", "docs/a.md", true)]
    [InlineData("docs/*.md", "docs/sub/a.md", false)]
    [InlineData("Dockerfile*", "Dockerfile.old", true)]
    [InlineData("?.sh", "a.sh", true)]
    [InlineData("[ab].sh", "c.sh", false)]
    [InlineData("*\n!keep.sh", "keep.sh", false)]
    [InlineData("*\n!keep.sh\nkeep*", "keep.sh", true)] // the last matching line wins
    [InlineData("# comment\n\n", "anything", false)]
    public void Matches_like_the_builder(string patterns, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse(patterns).IsExcluded(path));
    }

    [Fact]
    public void Reports_the_deciding_pattern()
    {
        Assert.Equal("tests/", DockerIgnore.Parse("*.md\ntests/\n").MatchingPattern("tests/a.sh"));
        Assert.Null(DockerIgnore.Empty.MatchingPattern("a"));
    }
}
