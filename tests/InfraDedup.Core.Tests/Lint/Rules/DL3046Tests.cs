using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3046Tests
{
    [Theory]
    [InlineData("RUN useradd -u 123456 app")]
    [InlineData("RUN useradd --uid=1000000 app")]
    public void Large_uid_without_l_is_reported(string run) => RuleAssert.Violates<DL3046>($"FROM debian:12\n{run}\n", 2);

    [Theory]
    [InlineData("RUN useradd -l -u 123456 app")]
    [InlineData("RUN useradd --no-log-init --uid 123456 app")]
    [InlineData("RUN useradd -u 10001 app")]
    [InlineData("RUN useradd app")]
    public void Short_uid_or_l_passes(string run) => RuleAssert.Passes<DL3046>($"FROM debian:12\n{run}\n");
}
