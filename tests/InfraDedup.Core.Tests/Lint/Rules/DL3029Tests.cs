using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3029Tests
{
    [Fact]
    public void Hard_coded_platform_is_reported() => RuleAssert.Violates<DL3029>("FROM --platform=linux/amd64 debian:12\n", 1);

    [Theory]
    [InlineData("FROM --platform=$BUILDPLATFORM golang:1.23 AS build")]
    [InlineData("FROM --platform=${TARGETPLATFORM} debian:12")]
    [InlineData("FROM debian:12")]
    public void Variable_or_no_platform_passes(string from) => RuleAssert.Passes<DL3029>(from + "\n");
}
