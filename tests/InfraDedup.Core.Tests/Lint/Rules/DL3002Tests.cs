using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3002Tests
{
    [Theory]
    [InlineData("USER root")]
    [InlineData("USER 0")]
    [InlineData("USER root:root")]
    [InlineData("USER 0:0")]
    public void Stage_ending_as_root_is_reported(string user) =>
        RuleAssert.Violates<DL3002>($"FROM debian:12\nUSER app\n{user}\n", 3);

    [Fact]
    public void Switching_back_to_a_user_passes() =>
        RuleAssert.Passes<DL3002>("FROM debian:12\nUSER root\nRUN id\nUSER 10001\n");

    [Fact]
    public void Each_stage_is_judged_on_its_own() =>
        RuleAssert.Violates<DL3002>("FROM debian:12 AS build\nUSER root\nFROM debian:12\nUSER 10001\n", 2);
}
