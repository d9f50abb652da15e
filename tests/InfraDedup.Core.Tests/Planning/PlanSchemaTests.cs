using System.Text.Json;
using System.Text.Json.Nodes;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using Json.Schema;

namespace InfraDedup.Core.Tests.Planning;

public sealed class PlanSchemaTests
{
    private static readonly Dictionary<string, JsonSchema> Parsed = new(StringComparer.Ordinal);

    internal static EvaluationResults Evaluate(string schemaName, string json)
    {
        JsonSchema schema;
        lock (Parsed)
        {
            // The library registers schemas by $id globally: parse each once per process.
            if (!Parsed.TryGetValue(schemaName, out schema!))
            {
                Parsed[schemaName] = schema = JsonSchema.FromText(JsonSchemas.Get(schemaName)!);
            }
        }

        using var doc = JsonDocument.Parse(json);
        return schema.Evaluate(doc.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    internal static string Errors(EvaluationResults r) =>
        string.Join("\n", (r.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Fact]
    public void Both_schemas_are_listed()
    {
        Assert.Contains("plan", JsonSchemas.Names);
        Assert.Contains("service-mapping", JsonSchemas.Names);
        Assert.Null(JsonSchemas.Get("nope"));
    }

    [Fact]
    public void Real_plans_and_mappings_validate()
    {
        using var tree = new TestSupport.TempTree()
            .File("docker-compose.yml", "services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n")
            .File("a/Dockerfile", "FROM alpine:3.20\nENV NAME=a\nEXPOSE 1\n")
            .File("b/Dockerfile", "FROM alpine:3.20\nENV NAME=b\nEXPOSE 2\n")
            .File("old/Dockerfile", "FROM alpine:3.20\nRUN true\n");
        var result = Planner.Make(tree.Root, new PlanOptions());
        Assert.NotEmpty(result.Plan.Actions);

        var plan = Evaluate("plan", PlanJsonContext.Serialize(result.Plan));
        Assert.True(plan.IsValid, Errors(plan));
        var mapping = Evaluate("service-mapping", PlanJsonContext.Serialize(result.Mapping));
        Assert.True(mapping.IsValid, Errors(mapping));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../x")]
    public void The_plan_schema_rejects_paths_leaving_the_tree(string path)
    {
        var plan = new Plan
        {
            ToolVersion = "1",
            Options = new PlanOptionsRecord("auto", 0.85, true, true, "p"),
            Summary = new PlanSummary(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            Inputs = [],
            Actions = [new PlanAction { Kind = PlanActionKind.Remove, Path = path, ExpectedSha256 = new string('0', 64), Reason = "x" }],
            Families = [],
            Services = [],
            LeftAlone = [],
        };
        Assert.False(Evaluate("plan", PlanJsonContext.Serialize(plan)).IsValid);
    }

    [Fact]
    public void A_create_without_content_is_invalid()
    {
        var json = JsonNode.Parse(PlanJsonContext.Serialize(new Plan
        {
            ToolVersion = "1",
            Options = new PlanOptionsRecord("auto", 0.85, true, true, "p"),
            Summary = new PlanSummary(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            Inputs = [],
            Actions = [new PlanAction { Kind = PlanActionKind.Create, Path = "x", Reason = "x" }],
            Families = [],
            Services = [],
            LeftAlone = [],
        }))!;
        Assert.False(Evaluate("plan", json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).IsValid);
    }
}
