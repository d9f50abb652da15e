using System.Text;
using InfraDedup.Core.Compose;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Planning;

/// <summary>Point a service's build at <paramref name="Dockerfile"/> (relative to its context, as compose reads it) and set build args.</summary>
public sealed record BuildEdit(string Service, string Dockerfile, IReadOnlyDictionary<string, string> Args);

/// <summary>The edited text, the edits made, and the services that could not be edited (with reasons).</summary>
public sealed record ComposeEditResult(string Text, IReadOnlyList<ComposeEditRecord> Edits, IReadOnlyDictionary<string, string> Refused);

/// <summary>
/// Minimal text edits to a compose file: only the <c>build</c> values that change are rewritten, located with
/// YamlDotNet's marks; comments, anchors, key order, quoting and line ends elsewhere are untouched. A short
/// <c>build: path</c> becomes the long form. Values shared through anchors or merge keys, and flow-style mappings,
/// are refused rather than guessed at. The result is re-read and checked: each edited service must resolve to exactly
/// the requested Dockerfile and args, or the edit is refused.
/// </summary>
public static class ComposeEditor
{
    public static ComposeEditResult Apply(string path, string text, IReadOnlyList<BuildEdit> edits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(edits);
        var file = ComposeReader.Read(path, text);
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new List<(int Start, int End, string Text, int Order)>();
        var records = new List<ComposeEditRecord>();
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var byName = file.Services.ToLookup(s => s.Name, StringComparer.Ordinal);
        foreach (var edit in edits)
        {
            var services = byName[edit.Service].ToList();
            if (services.Count != 1 || services[0].Build is not { } build)
            {
                refused[edit.Service] = services.Count == 0 ? "service not found" : "service has no build section";
                continue;
            }

            var local = new List<(int, int, string, int)>();
            var localRecords = new List<ComposeEditRecord>();
            var reason = Plan(text, newline, services[0], build, edit, local, localRecords);
            if (reason is not null)
            {
                refused[edit.Service] = reason;
                continue;
            }

            pending.AddRange(local);
            records.AddRange(localRecords);
        }

        var result = Splice(text, pending);
        var verify = Verify(path, result, edits.Where(e => !refused.ContainsKey(e.Service)));
        foreach (var (service, why) in verify)
        {
            refused[service] = why;
        }

        if (verify.Count > 0)
        {
            // Redo without the services whose result did not read back as intended.
            return Apply(path, text, [.. edits.Where(e => !refused.ContainsKey(e.Service))]) is var retry
                ? retry with { Refused = refused.Concat(retry.Refused).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal) }
                : throw new InvalidOperationException();
        }

