using System.Text;

namespace InfraDedup.Core.Compose;

/// <summary>
/// Compose-style variable interpolation. Variables come only from <paramref name="variables"/> (the project's
/// <c>.env</c>; the process environment is never read): <c>${VAR:-default}</c> gives the value when set and
/// non-empty, else the default; <c>${VAR-default}</c> the value when set; <c>${VAR:+alt}</c> the alternative when
/// set; <c>$$</c> is a literal dollar; <c>${VAR}</c>, <c>$VAR</c> and <c>${VAR:?message}</c> without a value are
/// reported as unresolved.
/// </summary>
public static class ComposeInterpolation
{
    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Interpolates <paramref name="text"/> with every variable unset; returns null (and fills <paramref name="unresolved"/>) when some variable has no default.</summary>
    public static string? Interpolate(string text, List<string> unresolved) => Interpolate(text, unresolved, null, null);

    /// <summary>
    /// Interpolates <paramref name="text"/> with <paramref name="variables"/>; returns null (and fills
    /// <paramref name="unresolved"/>) when some variable has neither a value nor a default. Names of variables whose
    /// value was used go to <paramref name="used"/>.
    /// </summary>
    public static string? Interpolate(string text, List<string> unresolved, IReadOnlyDictionary<string, string>? variables, List<string>? used)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var before = unresolved.Count;
        var result = new Expander(variables ?? NoVariables, unresolved, used).Expand(text);
        return unresolved.Count > before ? null : result;
    }

    private readonly record struct Expander(IReadOnlyDictionary<string, string> Variables, List<string> Unresolved, List<string>? Used)
    {
        public string Expand(string text) => ExpandText(text, Unresolved, this);

        public bool TryGet(string name, out string value)
        {
            if (Variables.TryGetValue(name, out var v))
            {
                Used?.Add(name);
                value = v;
                return true;
            }

            value = string.Empty;
            return false;
        }
    }

    private static string ExpandText(string text, List<string> unresolved, Expander vars)
    {
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                var close = MatchingBrace(text, i + 1);
                if (close < 0)
                {
                    unresolved.Add(text[i..]);
                    return sb.ToString();
                }

                sb.Append(Braced(text[(i + 2)..close], unresolved, vars));
                i = close + 1;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNameChar(text[end]))
                {
                    end++;
                }

                var name = text[(i + 1)..end];
                if (vars.TryGet(name, out var value))
                {
                    sb.Append(value);
                }
                else
                {
                    unresolved.Add(name);
                }

                i = end;
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }

        return sb.ToString();
    }

    private static string Braced(string body, List<string> unresolved, Expander vars)
    {
        var end = 0;
        while (end < body.Length && IsNameChar(body[end]))
        {
            end++;
        }

        var name = body[..end];
        var rest = body[end..];
        var isSet = vars.TryGet(name, out var value);
        if (rest.StartsWith(":-", StringComparison.Ordinal))
        {
            return isSet && value.Length > 0 ? value : ExpandText(rest[2..], unresolved, vars);
        }

        if (rest.StartsWith('-'))
        {
            return isSet ? value : ExpandText(rest[1..], unresolved, vars);
        }

        if (rest.StartsWith(":+", StringComparison.Ordinal))
        {
            return isSet && value.Length > 0 ? ExpandText(rest[2..], unresolved, vars) : string.Empty;
        }

        if (rest.StartsWith('+'))
        {
            return isSet ? ExpandText(rest[1..], unresolved, vars) : string.Empty;
        }

        if (isSet && (rest.Length == 0 || rest.StartsWith(":?", StringComparison.Ordinal) || rest.StartsWith('?')))
        {
            return value;
        }

        unresolved.Add(name.Length > 0 ? name : body);
        return string.Empty;
    }

    /// <summary>
    /// Reads a compose <c>.env</c> file: <c>KEY=VALUE</c> lines (optional <c>export</c>, quotes, <c>#</c> comments);
    /// a value may use variables defined above it. Returns the variables and the 1-based line of each.
    /// </summary>
    public static (Dictionary<string, string> Values, Dictionary<string, int> Lines) ReadEnvFile(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !line[..eq].Trim().All(IsNameChar))
            {
                continue;
            }

            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            else if (value.IndexOf(" #", StringComparison.Ordinal) is var hash and >= 0)
            {
                value = value[..hash].TrimEnd();
            }

            var unresolved = new List<string>();
            values[key] = Interpolate(value, unresolved, values, null) ?? value;
            lines[key] = number;
        }

        return (values, lines);
    }

    private static int MatchingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
