using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class ID2003Tests
{
    [Theory]
    [InlineData("FROM debian:12")]
    [InlineData("FROM ghcr.io/org/app:1.2")]
    public void Tag_only_is_reported(string from) => RuleAssert.Violates<ID2003>(from + "\n", 1);

    [Theory]
    [InlineData("FROM debian:12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("FROM scratch")]
    [InlineData("ARG BASE\nFROM $BASE")]
    public void Digest_or_exempt_passes(string from) => RuleAssert.Passes<ID2003>(from + "\n");

    [Fact]
    public void Stage_reference_passes() =>
        Assert.Single(RuleAssert.Run<ID2003>("FROM debian:12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS a\nFROM a\nFROM alpine:3\n"));
}
