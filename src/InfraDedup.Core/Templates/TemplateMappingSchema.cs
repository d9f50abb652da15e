namespace InfraDedup.Core.Templates;

/// <summary>
/// JSON Schema (draft 2020-12) of the template part of <c>service-mapping.json</c>. <see cref="GeneratedEntry"/> is the
/// schema of one entry, for embedding under <c>properties.generated.items</c> of the full service-mapping schema.
/// </summary>
public static class TemplateMappingSchema
{
    /// <summary>The schema of one <c>generated</c> entry.</summary>
    public const string GeneratedEntry = """
        {
          "type": "object",
          "description": "One file generated from a Scriban template (a Dockerfile, or a file copied into many build contexts), or copied verbatim from a canonical source.",
          "required": ["template", "output"],
          "additionalProperties": false,
          "properties": {
            "service": { "type": "string", "description": "Service the file builds; generate --service selects by it." },
            "template": { "type": "string", "pattern": "^(?!/)(?!.*(^|/)\\.\\.(/|$)).+$", "description": "Template path relative to the repository root, e.g. docker/templates/python.Dockerfile.sbn." },
            "output": { "type": "string", "pattern": "^(?!/)(?!.*(^|/)\\.\\.(/|$)).+$", "description": "Generated Dockerfile path relative to the repository root (its original path)." },
            "header": { "enum": ["comment", "none"], "default": "comment", "description": "comment: a one-line generated-file header after any parser directives; none: the rendering is the original byte for byte." },
            "bom": { "type": "boolean", "default": false, "description": "The file starts with a UTF-8 byte order mark." },
            "lineEndings": { "enum": ["lf", "crlf"], "default": "lf" },
            "finalNewline": { "type": "boolean", "default": true },
            "parameters": {
              "type": "object",
              "description": "Template parameters: strings, booleans (conditionals), lists of strings (loops) and lists of records whose fields are strings (loops over lines with several holes).",
              "additionalProperties": {
                "oneOf": [
                  { "type": "string" },
                  { "type": "boolean" },
                  { "type": "array", "items": { "type": "string" } },
                  { "type": "array", "minItems": 1, "items": { "type": "object", "additionalProperties": { "type": "string" } } }
                ]
              }
            },
            "mode": { "type": "string", "pattern": "^[0-7]{3,4}$", "description": "Permission bits of the output, octal (\"0755\"); generate sets them and --check compares them." },
            "verbatim": { "type": "boolean", "default": false, "description": "True: template is a plain canonical source copied byte for byte (a file copied into many build contexts), not rendered." }
          }
        }
        """;

    /// <summary>The schema of a mapping holding only generated files.</summary>
    public static string Document { get; } = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "infradedup service mapping (generated files)",
          "type": "object",
          "properties": {
            "schemaVersion": { "const": 1 },
            "generated": { "type": "array", "items":
        """ + Indent(GeneratedEntry, "    ") + """
         }
          }
        }

        """;

    private static string Indent(string text, string prefix) =>
        string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : prefix + l));
}
