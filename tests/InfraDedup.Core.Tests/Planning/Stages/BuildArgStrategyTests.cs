using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Tests.Planning.Stages;

public sealed class BuildArgStrategyTests
{
    [Fact]
    public void Members_no_compose_service_builds_or_with_their_own_dockerignore_are_ineligible()
    {
        using var tree = StageFixture.Agents().File("services/beta/Dockerfile.dockerignore", "*.md\n").File("tools/Dockerfile", "FROM alpine:3.20\n");
        var strategy = new BuildArgStrategy(StageFixture.Context(tree));

        Assert.Null(strategy.Ineligible("services/alpha/Dockerfile"));
        Assert.Contains("Dockerfile.dockerignore", strategy.Ineligible("services/beta/Dockerfile"), StringComparison.Ordinal);
        Assert.Contains("no compose service builds it", strategy.Ineligible("tools/Dockerfile"), StringComparison.Ordinal);
    }

    [Fact]
    public void Proven_groups_cover_every_member_and_failures_are_left_alone_with_the_reason()
    {
        using var tree = StageFixture.Agents((n, p) => StageFixture.Agent(n, p, n == "gamma" ? "RUN echo gamma\n" : string.Empty));
        var context = StageFixture.Context(tree);
        var strategy = new BuildArgStrategy(context);
        var inputs = StageFixture.Members.Select(m => new SynthesisInput(m, context.Load(m).Doc)).ToList();

        var groups = strategy.ProveGroups("agent", inputs, out var notProven);

        var group = Assert.Single(groups);
        Assert.Equal(["services/alpha/Dockerfile", "services/beta/Dockerfile"], group.Members);
        Assert.Equal(["services/gamma/Dockerfile"], notProven);
        Assert.Contains(context.LeftAlone, l => l.Path == "services/gamma/Dockerfile" && l.Reason.Contains("template strategy", StringComparison.Ordinal));
        Assert.Empty(strategy.ProveGroup(group));
    }
}
