using CsCheck;
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

    [Fact]
    public void An_evaluation_not_remembered_gives_the_remembered_spec()
    {
        var noArgs = new Dictionary<string, string>();
        const string run = "FROM alpine\nARG B=2\nENV Z=1 A=2\nARG B=3\nENV A=4\nWORKDIR /app/./x/../y\nCOPY ./src//a.txt dir/ ./\nRUN --network=none echo $A $B\nRUN echo\n";
        foreach (var text in new[] { Text, run })
        {
            var once = EffectiveImage.ComputeOnce(DockerfileParser.Parse(text, "Dockerfile"), noArgs);
            var remembered = EffectiveImage.Compute(DockerfileParser.Parse(text, "Dockerfile"), noArgs);
            Assert.Equal(remembered, once);
            Assert.Equal(remembered.Target.Describe(), once.Target.Describe());
        }
    }

    [Fact]
    public void Run_steps_see_the_state_env_sorted_by_name_with_proxy_args()
    {
        const string text = "FROM alpine\nARG B=2\nENV Z=1 A=2\nARG B=3\nENV A=4\nRUN echo\n";
        var plain = EffectiveImage.Compute(DockerfileParser.Parse(text, "Dockerfile"), new Dictionary<string, string>());
        Assert.Equal(["A=4", "B=3", "Z=1"], plain.Target.Steps[^1].Context.Env.Select(e => e.ToString()));
        var proxied = EffectiveImage.Compute(DockerfileParser.Parse(text, "Dockerfile"), new Dictionary<string, string> { ["http_proxy"] = "p", ["B"] = "9" });
        Assert.Equal(["A=4", "B=9", "Z=1", "http_proxy=p"], proxied.Target.Steps[^1].Context.Env.Select(e => e.ToString()));
    }

    [Fact]
    public void Clean_paths_are_go_path_clean_whether_or_not_already_clean()
    {
        // CleanPath gives already clean paths back as they are: the result must be Go's path.Clean all the same.
        static string Reference(string path)
        {
            var parts = new List<string>();
            foreach (var segment in path.Split('/'))
            {
                if (segment == "..")
                {
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                }
                else if (segment.Length > 0 && segment != ".")
                {
                    parts.Add(segment);
                }
            }

            return "/" + string.Join("/", parts);
        }

        string[] segments = ["", ".", "..", "a", "bc", "...", ".x", "x."];
        Gen.Int[0, segments.Length - 1].Array[0, 5].Select(Gen.Bool).Sample((picks, absolute) =>
        {
            var path = (absolute ? "/" : string.Empty) + string.Join("/", picks.Select(i => segments[i]));
            Assert.Equal(Reference("/" + path), Evaluator.StageBuilder.CleanPath("/" + path));
            var relative = Reference("/" + path);
            Assert.Equal(relative == "/" ? "." : relative[1..], Evaluator.StageBuilder.NormalizeContextPath(path));
        }, iter: 2000);
    }
}
