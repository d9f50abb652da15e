using System.Text;
using CsCheck;
using InfraDedup.Core.Templates;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Templates;

/// <summary>
/// The merge-cost bound never exceeds the cost of the draft <see cref="TemplateBuilder"/> builds (on random Dockerfile
/// sets and on files of the real corpora), and clustering with it picks exactly the templates the exhaustive search
/// (a draft for every candidate) picks.
/// </summary>
public sealed class MergeCostBoundTests
{
    private static readonly string[] Images = ["debian:bookworm", "alpine:3.20", "python:3.12-slim", "golang:1.23"];
    private static readonly string[] Packages = ["curl", "git", "ca-certificates", "tzdata", "openssl", "make", "gcc", "bash"];
    private static readonly string[] Words = ["app", "srv", "agent", "web", "worker", "data"];

    /// <summary>A random Dockerfile: a base recipe of one of a few families, with values changed, lines dropped and added.</summary>
    private static string RandomDockerfile(Random random, int family)
    {
        var recipe = new Random(family * 7919);
        var lines = new List<string> { $"FROM {Images[family % Images.Length]}" };
        var install = family % 2 == 0 ? "RUN apt-get update && apt-get install -y \\" : "RUN apk add --no-cache \\";
        for (var k = 0; k < 14; k++)
        {
            var word = Words[recipe.Next(Words.Length)];
            switch (recipe.Next(7))
            {
                case 0:
                    lines.Add(install);
                    lines.AddRange(Packages.Take(2 + recipe.Next(4)).Select(p => $"    {p} \\"));
                    lines.Add("    && rm -rf /var/cache/*");
                    break;
                case 1:
                    lines.Add($"ENV {word.ToUpperInvariant()}_VERSION={recipe.Next(1, 9)}.{recipe.Next(20)}");
                    break;
                case 2:
                    lines.Add($"COPY {word}.conf /etc/{word}/");
                    break;
                case 3:
                    lines.Add($"WORKDIR /srv/{word}");
                    break;
                case 4:
                    lines.Add(string.Empty);
                    break;
                case 5:
                    lines.Add($"EXPOSE {8000 + recipe.Next(100)}");
                    break;
                default:
                    lines.Add($"RUN {word}-tool --enable {word} --level {recipe.Next(5)}");
                    break;
            }
        }

        var result = new StringBuilder();
        foreach (var line in lines)
        {
            var roll = random.Next(20);
            if (roll == 0 && !line.StartsWith("FROM", StringComparison.Ordinal))
            {
                continue;
            }

            if (roll == 1)
            {
                result.Append("RUN echo ").Append(Words[random.Next(Words.Length)]).Append('\n');
            }

            if (roll == 2)
            {
                result.Append("    ").Append(Packages[random.Next(Packages.Length)]).Append(" \\\n");
            }

            var text = roll == 3 ? System.Text.RegularExpressions.Regex.Replace(line, @"\d+", _ => random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture)) : line;
            result.Append(text).Append('\n');
        }

