using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Tests.Planning.Stages;

public sealed class ComposeRewriteStageTests
{
    private const string FlowStyleBeta = """
        services:
          alpha:
            build: ./services/alpha
          beta:
            build: {context: ./services/beta}
          gamma:
            build: ./services/gamma

        """;

    [Fact]
    public void Accepted_edits_keep_every_group_and_point_services_at_the_shared_file()
    {
        using var tree = StageFixture.Agents();
        var (context, groups) = Proven(tree);

        var settled = new ComposeRewriteStage(context, new BuildArgStrategy(context)).Settle(groups, out var results);

        Assert.Equal(StageFixture.Members, Assert.Single(settled).Shared.Members);
        Assert.Contains("docker/shared/agent.Dockerfile", results["docker-compose.yml"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_edit_drops_its_member_and_the_rest_is_proven_again()
    {
        using var tree = StageFixture.Agents(compose: FlowStyleBeta);
        var (context, groups) = Proven(tree);

        var settled = new ComposeRewriteStage(context, new BuildArgStrategy(context)).Settle(groups, out _);

        Assert.Equal(["services/alpha/Dockerfile", "services/gamma/Dockerfile"], Assert.Single(settled).Shared.Members);
        Assert.Contains(context.LeftAlone, l => l.Path == "services/beta/Dockerfile" && l.Reason.Contains("cannot be edited safely", StringComparison.Ordinal));
    }

    private static (PlanContext Context, List<SharedGroup> Groups) Proven(Core.Tests.TestSupport.TempTree tree)
    {
        var context = StageFixture.Context(tree);
        var family = StageFixture.OnlyFamily(context);
        var inputs = StageFixture.Members.Select(m => new SynthesisInput(m, context.Load(m).Doc)).ToList();
        var shared = Assert.Single(new BuildArgStrategy(context).ProveGroups("agent", inputs, out _));
        return (context, [new SharedGroup(family, "agent", shared)]);
    }
}
