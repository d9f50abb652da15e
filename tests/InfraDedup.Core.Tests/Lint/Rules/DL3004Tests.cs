using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3004Tests
{
    [Theory]
    [InlineData("RUN sudo apt-get update")]
    [InlineData("RUN make && sudo make install")]
    public void Sudo_is_reported(string run) => RuleAssert.Violates<DL3004>($"FROM debian:12\n{run}\n", 2);

    [Fact]
    public void Installing_the_sudo_package_passes() =>
        RuleAssert.Passes<DL3004>("FROM debian:12\nRUN apt-get install -y sudo=1.9\n");
}
