using System.Text.Json;

namespace InfraDedup.Core.Reports;

/// <summary>
/// The JSON Schemas of infradedup's machine-readable documents, embedded in the assembly
/// (<c>Reports/Schemas/&lt;name&gt;.schema.json</c>) and printed by <c>infradedup schema &lt;name&gt;</c>.
/// A new document needs only its schema file there (the csproj embeds every <c>*.schema.json</c>) and a
/// <c>JsonOutput</c> attribute on the command that prints it; docs/json-output.md lists them.
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

    /// <summary>The schema's <c>title</c> (what the document is), or an empty string for an unknown name.</summary>
    public static string Title(string name)
    {
        var text = Get(name);
        if (text is null)
        {
            return string.Empty;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.TryGetProperty("title", out var title) ? title.GetString() ?? string.Empty : string.Empty;
    }
}
