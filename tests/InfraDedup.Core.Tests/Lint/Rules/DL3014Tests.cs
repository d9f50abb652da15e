using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3014Tests
{
    [Theory]
    [InlineData("RUN apt-get install curl=7")]
    [InlineData("RUN apt-get -q install curl=7")]
    public void Missing_yes_is_reported(string run) => RuleAssert.Violates<DL3014>($"FROM debian:12\n{run}\n", 2);

    [Theory]
    [InlineData("RUN apt-get install -y curl=7")]
    [InlineData("RUN apt-get install --yes curl=7")]
    [InlineData("RUN apt-get install --assume-yes curl=7")]
    [InlineData("RUN apt-get -qq install curl=7")]
    [InlineData("RUN apt-get -q -q install curl=7")]
    [InlineData("RUN apt-get install -qy curl=7")]
    public void Yes_switch_passes(string run) => RuleAssert.Passes<DL3014>($"FROM debian:12\n{run}\n");
}
