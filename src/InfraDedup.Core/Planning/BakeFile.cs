using System.Globalization;
using System.Text;
using System.Text.Json;

namespace InfraDedup.Core.Planning;

/// <summary>
/// One Buildx Bake target: paths relative to the repository root (bake resolves them against the folder it runs in),
/// the Dockerfile relative to the context (as bake reads it), build args, tags, and named contexts — a base image
/// reference mapped to <c>target:&lt;base&gt;</c> so bake builds the base first and feeds it to the member's FROM.
/// </summary>
public sealed record BakeTarget(
    string Name,
    string Context,
    string Dockerfile,
    IReadOnlyDictionary<string, string> Args,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Contexts,
    string? Target = null);

/// <summary>
/// A <c>docker-bake.hcl</c> written when a plan introduces base images: base targets, one target per consolidated
/// build, and a <c>default</c> group with every target. The same content renders as HCL (the file apply writes) and
/// as bake's JSON form (for tools and tests).
/// </summary>
public sealed record BakeFile(IReadOnlyList<BakeTarget> Targets)
{
    /// <summary>The file name bake looks for in the folder it runs in.</summary>
    public const string FileName = "docker-bake.hcl";

    /// <summary>Target names bake accepts: letters, digits, '-' and '_'.</summary>
    public static string TargetName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }

        var name = sb.ToString().Trim('-');
        return name.Length == 0 ? "image" : name;
    }

    /// <summary>Bake's HCL form: a default group, then the targets in order (bases first).</summary>
    public string ToHcl()
    {
        var sb = new StringBuilder();
        sb.Append("# Written by 'infradedup apply': builds the extracted base images first, then every image built on them.\n");
        sb.Append("# Run from the repository root: docker buildx bake\n\n");
        sb.Append("group \"default\" {\n  targets = [").Append(string.Join(", ", Targets.Select(t => Quote(t.Name)))).Append("]\n}\n");
        foreach (var t in Targets)
        {
            sb.Append("\ntarget ").Append(Quote(t.Name)).Append(" {\n");
            sb.Append("  context = ").Append(Quote(t.Context.Length == 0 ? "." : t.Context)).Append('\n');
            sb.Append("  dockerfile = ").Append(Quote(t.Dockerfile)).Append('\n');
            if (t.Target is { } target)
            {
                sb.Append("  target = ").Append(Quote(target)).Append('\n');
            }

            Map(sb, "args", t.Args);
            Map(sb, "contexts", t.Contexts);
            sb.Append("  tags = [").Append(string.Join(", ", t.Tags.Select(Quote))).Append("]\n");
            sb.Append("}\n");
        }

        return sb.ToString();
    }

    /// <summary>Bake's JSON form: <c>{"group": {"default": {"targets": [...]}}, "target": {name: {...}}}</c>.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("group");
            w.WriteStartObject("default");
            w.WriteStartArray("targets");
            foreach (var t in Targets)
            {
                w.WriteStringValue(t.Name);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("target");
            foreach (var t in Targets)
            {
                w.WriteStartObject(t.Name);
                w.WriteString("context", t.Context.Length == 0 ? "." : t.Context);
                w.WriteString("dockerfile", t.Dockerfile);
                if (t.Target is { } target)
                {
                    w.WriteString("target", target);
                }

                WriteMap(w, "args", t.Args);
                WriteMap(w, "contexts", t.Contexts);
                w.WriteStartArray("tags");
                foreach (var tag in t.Tags)
                {
                    w.WriteStringValue(tag);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Map(StringBuilder sb, string name, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        sb.Append("  ").Append(name).Append(" = {\n");
        foreach (var (k, v) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append("    ").Append(Quote(k)).Append(" = ").Append(Quote(v)).Append('\n');
        }

        sb.Append("  }\n");
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (k, v) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// An HCL string literal: backslash, quote and control characters escaped, and <c>${</c> / <c>%{</c> doubled to
    /// <c>$${</c> / <c>%%{</c> so bake does not read a build arg value as an interpolation or template directive.
    /// </summary>
    internal static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '$' or '%' when i + 1 < value.Length && value[i + 1] == '{': sb.Append(c).Append(c); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
