using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3009Tests
{
    [Fact]
    public void Lists_left_behind_are_reported() =>
        RuleAssert.Violates<DL3009>("FROM debian:12\nRUN apt-get update && apt-get install -y curl=7\n", 2);

    [Theory]
    [InlineData("RUN apt-get update && apt-get install -y curl=7 && rm -rf /var/lib/apt/lists/*")]
    [InlineData("RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl=7")]
    [InlineData("RUN apt-get install -y curl=7")]
    public void Cleaned_or_cached_passes(string run) => RuleAssert.Passes<DL3009>($"FROM debian:12\n{run}\n");

    [Fact]
    public void Build_stage_that_is_not_in_the_image_passes() =>
        RuleAssert.Passes<DL3009>("FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc=12\nFROM scratch\nCOPY --from=build /x /x\n");
}
