using System.Globalization;
using System.Text;

namespace InfraDedup.Core.Scripts;

/// <summary>Lexical class of a Python token (names follow the <c>tokenize</c> module).</summary>
public enum PythonTokenKind
{
    Name,
    Number,

    /// <summary>Any string literal with its prefix; an f-string (or t-string) is one token including its replacement fields.</summary>
    String,
    Comment,
    Op,

    /// <summary>End of a logical line.</summary>
    Newline,

    /// <summary>A line feed that does not end a logical line (blank/comment lines, inside brackets).</summary>
    NL,

    /// <summary>Zero-length; <see cref="PythonToken.Indentation"/> holds the new indentation.</summary>
    Indent,

    /// <summary>Zero-length; <see cref="PythonToken.Indentation"/> holds the indentation returned to.</summary>
    Dedent,

    /// <summary>Zero-length, always last.</summary>
    EndMarker,

    /// <summary>Anything that is not valid Python (stray characters, unterminated strings, lone backslashes).</summary>
    ErrorToken,

    /// <summary>Spaces, tabs and form feeds (also a leading byte-order mark).</summary>
    Whitespace,

    /// <summary>Backslash-newline joining physical lines.</summary>
    LineContinuation,
}

/// <summary>A Python token: kind and exact span in <see cref="Source"/>.</summary>
public readonly record struct PythonToken
{
    internal PythonToken(string source, PythonTokenKind kind, SourceSpan span, string? indentation = null)
    {
        Source = source;
        Kind = kind;
        Span = span;
        Indentation = indentation;
    }

    public PythonTokenKind Kind { get; }

    public SourceSpan Span { get; }

    /// <summary>The whole text that was tokenized.</summary>
    public string Source { get; }

    /// <summary>For <see cref="PythonTokenKind.Indent"/>/<see cref="PythonTokenKind.Dedent"/>: the indentation whitespace of the line.</summary>
    public string? Indentation { get; }

    public ReadOnlySpan<char> TextSpan => Source.AsSpan(Span.Offset, Span.Length);

    public string Text => Source.Substring(Span.Offset, Span.Length);

    public bool IsOp(string op) => Kind == PythonTokenKind.Op && TextSpan.SequenceEqual(op);

    public override string ToString() => $"{Kind} {Span} \"{Text}\"";
}

/// <summary>Result of <see cref="PythonTokenizer.Tokenize(string)"/>.</summary>
public sealed class PythonTokenization
{
    internal PythonTokenization(string source, IReadOnlyList<PythonToken> tokens, ScriptDiagnostic[] diagnostics)
    {
        Source = source;
        Tokens = tokens;
        Diagnostics = diagnostics;
    }

    public string Source { get; }

    /// <summary>All tokens in source order; their texts concatenate to the input exactly.</summary>
    public IReadOnlyList<PythonToken> Tokens { get; }

    public IReadOnlyList<ScriptDiagnostic> Diagnostics { get; }
}

/// <summary>Receives the tokens of <see cref="PythonTokenizer"/> in source order: kind and UTF-16 offsets in <c>source</c>.</summary>
internal interface IPythonTokenSink
{
    void Emit(string source, PythonTokenKind kind, int offset, int length, string? indentation);
}

/// <summary>
/// Like <see cref="IPythonTokenSink"/>, for text that is not a string (a decoded file in a reused buffer): the lexer
/// itself works on spans, and string sinks are adapted to this one.
/// </summary>
internal interface IPythonSpanTokenSink
{
    void Emit(ReadOnlySpan<char> source, PythonTokenKind kind, int offset, int length, string? indentation);
}

/// <summary>
/// Single-pass Python 3 tokenizer modelled on the <c>tokenize</c> module, plus whitespace and
/// line-continuation tokens so that the texts reproduce the input. Never throws.
/// </summary>
public static class PythonTokenizer
{
    internal static readonly string[] Ops3 = ["**=", "//=", ">>=", "<<=", "..."];
    internal static readonly string[] Ops2 =
    [
        "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
    ];

    public static PythonTokenization Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lexer = new Lexer<OverString<TokenList>>(text, new OverString<TokenList>(text, new TokenList(text)));
        lexer.Run();

