using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3003Tests
{
    [Theory]
    [InlineData("RUN cd /tmp && make")]
    [InlineData("RUN make; cd /x")]
    public void Cd_is_reported(string run) => RuleAssert.Violates<DL3003>($"FROM debian:12\n{run}\n", 2);

    [Theory]
    [InlineData("RUN make -C /tmp")]
    [InlineData("RUN echo cd")]
    public void No_cd_passes(string run) => RuleAssert.Passes<DL3003>($"FROM debian:12\nWORKDIR /tmp\n{run}\n");
}
