using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3019Tests
{
    [Fact]
    public void Cache_kept_is_reported() => RuleAssert.Violates<DL3019>("FROM alpine:3.20\nRUN apk update && apk add curl=8\n", 2);

    [Theory]
    [InlineData("RUN apk add --no-cache curl=8")]
    [InlineData("RUN --mount=type=cache,target=/var/cache/apk apk add curl=8")]
    [InlineData("RUN apk info")]
    public void No_cache_passes(string run) => RuleAssert.Passes<DL3019>($"FROM alpine:3.20\n{run}\n");
}
