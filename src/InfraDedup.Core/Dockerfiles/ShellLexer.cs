using System.Text;
using System.Text.RegularExpressions;

namespace InfraDedup.Core.Dockerfiles;

/// <summary>
/// Word processor with the semantics of BuildKit's Dockerfile shell lexer: quotes, escapes,
/// <c>$var</c>/<c>${var...}</c> substitution and word splitting after substitution.
/// </summary>
internal sealed class ShellLexer
{
    private readonly char _escape;
    private Func<string, string?> _lookup = static _ => null;
    private string _src = string.Empty;
    private int _pos;
    private bool _rawEscapes;

    public ShellLexer(char escapeToken) => _escape = escapeToken;

    public bool RawQuotes { get; init; }

    public bool RawEscapes { get; init; }

    public bool SkipProcessQuotes { get; init; }

    public bool SkipUnsetEnv { get; init; }

    /// <summary>Processes <paramref name="word"/>; on failure returns false and sets <paramref name="error"/>.</summary>
    public bool TryProcess(string word, Func<string, string?> lookup, out string result, out List<string> words, out string? error)
    {
        _lookup = lookup;
        _src = word;
        _pos = 0;
        _rawEscapes = RawEscapes;
        try
        {
            (result, words) = ProcessStopOn(-1, RawEscapes);
            error = null;
            return true;
        }
        catch (ShellSyntaxException ex)
        {
            result = string.Empty;
            words = [];
            error = "failed to process " + GoText.Quote(word) + ": " + ex.Message;
            return false;
        }
    }

    private sealed class ShellSyntaxException(string message) : Exception(message);

    private int Peek()
    {
        if (_pos >= _src.Length)
        {
            return -1;
        }

        var c = _src[_pos];
        if (char.IsHighSurrogate(c) && _pos + 1 < _src.Length && char.IsLowSurrogate(_src[_pos + 1]))
        {
            return char.ConvertToUtf32(c, _src[_pos + 1]);
        }

        return char.IsSurrogate(c) ? 0xFFFD : c;
    }

    private int Next()
    {
        var r = Peek();
        if (r < 0)
        {
            return r;
        }

        _pos += r > 0xFFFF ? 2 : 1;
        return r;
    }

