using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3024Tests
{
    [Fact]
    public void Repeated_stage_name_is_reported() =>
        RuleAssert.Violates<DL3024>("FROM debian:12 AS build\nFROM alpine:3.20 AS BUILD\n", 2);

    [Fact]
    public void Unique_names_pass() => RuleAssert.Passes<DL3024>("FROM debian:12 AS build\nFROM alpine:3.20 AS final\n");
}
