using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;
using InfraDedup.Core.Tests.Planning.Stages;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning;

public sealed class PlannerTests
{
    // The agents of the stage tests (one definition), in a compose file with comments, anchors and an image service.
    private static string Agent(string name, int port, string extra = "") => StageFixture.Agent(name, port, extra);

    private const string Compose = """
        # the fleet
        x-common: &common
          restart: unless-stopped

        services:
          alpha:
            <<: *common
            build:
              context: ./services/alpha   # keep this comment
              dockerfile: Dockerfile
          beta:
            build: ./services/beta
          gamma:
            build:
              context: ./services/gamma
              args:
                BUILD_ENV: production
          db:
            image: postgres:16

        """;

    private static TempTree AgentTree(Func<string, int, string>? dockerfile = null) => StageFixture.Agents(dockerfile, Compose);

    [Fact]
    public void Members_differing_in_values_share_one_Dockerfile_with_build_args()
    {
        using var tree = AgentTree();
        var result = Planner.Make(tree.Root, new PlanOptions());
        var plan = result.Plan;

        var group = Assert.Single(plan.Families.SelectMany(f => f.Groups));
        Assert.Equal(FamilyStrategy.BuildArgs, group.Strategy);
        Assert.Equal(["services/alpha/Dockerfile", "services/beta/Dockerfile", "services/gamma/Dockerfile"], group.Members);
        Assert.Equal(["AGENT_NAME", "PORT"], group.Parameters.Select(p => p.Name));
        Assert.Equal(3, plan.Summary.ServicesConsolidated);
        Assert.Equal(0, plan.Summary.EquivalenceFailures);
        Assert.Equal(3, plan.Summary.DockerfilesBefore);
        Assert.Equal(1, plan.Summary.MaintainedSourcesAfter);
        Assert.All(plan.Services, s => Assert.True(s.Equivalent));
        Assert.Contains(plan.Actions, a => a.Kind == PlanActionKind.Remove && a.Path == "services/beta/Dockerfile");
        Assert.Contains(plan.Inputs, i => i.Path == "docker-compose.yml");
    }

    [Fact]
    public void Applying_the_plan_by_hand_gives_every_service_the_same_effective_image()
    {
        using var tree = AgentTree();
        var before = ServiceSpecs(tree.Root);
        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;

        PlanByHand.Apply(tree, plan);

        var after = ServiceSpecs(tree.Root);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (service, spec) in before)
        {
            Assert.Null(SpecDiff.FirstDifference(spec, after[service]));
        }

