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

    [Fact]
    public void Stage_the_image_does_not_build_from_passes() =>
        RuleAssert.Passes<DL3060>("FROM node:22 AS deps\nRUN yarn install\nFROM node:22-slim\nCOPY --from=deps /app /app\n");

    [Theory]
    [InlineData("FROM node:22 AS deps\nRUN yarn install\nFROM deps\nRUN yarn build\n")]
    [InlineData("FROM node:22 AS deps\nONBUILD RUN yarn install\nFROM node:22-slim\n")]
    public void Stage_built_upon_or_onbuild_is_reported(string dockerfile) => RuleAssert.Violates<DL3060>(dockerfile, 2);
}