        return result.ToString();
    }

    internal static List<string> RandomFiles(int seed, int count)
    {
        var random = new Random(seed);
        var families = 1 + random.Next(3);
        return [.. Enumerable.Range(0, count).Select(_ => RandomDockerfile(random, (seed % 5) + random.Next(families)))];
    }

    private static void AssertBoundHolds(List<DecodedText> files, string what)
    {
        var similarity = new LineSimilarity();
        var draft = TemplateBuilder.Build(files, similarity, 3);
        var bound = new MergeCostBound([.. files.Select(f => f.Lines)], similarity, 3).LowerBound([.. Enumerable.Range(0, files.Count)]);
        Assert.True(bound <= draft.Cost, $"{what}: bound {bound} above the draft's cost {draft.Cost}");
    }

    [Fact]
    public void Bound_never_exceeds_the_drafts_cost_on_random_files()
    {
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[2, 4]).Sample((seed, count) =>
        {
            var files = RandomFiles(seed, count).Select(t => TextCodec.Decode(Encoding.UTF8.GetBytes(t))!).ToList();
            AssertBoundHolds(files, $"seed {seed}, {count} files");
        }, iter: 300);
    }

    [Fact]
    public void Bound_is_tight_for_two_files_that_differ_in_one_block()
    {
        var a = TextCodec.Decode(Encoding.UTF8.GetBytes("FROM debian\nRUN a\nRUN b\nCOPY x /x\n"))!;
        var b = TextCodec.Decode(Encoding.UTF8.GetBytes("FROM debian\nRUN a\nCOPY x /x\n"))!;
        var similarity = new LineSimilarity();
        var draft = TemplateBuilder.Build([a, b], similarity, 3);
        var bound = new MergeCostBound([a.Lines, b.Lines], similarity, 3).LowerBound([0, 1]);

        // Four lines and one block (its if/end lines and its cost): 4 + 2 + 3; the draft adds only the block's boolean.
        Assert.Equal(9, bound);
        Assert.InRange(draft.Cost, bound, bound + 1);
    }

    [Theory]
    [MemberData(nameof(RealCorpora.ContainerNames), MemberType = typeof(RealCorpora))]
    public void Bound_never_exceeds_the_drafts_cost_on_real_corpora(string corpus)
    {
        var files = Dockerfiles(RealCorpora.Require(corpus)).Select(f => TextCodec.Decode(f.Content)).OfType<DecodedText>().ToList();
        for (var i = 0; i + 1 < files.Count; i++)
        {
            var far = ((i * 7) + 3) % files.Count;
            AssertBoundHolds([files[i], files[i + 1]], $"{corpus} files {i}, {i + 1}");
            AssertBoundHolds([files[i], files[far]], $"{corpus} files {i}, {far}");
            if (i % 4 == 0 && i + 2 < files.Count)
            {
                AssertBoundHolds([files[i], files[i + 1], files[i + 2]], $"{corpus} files {i}..{i + 2}");
            }
        }
    }

    [Theory]
    [InlineData("docker-library-postgres")]
    [InlineData("docker-library-golang")]
    [InlineData("nodejs-docker-node")]
    [InlineData("open-telemetry-opentelemetry-demo")]
    public void Bounded_search_picks_the_exhaustive_searchs_templates_on_real_corpora(string corpus)
    {
        var inputs = Dockerfiles(RealCorpora.Require(corpus)).Select(f => new TemplateInput(f.Path, f.Content) { Seed = Seed(f.Path) }).ToList();
        AssertSameResult(inputs);
    }

    [Fact]
    public void Bounded_search_picks_the_exhaustive_searchs_templates_on_random_files()
    {
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[3, 9]).Sample((seed, count) =>
        {
            var inputs = RandomFiles(seed, count).Select((text, i) => new TemplateInput($"f{i}/Dockerfile", Encoding.UTF8.GetBytes(text)) { Seed = i % 3 == 0 ? "a" : "b" }).ToList();
            AssertSameResult(inputs);
        }, iter: 40);
    }

    private static void AssertSameResult(List<TemplateInput> inputs)
    {
        var options = new TemplateInferenceOptions();
        var bounded = TemplateInferrer.Infer(inputs, options, exhaustiveMergeSearch: false, TestContext.Current.CancellationToken);
        var exhaustive = TemplateInferrer.Infer(inputs, options, exhaustiveMergeSearch: true, TestContext.Current.CancellationToken);
        Assert.Equal(Describe(exhaustive), Describe(bounded));
    }

    private static string Describe(TemplateInferenceResult result)
    {
        var sb = new StringBuilder();
        foreach (var t in result.Templates)
        {
            sb.Append("== ").Append(t.Name).Append(' ').AppendJoin(",", t.MemberPaths).Append('\n').Append(t.Source);
        }

        foreach (var n in result.NotTemplated)
        {
            sb.Append("not ").Append(n.Path).Append(": ").Append(n.Reason).Append('\n');
        }

        return sb.ToString();
    }

    private static string Seed(string path)
    {
        var folders = path.Split('/')[..^1];
        return folders.Length == 0 ? "root" : folders[^1];
    }

    private static List<(string Path, byte[] Content)> Dockerfiles(string root) =>
        [.. Directory.EnumerateFiles(root, "Dockerfile*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith(".git/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllBytes(Path.Combine(root, p))))];
}
