using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using Xunit;

namespace InfraDedup.Core.Tests.Dockerfiles;

/// <summary>The evaluations a plan remembers per document must answer exactly as a fresh evaluation would.</summary>
public class EffectiveImageMemoTests
{
    private const string Text = "ARG TAG=3.20\nFROM alpine:${TAG} AS base\nARG SRC=app\nCOPY ${SRC} /app\nCOPY conf/ /etc/conf\nFROM base AS final\nCOPY entry.sh /\n";

    private static DockerfileDocument Doc() => DockerfileParser.Parse(Text, "Dockerfile");

    [Fact]
    public void Remembered_specs_equal_fresh_ones_for_every_args_and_target()
    {
        var doc = Doc();
        foreach (var args in new[] { new Dictionary<string, string>(), new() { ["SRC"] = "other" }, new() { ["TAG"] = "3.19", ["SRC"] = "x" } })
        {
            foreach (var target in new[] { null, "base", "final" })
            {
                var first = EffectiveImage.Compute(doc, args, target);
                var fresh = EffectiveImage.Compute(DockerfileParser.Parse(Text, "Dockerfile"), args, target);
                Assert.Equal(fresh, first);
                Assert.Equal(fresh.Target.BaseImage, first.Target.BaseImage);
                Assert.Equal(fresh.Target.AllContextSources(), EffectiveImage.ContextSources(doc, args, target));
            }
        }
    }

    [Fact]
    public void Args_are_keyed_by_content_not_by_the_dictionary()
    {
        var doc = Doc();
        var args = new Dictionary<string, string> { ["SRC"] = "one" };
        Assert.Contains("one", EffectiveImage.ContextSources(doc, args));

        // The caller changes its dictionary: the answer follows the new content, and the old content is still right.
        args["SRC"] = "two";
        Assert.Contains("two", EffectiveImage.ContextSources(doc, args));
        Assert.DoesNotContain("one", EffectiveImage.ContextSources(doc, args));
        Assert.Contains("one", EffectiveImage.ContextSources(doc, new Dictionary<string, string> { ["SRC"] = "one" }));

        // The same content in another order is the same evaluation.
        var ab = new Dictionary<string, string> { ["TAG"] = "1", ["SRC"] = "s" };
        var ba = new Dictionary<string, string> { ["SRC"] = "s", ["TAG"] = "1" };
        Assert.Equal(EffectiveImage.Compute(doc, ab).Target.BaseImage, EffectiveImage.Compute(doc, ba).Target.BaseImage);

        // A name and value that would run together without their lengths are different args.
        var joined = EffectiveImage.ContextSources(doc, new Dictionary<string, string> { ["SRC"] = "a1:b" });
        Assert.Contains("a1:b", joined);
    }

    [Fact]
    public void Remembered_specs_are_the_same_from_several_threads()
    {
        var docs = Enumerable.Range(0, 8).Select(_ => Doc()).ToArray();
        var results = new IReadOnlyList<string>[docs.Length * 16];
        Parallel.For(0, results.Length, i => results[i] = EffectiveImage.ContextSources(docs[i % docs.Length], new Dictionary<string, string> { ["SRC"] = "s" + (i % 3) }, i % 2 == 0 ? null : "base"));
        for (var i = 0; i < results.Length; i++)
        {
            var fresh = EffectiveImage.Compute(DockerfileParser.Parse(Text, "Dockerfile"), new Dictionary<string, string> { ["SRC"] = "s" + (i % 3) }, i % 2 == 0 ? null : "base");
            Assert.Equal(fresh.Target.AllContextSources(), results[i]);
        }
    }
}
