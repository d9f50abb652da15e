using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3059Tests
{
    [Fact]
    public void Consecutive_short_runs_are_reported() =>
        RuleAssert.Violates<DL3059>("FROM debian:12\nRUN echo a\n# comment\nRUN echo b\n", 4);

    [Theory]
    [InlineData("FROM debian:12\nRUN echo a\nWORKDIR /x\nRUN echo b\n")]
    [InlineData("FROM debian:12\nRUN --mount=type=cache,target=/c echo a\nRUN echo b\n")]
    [InlineData("FROM debian:12\nRUN a && b && c\nRUN d\n")]
    public void Separated_or_different_runs_pass(string dockerfile) => RuleAssert.Passes<DL3059>(dockerfile);

    [Theory]
    [InlineData("FROM debian:12\nRUN a && b\nRUN c\n")]
    [InlineData("FROM debian:12\nRUN c\nRUN a; b\n")]
    public void Run_that_already_chains_commands_passes(string dockerfile) => RuleAssert.Passes<DL3059>(dockerfile);

    [Fact]
    public void Single_command_runs_after_a_chained_one_are_reported() =>
        RuleAssert.Violates<DL3059>("FROM debian:12\nRUN a && b\nRUN c\nRUN d\n", 4);
}
