using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3008Tests
{
    [Theory]
    [InlineData("RUN apt-get update && apt-get install -y curl")]
    [InlineData("RUN apt-get install -y --no-install-recommends curl=7.88.1-10 git")]
    [InlineData("RUN apt-get -o Acquire::Retries=3 install -y curl")]
    public void Unpinned_package_is_reported(string run) => RuleAssert.Violates<DL3008>($"FROM debian:12\n{run}\n", 2);

    [Theory]
    [InlineData("RUN apt-get install -y curl=7.88.1-10 git=1:2.39.5-0")]
    [InlineData("RUN apt-get install -y ./pkg.deb /tmp/x.deb")]
    [InlineData("RUN apt-get install -y $PACKAGES")]
    [InlineData("RUN apt-get update")]
    public void Pinned_or_exempt_passes(string run) => RuleAssert.Passes<DL3008>($"FROM debian:12\n{run}\n");

    [Fact]
    public void Message_names_the_packages() =>
        Assert.Contains("curl, git", RuleAssert.Run<DL3008>("FROM debian:12\nRUN apt-get install -y curl git\n")[0].Message, StringComparison.Ordinal);
}
