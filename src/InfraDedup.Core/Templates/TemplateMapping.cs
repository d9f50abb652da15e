using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfraDedup.Core.Templates;

/// <summary>
/// The template part of <c>service-mapping.json</c>: which Dockerfiles are generated from which template with which
/// parameters. Paths are relative to the repository root, with '/'. The planner's full service mapping carries these
/// entries under the same <c>generated</c> field.
/// </summary>
public sealed record TemplateMapping
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>The default location, relative to the repository root.</summary>
    public const string DefaultPath = "docker/service-mapping.json";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>One entry per generated file.</summary>
    public List<GeneratedFileEntry> Generated { get; init; } = [];

    /// <summary>Builds the mapping for an inference result (header as given for every entry).</summary>
    public static TemplateMapping FromInference(TemplateInferenceResult result, HeaderMode header, Func<string, string?>? serviceOf = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var paths = result.Templates.ToDictionary(t => t.Name, t => t.Path, StringComparer.Ordinal);
        return new TemplateMapping
        {
            Generated = [.. result.Bindings.Select(b => GeneratedFileEntry.From(b, paths[b.TemplateName], header, serviceOf?.Invoke(b.Path)))],
        };
    }

    /// <summary>Serialises as indented JSON with a trailing newline.</summary>
    public string ToJson() => JsonText.Document(this, TemplateJsonContext.Default.TemplateMapping);

    /// <summary>
    /// Reads a mapping; malformed JSON or entries are a <see cref="UserInputException"/> at <c>file:line:col</c>.
    /// </summary>
    public static TemplateMapping Parse(byte[] json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        TemplateMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize(json, TemplateJsonContext.Default.TemplateMapping);
        }
        catch (JsonException e)
        {
            var message = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            throw new UserInputException(
                $"not a valid mapping: {message}; fix the JSON (see docs/templates.md for the format)",
                path,
                (int)(e.LineNumber ?? -1) + 1,
                (int)(e.BytePositionInLine ?? -1) + 1);
        }

        if (mapping is null)
        {
            throw new UserInputException("the mapping is empty (null); write an object with a \"generated\" list", path, 1, 1);
        }

        if (mapping.SchemaVersion > CurrentSchemaVersion)
        {
            throw new UserInputException($"schemaVersion {mapping.SchemaVersion} is newer than this infradedup understands ({CurrentSchemaVersion}); upgrade infradedup", path, 1, 1);
        }

        var positions = EntryPositions(json);
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mapping.Generated.Count; i++)
        {
            var entry = mapping.Generated[i];
            var (line, column) = i < positions.Count ? positions[i] : (0, 0);
            void Fail(string what) => throw new UserInputException($"generated[{i}]: {what}", path, line, column);
            if (string.IsNullOrEmpty(entry.Template))
            {
                Fail("\"template\" is missing; give the template's path relative to the repository root");
            }

            if (string.IsNullOrEmpty(entry.Output))
            {
                Fail("\"output\" is missing; give the generated Dockerfile's path relative to the repository root");
            }

            foreach (var (name, value) in new[] { ("template", entry.Template), ("output", entry.Output) })
            {
                if (!IsSafeRelative(value))
                {
                    Fail($"\"{name}\" '{value}' must be a relative path inside the repository (no leading '/', no '..')");
                }
            }

            if (!outputs.Add(entry.Output))
            {
                Fail($"output '{entry.Output}' is generated twice; keep one entry per output");
            }

            if (entry.Mode is { } mode && ParseMode(mode) is null)
            {
                Fail($"\"mode\" '{mode}' is not an octal permission string; write it like \"0755\" or \"0644\"");
            }

            if (entry.Parameters is null)
            {
                mapping.Generated[i] = entry with { Parameters = new(StringComparer.Ordinal) };
            }
        }

        return mapping;
    }

    /// <summary>Where an entry starts: the 1-based line and column of each object in the <c>generated</c> array.</summary>
    internal static List<(int Line, int Column)> EntryPositions(byte[] json)
    {
        var result = new List<(int, int)>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var inGenerated = false;
        var arrayDepth = -1;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    inGenerated = reader.ValueTextEquals("generated"u8);
                }
                else if (inGenerated && reader.TokenType == JsonTokenType.StartArray && reader.CurrentDepth == 1)
                {
                    arrayDepth = reader.CurrentDepth;
                }
                else if (arrayDepth >= 0 && reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == arrayDepth + 1)
                {
                    result.Add(LineColumn(json, (int)reader.TokenStartIndex));
                }
                else if (arrayDepth >= 0 && reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == arrayDepth)
                {
                    arrayDepth = -1;
                    inGenerated = false;
                }
            }
        }
        catch (JsonException)
        {
            // positions are a courtesy; the deserialiser reports malformed JSON
        }

        return result;
    }

    private static (int Line, int Column) LineColumn(byte[] bytes, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (bytes[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, Encoding.UTF8.GetCharCount(bytes, lineStart, offset - lineStart) + 1);
    }

    /// <summary>The permission bits of an octal mode string ("0755", "644"), or null when it is not one.</summary>
    public static UnixFileMode? ParseMode(string? text)
    {
        if (text is not { Length: >= 3 and <= 4 } || !text.All(c => c is >= '0' and <= '7'))
        {
            return null;
        }

        return (UnixFileMode)Convert.ToInt32(text, 8);
    }

    /// <summary>The four-digit octal string of permission bits ("0755").</summary>
    public static string FormatMode(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');

    internal static bool IsSafeRelative(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal) && !Path.IsPathRooted(path)
        && path.Split('/').All(s => s is not ".." and not "");
}

/// <summary>One generated file: template, output path, parameters, header and the byte layout of the output.</summary>
public sealed record GeneratedFileEntry
{
    /// <summary>The service the file builds (informational; <c>generate --service</c> selects by it).</summary>
    public string? Service { get; init; }

    /// <summary>The template, relative to the repository root (e.g. <c>docker/templates/python.Dockerfile.sbn</c>).</summary>
    public string Template { get; init; } = string.Empty;

    /// <summary>The generated Dockerfile, relative to the repository root (its original path).</summary>
    public string Output { get; init; } = string.Empty;

    /// <summary>Header of the generated file; default <see cref="HeaderMode.Comment"/>.</summary>
    public HeaderMode? Header { get; init; }

    /// <summary>Whether the file starts with a UTF-8 BOM (default false).</summary>
    public bool? Bom { get; init; }

    /// <summary>Line ends of the file (default <see cref="LineEnding.Lf"/>).</summary>
    public LineEnding? LineEndings { get; init; }

    /// <summary>Whether the file ends with a newline (default true).</summary>
    public bool? FinalNewline { get; init; }

    public Dictionary<string, TemplateValue> Parameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The permission bits of the output as an octal string ("0755"); generate sets them and <c>--check</c> compares
    /// them. Absent: a new file gets the default mode and an existing file keeps its own.
    /// </summary>
    public string? Mode { get; init; }

    /// <summary>
    /// True when <see cref="Template"/> is a plain file copied byte for byte (a file copied into many build contexts,
    /// generated from one canonical source); it is not rendered, so parameters, header and layout do not apply.
    /// </summary>
    public bool? Verbatim { get; init; }

    /// <summary>The byte layout the entry asks for.</summary>
    [JsonIgnore]
    public TextLayout Layout => new(Bom ?? false, LineEndings ?? LineEnding.Lf, FinalNewline ?? true);

    /// <summary>The header the entry asks for.</summary>
    [JsonIgnore]
    public HeaderMode EffectiveHeader => Header ?? HeaderMode.Comment;

    /// <summary>An entry for a binding; defaults are left out so the JSON stays short.</summary>
    public static GeneratedFileEntry From(TemplateBinding binding, string templatePath, HeaderMode header, string? service = null)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new GeneratedFileEntry
        {
            Service = service,
            Template = templatePath,
            Output = binding.Path,
            Header = header,
            Bom = binding.Layout.Bom ? true : null,
            LineEndings = binding.Layout.LineEnding == LineEnding.Crlf ? LineEnding.Crlf : null,
            FinalNewline = binding.Layout.FinalNewline ? null : false,
            Parameters = new Dictionary<string, TemplateValue>(binding.Parameters, StringComparer.Ordinal),
        };
    }
}