        // The list itself is the result (no copy of what can be a million tokens).
        return new PythonTokenization(text, lexer.Sink.Inner.Tokens, lexer.Diagnostics.Resolve(text, 0, 1, 1));
    }

    /// <summary>
    /// Runs the same lexer as <see cref="Tokenize(string)"/> but hands each token to <paramref name="sink"/> as kind and
    /// offsets, in the same order: no token objects, no list, no line numbers (callers that only hash the token texts).
    /// </summary>
    internal static void Scan<TSink>(string text, ref TSink sink)
        where TSink : struct, IPythonTokenSink
    {
        var lexer = new Lexer<OverString<TSink>>(text, new OverString<TSink>(text, sink));
        lexer.Run();
        sink = lexer.Sink.Inner;
    }

    /// <summary>
    /// <see cref="Scan{TSink}(string, ref TSink)"/> over text that need not be a string: a caller that decodes files
    /// into a reused buffer lexes them without a string per file.
    /// </summary>
    internal static void Scan<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, IPythonSpanTokenSink
    {
        var lexer = new Lexer<TSink>(text, sink);
        lexer.Run();
        sink = lexer.Sink;
    }

    internal static bool IsIdStart(ReadOnlySpan<char> s, int i, out int width)
    {
        var c = s[i];
        width = 1;
        if (c < 128)
        {
            return c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';
        }

        if (Rune.DecodeFromUtf16(s.Slice(i), out var r, out width) != System.Buffers.OperationStatus.Done)
        {
            width = 1;
            return false;
        }

        return Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.LetterNumber;
    }

    internal static bool IsIdContinue(ReadOnlySpan<char> s, int i, out int width)
    {
        var c = s[i];
        width = 1;
        if (c < 128)
        {
            return c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
        }

        if (IsIdStart(s, i, out width))
        {
            return true;
        }

        if (Rune.DecodeFromUtf16(s.Slice(i), out var r, out width) != System.Buffers.OperationStatus.Done)
        {
            width = 1;
            return false;
        }

        return Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;
    }

    /// <summary>
    /// The length of the three- or two-character operator (<see cref="Ops3"/>, then <see cref="Ops2"/>) starting with
    /// <paramref name="c"/>, <paramref name="next"/>, <paramref name="third"/>, or 0: one switch instead of 24 prefix
    /// compares per operator character (the lexer's hottest branch on real Python).
    /// </summary>
    internal static int MultiCharOperatorLength(char c, char next, char third)
    {
        switch (c)
        {
            case '*' or '/' or '>' or '<' when next == c:
                return third == '=' ? 3 : 2; // **= //= >>= <<=, ** // >> <<
            case '.':
                return next == '.' && third == '.' ? 3 : 0;
            case '-' when next == '>':
                return 2;
            case '<' or '>' or '=' or '!' or ':' or '+' or '-' or '*' or '/' or '%' or '&' or '|' or '^' or '@' when next == '=':
                return 2;
            default:
                return 0;
        }
    }

    private static bool IsStringPrefix(ReadOnlySpan<char> name, out bool isFormat, out bool isRaw)
    {
        isFormat = false;
        isRaw = false;
        if (name.Length is 0 or > 2)
        {
            return false;
        }

        bool r = false, b = false, u = false, f = false;
        foreach (var ch in name)
        {
            switch (char.ToLowerInvariant(ch))
            {
                case 'r' when !r: r = true; break;
                case 'b' when !b: b = true; break;
                case 'u' when !u: u = true; break;
                case 'f' when !f: f = true; break;
                case 't' when !f: f = true; break; // t-strings (3.14) scan like f-strings
                default: return false;
            }
        }

        if ((u && name.Length > 1) || (b && f))
        {
            return false;
        }

        isFormat = f;
        isRaw = r;
        return true;
    }

    private static int CodePointAt(ReadOnlySpan<char> s, int i)
        => char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? char.ConvertToUtf32(s[i], s[i + 1]) : s[i];

    /// <summary>A string sink fed by the span lexer: it is handed the string the span was taken from.</summary>
    private struct OverString<TSink>(string text, TSink inner) : IPythonSpanTokenSink
        where TSink : struct, IPythonTokenSink
    {
        /// <summary>A field, not a property: the sink is a mutable struct updated in place.</summary>
        public TSink Inner = inner;

        public void Emit(ReadOnlySpan<char> source, PythonTokenKind kind, int offset, int length, string? indentation)
            => Inner.Emit(text, kind, offset, length, indentation);
    }

    /// <summary>The token objects of <see cref="Tokenize(string)"/>, with their line and column.</summary>
    private struct TokenList : IPythonTokenSink
    {
        private LineTracker _tracker;

        public TokenList(string source)
        {
            _tracker = new LineTracker(source, 0, 1, 1);

            // Python averages more than three characters a token (whitespace tokens included): sized once, the list
            // rarely grows (each growth copies every token so far).
            Tokens = new List<PythonToken>((source.Length / 3) + 16);
        }

        public List<PythonToken> Tokens { get; }

        public void Emit(string source, PythonTokenKind kind, int offset, int length, string? indentation)
            => Tokens.Add(new PythonToken(source, kind, _tracker.Span(offset, length), indentation));
    }

    /// <summary>The lexer, generic over where tokens go so that each sink gets its own compiled copy (no virtual call per token).</summary>
    private ref struct Lexer<TSink>
        where TSink : struct, IPythonSpanTokenSink
    {
        private readonly ReadOnlySpan<char> _s;
        private readonly int _n;
        private readonly List<(int Width, string Text)> _indents = [(0, "")];
        private readonly Stack<(char Open, int Offset)> _brackets = new();

        public Lexer(ReadOnlySpan<char> s, TSink sink)
        {
            _s = s;
            _n = s.Length;
            Sink = sink;
        }

        /// <summary>A field, not a property: the sink is a mutable struct updated in place.</summary>
        public TSink Sink;

        public DiagnosticBag Diagnostics { get; } = new();

        private void Emit(PythonTokenKind kind, int offset, int length, string? indentation = null)
            => Sink.Emit(_s, kind, offset, length, indentation);

        public void Run()
        {
            var i = 0;
            var atLineStart = true;
            var logicalLineHasTokens = false;
            if (_n > 0 && _s[0] == '\uFEFF')
            {
                Emit(PythonTokenKind.Whitespace, 0, 1);
                i = 1;
            }

            while (i < _n)
            {
                if (atLineStart)
                {
                    atLineStart = false;
                    if (_brackets.Count == 0 && !logicalLineHasTokens)
                    {
                        i = LineStart(i);
                        if (i >= _n)
                        {
                            break;
                        }
                    }
                }

                var c = _s[i];
                if (c is ' ' or '\t' or '\f')
                {
                    var j = i + 1;
                    while (j < _n && _s[j] is ' ' or '\t' or '\f')
                    {
                        j++;
                    }

                    Emit(PythonTokenKind.Whitespace, i, j - i);
                    i = j;
                    continue;
                }

                if (c is '\n' or '\r')
                {
                    var len = c == '\r' && i + 1 < _n && _s[i + 1] == '\n' ? 2 : 1;
                    if (_brackets.Count == 0 && logicalLineHasTokens)
                    {
                        Emit(PythonTokenKind.Newline, i, len);
                        logicalLineHasTokens = false;
                    }
                    else
                    {
                        Emit(PythonTokenKind.NL, i, len);
                    }

                    i += len;
                    atLineStart = true;
                    continue;
                }

                if (c == '#')
                {
                    var j = i;
                    while (j < _n && _s[j] is not '\n' and not '\r')
                    {
                        j++;
                    }

                    Emit(PythonTokenKind.Comment, i, j - i);
                    i = j;
                    continue;
                }

                if (c == '\\')
                {
                    var len = i + 1 < _n && _s[i + 1] == '\n' ? 2
                        : i + 1 < _n && _s[i + 1] == '\r' ? (i + 2 < _n && _s[i + 2] == '\n' ? 3 : 2)
                        : 0;
                    if (len > 0)
                    {
                        Emit(PythonTokenKind.LineContinuation, i, len);
                        i += len;
                        atLineStart = true; // the next line continues this logical line: no indentation check once it has tokens

                        continue;
                    }

                    Diagnostics.Add(i, "unexpected character after line continuation character");
                    Emit(PythonTokenKind.ErrorToken, i, 1);
                    i++;
                    logicalLineHasTokens = true;
                    continue;
                }

                logicalLineHasTokens = true;
                i = ScanToken(i);
            }

            var end = _n;
            if (logicalLineHasTokens)
            {
                Emit(PythonTokenKind.Newline, end, 0);
            }

            while (_indents.Count > 1)
            {
                _indents.RemoveAt(_indents.Count - 1);
                Emit(PythonTokenKind.Dedent, end, 0, _indents[^1].Text);
            }

            foreach (var (open, offset) in _brackets)
            {
                Diagnostics.Add(offset, $"'{open}' was never closed");
            }

            Emit(PythonTokenKind.EndMarker, end, 0);
        }

        /// <summary>Handles indentation at the start of a logical line; returns the position after the indentation.</summary>
        private int LineStart(int i)
        {
            var j = i;
            var width = 0;
            while (j < _n && _s[j] is ' ' or '\t' or '\f')
            {
                width = _s[j] switch
                {
                    '\t' => ((width / 8) + 1) * 8,
                    '\f' => 0,
                    _ => width + 1,
                };
                j++;
            }

            if (j > i)
            {
                Emit(PythonTokenKind.Whitespace, i, j - i);
            }

            // Blank lines, comment-only lines, continuation-only lines and the end of input do not change indentation.
            if (j >= _n || _s[j] is '\n' or '\r' or '#' || (_s[j] == '\\' && j + 1 < _n && _s[j + 1] is '\n' or '\r'))
            {
                return j;
            }

            var top = _indents[^1].Width;
            if (width > top)
            {
                var text = _s.Slice(i, j - i).ToString();
                _indents.Add((width, text));
                Emit(PythonTokenKind.Indent, j, 0, text);
            }
            else if (width < top)
            {
                while (_indents.Count > 1 && _indents[^1].Width > width)
                {
                    _indents.RemoveAt(_indents.Count - 1);
                    Emit(PythonTokenKind.Dedent, j, 0, _indents[^1].Text);
                }

                if (_indents[^1].Width != width)
                {
                    Diagnostics.Add(j, "unindent does not match any outer indentation level");
                    var text = _s.Slice(i, j - i).ToString();
                    _indents.Add((width, text));
                    Emit(PythonTokenKind.Indent, j, 0, text);
                }
            }

            return j;
        }

        private int ScanToken(int i)
        {
            var c = _s[i];
            if (IsIdStart(_s, i, out var w))
            {
                var j = i + w;
                while (j < _n && IsIdContinue(_s, j, out w))
                {
                    j += w;
                }

                if (j < _n && _s[j] is '\'' or '"' && IsStringPrefix(_s.Slice(i, j - i), out var isFormat, out var isRaw))
                {
                    return ScanString(i, j, isFormat, isRaw, emit: true);
                }

                Emit(PythonTokenKind.Name, i, j - i);
                return j;
            }

            if (c is >= '0' and <= '9' || (c == '.' && i + 1 < _n && _s[i + 1] is >= '0' and <= '9'))
            {
                return ScanNumber(i);
            }

            if (c is '\'' or '"')
            {
                return ScanString(i, i, false, false, emit: true);
            }

            return ScanOperator(i);
        }

        private int ScanOperator(int i)
        {
            var c = _s[i];
            var length = MultiCharOperatorLength(c, i + 1 < _n ? _s[i + 1] : '\0', i + 2 < _n ? _s[i + 2] : '\0');
            if (length > 0)
            {
                Emit(PythonTokenKind.Op, i, length);
                return i + length;
            }

            switch (c)
            {
                case '(' or '[' or '{':
                    _brackets.Push((c, i));
                    Emit(PythonTokenKind.Op, i, 1);
                    return i + 1;
                case ')' or ']' or '}':
                    {
                        var expected = c switch { ')' => '(', ']' => '[', _ => '{' };
                        if (_brackets.Count == 0)
                        {
                            Diagnostics.Add(i, $"unmatched '{c}'");
                        }
                        else
                        {
                            var (open, _) = _brackets.Pop();
                            if (open != expected)
                            {
                                Diagnostics.Add(i, $"closing '{c}' does not match '{open}'");
                            }
                        }

                        Emit(PythonTokenKind.Op, i, 1);
                        return i + 1;
                    }

                case '+' or '-' or '*' or '/' or '%' or '@' or '&' or '|' or '^' or '~' or '<' or '>' or ',' or ':' or ';'
                    or '.' or '=':
                    Emit(PythonTokenKind.Op, i, 1);
                    return i + 1;
                default:
                    {
                        var len = char.IsHighSurrogate(c) && i + 1 < _n && char.IsLowSurrogate(_s[i + 1]) ? 2 : 1;
                        Diagnostics.Add(i, $"invalid character U+{CodePointAt(_s, i):X4}");
                        Emit(PythonTokenKind.ErrorToken, i, len);
                        return i + len;
                    }
            }
        }

        private static bool IsDigit(char c, int radix) => radix switch
        {
            16 => char.IsAsciiHexDigit(c),
            8 => c is >= '0' and <= '7',
            2 => c is '0' or '1',
            _ => char.IsAsciiDigit(c),
        };

        /// <summary>Digits with single underscores between them; returns the end.</summary>
        private int Digits(int i, int radix)
        {
            var j = i;
            while (j < _n)
            {
                if (IsDigit(_s[j], radix))
                {
                    j++;
                }
                else if (_s[j] == '_' && j > i && j + 1 < _n && IsDigit(_s[j + 1], radix))
                {
                    j++;
                }
                else
                {
                    break;
                }
            }

            return j;
        }

        private int ScanNumber(int i)
        {
            var j = i;
            if (_s[i] == '0' && i + 1 < _n && _s[i + 1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
            {
                var radix = _s[i + 1] is 'x' or 'X' ? 16 : _s[i + 1] is 'o' or 'O' ? 8 : 2;
                var start = i + 2;
                if (start < _n && _s[start] == '_')
                {
                    start++;
                }

                j = Digits(start, radix);
                if (j == start)
                {
                    Diagnostics.Add(i, "invalid number literal");
                    Emit(PythonTokenKind.ErrorToken, i, 2);
                    return i + 2;
                }

                Emit(PythonTokenKind.Number, i, j - i);
                return j;
            }

            j = Digits(i, 10);
            if (j < _n && _s[j] == '.')
            {
                j = Digits(j + 1, 10);
            }

            if (j < _n && _s[j] is 'e' or 'E')
            {
                var k = j + 1;
                if (k < _n && _s[k] is '+' or '-')
                {
                    k++;
                }

                var e = Digits(k, 10);
                if (e > k)
                {
                    j = e;
                }
            }

            if (j < _n && _s[j] is 'j' or 'J')
            {
                j++;
            }

            Emit(PythonTokenKind.Number, i, j - i);
            return j;
        }

        /// <summary>
        /// Scans a string literal whose prefix starts at <paramref name="start"/> and quote at <paramref name="quote"/>.
        /// Returns the end; emits a String (or ErrorToken when unterminated) if <paramref name="emit"/>.
        /// </summary>
        private int ScanString(int start, int quote, bool isFormat, bool isRaw, bool emit)
        {
            var q = _s[quote];
            var triple = quote + 2 < _n && _s[quote + 1] == q && _s[quote + 2] == q;
            var i = quote + (triple ? 3 : 1);
            var end = isFormat ? ScanFormatBody(i, q, triple, isRaw) : ScanPlainBody(i, q, triple);
            if (end < 0)
            {
                var stop = triple ? _n : LineEnd(i);
                Diagnostics.Add(start, triple ? "unterminated triple-quoted string literal" : "unterminated string literal");
                if (emit)
                {
                    Emit(PythonTokenKind.ErrorToken, start, stop - start);
                }

                return stop;
            }

            if (emit)
            {
                Emit(PythonTokenKind.String, start, end - start);
            }

            return end;
        }

        private int LineEnd(int i)
        {
            while (i < _n && _s[i] is not '\n' and not '\r')
            {
                i++;
            }

            return i;
        }

        private bool IsClose(int i, char q, bool triple) =>
            _s[i] == q && (!triple || (i + 2 < _n && _s[i + 1] == q && _s[i + 2] == q));

        /// <summary>Body of a non-f-string; returns the index after the closing quote(s), or -1.</summary>
        private int ScanPlainBody(int i, char q, bool triple)
        {
            while (i < _n)
            {
                var c = _s[i];
                if (c == '\\')
                {
                    i += 2;
                    continue;
                }

                if (!triple && c is '\n' or '\r')
                {
                    return -1;
                }

                if (IsClose(i, q, triple))
                {
                    return i + (triple ? 3 : 1);
                }

                i++;
            }

            return -1;
        }

        /// <summary>Body of an f-string (PEP 701: nested quotes and f-strings in replacement fields); returns the end or -1.</summary>
        private int ScanFormatBody(int i, char q, bool triple, bool isRaw)
        {
            while (i < _n)
            {
                var c = _s[i];
                if (c == '\\' && !isRaw)
                {
                    i += 2;
                    continue;
                }

                if (c == '\\' && isRaw && i + 1 < _n && _s[i + 1] == q)
                {
                    i += 2;
                    continue;
                }

                if (!triple && c is '\n' or '\r')
                {
                    return -1;
                }

                if (IsClose(i, q, triple))
                {
                    return i + (triple ? 3 : 1);
                }

                if (c == '{')
                {
                    if (i + 1 < _n && _s[i + 1] == '{')
                    {
                        i += 2;
                        continue;
                    }

                    i = ScanReplacementField(i + 1, q, triple, isRaw);
                    if (i < 0)
                    {
                        return -1;
                    }

                    continue;
                }

                i++;
            }

            return -1;
        }

        /// <summary>Scans an f-string replacement field after its <c>{</c>; returns the index after its <c>}</c>, or -1.</summary>
        private int ScanReplacementField(int i, char q, bool triple, bool isRaw)
        {
            var depth = 0;
            while (i < _n)
            {
                var c = _s[i];
                switch (c)
                {
                    case '(' or '[' or '{':
                        depth++;
                        i++;
                        continue;
                    case ')' or ']':
                        depth = Math.Max(0, depth - 1);
                        i++;
                        continue;
                    case '}':
                        if (depth == 0)
                        {
                            return i + 1;
                        }

                        depth--;
                        i++;
                        continue;
                    case ':' when depth == 0:
                        if (i + 1 < _n && _s[i + 1] == '=')
                        {
                            i += 2;
                            continue;
                        }

                        return ScanFormatSpec(i + 1, q, triple, isRaw);
                    case '#':
                        i = LineEnd(i);
                        continue;
                    case '\'' or '"':
                        {
                            // Pre-3.12 semantics would end the f-string at the outer quote; PEP 701 allows reuse, so only the
                            // outer closing sequence seen where a string cannot start (after an operand) would be ambiguous.
                            var e = ScanNested(i, i);
                            if (e < 0)
                            {
                                return -1;
                            }

                            i = e;
                            continue;
                        }

                    default:
                        if (IsIdStart(_s, i, out var w))
                        {
                            var j = i + w;
                            while (j < _n && IsIdContinue(_s, j, out w))
                            {
                                j += w;
                            }

                            if (j < _n && _s[j] is '\'' or '"' && IsStringPrefix(_s.Slice(i, j - i), out _, out _))
                            {
                                var e = ScanNested(i, j);
                                if (e < 0)
                                {
                                    return -1;
                                }

                                i = e;
                                continue;
                            }

                            i = j;
                            continue;
                        }

                        if (!triple && c is '\n' or '\r' && depth == 0)
                        {
                            return -1;
                        }

                        i++;
                        continue;
                }
            }

            return -1;
        }

        private int ScanNested(int start, int quote)
        {
            IsStringPrefix(_s.Slice(start, quote - start), out var f, out var r);
            var q = _s[quote];
            var triple = quote + 2 < _n && _s[quote + 1] == q && _s[quote + 2] == q;
            var i = quote + (triple ? 3 : 1);
            return f ? ScanFormatBody(i, q, triple, r) : ScanPlainBody(i, q, triple);
        }

        /// <summary>Format spec after <c>:</c>: literal text with nested fields; returns the index after the field's <c>}</c>.</summary>
        private int ScanFormatSpec(int i, char q, bool triple, bool isRaw)
        {
            while (i < _n)
            {
                var c = _s[i];
                if (c == '}')
                {
                    return i + 1;
                }

                if (c == '{')
                {
                    i = ScanReplacementField(i + 1, q, triple, isRaw);
                    if (i < 0)
                    {
                        return -1;
                    }

                    continue;
                }

                if (IsClose(i, q, triple) || (!triple && c is '\n' or '\r'))
                {
                    return -1;
                }

                i += c == '\\' && !isRaw ? 2 : 1;
            }

            return -1;
        }
    }
}
