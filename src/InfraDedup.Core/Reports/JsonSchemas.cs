namespace InfraDedup.Core.Reports;

/// <summary>
/// The JSON Schemas of infradedup's machine-readable documents, embedded in the assembly
/// (<c>Reports/Schemas/&lt;name&gt;.schema.json</c>) and printed by <c>infradedup schema &lt;name&gt;</c>.
/// </summary>
public static class JsonSchemas
{
    private const string Prefix = "schemas/";
    private const string Suffix = ".schema.json";

    /// <summary>Every schema name, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. typeof(JsonSchemas).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(Suffix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^Suffix.Length])
            .Order(StringComparer.Ordinal)];

    /// <summary>The schema text, or null for an unknown name.</summary>
    public static string? Get(string name)
    {
        using var stream = typeof(JsonSchemas).Assembly.GetManifestResourceStream(Prefix + name + Suffix);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
