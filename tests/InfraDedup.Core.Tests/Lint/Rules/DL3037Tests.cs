using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3037Tests
{
    [Fact]
    public void Unpinned_is_reported() => RuleAssert.Violates<DL3037>("FROM opensuse/leap:15\nRUN zypper -n install curl\n", 2);

    [Theory]
    [InlineData("RUN zypper -n install curl=8.0 'git>=2.40'")]
    [InlineData("RUN zypper -n install /tmp/pkg.rpm")]
    public void Pinned_passes(string run) => RuleAssert.Passes<DL3037>($"FROM opensuse/leap:15\n{run}\n");
}
