using System.Text;
using InfraDedup.Core.Dockerfiles;
using Xunit;

namespace InfraDedup.Core.Tests.Dockerfiles;

public class BuildKitCorpusTests
{
    public static TheoryData<string> PositiveCases()
    {
        var data = new TheoryData<string>();
        var dir = CorpusLocator.BuildKitParserDir;
        if (dir is null)
        {
            data.Add("<corpus-missing>");
            return data;
        }

        foreach (var d in Directory.GetDirectories(dir).OrderBy(x => x, StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(d, "result")))
            {
                data.Add(Path.GetFileName(d));
            }
        }

        return data;
    }

    public static TheoryData<string> NegativeCases()
    {
        var data = new TheoryData<string>();
        var dir = CorpusLocator.BuildKitParserDir;
        if (dir is null)
        {
            data.Add("<corpus-missing>");
            return data;
        }

        foreach (var d in Directory.GetDirectories(Path.Combine(dir, "negative")).OrderBy(x => x, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(d));
        }

        return data;
    }

    [Fact]
    public void Corpus_has_expected_case_counts()
    {
        CorpusLocator.Require();
        Assert.Equal(33, PositiveCases().Count);
        Assert.Equal(4, NegativeCases().Count);
    }

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void Positive_case_dump_matches_result(string name)
    {
        var dir = Path.Combine(CorpusLocator.Require(), name);
        var input = File.ReadAllBytes(Path.Combine(dir, "Dockerfile"));
        var expected = File.ReadAllBytes(Path.Combine(dir, "result"));
        var doc = DockerfileParser.Parse(input, "Dockerfile");
        Assert.False(doc.HasErrors, string.Join("\n", doc.Errors));
        var actual = DockerfileAstDumper.DumpBytes(doc).Concat("\n"u8.ToArray()).ToArray();
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
        Assert.Equal(input, doc.PrintBytes());
    }

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void Negative_case_reports_error(string name)
    {
        var dir = Path.Combine(CorpusLocator.Require(), "negative", name);
        var input = File.ReadAllBytes(Path.Combine(dir, "Dockerfile"));
        var doc = DockerfileParser.Parse(input, "Dockerfile");
        Assert.True(doc.HasErrors);
        Assert.Equal(input, doc.PrintBytes());
    }

    [Fact]
    public void Testfile_line_spans_match_buildkit()
    {
        var path = Path.Combine(CorpusLocator.Require(), "testfile-line", "Dockerfile");
        var doc = DockerfileParser.Parse(File.ReadAllBytes(path), path);
        Assert.False(doc.HasErrors);
        Assert.Equal(5, doc.Root.StartLine);
        Assert.Equal(31, doc.Root.EndLine);
        Assert.Equal([(5, 5), (11, 12), (17, 31)], doc.Root.Children.Select(c => (c.StartLine, c.EndLine)).ToArray());
        Assert.Equal([(5, 5), (11, 12), (17, 31)], doc.Instructions.Select(i => (i.Span.StartLine, i.Span.EndLine)).ToArray());
    }
}
