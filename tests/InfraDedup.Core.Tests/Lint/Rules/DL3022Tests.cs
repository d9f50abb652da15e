using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3022Tests
{
    [Theory]
    [InlineData("FROM debian:12\nCOPY --from=build /x /x\n", 2)]
    [InlineData("FROM debian:12\nCOPY --from=0 /x /x\n", 2)]
    [InlineData("FROM debian:12\nCOPY --from=later /x /x\nFROM debian:12 AS later\n", 2)]
    public void Unknown_stage_is_reported(string dockerfile, int line) => RuleAssert.Violates<DL3022>(dockerfile, line);

    [Theory]
    [InlineData("FROM golang:1.23 AS build\nFROM debian:12\nCOPY --from=build /x /x\n")]
    [InlineData("FROM golang:1.23 AS Build\nFROM debian:12\nCOPY --from=build /x /x\n")]
    [InlineData("FROM golang:1.23\nFROM debian:12\nCOPY --from=0 /x /x\n")]
    [InlineData("FROM debian:12\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n")]
    [InlineData("FROM debian:12\nCOPY /x /x\n")]
    public void Earlier_stage_or_image_passes(string dockerfile) => RuleAssert.Passes<DL3022>(dockerfile);
}
