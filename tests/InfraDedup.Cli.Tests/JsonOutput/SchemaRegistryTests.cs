using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core.Reports;
using Json.Schema;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Tests.JsonOutput;

/// <summary>
/// Ties commands to schemas without a second hand-kept list: the commands that accept <c>--format json</c> are found
/// from their settings types, and each must name embedded schemas with <see cref="JsonOutputAttribute"/>.
/// </summary>
public sealed class SchemaRegistryTests
{
    /// <summary>Every command class of the CLI with its settings type.</summary>
    private static IEnumerable<(Type Command, Type Settings)> Commands() =>
        typeof(CliApp).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .Select(t => (Command: t, Base: BaseCommand(t)))
            .Where(p => p.Base is not null)
            .Select(p => (p.Command, p.Base!.GetGenericArguments()[0]));

    private static Type? BaseCommand(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Command<>))
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>Whether the settings have a <c>--format</c> option whose values include <c>json</c>.</summary>
    private static bool AcceptsJson(Type settings) =>
        settings.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p =>
            p.GetCustomAttribute<CommandOptionAttribute>() is { } option
            && option.LongNames.Contains("format")
            && p.PropertyType.IsEnum
            && Enum.GetNames(p.PropertyType).Contains("Json", StringComparer.OrdinalIgnoreCase));

    private static IEnumerable<string> SchemasOf(Type command) => command.GetCustomAttributes<JsonOutputAttribute>().Select(a => a.Schema);

    [Fact]
    public void The_command_list_is_found()
    {
        var names = Commands().Select(c => c.Command.Name).ToList();
        Assert.Contains("ScanCommand", names);
        Assert.Contains("MaintainPruneCommand", names);
        Assert.Contains("LintCommand", names);
        Assert.True(Commands().Count(c => AcceptsJson(c.Settings)) >= 18, "fewer JSON commands than expected: is the --format detection broken?");
    }

    [Fact]
    public void Every_command_that_prints_json_names_embedded_schemas_and_no_other_does()
    {
        var problems = new List<string>();
        foreach (var (command, settings) in Commands())
        {
            var schemas = SchemasOf(command).ToList();
            if (AcceptsJson(settings) && schemas.Count == 0)
            {
                problems.Add($"{command.Name} accepts --format json but names no schema: add [JsonOutput(\"name\")] and Reports/Schemas/name.schema.json");
            }

            if (!AcceptsJson(settings) && schemas.Count > 0)
            {
                problems.Add($"{command.Name} names a schema but has no --format json");
            }

            problems.AddRange(schemas.Where(s => JsonSchemas.Get(s) is null).Select(s => $"{command.Name} names schema '{s}', which is not embedded"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public static TheoryData<string> SchemaNames() => [.. JsonSchemas.Names];

    [Theory]
    [MemberData(nameof(SchemaNames))]
    public void Every_schema_is_a_valid_draft_2020_12_schema_with_our_id_and_title(string name)
    {
        var text = JsonSchemas.Get(name)!;
        using var document = JsonDocument.Parse(text);
        var meta = MetaSchemas.Draft202012.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(meta.IsValid, SchemaAssert.Errors(meta));

        var node = JsonNode.Parse(text)!;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)node["$schema"]);
        Assert.Equal($"https://infradedup.dev/schemas/{name}.schema.json", (string?)node["$id"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)node["title"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)node["description"]));

        // Object documents of ours carry their name and version; top-level arrays cannot.
        if ((string?)node["type"] == "object" && node["properties"]?["schema"] is { } schemaKey)
        {
            Assert.Equal($"infradedup/{name}@1", (string?)schemaKey["const"]);
        }

        SchemaAssert.Load(name); // the validator accepts it too
    }

    [Fact]
    public void The_service_mapping_generated_entry_is_the_one_generate_documents()
    {
        // generate validates hand-written mappings with TemplateMappingSchema; plan's mapping must not drift from it.
        var mapping = JsonNode.Parse(JsonSchemas.Get("service-mapping")!)!;
        Assert.True(JsonNode.DeepEquals(mapping["$defs"]!["generatedEntry"], JsonNode.Parse(Core.Templates.TemplateMappingSchema.GeneratedEntry)));
    }

    [Fact]
    public void Every_schema_is_documented_with_the_command_that_prints_it()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "json-output.md"));
        var missing = JsonSchemas.Names.Where(n => !docs.Contains($"`{n}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/json-output.md does not list: " + string.Join(", ", missing));
    }

    [Fact]
    public void Schema_list_prints_every_name_with_its_title_and_unknown_names_are_usage_errors()
    {
        foreach (var args in new[] { new[] { "schema", "--list" }, ["schema"] })
        {
            var list = CliRun.Of(args);
            Assert.Equal(0, list.ExitCode);
            var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(JsonSchemas.Names, lines.Select(l => l.Split('\t')[0]));
            Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace(l.Split('\t')[1])));
        }

        var scan = CliRun.Of("schema", "scan");
        Assert.Equal(0, scan.ExitCode);
        Assert.Equal(JsonSchemas.Get("scan"), scan.Out);

        var unknown = CliRun.Of("schema", "nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no schema named 'nope'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("maintain-prune", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, CliRun.Of("schema", "scan", "--list").ExitCode);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("sample")]
    [InlineData("maintain", "schedule")]
    [InlineData("maintain", "restore")]
    public void Commands_without_a_machine_readable_result_refuse_format(params string[] command)
    {
        var run = CliRun.Of([.. command, "--format", "json"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown option '--format'", run.Error, StringComparison.Ordinal); // refused as an unknown option, not for another reason
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InfraDedup.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (InfraDedup.slnx) not found above " + AppContext.BaseDirectory);
    }
}
