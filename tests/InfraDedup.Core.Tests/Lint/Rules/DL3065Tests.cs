using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3065Tests
{
    [Theory]
    [InlineData("FROM --platform=$TARGETPLATFORM debian:12")]
    [InlineData("FROM --platform=${TARGETPLATFORM} debian:12")]
    public void Redundant_platform_is_reported(string from) => RuleAssert.Violates<DL3065>(from + "\n", 1);

    [Fact]
    public void Build_platform_passes() => RuleAssert.Passes<DL3065>("FROM --platform=$BUILDPLATFORM debian:12\n");
}
