using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Tests.Planning.Stages;

public sealed class TemplateStrategyTests
{
    [Fact]
    public void Members_become_one_template_and_every_rendering_is_proven()
    {
        using var tree = StageFixture.Agents((n, p) => StageFixture.Agent(n, p, $"LABEL team={n}-team\nRUN echo built\n"));
        var context = StageFixture.Context(tree);
        var strategy = new TemplateStrategy(context);

        strategy.QueueFamily(StageFixture.OnlyFamily(context), "agent", [.. StageFixture.Members]);
        strategy.TemplateAll(CancellationToken.None);

        var (_, template) = Assert.Single(strategy.Templates);
        Assert.Equal(StageFixture.Members, template.MemberPaths);
        Assert.Equal(3, strategy.Generated.Count);
        Assert.All(strategy.Generated, g => Assert.Null(strategy.ProveRendering(g.Binding.Path, g.Rendered)));
    }

    [Fact]
    public void A_rendering_that_changes_the_image_is_refused_with_the_difference()
    {
        using var tree = StageFixture.Agents();
        var strategy = new TemplateStrategy(StageFixture.Context(tree));

        var why = strategy.ProveRendering("services/alpha/Dockerfile", StageFixture.Agent("alpha", 9999));
        Assert.StartsWith("equivalence proof failed for the rendered template", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_two_usable_members_make_no_template()
    {
        using var tree = StageFixture.Agents();
        var context = StageFixture.Context(tree);
        var strategy = new TemplateStrategy(context);

        strategy.QueueFamily(StageFixture.OnlyFamily(context), "agent", ["services/alpha/Dockerfile"]);
        Assert.Empty(strategy.Templates);
        Assert.Empty(strategy.Generated);
    }
}
