using InfraDedup.Core.Planning;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning;

/// <summary>
/// Base images on the real corpora (<c>plan --keep-dead --strategy template</c>). A base is kept only when it serves at
/// least two maintained sources (<see cref="BaseImageGrouping.MinimumSources"/>); where one exists the plan proves every
/// user (no equivalence failure) and its files start from it; where none does the plan says why. Bases never cost the
/// reduction the plan reaches without them beyond the base files themselves. The expected counts are the measured ones
/// (docs/base-images.md); a change that finds a base where none was, or loses one, must update them.
/// </summary>
public sealed class BaseImageCorpusTests
{
    /// <param name="why">The reason the plan's note must give where no base is found (the measured one, docs/base-images.md).</param>
    [Theory]
    [InlineData("docker-library-php", 0, 1, "only one maintained source")]
    [InlineData("docker-library-postgres", 0, 2, "no two of them have a sound prefix that starts FROM the same image")]
    [InlineData("docker-library-golang", 0, 3, "no two of them have a sound prefix that starts FROM the same image")]
    [InlineData("nodejs-docker-node", 0, 1, "only one maintained source")]
    [InlineData("jupyter-docker-stacks", 0, 21, "no two of them have a sound prefix that starts FROM the same image")]
    [InlineData("open-telemetry-opentelemetry-demo", 0, 27, "no two of them have a sound prefix that starts FROM the same image")]
    [InlineData("bitnami-docker-legacy", 0, 6, "so it would hold too little to pay for its file")]
    public void Every_corpus_gets_a_base_where_two_sources_share_a_sound_prefix_and_says_why_not_elsewhere(string corpus, int bases, int maxSourcesAfter, string why)
    {
        using var tree = RealCorpora.Copy(corpus, gitInit: false);
        var result = Planner.Make(tree.Root, new PlanOptions { Strategy = StrategyChoice.Template, RemoveDeadFiles = false, Project = "c" });
        var plan = result.Plan;

        Assert.Equal(0, plan.Summary.EquivalenceFailures);
        Assert.Equal(bases, plan.Summary.BaseImages);
        Assert.Equal(result.Mapping.BaseImages.Count, plan.Summary.BaseImages);
        Assert.True(plan.Summary.MaintainedSourcesAfter <= maxSourcesAfter + bases, $"{plan.Summary.MaintainedSourcesAfter} maintained sources after");
        if (bases == 0)
        {
            Assert.StartsWith("no base image", plan.BaseImagesNote, StringComparison.Ordinal);
            Assert.Contains(why, plan.BaseImagesNote, StringComparison.Ordinal);

            // A wildcard such as php's `COPY docker-php-* /usr/local/bin/` cannot reach a file named Dockerfile, so no template is left out for it.
            Assert.DoesNotContain("copied into its own image", plan.BaseImagesNote, StringComparison.Ordinal);
            Assert.DoesNotContain(plan.Actions, a => a.Path.EndsWith(BakeFile.FileName, StringComparison.Ordinal));
            return;
        }

        foreach (var baseImage in result.Mapping.BaseImages)
        {
            Assert.True(baseImage.UsedBy.Count >= BaseImageGrouping.MinimumSources, baseImage.Name);
            Assert.Contains(plan.Actions, a => a.Path == baseImage.Dockerfile && a.Kind == PlanActionKind.Create);
        }

        Assert.Contains(plan.Actions, a => a.Path.EndsWith(BakeFile.FileName, StringComparison.Ordinal));
    }
}
