using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL4001Tests
{
    [Fact]
    public void Both_tools_in_a_stage_are_reported() =>
        RuleAssert.Violates<DL4001>("FROM debian:12\nRUN curl -fsSLO https://x/a\nRUN wget -q https://x/b\n", 3);

    [Theory]
    [InlineData("FROM debian:12\nRUN curl -fsSLO https://x/a\nRUN curl -fsSLO https://x/b\n")]
    [InlineData("FROM debian:12 AS a\nRUN curl -fsSLO https://x/a\nFROM debian:12\nRUN wget -q https://x/b\n")]
    public void One_tool_per_stage_passes(string dockerfile) => RuleAssert.Passes<DL4001>(dockerfile);
}
