using InfraDedup.Core.Planning;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning.Stages;

public sealed class PlanAssemblerTests
{
    private static readonly FamilyDecision Undecided = new("agent", FamilyStrategy.None, ["a", "b", "c"], [], [], "pending");

    /// <summary>The three agents proven into one shared Dockerfile and settled by the compose rewrite, ready to assemble.</summary>
    private static (PlanContext Context, List<SharedGroup> Groups, Dictionary<string, ComposeEditResult> Compose) AgentsSettled(TempTree tree)
    {
        var context = StageFixture.Context(tree);
        var family = StageFixture.OnlyFamily(context);
        var buildArgs = new BuildArgStrategy(context);
        var shared = Assert.Single(buildArgs.ProveGroups("agent", [.. StageFixture.Members.Select(m => new SynthesisInput(m, context.Load(m).Doc))], out _));
        var groups = new ComposeRewriteStage(context, buildArgs).Settle([new SharedGroup(family, "agent", shared)], out var compose);
        return (context, groups, compose);
    }

    [Fact]
    public void A_family_with_only_templates_is_a_template_family_and_lists_what_is_left()
    {
        var groups = new List<ConsolidatedGroup> { new(FamilyStrategy.Template, "t.sbn", ["a", "b"], [], null) };
        var decision = PlanAssembler.Decide(Undecided, groups, [], new SortedSet<string>(StringComparer.Ordinal) { "a", "b" }, []);

        Assert.Equal(FamilyStrategy.Template, decision.Strategy);
        Assert.Equal(["c"], decision.MembersLeftAlone);
        Assert.Contains("0 shared Dockerfile(s) and 1 template(s) cover 2 of 3", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_args_win_over_exact_copies_and_no_group_means_none()
    {
        var groups = new List<ConsolidatedGroup>
        {
            new(FamilyStrategy.ExactCopies, "x", ["a"], [], null),
            new(FamilyStrategy.BuildArgs, "y", ["b"], [], null),
        };
        Assert.Equal(FamilyStrategy.BuildArgs, PlanAssembler.Decide(Undecided, groups, [], [], []).Strategy);
        Assert.Equal(FamilyStrategy.None, PlanAssembler.Decide(Undecided, [], [], [], []).Strategy);
    }

    [Fact]
    public void Assembly_orders_creates_before_replaces_before_removes_and_summarises()
    {
        using var tree = StageFixture.Agents();
        var (context, groups, compose) = AgentsSettled(tree);

        var plan = new PlanAssembler(context, new TemplateStrategy(context)).Assemble(groups, compose, [], []).Plan;

        var kinds = plan.Actions.Select(a => a.Kind).ToList();
        Assert.Equal(kinds.OrderBy(k => k switch { PlanActionKind.Create => 0, PlanActionKind.Replace => 1, _ => 2 }), kinds);
        Assert.Equal(3, plan.Summary.DockerfilesBefore);
        Assert.Equal(1, plan.Summary.MaintainedSourcesAfter);
        Assert.Equal(3, plan.Services.Count);
    }

    [Fact]
    public void A_mapping_text_filled_in_later_is_the_one_written_at_once()
    {
        using var tree = StageFixture.Agents();
        var (context, groups, compose) = AgentsSettled(tree);
        var assembler = new PlanAssembler(context, new TemplateStrategy(context));

        var atOnce = assembler.Assemble(groups, compose, [], []);
        var later = assembler.Assemble(groups, compose, [], [], mappingTextLater: true);

        Assert.Null(later.Plan.Actions.Single(a => a.Path == ServiceMapping.RepoPath).Content);
        Assert.False(later.ProposedFiles.ContainsKey(ServiceMapping.RepoPath));
        var filled = PlanAssembler.WithMappingText(later);
        Assert.Equal(PlanJsonContext.Serialize(atOnce.Plan), PlanJsonContext.Serialize(filled.Plan));
        Assert.Equal(atOnce.ProposedFiles.OrderBy(kv => kv.Key, StringComparer.Ordinal), filled.ProposedFiles.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Same(atOnce, PlanAssembler.WithMappingText(atOnce));
    }

    [Fact]
    public void A_plan_streamed_to_its_file_has_the_bytes_of_its_serialised_text()
    {
        using var tree = StageFixture.Agents();
        var (context, groups, compose) = AgentsSettled(tree);
        var result = new PlanAssembler(context, new TemplateStrategy(context)).Assemble(groups, compose, [], []);
        var plan = result.Plan with { Warnings = ["non-ASCII ü ✓ 𝄞, quotes \" ' and a control \u0001 stay as the text writer writes them"] };
        var folder = Directory.CreateTempSubdirectory("plan-stream-");
        try
        {
            var planFile = Path.Combine(folder.FullName, "plan.json");
            var mappingFile = Path.Combine(folder.FullName, "service-mapping.json");
            PlanJsonContext.WriteFile(planFile, plan);
            PlanJsonContext.WriteFile(mappingFile, result.Mapping);

            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(PlanJsonContext.Serialize(plan)), File.ReadAllBytes(planFile));
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(PlanJsonContext.Serialize(result.Mapping)), File.ReadAllBytes(mappingFile));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_context_source_digest_is_the_hash_of_what_it_reads()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["a/entrypoint.sh"] = "#!/bin/sh\nexec \"$@\"\n"u8.ToArray() };
        IBaseContextSource source = new FileOnlyContextSource(path => files.GetValueOrDefault(path));

        Assert.Equal(Planner.Sha256(files["a/entrypoint.sh"]), source.Sha256Of("a/entrypoint.sh"));
        Assert.Null(source.Sha256Of("a/missing.sh"));
    }
}
