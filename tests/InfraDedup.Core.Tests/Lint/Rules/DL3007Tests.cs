using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3007Tests
{
    [Theory]
    [InlineData("FROM debian:latest")]
    [InlineData("FROM ghcr.io/org/app:latest AS x")]
    public void Latest_is_reported(string from) => RuleAssert.Violates<DL3007>(from + "\n", 1);

    [Theory]
    [InlineData("FROM debian:12")]
    [InlineData("FROM debian:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("FROM debian")]
    public void Pinned_passes(string from) => RuleAssert.Passes<DL3007>(from + "\n");
}
