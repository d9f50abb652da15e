using System.Text;

namespace InfraDedup.Core.Scripts;

/// <summary>Quote removal for shell words whose value is known without running anything.</summary>
public static class ShellWords
{
    /// <summary>
    /// The word's value after quote removal, or null when it contains an expansion (<c>$x</c>, <c>$(...)</c>,
    /// backticks, arithmetic, a leading <c>~</c>) or is not a word. Globs are returned as written.
    /// </summary>
    public static string? GetLiteralValue(ShellToken token)
    {
        if (token.Kind != ShellTokenKind.Word)
        {
            return null;
        }

        var s = token.Source;
        if (token.IsPlainWord)
        {
            return s[token.Span.Offset] == '~' ? null : s.Substring(token.Span.Offset, token.Span.Length);
        }

        var parts = token.Parts;
        if (parts.Count == 1 && parts[0].Kind == ShellWordPartKind.Literal)
        {
            return s[parts[0].Offset] == '~' ? null : s.Substring(parts[0].Offset, parts[0].Length);
        }

        if (HasExpansion(parts) || (parts.Count > 0 && parts[0].Kind == ShellWordPartKind.Literal && s[parts[0].Offset] == '~'))
        {
            return null; // decided before any text is copied: most quoted words of a script hold an expansion
        }

        var sb = _threadBuilder ??= new StringBuilder(64);
        sb.Clear();
        foreach (var p in parts)
        {
            AppendValue(sb, s, p); // true for every part: none expands
        }

        var value = sb.ToString();
        if (sb.Capacity > MaxKeptBuilder)
        {
            _threadBuilder = null; // one huge word must not pin its buffer
        }

        return value;
    }

    /// <summary>The builder <see cref="GetLiteralValue"/> reuses on this thread (it runs for every word of every script).</summary>
    [ThreadStatic]
    private static StringBuilder? _threadBuilder;

    private const int MaxKeptBuilder = 4096;

    /// <summary>
    /// <see cref="GetLiteralValue"/> as memory: a plain unquoted word (most words) is the part of the source it is
    /// written in, so no string is made; other static words are their value's string. False when there is no value.
    /// </summary>
    internal static bool TryGetLiteralValue(ShellToken token, out ReadOnlyMemory<char> value)
    {
        if (token.IsPlainWord && token.Source[token.Span.Offset] != '~')
        {
            value = token.Source.AsMemory(token.Span.Offset, token.Span.Length);
            return true;
        }

        if (token.Kind == ShellTokenKind.Word && token.Parts is [{ Kind: ShellWordPartKind.Literal } literal] && token.Source[literal.Offset] != '~')
        {
            value = token.Source.AsMemory(literal.Offset, literal.Length);
            return true;
        }

        var text = GetLiteralValue(token);
        value = text.AsMemory();
        return text is not null;
    }

    /// <summary>True when <see cref="GetLiteralValue"/> would return a value.</summary>
    public static bool IsStatic(ShellToken token) => token.IsPlainWord
        ? token.Source[token.Span.Offset] != '~'
        : token.Kind == ShellTokenKind.Word && !HasExpansion(token.Parts) &&
            !(token.Parts.Count > 0 && token.Parts[0].Kind == ShellWordPartKind.Literal && token.Source[token.Parts[0].Offset] == '~');

    /// <summary>True when any part (or a part nested in double quotes) expands at run time.</summary>
    public static bool HasExpansion(IReadOnlyList<ShellWordPart> parts)
    {
        foreach (var p in parts)
        {
            if (p.IsExpansion || p.Kind == ShellWordPartKind.ArrayLiteral || HasExpansion(p.Children))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AppendValue(StringBuilder sb, string s, ShellWordPart p)
    {
        switch (p.Kind)
        {
            case ShellWordPartKind.Literal:
            case ShellWordPartKind.SingleQuoted:
                sb.Append(s, p.ContentOffset, p.ContentLength);
                return true;
            case ShellWordPartKind.Escape:
                if (s[p.ContentOffset] != '\n')
                {
                    sb.Append(s[p.ContentOffset]);
                }

                return true;
            case ShellWordPartKind.DoubleQuoted:
            case ShellWordPartKind.LocaleQuoted:
                foreach (var c in p.Children)
                {
                    if (!AppendValue(sb, s, c))
                    {
                        return false;
                    }
                }

                return true;
            case ShellWordPartKind.AnsiCQuoted:
                AppendAnsiC(sb, s.AsSpan(p.ContentOffset, p.ContentLength));
                return true;
            default:
                return false;
        }
    }

    private static void AppendAnsiC(StringBuilder sb, ReadOnlySpan<char> t)
    {
        var i = 0;
        while (i < t.Length)
        {
            var c = t[i];
            if (c != '\\' || i + 1 >= t.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }

            var e = t[i + 1];
            i += 2;
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'e' or 'E': sb.Append('\u001b'); break;
                case 'x':
                    i = AppendCode(sb, t, i, 2, 16);
                    break;
                case 'u':
                    i = AppendCode(sb, t, i, 4, 16);
                    break;
                case 'U':
                    i = AppendCode(sb, t, i, 8, 16);
                    break;
                case >= '0' and <= '7':
                    i = AppendCode(sb, t, i - 1, 3, 8);
                    break;
                case '\\' or '\'' or '"' or '?':
                    sb.Append(e);
                    break;
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }
    }

    private static int AppendCode(StringBuilder sb, ReadOnlySpan<char> t, int i, int maxDigits, int radix)
    {
        var value = 0;
        var n = 0;
        while (n < maxDigits && i + n < t.Length)
        {
            var d = HexValue(t[i + n]);
            if (d < 0 || d >= radix)
            {
                break;
            }

            value = (value * radix) + d;
            n++;
        }

        if (n == 0)
        {
            sb.Append('\\').Append(radix == 8 ? string.Empty : (maxDigits == 2 ? "x" : maxDigits == 4 ? "u" : "U"));
            return i;
        }

        if (value is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
        {
            sb.Append(char.ConvertFromUtf32(value));
        }
        else
        {
            sb.Append('\uFFFD');
        }

        return i + n;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

}
