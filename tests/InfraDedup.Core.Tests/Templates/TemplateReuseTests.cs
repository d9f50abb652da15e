using System.Text;
using CsCheck;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Tests.Templates;

/// <summary>
/// The shortcuts that make inference fast at scale (interned tokens, anchors kept while they are a subsequence, one
/// rendering per proof, the parsed documents the planner passes, Scriban built-ins shared between renderings) must not
/// change a single byte of what it returns.
/// </summary>
public sealed class TemplateReuseTests
{
    private static readonly string[] Alphabet = ["a", "b", "c", "=", " ", "1.2"];

    private static readonly Gen<string[]> Tokens = Gen.Int[0, Alphabet.Length - 1].Select(i => Alphabet[i]).Array[0, 12];

    [Fact]
    public void Lcs_of_interned_tokens_is_as_long_as_the_lcs_of_the_tokens()
    {
        Gen.Select(Tokens, Tokens).Sample((a, b) =>
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            int[] Intern(string[] tokens) => [.. tokens.Select(t => ids.TryGetValue(t, out var id) ? id : ids[t] = ids.Count)];
            Assert.Equal(LineTokens.Lcs(a, b).Count, LineTokens.LcsLength(Intern(a), Intern(b)));
        }, iter: 500);
    }

    [Fact]
    public void Anchors_that_are_a_subsequence_of_a_value_are_their_own_lcs_with_it()
    {
        // Why Holes keeps the anchors unchanged when they are a subsequence of the next value.
        Gen.Select(Tokens, Tokens, Gen.Int[0, 1_000]).Sample((anchors, extra, seed) =>
        {
            var random = new Random(seed);
            var value = anchors.ToList();
            foreach (var token in extra)
            {
                value.Insert(random.Next(value.Count + 1), token);
            }

            Assert.Equal(anchors, LineTokens.Lcs(anchors, value));
        }, iter: 500);
    }

    [Fact]
    public void Given_documents_and_parsed_ones_give_the_same_templates()
    {
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[2, 7]).Sample((seed, count) =>
        {
            var texts = MergeCostBoundTests.RandomFiles(seed, count);
            var plain = texts.Select((t, i) => new TemplateInput($"f{i}/Dockerfile", Encoding.UTF8.GetBytes(t)) { Seed = i % 2 == 0 ? "a" : null }).ToList();
            var parsed = plain.Select(p => p with { Document = DockerfileParser.Parse(p.Content, p.Path) }).ToList();
            var options = new TemplateInferenceOptions();
            AssertSame(TemplateInferrer.Infer(plain, options), TemplateInferrer.Infer(parsed, options));
        }, iter: 60);
    }

    [Fact]
    public void Renderings_kept_from_the_proof_are_the_renderers()
    {
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[2, 7]).Sample((seed, count) =>
        {
            var inputs = MergeCostBoundTests.RandomFiles(seed, count).Select((t, i) => new TemplateInput($"f{i}/Dockerfile", Encoding.UTF8.GetBytes(t))).ToList();
            var result = TemplateInferrer.Infer(inputs, new TemplateInferenceOptions());
            Assert.Equal(result.Bindings.Count, result.RenderedWithHeader.Count);
            foreach (var binding in result.Bindings)
            {
                var template = result.Templates.Single(t => t.Name == binding.TemplateName);
                Assert.Equal(TemplateRenderer.Render(template, binding, HeaderMode.Comment), result.RenderedWithHeader[binding.Path]);
            }
        }, iter: 60);
    }

    [Fact]
    public void Renderings_kept_from_the_proof_have_the_originals_spec_so_comparing_it_with_itself_answers_the_no_args_proof()
    {
        // The planner compares the original's spec with itself instead of parsing and evaluating a kept rendering again
        // (configurations without build args or target): the rendering's spec must be the original's, and that comparison
        // must say what the full proof says.
        var noArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var compared = 0;
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[2, 7]).Sample((seed, count) =>
        {
            var inputs = MergeCostBoundTests.RandomFiles(seed, count).Select((t, i) => new TemplateInput($"f{i}/Dockerfile", Encoding.UTF8.GetBytes(t))).ToList();
            var result = TemplateInferrer.Infer(inputs, new TemplateInferenceOptions());
            foreach (var input in inputs.Where(i => result.RenderedWithHeader.ContainsKey(i.Path)))
            {
                var originalDoc = DockerfileParser.Parse(input.Content, input.Path);
                var renderedDoc = DockerfileParser.Parse(Encoding.UTF8.GetString(result.RenderedWithHeader[input.Path]), input.Path);
                var original = EffectiveImage.Compute(originalDoc, noArgs);
                Assert.Equal(original, EffectiveImage.Compute(renderedDoc, noArgs));
                Assert.Equal(EquivalenceProver.Prove(originalDoc, noArgs, renderedDoc, noArgs, null), EquivalenceProver.Compare(original, original));
                Interlocked.Increment(ref compared);
            }
        }, iter: 60);
        Assert.True(compared > 0);
    }

    [Fact]
    public void Comparing_specs_reports_what_the_proof_reports()
    {
        var noArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var clean = DockerfileParser.Parse("FROM alpine:3.20\nRUN echo hi\n", "a/Dockerfile");
        var other = DockerfileParser.Parse("FROM alpine:3.20\nRUN echo bye\n", "b/Dockerfile");
        var broken = DockerfileParser.Parse("FROM alpine:3.20\nHEALTHCHECK --interval=fast CMD x\n", "c/Dockerfile");
        Assert.True(EffectiveImage.Compute(broken, noArgs).HasErrors);
        foreach (var (before, after) in new[] { (clean, clean), (clean, other), (broken, clean), (clean, broken) })
        {
            Assert.Equal(
                EquivalenceProver.Prove(before, noArgs, after, noArgs, null),
                EquivalenceProver.Compare(EffectiveImage.Compute(before, noArgs), EffectiveImage.Compute(after, noArgs)));
        }

        Assert.False(EquivalenceProver.Compare(EffectiveImage.Compute(clean, noArgs), EffectiveImage.Compute(other, noArgs)).Equivalent);
    }

    [Fact]
    public void Nothing_a_rendering_sets_is_seen_by_the_next_one()
    {
        // Renderings share Scriban's built-in functions: a loop variable or an assignment must stay in its own rendering.
        var loop = TemplateRenderer.Compile("{{~ for p in ps ~}}\n{{ p }}\n{{~ end ~}}\n{{ x = 1 }}", "loop.sbn");
        Assert.Equal("a\nb\n", loop.RenderText(new Dictionary<string, TemplateValue> { ["ps"] = TemplateValue.Of(["a", "b"]) }));
        var reader = TemplateRenderer.Compile("{{ p }}{{ x }}\n", "reader.sbn");
        var error = Assert.Throws<TemplateException>(() => reader.RenderText(new Dictionary<string, TemplateValue>()));
        Assert.Contains("`p` was not found", error.Message, StringComparison.Ordinal);
        Assert.Equal("1\n", TemplateRenderer.Compile("{{ string.size \"x\" }}\n", "builtin.sbn").RenderText(new Dictionary<string, TemplateValue>()));
    }

    private static void AssertSame(TemplateInferenceResult a, TemplateInferenceResult b)
    {
        Assert.Equal(a.Templates.Select(t => (t.Name, t.Source, string.Join(",", t.MemberPaths))), b.Templates.Select(t => (t.Name, t.Source, string.Join(",", t.MemberPaths))));
        Assert.Equal(a.Bindings.Select(Describe), b.Bindings.Select(Describe));
        Assert.Equal(a.NotTemplated, b.NotTemplated);
    }

    private static string Describe(TemplateBinding binding) =>
        binding.Path + ":" + binding.TemplateName + ":" + string.Join(";", binding.Parameters.Select(p => p.Key + "=" + p.Value));
}
