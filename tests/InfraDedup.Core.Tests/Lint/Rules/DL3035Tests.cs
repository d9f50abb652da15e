using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3035Tests
{
    [Theory]
    [InlineData("RUN zypper dist-upgrade -y")]
    [InlineData("RUN zypper -n dup")]
    public void Dist_upgrade_is_reported(string run) => RuleAssert.Violates<DL3035>($"FROM opensuse/leap:15\n{run}\n", 2);

    [Fact]
    public void Update_passes() => RuleAssert.Passes<DL3035>("FROM opensuse/leap:15\nRUN zypper -n update\n");
}
