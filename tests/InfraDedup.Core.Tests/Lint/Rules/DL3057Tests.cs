using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3057Tests
{
    [Fact]
    public void Missing_healthcheck_is_reported_when_enabled() => RuleAssert.Violates<DL3057>("FROM debian:12\nCMD [\"x\"]\n", 1);

    [Theory]
    [InlineData("FROM debian:12\nHEALTHCHECK CMD true\n")]
    [InlineData("FROM debian:12 AS base\nHEALTHCHECK CMD true\nFROM base\n")]
    [InlineData("FROM debian:12\nHEALTHCHECK NONE\n")]
    public void Healthcheck_passes(string dockerfile) => RuleAssert.Passes<DL3057>(dockerfile);

    [Fact]
    public void Off_by_default() => Assert.DoesNotContain(Linter.LintText("FROM debian:12\n"), f => f.RuleId == "DL3057");
}
