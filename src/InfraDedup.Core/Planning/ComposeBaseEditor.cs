using System.Text;
using InfraDedup.Core.Compose;

namespace InfraDedup.Core.Planning;

/// <summary>A base image service to add: it builds <see cref="Dockerfile"/> (relative to <see cref="Context"/>, which is relative to the compose file's folder) and tags it <see cref="Image"/>.</summary>
public sealed record BaseServiceEdit(string Service, string Image, string Context, string Dockerfile);

/// <summary>Maps <see cref="Name"/> (the base image reference a member's FROM names) onto <see cref="Value"/> (<c>service:&lt;base&gt;</c>) in a service's <c>build.additional_contexts</c>.</summary>
public sealed record ContextEdit(string Service, string Name, string Value);

/// <summary>
/// Minimal text edits that wire base images into a compose file: each base becomes a service that builds it with its
/// <c>image:</c> tag (<c>pull_policy: build</c>, so compose never looks for it in a registry), inserted before the first
/// service; each member gets <c>build.additional_contexts: { "&lt;base ref&gt;": "service:&lt;base&gt;" }</c> so compose
/// builds the base first and BuildKit feeds it to the member's unchanged <c>FROM</c>. Same rules as
/// <see cref="ComposeEditor"/>: anchors, merge keys and flow style are refused, and the result is re-read and checked.
/// </summary>
public static class ComposeBaseEditor
{
    public static ComposeEditResult Apply(string path, string text, IReadOnlyList<BaseServiceEdit> bases, IReadOnlyList<ContextEdit> contexts)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(bases);
        ArgumentNullException.ThrowIfNull(contexts);
        var file = ComposeReader.Read(path, text);
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        var records = new List<ComposeEditRecord>();
        var pending = new List<(int Start, int End, string Text)>();
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        if (file.Errors.Count > 0 || file.Services.Count == 0)
        {
            foreach (var service in bases.Select(b => b.Service).Concat(contexts.Select(c => c.Service)))
            {
                refused[service] = file.Errors.Count > 0 ? $"{path} has errors ({file.Errors[0].Line}:{file.Errors[0].Column}: {file.Errors[0].Message})" : "no services";
            }

            return new ComposeEditResult(text, [], refused);
        }

        var first = file.Services.MinBy(s => s.NameSpan.Start.Offset)!;
        var firstLine = ComposeEditor.LineStart(text, (int)first.NameSpan.Start.Offset);
        var indent = text[firstLine..(int)first.NameSpan.Start.Offset];
        var blockStyle = indent.All(c => c == ' ') && !first.NameSpan.Shared;
        foreach (var b in bases)
        {
            if (!blockStyle || file.Services.Any(s => s.Name == b.Service))
            {
                refused[b.Service] = blockStyle ? "a service with that name exists" : "the services mapping is not in block style";
                continue;
            }

            var sb = new StringBuilder();
            sb.Append(indent).Append(b.Service).Append(':').Append(newline);
            sb.Append(indent).Append("  # base image extracted by 'infradedup plan'; members build FROM it").Append(newline);
            sb.Append(indent).Append("  image: ").Append(ComposeEditor.Scalar(b.Image)).Append(newline);
            sb.Append(indent).Append("  pull_policy: build").Append(newline);
            sb.Append(indent).Append("  build:").Append(newline);
            sb.Append(indent).Append("    context: ").Append(ComposeEditor.Scalar(b.Context)).Append(newline);
            sb.Append(indent).Append("    dockerfile: ").Append(ComposeEditor.Scalar(b.Dockerfile)).Append(newline);
            pending.Add((firstLine, firstLine, sb.ToString()));
            records.Add(new ComposeEditRecord(b.Service, "image", null, b.Image, first.NameSpan.Start.Line));
        }

        foreach (var group in contexts.GroupBy(c => c.Service, StringComparer.Ordinal))
        {
            var service = file.Services.SingleOrDefault(s => s.Name == group.Key);
            if (PlanContexts(text, newline, service, [.. group], pending, records) is { } why)
            {
                refused[group.Key] = why;
            }
        }

        var result = Splice(text, pending);
        foreach (var (service, why) in Verify(path, result, bases.Where(b => !refused.ContainsKey(b.Service)), contexts.Where(c => !refused.ContainsKey(c.Service))))
        {
            refused[service] = why;
        }

        if (refused.Count == 0)
        {
            return new ComposeEditResult(result, records, refused);
        }

