using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class ID2002Tests
{
    [Fact]
    public void Block_repeated_in_another_stage_is_reported() => RuleAssert.Violates<ID2002>(
        "FROM debian:12 AS a\nRUN apt-get update\nRUN apt-get install -y curl\nFROM debian:12 AS b\nRUN apt-get update\nRUN apt-get install -y curl\n", 5);

    [Fact]
    public void Repeated_run_in_a_stage_is_reported() =>
        RuleAssert.Violates<ID2002>("FROM debian:12\nRUN make\nCOPY . /src\nRUN make\n", 4);

    [Theory]
    [InlineData("FROM debian:12 AS a\nRUN apt-get update\nFROM debian:12 AS b\nRUN apt-get update\n")]
    [InlineData("FROM debian:12\nRUN make a\nRUN make b\n")]
    public void Single_instruction_across_stages_or_distinct_runs_pass(string dockerfile) => RuleAssert.Passes<ID2002>(dockerfile);

    [Fact]
    public void Message_points_at_the_original_lines() => Assert.Contains(
        "lines 2-3 of stage a",
        RuleAssert.Run<ID2002>("FROM debian:12 AS a\nRUN x\nRUN y\nFROM debian:12 AS b\nRUN x\nRUN y\n")[0].Message,
        StringComparison.Ordinal);
}
