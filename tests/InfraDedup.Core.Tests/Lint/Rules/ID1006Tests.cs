using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class ID1006Tests
{
    [Theory]
    [InlineData("VOLUME /proc")]
    [InlineData("VOLUME [\"/data\", \"/sys/fs/cgroup\"]")]
    [InlineData("VOLUME /dev/")]
    public void Pseudo_filesystem_volume_is_reported(string ins) => RuleAssert.Violates<ID1006>($"FROM debian:12\n{ins}\n", 2);

    [Theory]
    [InlineData("VOLUME /data")]
    [InlineData("VOLUME /devices")]
    public void Ordinary_volume_passes(string ins) => RuleAssert.Passes<ID1006>($"FROM debian:12\n{ins}\n");
}
