using System.Text;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Tests.Inventory;

public class DockerfileSurveyTests
{
    private static RepoFile Dockerfile(string path) => new(path, "/nonexistent/" + path, 0, 0) { Kind = FileKind.Dockerfile };

    [Fact]
    public void Identical_copies_each_count_and_each_report_their_own_errors()
    {
        // Parsed once per content: the copies must still count once each and name their own path.
        var broken = Encoding.UTF8.GetBytes("FROM alpine:3.20\nRUN echo <<EOF\nnever closed\n");
        var good = Encoding.UTF8.GetBytes("ARG V=3.12\nFROM python:${V} AS base\nFROM base\nFROM alpine:3.20\n");
        var collector = new DockerfileSurvey.Collector();

        collector.Add(Dockerfile("a/Dockerfile"), broken);
        collector.Add(Dockerfile("b/Dockerfile"), good);
        collector.Add(Dockerfile("c/Dockerfile"), broken);
        collector.Add(Dockerfile("d/Dockerfile"), good);
        var result = collector.Result();

        Assert.Equal(
            [new BaseImageCount("alpine:3.20", 4), new BaseImageCount("python:3.12", 2)],
            result.BaseImages);
        var expectedError = DockerfileParser.Parse(broken).Errors.Single();
        Assert.Equal(
            [
                new ParseError("a/Dockerfile", expectedError.Line, expectedError.Column, expectedError.Message),
                new ParseError("c/Dockerfile", expectedError.Line, expectedError.Column, expectedError.Message),
            ],
            result.ParseErrors);
    }

    [Fact]
    public void Parse_errors_and_lint_DL1000_list_the_same_files_once_each_with_the_first_error()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["python/Dockerfile"] = "FROM python:3.12\nimport os\nprint(os.environ)\n",
            ["health/Dockerfile"] = "FROM alpine:3.20\nHEALTHCHECK --interval=30s \\\nRUN apk add curl\n",
            ["env/Dockerfile"] = "FROM alpine:3.20\nENV A=1 B\nFROBNICATE\n",
            ["label/Dockerfile"] = "FROM alpine:3.20\nLABEL a=1 b\n",
            ["fine/Dockerfile"] = "FROM alpine:3.20\nRUN echo hi\n",
        };
        var collector = new DockerfileSurvey.Collector();
        foreach (var (path, text) in files)
        {
            collector.Add(Dockerfile(path), Encoding.UTF8.GetBytes(text));
        }

        var errors = collector.Result().ParseErrors;
        var lint = files.SelectMany(f => Core.Lint.Linter.LintText(f.Value).Where(x => x.RuleId == "DL1000").Select(x => (Path: f.Key, x.Line, x.Column))).ToList();

        Assert.Equal(["env/Dockerfile", "health/Dockerfile", "label/Dockerfile", "python/Dockerfile"], errors.Select(e => e.Path));
        Assert.Equal(errors.Select(e => (e.Path, e.Line, e.Column)).Order(), lint.Order());
        Assert.Equal(2, errors.Single(e => e.Path == "env/Dockerfile").Line);
    }

    [Fact]
    public void Same_length_different_content_is_parsed_on_its_own()
    {
        var collector = new DockerfileSurvey.Collector();

        collector.Add(Dockerfile("a/Dockerfile"), "FROM alpine:3.19\n"u8);
        collector.Add(Dockerfile("b/Dockerfile"), "FROM alpine:3.20\n"u8);

        Assert.Equal(
            [new BaseImageCount("alpine:3.19", 1), new BaseImageCount("alpine:3.20", 1)],
            collector.Result().BaseImages);
    }
}
