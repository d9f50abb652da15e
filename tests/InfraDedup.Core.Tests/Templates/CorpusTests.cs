using InfraDedup.Core.Templates;
using InfraDedup.Core.Templates.Corpus;

namespace InfraDedup.Core.Tests.Templates;

public sealed class CorpusTests
{
    [Fact]
    public void Official_image_corpus_is_inferred_into_at_most_twice_the_original_templates_byte_exact()
    {
        var corpus = OfficialImageCorpus.Generate();
        var inputs = corpus.Select(f => new TemplateInput(f.Path, f.Content)).ToList();
        var result = TemplateInferrer.Infer(inputs, new TemplateInferenceOptions());

        if (Environment.GetEnvironmentVariable("INFRADEDUP_SHOW_TEMPLATES") == "1")
        {
            foreach (var t in result.Templates)
            {
                TestContext.Current.SendDiagnosticMessage($"=== {t.Path} ({t.MemberPaths.Count} members, {t.Conditionals} conditionals)\n{t.Source}");
                File.WriteAllText(Path.Combine(Path.GetTempPath(), t.Name + ".sbn"), t.Source);
            }

            TestContext.Current.SendDiagnosticMessage(result.TradeOff.Describe());
            foreach (var n in result.NotTemplated)
            {
                TestContext.Current.SendDiagnosticMessage($"not templated {n.Path}: {n.Reason}");
            }
        }

        Assert.Empty(result.NotTemplated);
        Assert.Equal(corpus.Count, result.Bindings.Count);
        Assert.InRange(result.Templates.Count, 1, 2 * OfficialImageCorpus.OriginalTemplateCount);
        var byName = result.Templates.ToDictionary(t => t.Name);
        foreach (var (file, binding) in corpus.Zip(result.Bindings))
        {
            Assert.Equal(file.Path, binding.Path);
            Assert.Equal(file.Content, TemplateRenderer.Render(byName[binding.TemplateName], binding, HeaderMode.None));
        }
    }
}
