using System.Text;

namespace InfraDedup.Core.Dockerfiles;

/// <summary>Helpers that reproduce the Go standard library behaviour BuildKit relies on.</summary>
internal static class GoText
{
    /// <summary>Go <c>unicode.IsSpace</c> for a UTF-16 code unit (no whitespace lives outside the BMP).</summary>
    public static bool IsSpace(char c, bool asciiOnly = false) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' => true,
        _ when asciiOnly => false,
        '\u0085' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };

    /// <summary>The ASCII whitespace class <c>[\t\v\f\r ]</c> used by BuildKit's <c>reWhitespace</c>.</summary>
    public static bool IsTokenWhitespace(char c) => c is '\t' or '\v' or '\f' or '\r' or ' ';

    public static ReadOnlySpan<char> TrimSpace(ReadOnlySpan<char> s, bool asciiOnly = false) => TrimRightSpace(TrimLeftSpace(s, asciiOnly), asciiOnly);

    public static ReadOnlySpan<char> TrimLeftSpace(ReadOnlySpan<char> s, bool asciiOnly = false)
    {
        var i = 0;
        while (i < s.Length && IsSpace(s[i], asciiOnly))
        {
            i++;
        }

        return s[i..];
    }

    public static ReadOnlySpan<char> TrimRightSpace(ReadOnlySpan<char> s, bool asciiOnly = false)
    {
        var e = s.Length;
        while (e > 0 && IsSpace(s[e - 1], asciiOnly))
        {
            e--;
        }

        return s[..e];
    }

    /// <summary>Splits like Go <c>regexp.MustCompile(`[\t\v\f\r ]+`).Split(s, n)</c>.</summary>
    public static List<string> SplitTokenWhitespace(string s, int n)
    {
        var result = new List<string>();
        var start = 0;
        var i = 0;
        while (i < s.Length)
        {
            if (n > 0 && result.Count == n - 1)
            {
                break;
            }

            if (IsTokenWhitespace(s[i]))
            {
                var j = i;
                while (j < s.Length && IsTokenWhitespace(s[j]))
                {
                    j++;
                }

                result.Add(s[start..i]);
                start = j;
                i = j;
                continue;
            }

            i++;
        }

        result.Add(s[start..]);
        return result;
    }

    /// <summary>Gets the bytes Go would see for a string in this document's encoding.</summary>
    public static byte[] ToGoBytes(string s, bool latin1) => latin1 ? Encoding.Latin1.GetBytes(s) : Encoding.UTF8.GetBytes(s);

    /// <summary>Go <c>strconv.Quote</c> of a string given as the bytes Go would hold.</summary>
    public static string Quote(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 2);
        AppendQuoted(sb, bytes);
        return sb.ToString();
    }

    public static string Quote(string s, bool latin1 = false) => Quote(ToGoBytes(s, latin1));

    public static void AppendQuoted(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append('"');
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                AppendRune(sb, b);
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                sb.Append("\\x").Append(Hex(b >> 4)).Append(Hex(b & 0xF));
                i++;
                continue;
            }

            AppendRune(sb, rune.Value);
            i += consumed;
        }

        sb.Append('"');
    }

    private static char Hex(int v) => (char)(v < 10 ? '0' + v : 'a' + v - 10);

    private static void AppendRune(StringBuilder sb, int r)
    {
        if (r == '"' || r == '\\')
        {
            sb.Append('\\').Append((char)r);
            return;
        }

        if (IsPrint(r))
        {
            sb.Append(new Rune(r).ToString());
            return;
        }

        switch (r)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
            default:
                break;
        }

        if (r < ' ' || r == 0x7F)
        {
            sb.Append("\\x").Append(Hex(r >> 4)).Append(Hex(r & 0xF));
        }
        else if (r < 0x10000)
        {
            sb.Append("\\u").Append(r.ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(r.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Go <c>strconv.IsPrint</c>: letters, marks, numbers, punctuation, symbols and ASCII space.</summary>
    public static bool IsPrint(int r)
    {
        if (r < 0x80)
        {
            return r >= 0x20 && r < 0x7F;
        }

        if (!Rune.IsValid(r))
        {
            return false;
        }

        var cat = Rune.GetUnicodeCategory(new Rune(r));
        return cat switch
        {
            System.Globalization.UnicodeCategory.SpaceSeparator or System.Globalization.UnicodeCategory.LineSeparator
                or System.Globalization.UnicodeCategory.ParagraphSeparator or System.Globalization.UnicodeCategory.Control
                or System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Surrogate
                or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned => false,
            _ => true,
        };
    }

    /// <summary>Go <c>strings.ToLower</c> applied to the bytes of the string (invalid bytes kept).</summary>
    public static byte[] ToLowerBytes(ReadOnlySpan<byte> bytes)
    {
        var output = new List<byte>(bytes.Length);
        var i = 0;
        Span<byte> tmp = stackalloc byte[4];
        while (i < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                output.Add(bytes[i]);
                i++;
                continue;
            }

            var lower = Rune.ToLowerInvariant(rune);
            var n = lower.EncodeToUtf8(tmp);
            for (var k = 0; k < n; k++)
            {
                output.Add(tmp[k]);
            }

            i += consumed;
        }

        return [.. output];
    }

    /// <summary>
    /// BuildKit's flag scanner reads bytes and widens each one to a rune, so every non-ASCII byte
    /// becomes the UTF-8 encoding of U+0080..U+00FF. This reproduces that on a document string.
    /// </summary>
    public static string WidenBytes(string s, bool latin1)
    {
        var needs = false;
        foreach (var c in s)
        {
            if (c >= 0x80)
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return s;
        }

        var bytes = ToGoBytes(s, latin1);
        var widened = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            widened.Append((char)b);
        }

        // widened now holds runes U+0000..U+00FF; express them in the document encoding.
        return latin1 ? Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(widened.ToString())) : widened.ToString();
    }

    /// <summary>Inverse of <see cref="WidenBytes"/> (used by the canonical printer).</summary>
    public static string NarrowBytes(string s, bool latin1)
    {
        var needs = false;
        foreach (var c in s)
        {
            if (c >= 0x80)
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return s;
        }

        var runes = latin1 ? Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(s)) : s;
        var bytes = new byte[runes.Length];
        for (var i = 0; i < runes.Length; i++)
        {
            bytes[i] = (byte)runes[i];
        }

        return latin1 ? Encoding.Latin1.GetString(bytes) : Encoding.UTF8.GetString(bytes);
    }
}
