using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3034Tests
{
    [Fact]
    public void Interactive_zypper_is_reported() => RuleAssert.Violates<DL3034>("FROM opensuse/leap:15\nRUN zypper install curl=8\n", 2);

    [Theory]
    [InlineData("RUN zypper -n install curl=8")]
    [InlineData("RUN zypper --non-interactive install curl=8")]
    [InlineData("RUN zypper install -y curl=8")]
    [InlineData("RUN zypper install --no-confirm curl=8")]
    [InlineData("RUN zypper refresh")]
    public void Non_interactive_passes(string run) => RuleAssert.Passes<DL3034>($"FROM opensuse/leap:15\n{run}\n");
}
