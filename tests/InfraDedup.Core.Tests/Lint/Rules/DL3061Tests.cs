using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3061Tests
{
    [Theory]
    [InlineData("RUN echo hi\nFROM debian:12\n", 1)]
    [InlineData("ARG V=1\nLABEL x=y\nFROM debian:12\n", 2)]
    public void Instruction_before_from_is_reported(string dockerfile, int line) => RuleAssert.Violates<DL3061>(dockerfile, line);

    [Theory]
    [InlineData("# syntax=docker/dockerfile:1\n# comment\nARG V=1\nFROM debian:12\n")]
    [InlineData("FROM debian:12\nRUN echo hi\n")]
    public void From_or_arg_first_passes(string dockerfile) => RuleAssert.Passes<DL3061>(dockerfile);
}