        // Redo without what was refused (each round drops at least one edit, so this ends).
        var retry = Apply(path, text, [.. bases.Where(b => !refused.ContainsKey(b.Service))], [.. contexts.Where(c => !refused.ContainsKey(c.Service))]);
        return retry with { Refused = refused.Concat(retry.Refused).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal) };
    }

    private static string? PlanContexts(string text, string newline, ComposeService? service, List<ContextEdit> edits, List<(int, int, string)> pending, List<ComposeEditRecord> records)
    {
        if (service?.Build is not { } build)
        {
            return service is null ? "service not found" : "service has no build section";
        }

        if (build.Span.Shared || build.KeySpan.Shared)
        {
            return "its build section comes from an anchor or merge key shared with other services";
        }

        var line = build.KeySpan.Start.Line;
        var missing = edits.Where(e => build.AdditionalContexts.FirstOrDefault(a => a.Name == e.Name) is not { } existing || existing.Value?.Value != e.Value).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        if (build.AdditionalContexts.Count > 0)
        {
            return "its build already has additional_contexts; add the base image's entry by hand";
        }

        if (build.IsShortForm)
        {
            var keyIndent = Indent(text, (int)build.KeySpan.Start.Offset) + "  ";
            var sb = new StringBuilder();
            sb.Append(newline).Append(keyIndent).Append("context: ").Append(text[(int)build.Span.Start.Offset..(int)build.Span.End.Offset]);
            AppendBlock(sb, newline, keyIndent, missing);
            var start = (int)build.Span.Start.Offset;
            while (start > 0 && text[start - 1] == ' ')
            {
                start--;
            }

            pending.Add((start, (int)build.Span.End.Offset, sb.ToString()));
        }
        else
        {
            if (text[(int)build.Span.Start.Offset] == '{')
            {
                return "its build section is a flow mapping ({...}); rewrite it in block style first";
            }

            // After the dockerfile (or context) line, or as the mapping's first line.
            var anchor = build.DockerfileValue?.Span ?? build.ContextValue?.Span;
            var keyIndent = Indent(text, (int)(anchor?.Start.Offset ?? build.Span.Start.Offset));
            var sb = new StringBuilder();
            AppendBlock(sb, newline, keyIndent, missing);
            if (anchor is { } a)
            {
                var at = ComposeEditor.LineEnd(text, (int)a.End.Offset);
                pending.Add((at, at, sb.ToString()));
            }
            else
            {
                var at = ComposeEditor.LineStart(text, (int)build.Span.Start.Offset);
                pending.Add((at, at, sb.ToString()[newline.Length..] + newline));
            }
        }

        records.AddRange(missing.Select(e => new ComposeEditRecord(e.Service, "build.additional_contexts." + e.Name, null, e.Value, line)));
        return null;
    }

    private static void AppendBlock(StringBuilder sb, string newline, string indent, List<ContextEdit> edits)
    {
        sb.Append(newline).Append(indent).Append("additional_contexts:");
        foreach (var e in edits.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            sb.Append(newline).Append(indent).Append("  ").Append(ComposeEditor.Scalar(e.Name)).Append(": ").Append(ComposeEditor.Scalar(e.Value));
        }
    }

    private static Dictionary<string, string> Verify(string path, string text, IEnumerable<BaseServiceEdit> bases, IEnumerable<ContextEdit> contexts)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = ComposeReader.Read(path, text);
        foreach (var b in bases)
        {
            var service = file.Services.FirstOrDefault(s => s.Name == b.Service);
            if (file.Errors.Count > 0 || service?.Image?.Value != b.Image || service.Build?.DockerfileValue?.Value != b.Dockerfile || service.Build.ContextValue?.Value != b.Context)
            {
                problems[b.Service] = "the added base service does not read back as intended";
            }
        }

        foreach (var c in contexts)
        {
            var build = file.Services.FirstOrDefault(s => s.Name == c.Service)?.Build;
            if (file.Errors.Count > 0 || build?.AdditionalContexts.FirstOrDefault(a => a.Name == c.Name)?.Value?.Value != c.Value)
            {
                problems[c.Service] = $"the edited build.additional_contexts entry {c.Name} does not read back as intended";
            }
        }

        return problems;
    }

    private static string Splice(string text, List<(int Start, int End, string Text)> edits)
    {
        var sb = new StringBuilder(text);
        foreach (var (start, end, replacement) in edits.OrderByDescending(e => e.Start))
        {
            sb.Remove(start, end - start).Insert(start, replacement);
        }

        return sb.ToString();
    }

    private static string Indent(string text, int offset)
    {
        var start = ComposeEditor.LineStart(text, offset);
        var i = start;
        while (i < text.Length && (text[i] == ' ' || text[i] == '-') && i < offset)
        {
            i++;
        }

        return new string(' ', i - start);
    }
}
