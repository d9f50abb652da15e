using System.Text;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Common;

public sealed class JsonTextTests
{
    /// <summary>
    /// A document written to a stream as it is serialised (in blocks, a value longer than a block in one piece) has
    /// the bytes of the document made as text: a plan with a long escaped content, non-ASCII text and many actions.
    /// </summary>
    [Fact]
    public void A_document_written_to_a_stream_is_the_document_made_as_text()
    {
        var longContent = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{{\"line\": {i}, \"text\": \"caf\u00e9 \\ {i}\"}}\n"));
        var actions = Enumerable.Range(0, 3_000)
            .Select(i => new PlanAction { Kind = PlanActionKind.Create, Path = $"svc{i}/Dockerfile", Content = $"FROM alpine:3.{i}\nENV A=\"{i}\"\n", Reason = "r" })
            .Append(new PlanAction { Kind = PlanActionKind.Create, Path = ServiceMapping.RepoPath, Content = longContent, Reason = "mapping" })
            .ToList();
        using var tree = new TempTree()
            .File("docker-compose.yml", "services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n")
            .File("a/Dockerfile", "FROM alpine:3.20\nENV NAME=a\n")
            .File("b/Dockerfile", "FROM alpine:3.20\nENV NAME=b\n");
        var planned = Planner.Make(tree.Root, new PlanOptions { Project = "p" }).Plan;
        var plan = planned with { Actions = [.. planned.Actions, .. actions] };

        using var stream = new MemoryStream();
        JsonText.WriteDocument(stream, plan, PlanJsonContext.Default.Plan);

        Assert.Equal(Encoding.UTF8.GetBytes(JsonText.Document(plan, PlanJsonContext.Default.Plan)), stream.ToArray());
    }
}
