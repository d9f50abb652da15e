using System.Text;

namespace InfraDedup.Core.Dockerfiles;

/// <summary>Outcome of BuildKit's attempt to read exec-form (JSON array) arguments.</summary>
internal enum JsonArrayResult
{
    /// <summary>A valid JSON array made only of strings.</summary>
    Ok,

    /// <summary>Not JSON (or not an array): BuildKit falls back to shell form.</summary>
    NotJson,

    /// <summary>Valid JSON array holding a non-string: BuildKit reports an error.</summary>
    NotStringArray,
}

/// <summary>A small strict JSON reader following Go's <c>encoding/json</c> acceptance rules.</summary>
internal ref struct GoJson
{
    private readonly ReadOnlySpan<char> _s;
    private int _pos;
    private int _depth;

    private GoJson(ReadOnlySpan<char> s)
    {
        _s = s;
        _pos = 0;
        _depth = 0;
    }

    private static readonly System.Buffers.SearchValues<char> StringSpecials = System.Buffers.SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    /// <summary>Parses <paramref name="text"/> (already known to start with '[') as Go json.Unmarshal into []any would.</summary>
    public static JsonArrayResult ParseStringArray(string text, out List<string> values)
    {
        values = [];
        return ParseStringArray(text.AsSpan(), values);
    }

    /// <summary>As <see cref="ParseStringArray(string, out List{string})"/>, appending the strings to <paramref name="values"/>.</summary>
    public static JsonArrayResult ParseStringArray(ReadOnlySpan<char> text, List<string> values)
    {
        var p = new GoJson(text);
        p.SkipWs();
        if (p._pos >= p._s.Length || p._s[p._pos] != '[')
        {
            return JsonArrayResult.NotJson;
        }

        var allStrings = true;
        p._pos++;
        p.SkipWs();
        if (p.Peek() == ']')
        {
            p._pos++;
        }
        else
        {
            while (true)
            {
                p.SkipWs();
                if (p.Peek() == '"')
                {
                    if (!p.ReadString(out var str))
                    {
                        return JsonArrayResult.NotJson;
                    }

                    values.Add(str);
                }
                else
                {
                    allStrings = false;
                    if (!p.SkipValue())
                    {
                        return JsonArrayResult.NotJson;
                    }
                }

                p.SkipWs();
                var c = p.Peek();
                if (c == ',')
                {
                    p._pos++;
                    continue;
                }

                if (c == ']')
                {
                    p._pos++;
                    break;
                }

                return JsonArrayResult.NotJson;
            }
        }

        p.SkipWs();
        if (p._pos != p._s.Length)
        {
            return JsonArrayResult.NotJson;
        }

        return allStrings ? JsonArrayResult.Ok : JsonArrayResult.NotStringArray;
    }

    private readonly int Peek() => _pos < _s.Length ? _s[_pos] : -1;

    private void SkipWs()
    {
        while (_pos < _s.Length && _s[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    private bool SkipValue()
    {
        SkipWs();
        var c = Peek();
        switch (c)
        {
            case '"':
                return ReadString(out _);
            case '[':
            case '{':
                {
                    if (++_depth > 10000)
                    {
                        return false;
                    }

                    var close = c == '[' ? ']' : '}';
                    _pos++;
                    SkipWs();
                    if (Peek() == close)
                    {
                        _pos++;
                        _depth--;
                        return true;
                    }

                    while (true)
                    {
                        SkipWs();
                        if (c == '{')
                        {
                            if (Peek() != '"' || !ReadString(out _))
                            {
                                return false;
                            }

                            SkipWs();
                            if (Peek() != ':')
                            {
                                return false;
                            }

                            _pos++;
                        }

                        if (!SkipValue())
                        {
                            return false;
                        }

                        SkipWs();
                        var n = Peek();
                        if (n == ',')
                        {
                            _pos++;
                            continue;
                        }

                        if (n == close)
                        {
                            _pos++;
                            _depth--;
                            return true;
                        }

                        return false;
                    }
                }

            case 't':
                return Literal("true");
            case 'f':
                return Literal("false");
            case 'n':
                return Literal("null");
            default:
                return Number();
        }
    }

    private bool Literal(string lit)
    {
        if (_s[_pos..].StartsWith(lit, StringComparison.Ordinal))
        {
            _pos += lit.Length;
            return true;
        }

        return false;
    }

    private bool Number()
    {
        if (Peek() == '-')
        {
            _pos++;
        }

        if (Peek() == '0')
        {
            _pos++;
        }
        else if (Peek() is >= '1' and <= '9')
        {
            while (Peek() is >= '0' and <= '9')
            {
                _pos++;
            }
        }
        else
        {
            return false;
        }

        if (Peek() == '.')
        {
            _pos++;
            if (Peek() is not (>= '0' and <= '9'))
            {
                return false;
            }

            while (Peek() is >= '0' and <= '9')
            {
                _pos++;
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            if (Peek() is not (>= '0' and <= '9'))
            {
                return false;
            }

            while (Peek() is >= '0' and <= '9')
            {
                _pos++;
            }
        }

        return true;
    }

    private static int HexVal(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private bool ReadHex4(out int value)
    {
        value = 0;
        if (_pos + 4 > _s.Length)
        {
            return false;
        }

        for (var k = 0; k < 4; k++)
        {
            var h = HexVal(_s[_pos + k]);
            if (h < 0)
            {
                return false;
            }

            value = (value << 4) | h;
        }

        _pos += 4;
        return true;
    }

    private bool ReadString(out string value)
    {
        value = string.Empty;
        _pos++; // opening quote

        // Fast path: no escape and no control character before the closing quote.
        var special = _s[_pos..].IndexOfAny(StringSpecials);
        if (special >= 0 && _s[_pos + special] == '"')
        {
            value = _s.Slice(_pos, special).ToString();
            _pos += special + 1;
            return true;
        }

        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _s.Length)
            {
                return false;
            }

            var c = _s[_pos];
            if (c == '"')
            {
                _pos++;
                value = sb.ToString();
                return true;
            }

            if (c < 0x20)
            {
                return false;
            }

            if (c != '\\')
            {
                sb.Append(c);
                _pos++;
                continue;
            }

            _pos++;
            if (_pos >= _s.Length)
            {
                return false;
            }

            var e = _s[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (!ReadHex4(out var u))
                    {
                        return false;
                    }

                    if (u is >= 0xD800 and < 0xDC00)
                    {
                        // A high surrogate only pairs with an immediately following \uDC00-\uDFFF escape.
                        var save = _pos;
                        if (_pos + 1 < _s.Length && _s[_pos] == '\\' && _s[_pos + 1] == 'u')
                        {
                            _pos += 2;
                            if (ReadHex4(out var low) && low is >= 0xDC00 and < 0xE000)
                            {
                                sb.Append((char)u).Append((char)low);
                                break;
                            }
                        }

                        _pos = save;
                        sb.Append('\uFFFD');
                    }
                    else if (u is >= 0xDC00 and < 0xE000)
                    {
                        sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append((char)u);
                    }

                    break;
                default:
                    return false;
            }
        }
    }
}
