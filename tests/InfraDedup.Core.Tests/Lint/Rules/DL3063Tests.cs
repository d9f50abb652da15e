using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3063Tests
{
    [Theory]
    [InlineData("FROM debian:12 AS scratch")]
    [InlineData("FROM debian:12 AS context")]
    public void Reserved_name_is_reported(string from) => RuleAssert.Violates<DL3063>(from + "\n", 1);

    [Fact]
    public void Ordinary_name_passes() => RuleAssert.Passes<DL3063>("FROM debian:12 AS build\nFROM scratch\n");
}