        return new ComposeEditResult(result, records, refused);
    }

    private static string? Plan(
        string text, string newline, ComposeService service, ComposeBuild build, BuildEdit edit,
        List<(int, int, string, int)> pending, List<ComposeEditRecord> records)
    {
        if (build.Span.Shared || build.KeySpan.Shared)
        {
            return "its build section comes from an anchor or merge key shared with other services";
        }

        var line = build.KeySpan.Start.Line;
        if (build.IsShortForm)
        {
            var indent = Indent(text, (int)build.KeySpan.Start.Offset) + "  ";
            var sb = new StringBuilder();
            sb.Append(newline).Append(indent).Append("context: ").Append(Slice(text, build.Span));
            sb.Append(newline).Append(indent).Append("dockerfile: ").Append(Scalar(edit.Dockerfile));
            records.Add(new ComposeEditRecord(edit.Service, "build.dockerfile", null, edit.Dockerfile, line));
            if (edit.Args.Count > 0)
            {
                sb.Append(newline).Append(indent).Append("args:");
                foreach (var (k, v) in edit.Args.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    sb.Append(newline).Append(indent).Append("  ").Append(k).Append(": ").Append(Scalar(v));
                    records.Add(new ComposeEditRecord(edit.Service, "build.args." + k, null, v, line));
                }
            }

            var start = (int)build.Span.Start.Offset;
            while (start > 0 && text[start - 1] == ' ')
            {
                start--; // no trailing space after 'build:'
            }

            pending.Add((start, (int)build.Span.End.Offset, sb.ToString(), 0));
            return null;
        }

        if (text[(int)build.Span.Start.Offset] == '{')
        {
            return "its build section is a flow mapping ({...}); rewrite it in block style first";
        }

        // dockerfile: replace the value, or add a line after 'context:' (or first in the mapping).
        int afterDockerfile;
        if (build.DockerfileValue is { } df)
        {
            if (df.Span.Shared)
            {
                return "its build.dockerfile comes from an anchor";
            }

            if (df.Value != edit.Dockerfile)
            {
                pending.Add(((int)df.Span.Start.Offset, (int)df.Span.End.Offset, Scalar(edit.Dockerfile), 0));
                records.Add(new ComposeEditRecord(edit.Service, "build.dockerfile", df.Raw, edit.Dockerfile, df.Span.Start.Line));
            }

            afterDockerfile = LineEnd(text, (int)df.Span.End.Offset);
        }
        else
        {
            var anchor = build.ContextValue?.Span ?? build.Span;
            var at = build.ContextValue is null ? LineStart(text, (int)build.Span.Start.Offset) : LineEnd(text, (int)anchor.End.Offset);
            var indent = Indent(text, (int)(build.ContextValue?.Span.Start.Offset ?? build.Span.Start.Offset));
            var insert = build.ContextValue is null
                ? indent + "dockerfile: " + Scalar(edit.Dockerfile) + newline
                : newline + indent + "dockerfile: " + Scalar(edit.Dockerfile);
            pending.Add((at, at, insert, 0));
            records.Add(new ComposeEditRecord(edit.Service, "build.dockerfile", null, edit.Dockerfile, line));
            afterDockerfile = at;
        }

        if (edit.Args.Count == 0)
        {
            return null;
        }

        if (build.ArgsSpan is { } argsSpan)
        {
            if (argsSpan.Shared)
            {
                return "its build.args come from an anchor or merge key";
            }

            var first = text[(int)argsSpan.Start.Offset];
            if (first is '{' or '[')
            {
                return "its build.args are in flow style; rewrite them in block style first";
            }

            var isList = first == '-';
            var entryIndent = Indent(text, (int)argsSpan.Start.Offset);
            var lastEnd = (int)argsSpan.Start.Offset;
            foreach (var existing in build.Args)
            {
                lastEnd = Math.Max(lastEnd, (int)existing.Span.End.Offset);
            }

            var appendAt = LineEnd(text, lastEnd);
            var appended = new StringBuilder();
            foreach (var (k, v) in edit.Args.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var existing = build.Args.FirstOrDefault(a => a.Name == k);
                if (existing is not null)
                {
                    if (existing.Value?.Value == v)
                    {
                        continue;
                    }

                    if (existing.Span.Shared || existing.Value is null || isList)
                    {
                        var span = existing.Span;
                        if (span.Shared)
                        {
                            return $"build arg {k} comes from an anchor";
                        }

                        pending.Add(((int)span.Start.Offset, (int)span.End.Offset, isList ? Scalar(k + "=" + v) : k + ": " + Scalar(v), 1));
                    }
                    else
                    {
                        pending.Add(((int)existing.Value.Span.Start.Offset, (int)existing.Value.Span.End.Offset, Scalar(v), 1));
                    }

                    records.Add(new ComposeEditRecord(edit.Service, "build.args." + k, existing.Value?.Raw, v, existing.Span.Start.Line));
                    continue;
                }

                appended.Append(newline).Append(entryIndent).Append(isList ? "- " + Scalar(k + "=" + v) : k + ": " + Scalar(v));
                records.Add(new ComposeEditRecord(edit.Service, "build.args." + k, null, v, line));
            }

            if (appended.Length > 0)
            {
                pending.Add((appendAt, appendAt, appended.ToString(), 2));
            }

            return null;
        }

        var keyIndent = Indent(text, (int)(build.DockerfileValue?.Span.Start.Offset ?? build.ContextValue?.Span.Start.Offset ?? build.Span.Start.Offset));
        var block = new StringBuilder();
        block.Append(newline).Append(keyIndent).Append("args:");
        foreach (var (k, v) in edit.Args.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            block.Append(newline).Append(keyIndent).Append("  ").Append(k).Append(": ").Append(Scalar(v));
            records.Add(new ComposeEditRecord(edit.Service, "build.args." + k, null, v, line));
        }

        if (build.DockerfileValue is null && build.ContextValue is null)
        {
            // dockerfile was inserted as a whole line at the start of the mapping; put args right after it.
            pending.Add((afterDockerfile, afterDockerfile, block.ToString()[newline.Length..] + newline, 1));
        }
        else
        {
            pending.Add((afterDockerfile, afterDockerfile, block.ToString(), 1));
        }

        return null;
    }

    /// <summary>Re-reads the result and returns the services whose build does not say exactly what was asked.</summary>
    private static Dictionary<string, string> Verify(string path, string text, IEnumerable<BuildEdit> edits)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = ComposeReader.Read(path, text);
        if (file.Errors.Count > 0)
        {
            foreach (var e in edits)
            {
                problems[e.Service] = $"the edited file does not parse ({file.Errors[0].Line}:{file.Errors[0].Column}: {file.Errors[0].Message})";
            }

            return problems;
        }

        var byName = file.Services.ToLookup(s => s.Name, StringComparer.Ordinal);
        foreach (var e in edits)
        {
            var build = byName[e.Service].FirstOrDefault()?.Build;
            if (build?.DockerfileValue?.Value != e.Dockerfile)
            {
                problems[e.Service] = "the edited build.dockerfile does not read back as intended";
                continue;
            }

            foreach (var (k, v) in e.Args)
            {
                if (build.Args.FirstOrDefault(a => a.Name == k)?.Value?.Value != v)
                {
                    problems[e.Service] = $"the edited build arg {k} does not read back as intended";
                    break;
                }
            }
        }

        return problems;
    }

    private static string Splice(string text, List<(int Start, int End, string Text, int Order)> edits)
    {
        // Applied from the end (below), an insertion at one offset lands before those applied earlier at it, so the
        // text reads them by ascending order and, for equal order, the later edit first. Built front to back in that
        // order when no two ranges overlap: one pass instead of moving the rest of a large compose file per edit.
        var forward = edits.Select((e, i) => (Edit: e, Index: i)).OrderBy(e => e.Edit.Start).ThenBy(e => e.Edit.Order).ThenByDescending(e => e.Index).Select(e => e.Edit).ToList();
        var disjoint = true;
        for (var i = 1; i < forward.Count && disjoint; i++)
        {
            disjoint = forward[i].Start >= forward[i - 1].End;
        }

        if (disjoint)
        {
            var built = new StringBuilder(text.Length + forward.Sum(e => e.Text.Length));
            var at = 0;
            foreach (var (start, end, replacement, _) in forward)
            {
                built.Append(text, at, start - at).Append(replacement);
                at = end;
            }

            return built.Append(text, at, text.Length - at).ToString();
        }

        var sb = new StringBuilder(text);
        foreach (var (start, end, replacement, _) in edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.Order))
        {
            sb.Remove(start, end - start).Insert(start, replacement);
        }

        return sb.ToString();
    }

    private static string Slice(string text, YamlSpan span) => text[(int)span.Start.Offset..(int)span.End.Offset];

    /// <summary>A YAML scalar for a string value: double-quoted, so nothing is read as a number, boolean or null.</summary>
    internal static string Scalar(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The offset where the line that holds <paramref name="offset"/> starts.</summary>
    internal static int LineStart(string text, int offset)
    {
        var i = offset;
        while (i > 0 && text[i - 1] != '\n')
        {
            i--;
        }

        return i;
    }

    /// <summary>The offset of the line break ending the line that holds <paramref name="offset"/> (or the text's end).</summary>
    internal static int LineEnd(string text, int offset)
    {
        var i = Math.Max(0, offset - 1);
        i = text.IndexOf('\n', i);
        if (i < 0)
        {
            return text.Length;
        }

        return i > 0 && text[i - 1] == '\r' ? i - 1 : i;
    }

    /// <summary>The whitespace before the first non-space character of the line holding <paramref name="offset"/>, as a run of spaces up to that column.</summary>
    private static string Indent(string text, int offset)
    {
        var start = LineStart(text, offset);
        var i = start;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        // A '- ' sequence entry indents its mapping further: count up to the entry's own key.
        while (i < text.Length && (text[i] == '-' || text[i] == ' ') && i < offset)
        {
            i++;
        }

        return new string(' ', i - start);
    }
}
