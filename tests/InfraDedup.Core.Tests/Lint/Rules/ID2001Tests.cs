using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class ID2001Tests
{
    [Theory]
    [InlineData("ARG UNUSED=1\nFROM debian:12\nRUN echo hi\n", 1)]
    [InlineData("FROM debian:12\nENV A=1\nENV A=1\nCMD [\"x\"]\n", 3)]
    [InlineData("FROM debian:12\nLABEL v=1\nLABEL v=2\n", 2)]
    public void Dead_instruction_is_reported(string dockerfile, int line) => RuleAssert.Violates<ID2001>(dockerfile, line);

    [Theory]
    [InlineData("FROM debian:12\nARG V=1\nRUN echo $V\n")]
    [InlineData("ARG BASE=debian:12\nFROM $BASE\n")]
    [InlineData("FROM debian:12\nENV A=1\nRUN echo $A\nENV A=2\n")]
    [InlineData("FROM debian:12 AS test\nENV A=1\nFROM debian:12\nCMD [\"x\"]\n")]
    public void Live_instruction_passes(string dockerfile) => RuleAssert.Passes<ID2001>(dockerfile);
}
