using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfraDedup.Core.Planning;

/// <summary>Source-generated JSON for <c>plan.json</c> and <c>service-mapping.json</c> (camelCase, indented, LF, no HTML escaping).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(Templates.TemplateValueJsonConverter)])]
[JsonSerializable(typeof(Plan))]
[JsonSerializable(typeof(ServiceMapping))]
public sealed partial class PlanJsonContext : JsonSerializerContext
{
    public static string Serialize(Plan plan) => JsonText.Document(plan, Default.Plan);

    public static string Serialize(ServiceMapping mapping) => JsonText.Document(mapping, Default.ServiceMapping);

    /// <summary>Writes <paramref name="plan"/> as <see cref="Serialize(Plan)"/> would, streamed to a file.</summary>
    public static void WriteFile(string path, Plan plan) => WriteFile(path, plan, Default.Plan);

    /// <summary>Writes <paramref name="mapping"/> as <see cref="Serialize(ServiceMapping)"/> would, streamed to a file.</summary>
    public static void WriteFile(string path, ServiceMapping mapping) => WriteFile(path, mapping, Default.ServiceMapping);

    private static void WriteFile<T>(string path, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        JsonText.WriteDocument(stream, value, typeInfo);
    }

    /// <summary>Reads a plan; malformed JSON becomes a <see cref="UserInputException"/> naming the line and column.</summary>
    public static Plan ReadPlan(string path, string json)
    {
        try
        {
            var plan = JsonSerializer.Deserialize(json, Default.Plan)
                ?? throw new UserInputException("the plan is empty (null); run 'infradedup plan' again", path, 1, 1);
            return plan.Schema == Planning.Plan.SchemaId
                ? plan
                : throw new UserInputException($"unsupported plan schema '{plan.Schema}' (expected '{Planning.Plan.SchemaId}'); make the plan with this version of infradedup", path, 1, 1);
        }
        catch (JsonException e)
        {
            throw new UserInputException($"not a valid plan: {e.Message}", path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }
}