/// <summary>Reads and writes <see cref="TemplateValue"/> as a JSON string, boolean, array of strings or array of objects of strings.</summary>
public sealed class TemplateValueJsonConverter : JsonConverter<TemplateValue>
{
    public override TemplateValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return TemplateValue.Of(reader.GetString()!);
            case JsonTokenType.True:
            case JsonTokenType.False:
                return TemplateValue.Of(reader.GetBoolean());
            case JsonTokenType.StartArray:
                return ReadList(ref reader);
            default:
                throw new JsonException("a parameter value is a string, true/false, a list of strings or a list of objects of strings");
        }
    }

    // A list holds strings, or objects whose fields are strings (the records of a loop over lines with several holes).
    private static TemplateValue ReadList(ref Utf8JsonReader reader)
    {
        var items = new List<string>();
        var records = new List<IReadOnlyDictionary<string, string>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String && records.Count == 0)
            {
                items.Add(reader.GetString()!);
            }
            else if (reader.TokenType == JsonTokenType.StartObject && items.Count == 0)
            {
                var record = new Dictionary<string, string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var field = reader.GetString()!;
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException($"the field '{field}' of a list item holds a string only");
                    }

                    record[field] = reader.GetString()!;
                }

                records.Add(record);
            }
            else
            {
                throw new JsonException("a list parameter holds strings, or objects whose fields are strings, not a mix");
            }
        }

        return records.Count > 0 ? TemplateValue.OfRecords(records) : TemplateValue.Of(items);
    }

    public override void Write(Utf8JsonWriter writer, TemplateValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case TemplateValueKind.String:
                writer.WriteStringValue(value.Text);
                break;
            case TemplateValueKind.Boolean:
                writer.WriteBooleanValue(value.Flag);
                break;
            case TemplateValueKind.Records:
                writer.WriteStartArray();
                foreach (var record in value.Records!)
                {
                    writer.WriteStartObject();
                    foreach (var (field, text) in record)
                    {
                        writer.WriteString(field, text);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartArray();
                foreach (var item in value.Items!)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
        }
    }
}

/// <summary>Source-generated JSON for the template mapping (AOT- and trim-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = [typeof(TemplateValueJsonConverter)])]
[JsonSerializable(typeof(TemplateMapping))]
[JsonSerializable(typeof(GenerateResult))]
public sealed partial class TemplateJsonContext : JsonSerializerContext
;
