using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3006Tests
{
    [Theory]
    [InlineData("FROM debian")]
    [InlineData("FROM registry.example.com:5000/team/app")]
    [InlineData("FROM --platform=$BUILDPLATFORM golang AS build")]
    public void Untagged_image_is_reported(string from) => RuleAssert.Violates<DL3006>(from + "\n", 1);

    [Theory]
    [InlineData("FROM debian:12")]
    [InlineData("FROM scratch")]
    [InlineData("FROM debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("ARG BASE=debian:12\nFROM $BASE")]
    [InlineData("FROM registry.example.com:5000/team/app:1.0")]
    public void Tagged_or_exempt_image_passes(string from) => RuleAssert.Passes<DL3006>(from + "\n");

    [Fact]
    public void Earlier_stage_alias_passes() => RuleAssert.Passes<DL3006>("FROM golang:1.23 AS build\nFROM build\n");
}
