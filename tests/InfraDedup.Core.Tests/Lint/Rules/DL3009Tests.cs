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

    [Fact]
    public void Stage_another_stage_builds_from_is_reported() =>
        RuleAssert.Violates<DL3009>("FROM debian:12 AS base\nRUN apt-get update && apt-get install -y gcc=12\nFROM base AS mid\nRUN make\nFROM scratch\nCOPY --from=mid /x /x\n", 2);

    [Theory]
    [InlineData("RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl=7")]
    [InlineData("RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl=7")]
    public void Cache_mount_that_does_not_hold_the_lists_is_reported(string run) => RuleAssert.Violates<DL3009>($"FROM debian:12\n{run}\n", 2);

    [Fact]
    public void Cache_mounts_on_both_apt_folders_pass() =>
        RuleAssert.Passes<DL3009>("FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl=7\n");
}
