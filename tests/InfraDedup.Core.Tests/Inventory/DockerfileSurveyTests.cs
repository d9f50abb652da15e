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
