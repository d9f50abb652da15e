using System.Text;

namespace InfraDedup.Core.Dockerfiles;

/// <summary>
/// A stable normal formatting: upper-case keywords, single spaces, flags first, JSON form as
/// <c>["a", "b"]</c>, comments on their own lines, blank lines dropped except one before each FROM.
/// Multi-pair ENV/LABEL/ARG use <c> \</c> + newline + 4-space indent (whitespace there is insignificant);
/// shell-form commands stay on one line because BuildKit keeps their inner whitespace verbatim.
/// The output parses to the same BuildKit dump; canonical(parse(canonical(x))) == canonical(x).
/// </summary>
public static class CanonicalPrinter
{
    /// <summary>Prints the canonical form. Documents with errors print their unparsed tail verbatim.</summary>
    public static string Print(DockerfileDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var latin1 = document.Encoding == DockerfileEncoding.Latin1Fallback;
        var sb = new StringBuilder();
        foreach (var d in document.Directives)
        {
            sb.Append("# ").Append(d.Name).Append('=').Append(d.Value).Append('\n');
        }

        var firstElement = true;
        var seenInstruction = false;
        var pendingComments = new List<string>();
        foreach (var e in document.Elements)
        {
            switch (e)
            {
                case DockerfileTrivia { Kind: DockerfileElementKind.Comment } c:
                    pendingComments.Add(c.Text);
                    break;
                case DockerfileTrivia { Kind: DockerfileElementKind.Unparsed } u:
                    FlushComments(sb, pendingComments, ref firstElement, document);
                    sb.Append(u.RawText);
                    break;
                case DockerfileInstruction ins:
                    if (ins is FromInstruction && seenInstruction)
                    {
                        sb.Append('\n');
                    }

                    // Comments inside a continuation are hoisted above the instruction.
                    foreach (var line in ins.RawText.Split('\n').Skip(1))
                    {
                        var t = GoText.TrimLeftSpace(line.AsSpan().TrimEnd('\r'), latin1);
                        if (t.Length > 0 && t[0] == '#' && ins.Heredocs.Count == 0)
                        {
                            pendingComments.Add(GoText.TrimSpace(t[1..], latin1).ToString());
                        }
                    }

                    FlushComments(sb, pendingComments, ref firstElement, document);
                    firstElement = false;
                    seenInstruction = true;
                    var start = sb.Length;
                    AppendInstruction(sb, ins.Node, latin1, document.EscapeToken);
                    if (ins.Node.Value.Length > 0 && EndsWithContinuation(sb, start, document.EscapeToken))
                    {
                        // The source ended this line with the escape char followed by a space the parser trims but
                        // the continuation rule ignores (\r, \v, \f). Printed bare, the escape would join the next line.
                        sb.Append('\f');
                    }

                    sb.Append('\n');
                    foreach (var hd in ins.Node.Heredocs)
                    {
                        sb.Append(hd.Content).Append(hd.Name).Append('\n');
                    }

                    break;
                default:
                    break;
            }
        }

        FlushComments(sb, pendingComments, ref firstElement, document);
        if (sb.Length > 0 && (sb[0] == '\uFEFF' || (latin1 && sb.ToString().StartsWith("\u00EF\u00BB\u00BF", StringComparison.Ordinal))))
        {
            // A leading BOM would be stripped on re-parse; keep it off the first line.
            sb.Insert(0, '\n');
        }

        return sb.ToString();
    }

    /// <summary>Whether the last printed line would be read as continued (escape, then only spaces/tabs, escape not doubled).</summary>
    private static bool EndsWithContinuation(StringBuilder sb, int start, char escape)
    {
        var e = sb.Length;
        while (e > start && sb[e - 1] is ' ' or '\t')
        {
            e--;
        }

        return e > start && sb[e - 1] == escape && (e - 1 == start || sb[e - 2] != escape);
    }

    /// <summary>Parses then prints canonically.</summary>
    public static string Canonicalize(string text) => Print(DockerfileParser.Parse(text));

    private static void FlushComments(StringBuilder sb, List<string> comments, ref bool firstElement, DockerfileDocument document)
    {
        if (comments.Count == 0)
        {
            return;
        }

        if (firstElement)
        {
            // Keep comments from being read as parser directives.
            if (document.Directives.Count > 0 || sb.Length == 0)
            {
                sb.Append('\n');
            }

            firstElement = false;
        }

        foreach (var c in comments)
        {
            sb.Append(c.Length == 0 ? "#" : "# " + c).Append('\n');
        }

        comments.Clear();
    }