        var compose = File.ReadAllText(tree.PathOf("docker-compose.yml"));
        Assert.Contains("# keep this comment", compose, StringComparison.Ordinal);
        Assert.Contains("<<: *common", compose, StringComparison.Ordinal);
        Assert.Contains("BUILD_ENV: production", compose, StringComparison.Ordinal);
        Assert.False(File.Exists(tree.PathOf("services/alpha/Dockerfile")));
    }

    /// <summary>Every compose service's effective image, computed from the tree as it is now (independently of the planner).</summary>
    private static Dictionary<string, EffectiveImageSpec> ServiceSpecs(string root)
    {
        var compose = ComposeReader.Read("docker-compose.yml", File.ReadAllText(Path.Combine(root, "docker-compose.yml")));
        Assert.Empty(compose.Errors);
        var specs = new Dictionary<string, EffectiveImageSpec>(StringComparer.Ordinal);
        foreach (var service in compose.Services.Where(s => s.Build is not null))
        {
            var build = service.Build!;
            var doc = DockerfileParser.Parse(File.ReadAllBytes(Path.Combine(root, build.Dockerfile!)), build.Dockerfile);
            var args = build.Args.ToDictionary(a => a.Name, a => a.Value!.Value!, StringComparer.Ordinal);
            var spec = EffectiveImage.Compute(doc, args);
            Assert.False(spec.HasErrors, service.Name);
            specs[service.Name] = spec;
        }

        return specs;
    }

    [Fact]
    public void A_parameter_visible_to_a_later_RUN_fails_the_proof_and_the_members_stay()
    {
        // LABEL values become ARGs; a RUN after them would see the ARG in its environment: not equivalent.
        using var tree = AgentTree((n, p) => Agent(n, p, $"LABEL team={n}-team\nRUN echo built\n"));
        var plan = Planner.Make(tree.Root, new PlanOptions { Strategy = StrategyChoice.BuildArgs }).Plan;

        Assert.Empty(plan.Families.SelectMany(f => f.Groups));
        Assert.Equal(3, plan.Summary.EquivalenceFailures);
        Assert.All(plan.LeftAlone, l => Assert.StartsWith("equivalence proof failed", l.Reason, StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Actions, a => a.Kind == PlanActionKind.Remove);
    }

    [Fact]
    public void A_member_whose_COPY_dot_would_lose_its_own_Dockerfile_stays()
    {
        using var tree = AgentTree((n, p) => Agent(n, p).Replace("COPY app.py .", "COPY . .", StringComparison.Ordinal));
        tree.File("services/gamma/.dockerignore", "Dockerfile\n");
        var plan = Planner.Make(tree.Root, new PlanOptions { Strategy = StrategyChoice.BuildArgs }).Plan;

        var left = plan.LeftAlone.Select(l => l.Path).ToList();
        Assert.Contains("services/alpha/Dockerfile", left);
        Assert.Contains("copies Dockerfile", plan.LeftAlone.First(l => l.Path == "services/alpha/Dockerfile").Reason, StringComparison.Ordinal);
        // gamma's .dockerignore excludes the Dockerfile, but a group of one is not consolidated.
        Assert.Empty(plan.Families.SelectMany(f => f.Groups));
    }

    [Fact]
    public void Dockerfiles_other_files_build_by_path_are_left_alone_with_the_reference()
    {
        using var tree = AgentTree();
        tree.File("Makefile", "build:\n\tdocker build -f services/beta/Dockerfile services/beta\n");
        var plan = Planner.Make(tree.Root, new PlanOptions { Strategy = StrategyChoice.BuildArgs }).Plan;

        var beta = Assert.Single(plan.LeftAlone, l => l.Path == "services/beta/Dockerfile");
        Assert.Contains("Makefile:2", beta.Reason, StringComparison.Ordinal);
        var group = Assert.Single(plan.Families.SelectMany(f => f.Groups));
        Assert.Equal(["services/alpha/Dockerfile", "services/gamma/Dockerfile"], group.Members);
    }

    [Fact]
    public void In_auto_mode_members_a_shared_Dockerfile_cannot_prove_become_a_template_that_keeps_them_in_place()
    {
        using var tree = AgentTree((n, p) => Agent(n, p, $"LABEL team={n}-team\nRUN echo built\n"));
        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;

        var group = Assert.Single(plan.Families.SelectMany(f => f.Groups));
        Assert.Equal(FamilyStrategy.Template, group.Strategy);
        Assert.Equal(1, plan.Summary.Templates);
        Assert.Equal(0, plan.Summary.EquivalenceFailures);
        Assert.DoesNotContain(plan.Actions, a => a.Kind == PlanActionKind.Remove);
        var rendered = plan.Actions.Single(a => a.Kind == PlanActionKind.Replace && a.Path == "services/beta/Dockerfile").Content!;
        Assert.StartsWith("# ", rendered, StringComparison.Ordinal); // generated-file header
        Assert.Contains("LABEL team=beta-team", rendered, StringComparison.Ordinal);
        Assert.EndsWith(File.ReadAllText(tree.PathOf("services/beta/Dockerfile")), rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Dead_Dockerfiles_are_listed_by_default_and_removed_only_on_request()
    {
        using var tree = AgentTree();
        tree.File("backups/old/Dockerfile", "FROM alpine:3.20\nRUN echo old\n");
        var listed = Planner.Make(tree.Root, new PlanOptions()).Plan;
        Assert.DoesNotContain(listed.Actions, a => a.Path == "backups/old/Dockerfile");
        Assert.Contains(listed.DeadFiles, d => d.Path == "backups/old/Dockerfile" && !d.Removed);
        Assert.Equal(0, listed.Summary.DeadFilesRemoved);
        Assert.Equal(1, listed.Summary.DeadDockerfilesKept);
        Assert.True(listed.Summary.ReductionWithDeadRemoval > listed.Summary.ReductionFromConsolidation);

        var plan = Planner.Make(tree.Root, new PlanOptions { RemoveDeadFiles = true }).Plan;
        Assert.Contains(plan.Actions, a => a.Kind == PlanActionKind.Remove && a.Path == "backups/old/Dockerfile" && a.Reason.StartsWith("dead", StringComparison.Ordinal));
        Assert.Equal(1, plan.Summary.DeadFilesRemoved);
        Assert.Equal(listed.Summary.ReductionFromConsolidation, plan.Summary.ReductionFromConsolidation);
    }

    [Fact]
    public void Plans_are_deterministic()
    {
        using var tree = AgentTree();
        var a = PlanJsonContext.Serialize(Planner.Make(tree.Root, new PlanOptions { Project = "fleet" }).Plan);
        var b = PlanJsonContext.Serialize(Planner.Make(tree.Root, new PlanOptions { Project = "fleet" }).Plan);
        Assert.Equal(a, b);
        Golden.AssertMatches("agents-plan.json", a);
    }

    [Theory]
    [InlineData(StrategyChoice.Auto)]
    [InlineData(StrategyChoice.Template)]
    public void A_Dockerfile_BuildKit_rejects_is_left_alone_as_invalid_not_as_an_equivalence_failure(StrategyChoice strategy)
    {
        using var tree = AgentTree((n, p) => n == "beta"
            ? Agent(n, p).Replace("USER 10001\n", "HEALTHCHECK --interval=30s \\\nRUN echo hi\nUSER 10001\n", StringComparison.Ordinal)
            : Agent(n, p));
        var plan = Planner.Make(tree.Root, new PlanOptions { Strategy = strategy }).Plan;

        var beta = Assert.Single(plan.LeftAlone, l => l.Path == "services/beta/Dockerfile");
        Assert.StartsWith("invalid Dockerfile, BuildKit rejects it: services/beta/Dockerfile:6:1: ", beta.Reason, StringComparison.Ordinal);
        Assert.Equal(1, plan.Summary.InvalidOriginals);
        Assert.Equal(0, plan.Summary.EquivalenceFailures);
        Assert.DoesNotContain(plan.Actions, a => a.Path == "services/beta/Dockerfile");
        Assert.Contains(plan.Families.SelectMany(f => f.Groups), g => g.Members.SequenceEqual(["services/alpha/Dockerfile", "services/gamma/Dockerfile"]));
    }
}
