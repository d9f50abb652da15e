using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class ID1002Tests
{
    [Fact]
    public void Final_stage_without_user_is_reported() =>
        RuleAssert.Violates<ID1002>("FROM golang:1.23 AS build\nUSER 1000\nFROM debian:12\nCMD [\"x\"]\n", 3);

    [Theory]
    [InlineData("FROM debian:12\nUSER 10001\n")]
    [InlineData("FROM debian:12 AS base\nUSER 10001\nFROM base\n")]
    [InlineData("FROM gcr.io/distroless/static-debian12:nonroot\n")]
    public void User_set_or_nonroot_base_passes(string dockerfile) => RuleAssert.Passes<ID1002>(dockerfile);
}