    private static void AppendRune(StringBuilder sb, int r)
    {
        if (r <= 0xFFFF)
        {
            sb.Append((char)r);
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(r));
        }
    }

    private static bool IsSpaceRune(int r) => r <= 0xFFFF && GoText.IsSpace((char)r);

    private sealed class Words
    {
        private readonly StringBuilder _buf = new();
        private bool _inWord;

        public List<string> List { get; } = [];

        public void AddChar(int ch)
        {
            if (IsSpaceRune(ch) && _inWord)
            {
                if (_buf.Length != 0)
                {
                    List.Add(_buf.ToString());
                    _buf.Clear();
                    _inWord = false;
                }
            }
            else if (!IsSpaceRune(ch))
            {
                AddRawChar(ch);
            }
        }

        public void AddRawChar(int ch)
        {
            AppendRune(_buf, ch);
            _inWord = true;
        }

        public void AddString(string s)
        {
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    AddChar(char.ConvertToUtf32(c, s[i + 1]));
                    i++;
                }
                else
                {
                    AddChar(c);
                }
            }
        }

        public void AddRawString(string s)
        {
            _buf.Append(s);
            _inWord = true;
        }

        public List<string> GetWords()
        {
            if (_buf.Length > 0)
            {
                List.Add(_buf.ToString());
                _buf.Clear();
                _inWord = false;
            }

            return List;
        }
    }

    private (string Result, List<string> Words) ProcessStopOn(int stopChar, bool rawEscapes)
    {
        var result = new StringBuilder();
        var words = new Words();
        var saved = _rawEscapes;
        _rawEscapes = rawEscapes;
        try
        {
            while (Peek() != -1)
            {
                var ch = Peek();
                if (stopChar != -1 && ch == stopChar)
                {
                    Next();
                    return (result.ToString(), words.GetWords());
                }

                if (ch == '$' || (!SkipProcessQuotes && (ch == '\'' || ch == '"')))
                {
                    var tmp = ch switch
                    {
                        '$' => ProcessDollar(),
                        '\'' => ProcessSingleQuote(),
                        _ => ProcessDoubleQuote(),
                    };
                    result.Append(tmp);
                    if (ch == '$')
                    {
                        words.AddString(tmp);
                    }
                    else
                    {
                        words.AddRawString(tmp);
                    }

                    continue;
                }

                ch = Next();
                if (ch == _escape)
                {
                    if (_rawEscapes)
                    {
                        words.AddRawChar(ch);
                        AppendRune(result, ch);
                    }

                    ch = Next();
                    if (ch == -1)
                    {
                        break;
                    }

                    words.AddRawChar(ch);
                }
                else
                {
                    words.AddChar(ch);
                }

                AppendRune(result, ch);
            }

            if (stopChar != -1)
            {
                throw new ShellSyntaxException("unexpected end of statement while looking for matching " + char.ConvertFromUtf32(stopChar));
            }

            return (result.ToString(), words.GetWords());
        }
        finally
        {
            _rawEscapes = saved;
        }
    }

    private string ProcessSingleQuote()
    {
        var sb = new StringBuilder();
        var ch = Next();
        if (RawQuotes)
        {
            AppendRune(sb, ch);
        }

        while (true)
        {
            ch = Next();
            if (ch == -1)
            {
                throw new ShellSyntaxException("unexpected end of statement while looking for matching single-quote");
            }

            if (ch == '\'')
            {
                if (RawQuotes)
                {
                    AppendRune(sb, ch);
                }

                return sb.ToString();
            }

            AppendRune(sb, ch);
        }
    }

    private string ProcessDoubleQuote()
    {
        var sb = new StringBuilder();
        var ch = Next();
        if (RawQuotes)
        {
            AppendRune(sb, ch);
        }

        while (true)
        {
            var p = Peek();
            if (p == -1)
            {
                throw new ShellSyntaxException("unexpected end of statement while looking for matching double-quote");
            }

            if (p == '"')
            {
                Next();
                if (RawQuotes)
                {
                    sb.Append('"');
                }

                return sb.ToString();
            }

            if (p == '$')
            {
                sb.Append(ProcessDollar());
                continue;
            }

            ch = Next();
            if (ch == _escape)
            {
                if (_rawEscapes)
                {
                    AppendRune(sb, ch);
                }

                var n = Peek();
                if (n == -1)
                {
                    continue;
                }

                if (n == '"' || n == '$' || n == _escape)
                {
                    ch = Next();
                }
            }

            AppendRune(sb, ch);
        }
    }

    private string? GetEnv(string name) => _lookup(name);

    private string ProcessDollar()
    {
        Next();
        if (Peek() != '{')
        {
            var name = ProcessName();
            if (name.Length == 0)
            {
                return "$";
            }

            var v = GetEnv(name);
            if (v is null && SkipUnsetEnv)
            {
                return "$" + name;
            }

            return v ?? string.Empty;
        }

        Next();
        switch (Peek())
        {
            case -1:
                throw new ShellSyntaxException("syntax error: missing '}'");
            case '{':
            case '}':
            case ':':
                throw new ShellSyntaxException("syntax error: bad substitution");
            default:
                break;
        }

        var varName = ProcessName();
        var ch = Next();
        var chs = ch == -1 ? "\uFFFD" : char.ConvertFromUtf32(ch);
        var nullIsUnset = false;
        switch (ch)
        {
            case '}':
                {
                    var v = GetEnv(varName);
                    if (v is null && SkipUnsetEnv)
                    {
                        return "${" + varName + "}";
                    }

                    return v ?? string.Empty;
                }

            case ':':
            case '+':
            case '-':
            case '?':
            case '#':
            case '%':
                {
                    if (ch == ':')
                    {
                        nullIsUnset = true;
                        ch = Next();
                        chs += ch == -1 ? "\uFFFD" : char.ConvertFromUtf32(ch);
                    }

                    var rawEsc = ch is '#' or '%';
                    if (nullIsUnset && rawEsc)
                    {
                        throw new ShellSyntaxException("unsupported modifier (" + chs + ") in substitution");
                    }

                    string word;
                    try
                    {
                        word = ProcessStopOn('}', rawEsc).Result;
                    }
                    catch (ShellSyntaxException) when (Peek() == -1)
                    {
                        throw new ShellSyntaxException("syntax error: missing '}'");
                    }

                    var value = GetEnv(varName);
                    var set = value is not null;
                    value ??= string.Empty;
                    if (SkipUnsetEnv && !set)
                    {
                        return "${" + varName + chs + word + "}";
                    }

                    switch (ch)
                    {
                        case '-':
                            return !set || (nullIsUnset && value.Length == 0) ? word : value;
                        case '+':
                            return !set || (nullIsUnset && value.Length == 0) ? string.Empty : word;
                        case '?':
                            if (!set)
                            {
                                throw new ShellSyntaxException(varName + ": " + (word.Length != 0 ? word : "is not allowed to be unset"));
                            }

                            if (nullIsUnset && value.Length == 0)
                            {
                                throw new ShellSyntaxException(varName + ": " + (word.Length != 0 ? word : "is not allowed to be empty"));
                            }

                            return value;
                        case '%':
                        case '#':
                            {
                                var greedy = false;
                                if (word.Length > 0 && word[0] == ch)
                                {
                                    greedy = true;
                                    word = word[1..];
                                }

                                return ch == '%' ? TrimSuffix(word, value, greedy) : TrimPrefix(word, value, greedy);
                            }

                        default:
                            throw new ShellSyntaxException("unsupported modifier (" + chs + ") in substitution");
                    }
                }

            case '/':
                {
                    var replaceAll = Peek() == '/';
                    if (replaceAll)
                    {
                        Next();
                    }

                    string pattern;
                    try
                    {
                        pattern = ProcessStopOn('/', true).Result;
                    }
                    catch (ShellSyntaxException) when (Peek() == -1)
                    {
                        throw new ShellSyntaxException("syntax error: missing '/' in ${}");
                    }

                    string replacement;
                    try
                    {
                        replacement = ProcessStopOn('}', true).Result;
                    }
                    catch (ShellSyntaxException) when (Peek() == -1)
                    {
                        throw new ShellSyntaxException("syntax error: missing '}'");
                    }

                    var value = GetEnv(varName);
                    if (SkipUnsetEnv && value is null)
                    {
                        return "${" + varName + "/" + pattern + "/" + replacement + "}";
                    }

                    value ??= string.Empty;
                    var re = PatternToRegex(pattern, true, false);
                    if (replaceAll)
                    {
                        return re.Replace(value, replacement.Replace("$", "$$", StringComparison.Ordinal));
                    }

                    var m = re.Match(value);
                    return m.Success ? string.Concat(value.AsSpan(0, m.Index), replacement, value.AsSpan(m.Index + m.Length)) : value;
                }

            default:
                throw new ShellSyntaxException("unsupported modifier (" + chs + ") in substitution");
        }
    }

    private string ProcessName()
    {
        var name = new StringBuilder();
        while (Peek() != -1)
        {
            var ch = Peek();
            if (name.Length == 0 && IsDigit(ch))
            {
                while (Peek() != -1 && IsDigit(Peek()))
                {
                    AppendRune(name, Next());
                }

                return name.ToString();
            }

            if (name.Length == 0 && ch is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
            {
                return char.ConvertFromUtf32(Next());
            }

            if (!IsLetter(ch) && !IsDigit(ch) && ch != '_')
            {
                break;
            }

            AppendRune(name, Next());
        }

        return name.ToString();
    }

    private static bool IsDigit(int r) => Rune.IsValid(r) && Rune.IsDigit(new Rune(r));

    private static bool IsLetter(int r) => Rune.IsValid(r) && Rune.IsLetter(new Rune(r));

    private static Regex PatternToRegex(string pattern, bool greedy, bool anchored)
    {
        var sb = new StringBuilder(pattern.Length + 4);
        if (anchored)
        {
            sb.Append('^');
        }

        var star = greedy ? ".*" : ".*?";
        for (var i = 0; i < pattern.Length; i++)
        {
            var tok = pattern[i];
            switch (tok)
            {
                case '*':
                    sb.Append(star);
                    continue;
                case '?':
                    sb.Append('.');
                    continue;
                case '\\':
                    {
                        var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
                        if (next is '}' or '/')
                        {
                            continue;
                        }

                        i++;
                        if (i >= pattern.Length || next is not ('*' or '?' or '\\'))
                        {
                            throw new ShellSyntaxException("invalid pattern (" + pattern + ") in substitution: invalid escape '\\" + (i < pattern.Length ? next.ToString() : "\uFFFD") + "'");
                        }

                        sb.Append('\\').Append(next);
                        continue;
                    }

                default:
                    break;
            }

            if (tok is '[' or ']' or '{' or '}' or '.' or '+' or '(' or ')' or '|' or '^' or '$')
            {
                sb.Append('\\').Append(tok);
            }
            else if (char.IsAsciiLetterOrDigit(tok) || tok >= 0x80 || tok == '_')
            {
                sb.Append(tok);
            }
            else
            {
                sb.Append(Regex.Escape(tok.ToString()));
            }
        }

        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }

    private static string TrimPrefix(string word, string value, bool greedy)
    {
        var m = PatternToRegex(word, greedy, true).Match(value);
        return m.Success ? value[(m.Index + m.Length)..] : value;
    }

    private static string ReversePattern(string pattern)
    {
        var output = new char[pattern.Length];
        var last = pattern.Length - 1;
        for (var i = 0; i <= last;)
        {
            var tok = pattern[i];
            var o = last - i;
            if (tok == '\\' && i != last)
            {
                output[o - 1] = tok;
                output[o] = pattern[i + 1];
                i += 2;
            }
            else
            {
                output[o] = tok;
                i++;
            }
        }

        return new string(output);
    }

    private static string Reverse(string s)
    {
        var arr = s.ToCharArray();
        Array.Reverse(arr);
        return new string(arr);
    }

    private static string TrimSuffix(string pattern, string word, bool greedy) =>
        Reverse(TrimPrefix(ReversePattern(pattern), Reverse(word), greedy));
}