    private static string Keyword(string value)
    {
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= 'a' and <= 'z')
            {
                chars[i] = (char)(chars[i] - 32);
            }
        }

        return new string(chars);
    }

    internal static void AppendInstruction(StringBuilder sb, BuildKitNode node, bool latin1, char escape)
    {
        if (node.Value.Length == 0)
        {
            sb.Append(escape);
            return;
        }

        var keyword = node.Value.ToLowerInvariant();
        sb.Append(Keyword(node.Value));
        if (!latin1 && !FlagsAreValidUtf8(node))
        {
            // BuildKit splits flags on bytes, so a Unicode space byte inside a multi-byte char (U+0085 = C2 85)
            // ends a flag mid-character. Such a flag has no UTF-8 spelling of its own: keep the line as written.
            var original = GoText.TrimSpace(node.Original, latin1);
            sb.Append(original[Math.Min(node.Value.Length, original.Length)..]);
            return;
        }

        foreach (var f in node.Flags)
        {
            sb.Append(' ').Append(QuoteFlag(GoText.NarrowBytes(f, latin1)));
        }

        var args = new StringBuilder();
        switch (keyword)
        {
            case "onbuild":
                if (node.Next is { Children.Count: > 0 } holder)
                {
                    AppendInstruction(args, holder.Children[0], latin1, escape);
                }

                break;
            case "env":
            case "label":
                {
                    var values = node.Arguments;
                    var pairs = values.Count / 3;
                    if (pairs == 1 && values[2].Length == 0)
                    {
                        args.Append(values[0]).Append(' ').Append(values[1]);
                        break;
                    }

                    for (var i = 0; i < pairs; i++)
                    {
                        if (i > 0)
                        {
                            args.Append(' ').Append(escape).Append("\n    ");
                        }

                        args.Append(values[3 * i]).Append('=').Append(values[(3 * i) + 1]);
                    }

                    break;
                }

            case "arg":
                {
                    var values = node.Arguments;
                    for (var i = 0; i < values.Count; i++)
                    {
                        if (i > 0)
                        {
                            args.Append(' ').Append(escape).Append("\n    ");
                        }

                        args.Append(values[i]);
                    }

                    break;
                }

            case "healthcheck":
                if (node.Next is not null)
                {
                    args.Append(node.Next.Value);
                    if (node.Next.Next is not null || node.IsJson)
                    {
                        args.Append(' ');
                        AppendCommand(args, node.Next.Next, node.IsJson);
                    }
                }

                break;
            case "run":
            case "cmd":
            case "entrypoint":
            case "shell":
            case "maintainer":
            case "stopsignal":
            case "user":
            case "workdir":
                AppendCommand(args, node.Next, node.IsJson);
                break;
            case "add":
            case "copy":
            case "volume":
            case "from":
            case "expose":
                if (node.IsJson)
                {
                    AppendCommand(args, node.Next, true);
                }
                else
                {
                    args.AppendJoin(' ', node.Arguments);
                    if (keyword is "add" or "copy" or "volume" && LooksLikeJson(args.ToString()))
                    {
                        // Whitespace mattered for the JSON attempt: keep the original argument text.
                        args.Clear().Append(OriginalArgs(node, latin1));
                    }
                }

                break;
            default:
                args.Append(OriginalArgs(node, latin1));
                break;
        }

        if (args.Length == 0 && GoText.IsSpace(node.Value[^1], latin1))
        {
            // The keyword was split on ASCII whitespace only, so it can end in a Unicode space (U+0085, U+00A0...);
            // alone at the end of a line that space would be trimmed. An empty "--" flag terminator keeps it.
            sb.Append(" --");
        }

        if (args.Length > 0)
        {
            sb.Append(' ');
            if (args.Length >= 2 && args[0] == '-' && args[1] == '-')
            {
                sb.Append("-- ");
            }

            sb.Append(args);
        }
    }

    private static bool FlagsAreValidUtf8(BuildKitNode node)
    {
        foreach (var f in node.Flags)
        {
            if (f.Any(c => c >= 0x80))
            {
                var bytes = new byte[f.Length];
                for (var i = 0; i < f.Length; i++)
                {
                    if (f[i] > 0xFF)
                    {
                        return true;
                    }

                    bytes[i] = (byte)f[i];
                }

                if (!System.Text.Unicode.Utf8.IsValid(bytes))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool LooksLikeJson(string s)
    {
        var t = s.TrimStart();
        return t.Length > 0 && t[0] == '[' && GoJson.ParseStringArray(t, out _) != JsonArrayResult.NotJson;
    }

    private static string OriginalArgs(BuildKitNode node, bool latin1)
    {
        _ = latin1;
        return node.ArgumentText;
    }

    private static void AppendCommand(StringBuilder sb, BuildKitNode? first, bool isJson)
    {
        if (!isJson)
        {
            if (first is not null)
            {
                sb.Append(first.Value);
            }

            return;
        }

        sb.Append('[');
        var i = 0;
        for (var n = first; n is not null; n = n.Next)
        {
            if (i++ > 0)
            {
                sb.Append(", ");
            }

            AppendJsonString(sb, n.Value);
        }

        sb.Append(']');
    }

    private static void AppendJsonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || char.IsSurrogate(c) || c is '\u0085' or '\u00A0' or '\u2028' or '\u2029')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    private static string QuoteFlag(string flag)
    {
        var needs = false;
        foreach (var c in flag)
        {
            if (c is '"' or '\'' or '\\' || GoText.IsSpace(c) || c >= 0x80)
            {
                needs = c < 0x80 || GoText.IsSpace(c);
                if (needs)
                {
                    break;
                }
            }
        }

        if (!needs || flag.Length < 2)
        {
            return flag;
        }

        var sb = new StringBuilder("--\"");
        foreach (var c in flag.AsSpan(2))
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append('"').ToString();
    }
}
