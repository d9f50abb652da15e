using InfraDedup.Core.Planning;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Templates;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning;

/// <summary>The planner's goals on the embedded sample, checked against the sample's ground truth.</summary>
public sealed class SamplePlanTests
{
    [Fact]
    public void The_sample_loses_at_least_85_percent_of_its_maintained_Dockerfile_sources_with_no_equivalence_failure()
    {
        using var tree = new TempTree();
        var truth = SampleGenerator.Generate(new SampleOptions { OutputDirectory = tree.Root, Services = 120, Seed = 42, Overwrite = true });
        var result = Planner.Make(tree.Root, new PlanOptions { Project = "sample", RemoveDeadFiles = true });
        var plan = result.Plan;

        Assert.True(plan.Summary.Reduction >= 0.85, $"reduction {plan.Summary.Reduction}");
        Assert.Equal(0, plan.Summary.EquivalenceFailures);
        Assert.All(plan.Services, s => Assert.True(s.Equivalent, s.Service));
        Assert.Equal(plan.Summary.DockerfilesBefore, Directory.EnumerateFiles(tree.Root, "*", SearchOption.AllDirectories).Count(IsDockerfileName) - Ignored(truth));

        // Every compose service of the ground truth is either consolidated (with a proof) or left alone with a reason.
        var proven = plan.Services.Select(s => (s.ComposeFile, s.Service)).ToHashSet();
        var leftAlone = plan.LeftAlone.Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var service in truth.ComposeServices)
        {
            Assert.True(proven.Contains((service.ComposeFile, service.Service)) || leftAlone.Contains(service.Dockerfile), $"{service.ComposeFile}:{service.Service}");
        }

        // With --remove-dead, the dead (unreferenced) Dockerfiles are removed, and only those plus consolidated members.
        foreach (var dead in truth.DeadFiles)
        {
            Assert.Contains(plan.Actions, a => a.Kind == PlanActionKind.Remove && a.Path == dead.Path);
        }
    }

    [Fact]
    public void After_applying_the_sample_plan_generate_check_passes()
    {
        using var tree = new TempTree();
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = tree.Root, Services = 40, Seed = 3, Overwrite = true });
        var plan = Planner.Make(tree.Root, new PlanOptions { Project = "sample" }).Plan;
        Assert.True(plan.Summary.Templates > 0);

        PlanByHand.Apply(tree, plan);

        var mappingPath = tree.PathOf(ServiceMapping.RepoPath);
        var mapping = TemplateGenerator.LoadMapping(mappingPath, ServiceMapping.RepoPath);
        Assert.NotEmpty(mapping.Generated);
        var check = TemplateGenerator.Run(tree.Root, mapping, ServiceMapping.RepoPath, new GenerateOptions { Check = true });
        Assert.False(check.HasDifferences);
        Assert.Equal(mapping.Generated.Count, check.Files.Count);
    }

    private static bool IsDockerfileName(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("Dockerfile", StringComparison.Ordinal) || name.EndsWith(".Dockerfile", StringComparison.Ordinal) || name.EndsWith(".dockerfile", StringComparison.Ordinal);
    }

    private static int Ignored(SampleGroundTruth truth) => truth.IgnoredPaths.Count(IsDockerfileName);
}
