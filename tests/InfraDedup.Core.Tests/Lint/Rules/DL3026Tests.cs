using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3026Tests
{
    private static readonly LintConfig Trusted = LintConfig.Default with { TrustedRegistries = ["docker.io", "*.example.com"] };

    [Theory]
    [InlineData("FROM quay.io/org/app:1\n", 1)]
    [InlineData("FROM debian:12\nCOPY --from=ghcr.io/org/tool:1 /x /x\n", 2)]
    [InlineData("FROM debian:12\nRUN --mount=type=bind,from=gcr.io/x/y:1,target=/x true\n", 2)]
    public void Untrusted_registry_is_reported(string dockerfile, int line) => RuleAssert.ViolatesWith<DL3026>(dockerfile, Trusted, line);

    [Theory]
    [InlineData("FROM debian:12\n")]
    [InlineData("FROM registry.example.com/team/app:1\n")]
    [InlineData("FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /x /x\n")]
    public void Trusted_registry_passes(string dockerfile) => RuleAssert.Passes<DL3026>(dockerfile, Trusted);

    [Fact]
    public void Without_trusted_registries_the_rule_is_off() => RuleAssert.Passes<DL3026>("FROM quay.io/org/app:1\n");

    [Theory]
    [InlineData("*", "anything.io", true)]
    [InlineData("*.gcr.io", "eu.gcr.io", true)]
    [InlineData("docker.*", "docker.io", true)]
    [InlineData("docker.io", "quay.io", false)]
    public void Wildcards_match_like_hadolint(string pattern, string registry, bool expected) =>
        Assert.Equal(expected, DL3026.Matches(pattern, registry));
}
