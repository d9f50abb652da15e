using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InfraDedup.Core.Reports;
using Json.Schema;

namespace InfraDedup.Cli.Tests.JsonOutput;

/// <summary>
/// Checks a command's JSON against its embedded schema, and that the schema is not vacuous: the same document with a
/// required key removed, or with a key the schema does not know added, must be rejected.
/// </summary>
internal static partial class SchemaAssert
{
    private static readonly Dictionary<string, JsonSchema> Parsed = new(StringComparer.Ordinal);

    public static JsonSchema Load(string name)
    {
        lock (Parsed)
        {
            // The library registers schemas by $id in a process-wide registry: parse each one once.
            if (!Parsed.TryGetValue(name, out var schema))
            {
                var text = JsonSchemas.Get(name);
                Assert.True(text is not null, $"no embedded schema '{name}'");
                Parsed[name] = schema = JsonSchema.FromText(text);
            }

            return schema;
        }
    }

    public static EvaluationResults Evaluate(string name, JsonNode document)
    {
        using var parsed = JsonDocument.Parse(document.ToJsonString());
        return Load(name).Evaluate(parsed.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    /// <summary>The document validates against the schema; and removing any required key or adding an unknown one breaks it.</summary>
    public static void Valid(string name, string json)
    {
        var document = JsonNode.Parse(json)!;
        var result = Evaluate(name, document);
        Assert.True(result.IsValid, $"{name}: the output does not validate against its schema:\n{Errors(result)}\n{json}");
        RejectsStructuralDamage(name, document);
    }

    /// <summary>The document, changed by <paramref name="mutate"/>, must not validate (a wrong enum value, a bad pattern, …).</summary>
    public static void Rejects(string name, string json, Action<JsonNode> mutate, string what)
    {
        var document = JsonNode.Parse(json)!;
        mutate(document);
        Assert.False(Evaluate(name, document).IsValid, $"{name}: the schema accepts a document with {what}");
    }

    private static void RejectsStructuralDamage(string name, JsonNode document)
    {
        // For a top-level array the checks apply to its first element (the schemas of arrays describe their items).
        var target = document is JsonArray array ? array.FirstOrDefault() as JsonObject : document as JsonObject;
        if (target is null)
        {
            return;
        }

        foreach (var key in target.Select(p => p.Key).ToList())
        {
            var copy = document.DeepClone();
            TargetOf(copy).Remove(key);
            if (IsRequired(name, document, key))
            {
                Assert.False(Evaluate(name, copy).IsValid, $"{name}: the schema accepts the document without its required '{key}'");
            }
        }

        var extended = document.DeepClone();
        TargetOf(extended)["notInTheSchema"] = 1;
        Assert.False(Evaluate(name, extended).IsValid, $"{name}: the schema accepts an unknown property (additionalProperties is not false)");
    }

    private static JsonObject TargetOf(JsonNode node) => node is JsonArray a ? (JsonObject)a[0]! : (JsonObject)node;

    private static bool IsRequired(string name, JsonNode document, string key)
    {
        var schema = JsonNode.Parse(JsonSchemas.Get(name)!)!;
        var level = document is JsonArray ? schema["items"] : schema;
        return level?["required"] is JsonArray required && required.Any(r => r?.GetValue<string>() == key);
    }

    public static string Errors(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(20));

    /// <summary>
    /// Makes output comparable across runs by replacing only what truly varies: the temporary folder (as JSON-escaped
    /// text, with or without a trailing separator), operation ids, timestamps and measured durations. Everything else is
    /// compared byte for byte.
    /// </summary>
    public static string Normalize(string json, params string[] roots)
    {
        foreach (var root in roots.OrderByDescending(r => r.Length))
        {
            json = json.Replace(JsonEncodedText.Encode(root, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(), "<root>", StringComparison.Ordinal);
        }

        json = OpId().Replace(json, "<op-id>");
        json = Timestamp().Replace(json, "\"<time>\"");
        return Seconds().Replace(json, "\"seconds\": 0");
    }

    [GeneratedRegex("[0-9]{8}T[0-9]{9}Z-[0-9a-f]{6}")]
    private static partial Regex OpId();

    [GeneratedRegex("\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\"")]
    private static partial Regex Timestamp();

    [GeneratedRegex("\"seconds\": [0-9.]+")]
    private static partial Regex Seconds();
}

/// <summary>Golden files of command output, in <c>JsonOutput/Golden/</c>; INFRADEDUP_UPDATE_GOLDEN=1 rewrites them.</summary>
internal static class JsonGolden
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string testFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(testFile)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("INFRADEDUP_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with INFRADEDUP_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
