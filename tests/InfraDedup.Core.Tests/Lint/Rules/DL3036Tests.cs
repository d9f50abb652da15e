using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3036Tests
{
    [Fact]
    public void Missing_clean_is_reported() => RuleAssert.Violates<DL3036>("FROM opensuse/leap:15\nRUN zypper -n install curl=8\n", 2);

    [Theory]
    [InlineData("RUN zypper -n install curl=8 && zypper clean")]
    [InlineData("RUN zypper -n in curl=8 && zypper cc")]
    [InlineData("RUN --mount=type=cache,target=/var/cache/zypp zypper -n install curl=8")]
    public void Clean_passes(string run) => RuleAssert.Passes<DL3036>($"FROM opensuse/leap:15\n{run}\n");
}
