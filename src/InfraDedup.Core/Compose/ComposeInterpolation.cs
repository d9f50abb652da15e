using System.Text;

namespace InfraDedup.Core.Compose;

/// <summary>
/// Compose-style variable interpolation with every variable treated as unset: <c>${VAR:-default}</c> and
/// <c>${VAR-default}</c> give the default, <c>${VAR:+alt}</c> gives nothing, <c>$$</c> is a literal
/// dollar; <c>${VAR}</c>, <c>$VAR</c> and <c>${VAR:?message}</c> are reported as unresolved.
/// </summary>
public static class ComposeInterpolation
{
    /// <summary>Interpolates <paramref name="text"/>; returns null (and fills <paramref name="unresolved"/>) when some variable has no default.</summary>
    public static string? Interpolate(string text, List<string> unresolved)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var before = unresolved.Count;
        var result = Expand(text, unresolved);
        return unresolved.Count > before ? null : result;
    }

    private static string Expand(string text, List<string> unresolved)
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

                sb.Append(Braced(text[(i + 2)..close], unresolved));
                i = close + 1;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNameChar(text[end]))
                {
                    end++;
                }

                unresolved.Add(text[(i + 1)..end]);
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

    private static string Braced(string body, List<string> unresolved)
    {
        var end = 0;
        while (end < body.Length && IsNameChar(body[end]))
        {
            end++;
        }

        var name = body[..end];
        var rest = body[end..];
        if (rest.StartsWith(":-", StringComparison.Ordinal))
        {
            return Expand(rest[2..], unresolved);
        }

        if (rest.StartsWith('-'))
        {
            return Expand(rest[1..], unresolved);
        }

        if (rest.StartsWith(":+", StringComparison.Ordinal) || rest.StartsWith('+'))
        {
            return string.Empty;
        }

        unresolved.Add(name.Length > 0 ? name : body);
        return string.Empty;
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
