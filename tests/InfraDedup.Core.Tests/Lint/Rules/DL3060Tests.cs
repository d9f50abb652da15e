using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3060Tests
{
    [Fact]
    public void Yarn_cache_kept_is_reported() => RuleAssert.Violates<DL3060>("FROM node:22\nRUN yarn install --frozen-lockfile\n", 2);

    [Theory]
    [InlineData("RUN yarn install --frozen-lockfile && yarn cache clean")]
    [InlineData("RUN --mount=type=cache,target=/root/.cache/yarn yarn install")]
    [InlineData("RUN yarn build")]
    public void Clean_passes(string run) => RuleAssert.Passes<DL3060>($"FROM node:22\n{run}\n");
}
