using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3015Tests
{
    [Fact]
    public void Recommends_are_reported() => RuleAssert.Violates<DL3015>("FROM debian:12\nRUN apt-get install -y curl=7\n", 2);

    [Theory]
    [InlineData("RUN apt-get install -y --no-install-recommends curl=7")]
    [InlineData("RUN apt-get -o APT::Install-Recommends=false install -y curl=7")]
    [InlineData("RUN apt-get update")]
    public void No_recommends_passes(string run) => RuleAssert.Passes<DL3015>($"FROM debian:12\n{run}\n");
}
