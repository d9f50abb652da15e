using InfraDedup.Core.Common;

namespace InfraDedup.Core.Scripts;

/// <summary>
/// Single-pass tokenizer for POSIX sh / bash. Never throws: malformed input produces diagnostics,
/// and the token texts always concatenate back to the input.
/// </summary>
public static class ShellTokenizer
{
    /// <summary>Tokenizes a whole script.</summary>
    public static ShellTokenization Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tokenize(text, 0, text.Length, 1, 1);
    }

    /// <summary>
    /// Tokenizes <paramref name="length"/> characters of <paramref name="source"/> from <paramref name="start"/>
    /// (e.g. the content of a <c>$(...)</c> part or a Dockerfile RUN body), keeping offsets relative to
    /// <paramref name="source"/>; <paramref name="line"/>/<paramref name="column"/> give the position of <paramref name="start"/>.
    /// </summary>
    public static ShellTokenization Tokenize(string source, int start, int length, int line = 1, int column = 1)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, source.Length - length);
        // The result keeps a right-sized copy of the tokens (40-byte structs), so the growing list is the thread's spare.
        var tokens = ThreadSpareList<ShellToken>.Rent();
        try
        {
            return new Lexer(source, start, start + length, line, column, tokens).Run();
        }
        finally
        {
            ThreadSpareList<ShellToken>.Return(tokens);
        }
    }

    /// <summary>
    /// Tokenizes a whole script for a caller that reads its tokens once, right away (the similarity fingerprints of
    /// scripts and RUN bodies): the tokens stay in this thread's token list instead of being copied into a
    /// <see cref="ShellTokenization"/> (no here-document or diagnostic lists either). Hand the list back with
    /// <see cref="ReturnShared"/>; the tokens are those <see cref="Tokenize(string)"/> gives.
    /// </summary>
    internal static List<ShellToken> TokenizeShared(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = ThreadSpareList<ShellToken>.Rent();
        new Lexer(text, 0, text.Length, 1, 1, tokens).Lex();
        return tokens;
    }

    /// <summary>Takes back a list from <see cref="TokenizeShared"/>; the caller must not read it afterwards.</summary>
    internal static void ReturnShared(List<ShellToken> tokens) => ThreadSpareList<ShellToken>.Return(tokens);

    /// <summary>Shell operators, longest first within each leading character.</summary>
    internal static readonly string[] Operators =
    [
        ";;&", "<<-", "<<<", "&>>",
        "||", "&&", ";;", ";&", "<<", ">>", ">&", "<&", ">|", "&>", "<>", "|&",
        "|", "&", ";", "(", ")", "<", ">",
    ];

    internal static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v';

    internal static bool IsMeta(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v' or '\n' or '|' or '&' or ';' or '(' or ')' or '<' or '>';

    internal static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    internal static bool IsNameChar(char c) => IsNameStart(c) || c is >= '0' and <= '9';

    private sealed class PendingHeredoc
    {
        public int OperatorIndex;
        public int DelimiterIndex;
        public string Delimiter = "";
        public bool IsQuoted;
        public bool StripTabs;
    }

    private sealed class Lexer
    {
        private readonly string _s;
        private readonly int _start;
        private readonly int _end;
        private readonly int _line;
        private readonly int _column;
        private readonly List<ShellToken> _tokens;

        /// <summary>The parts of the word being scanned: one list for all words, each word keeps a copy of its parts.</summary>
        private readonly List<ShellWordPart> _wordParts = new(4);
        private readonly List<ShellHeredoc> _heredocs = [];
        private readonly List<PendingHeredoc> _pending = [];
        private readonly DiagnosticBag _diagnostics = new();
        private readonly Scanner _scanner;
        private LineTracker _tracker;

        public Lexer(string s, int start, int end, int line, int column, List<ShellToken> tokens)
        {
            _s = s;
            _tokens = tokens;
            _start = start;
            _end = end;
            _line = line;
            _column = column;
            _tracker = new LineTracker(s, start, line, column);
            _scanner = new Scanner(s, end, _diagnostics);
        }

        private void Emit(ShellTokenKind kind, int offset, int length, ShellWordPart[]? parts = null)
            => _tokens.Add(new ShellToken(_s, kind, _tracker.Span(offset, length), parts));

        public ShellTokenization Run()
        {
            Lex();
            return new ShellTokenization(_s, _start, _end - _start, [.. _tokens], [.. _heredocs],
                _diagnostics.Resolve(_s, _start, _line, _column));
        }

        /// <summary>Writes the tokens into the token list; here-documents and diagnostics are collected on the side.</summary>
        public void Lex()
        {
            var i = _start;
            var expectDelimiter = false;
            var stripTabs = false;
            var operatorIndex = -1;
            while (i < _end)
            {
                var c = _s[i];
                if (c == '\n')
                {
                    if (expectDelimiter)
                    {
                        _diagnostics.Add(i, "here-document operator without a delimiter");
                        expectDelimiter = false;
                    }

                    Emit(ShellTokenKind.Newline, i, 1);
                    i++;
                    if (_pending.Count > 0)
                    {
                        i = ReadHeredocBodies(i);
                    }

                    continue;
                }

                if (IsBlank(c))
                {
                    var j = i + 1;
                    while (j < _end && IsBlank(_s[j]))
                    {
                        j++;
                    }

                    Emit(ShellTokenKind.Whitespace, i, j - i);
                    i = j;
                    continue;
                }

                if (c == '\\' && i + 1 < _end && (_s[i + 1] == '\n' || (_s[i + 1] == '\r' && i + 2 < _end && _s[i + 2] == '\n')))
                {
                    var len = _s[i + 1] == '\n' ? 2 : 3;
                    Emit(ShellTokenKind.LineContinuation, i, len);
                    i += len;
                    continue;
                }

                if (c == '#')
                {
                    var nl = _s.AsSpan(i, _end - i).IndexOf('\n');
                    var len = nl < 0 ? _end - i : nl;
                    Emit(ShellTokenKind.Comment, i, len);
                    i += len;
                    continue;
                }

                var isProcessSubstitution = c is '<' or '>' && i + 1 < _end && _s[i + 1] == '(';
                if (!isProcessSubstitution && c is '|' or '&' or ';' or '(' or ')' or '<' or '>')
                {
                    var op = MatchOperator(i);
                    if (expectDelimiter)
                    {
                        _diagnostics.Add(i, "here-document operator without a delimiter");
                        expectDelimiter = false;
                    }

                    Emit(ShellTokenKind.Operator, i, op.Length);
                    if (op is "<<" or "<<-")
                    {
                        expectDelimiter = true;
                        stripTabs = op.Length == 3;
                        operatorIndex = _tokens.Count - 1;
                    }

                    i += op.Length;
                    continue;
                }

                var parts = _wordParts;
                parts.Clear();
                var end = _scanner.ScanWord(i, parts, plainLiteralImplied: !expectDelimiter);
                Emit(ShellTokenKind.Word, i, end - i, parts.Count == 0 ? ShellToken.PlainWordParts : [.. parts]);
                if (expectDelimiter)
                {
                    expectDelimiter = false;
                    var (delimiter, quoted) = Scanner.DelimiterValue(_s, parts);
                    _pending.Add(new PendingHeredoc
                    {
                        OperatorIndex = operatorIndex,
                        DelimiterIndex = _tokens.Count - 1,
                        Delimiter = delimiter,
                        IsQuoted = quoted,
                        StripTabs = stripTabs,
                    });
                }

                i = end;
            }

            if (expectDelimiter)
            {
                _diagnostics.Add(_end, "here-document operator without a delimiter");
            }

            foreach (var p in _pending)
            {
                _diagnostics.Add(_end, $"here-document '{p.Delimiter}' has no body (input ended)");
                _heredocs.Add(new ShellHeredoc(p.OperatorIndex, p.DelimiterIndex, -1, -1, p.Delimiter, p.IsQuoted, p.StripTabs));
            }
        }

        private string MatchOperator(int i)
        {
            var rest = _s.AsSpan(i, _end - i);
            foreach (var op in Operators)
            {
                if (rest.StartsWith(op, StringComparison.Ordinal))
                {
                    return op;
                }
            }

            return _s[i].ToString(); // unreachable: every start char is a one-char operator
        }

        private int ReadHeredocBodies(int i)
        {
            foreach (var p in _pending)
            {
                var bodyStart = i;
                var terminated = false;
                while (i < _end)
                {
                    var lineStart = i;
                    var nl = _s.AsSpan(i, _end - i).IndexOf('\n');
                    var lineEnd = nl < 0 ? _end : i + nl;
                    var next = nl < 0 ? _end : lineEnd + 1;
                    if (Scanner.IsHeredocEnd(_s, lineStart, lineEnd, p.Delimiter, p.StripTabs))
                    {
                        Emit(ShellTokenKind.HeredocBody, bodyStart, lineStart - bodyStart);
                        Emit(ShellTokenKind.HeredocEnd, lineStart, next - lineStart);
                        _heredocs.Add(new ShellHeredoc(p.OperatorIndex, p.DelimiterIndex, _tokens.Count - 2, _tokens.Count - 1, p.Delimiter, p.IsQuoted, p.StripTabs));
                        terminated = true;
                        i = next;
                        break;
                    }

                    i = next;
                }

                if (!terminated)
                {
                    Emit(ShellTokenKind.HeredocBody, bodyStart, _end - bodyStart);
                    _heredocs.Add(new ShellHeredoc(p.OperatorIndex, p.DelimiterIndex, _tokens.Count - 1, -1, p.Delimiter, p.IsQuoted, p.StripTabs));
                    _diagnostics.Add(bodyStart, $"here-document '{p.Delimiter}' is not terminated");
                    i = _end;
                }
            }

            _pending.Clear();
            return i;
        }
    }

    /// <summary>Character-level scanning of words, quotes and substitutions; shared by the lexer and nested bodies.</summary>
    internal sealed class Scanner
    {
        private readonly string _s;
        private readonly int _end;
        private readonly DiagnosticBag? _diagnostics;

        public Scanner(string s, int end, DiagnosticBag? diagnostics)
        {
            _s = s;
            _end = end;
            _diagnostics = diagnostics;
        }

        private void Error(int offset, string message) => _diagnostics?.Add(offset, message);

        private static void AddLiteral(List<ShellWordPart>? parts, ref int litStart, int pos)
        {
            if (litStart >= 0)
            {
                parts?.Add(new ShellWordPart(ShellWordPartKind.Literal, litStart, pos - litStart, litStart, pos - litStart, true, null));
                litStart = -1;
            }
        }

        /// <summary>
        /// Scans one word from <paramref name="start"/> (not a metacharacter, except for <c>&lt;(</c>); returns its end.
        /// With <paramref name="plainLiteralImplied"/>, a word that is one literal from end to end adds no part: the
        /// caller reads an empty <paramref name="parts"/> as that literal (no part object for most words).
        /// </summary>
        public int ScanWord(int start, List<ShellWordPart>? parts, bool plainLiteralImplied = false)
        {
            var pos = start;
            var litStart = -1;
            while (pos < _end)
            {
                var c = _s[pos];
                if ((c == '<' || c == '>') && pos == start && pos + 1 < _end && _s[pos + 1] == '(')
                {
                    var close = ScanCommandBody(pos + 2);
                    parts?.Add(Bracketed(ShellWordPartKind.ProcessSubstitution, pos, 2, close, 1, "process substitution"));
                    pos = close < 0 ? _end : close;
                    continue;
                }

                if (c == '(' && litStart >= 0 && IsArrayAssignmentPrefix(start, pos) && parts is not null && parts.Count == 0)
                {
                    AddLiteral(parts, ref litStart, pos);
                    var close = ScanCommandBody(pos + 1);
                    parts.Add(Bracketed(ShellWordPartKind.ArrayLiteral, pos, 1, close, 1, "array"));
                    pos = close < 0 ? _end : close;
                    continue;
                }

                if (IsMeta(c))
                {
                    break;
                }

                switch (c)
                {
                    case '\\':
                        if (pos + 1 < _end)
                        {
                            AddLiteral(parts, ref litStart, pos);
                            parts?.Add(new ShellWordPart(ShellWordPartKind.Escape, pos, 2, pos + 1, 1, true, null));
                            pos += 2;
                        }
                        else
                        {
                            if (litStart < 0)
                            {
                                litStart = pos;
                            }

                            pos++;
                        }

                        break;
                    case '\'':
                        AddLiteral(parts, ref litStart, pos);
                        pos = ScanSingle(pos, parts);
                        break;
                    case '"':
                        AddLiteral(parts, ref litStart, pos);
                        pos = ScanDouble(pos, 1, ShellWordPartKind.DoubleQuoted, parts);
                        break;
                    case '`':
                        AddLiteral(parts, ref litStart, pos);
                        pos = ScanBacktick(pos, parts);
                        break;
                    case '$':
                        {
                            var save = litStart;
                            AddLiteralIfDollarExpands(parts, ref litStart, pos);
                            if (TryScanDollar(pos, parts, out var e))
                            {
                                pos = e;
                            }
                            else
                            {
                                litStart = save >= 0 ? save : pos;
                                pos++;
                            }

                            break;
                        }

                    default:
                        if (litStart < 0)
                        {
                            litStart = pos;
                        }

                        pos++;
                        break;
                }
            }

            if (plainLiteralImplied && parts is { Count: 0 } && litStart == start)
            {
                return pos;
            }

            AddLiteral(parts, ref litStart, pos);
            return pos;
        }

        private void AddLiteralIfDollarExpands(List<ShellWordPart>? parts, ref int litStart, int pos)
        {
            if (DollarExpands(pos))
            {
                AddLiteral(parts, ref litStart, pos);
            }
        }

        private bool DollarExpands(int pos)
        {
            if (pos + 1 >= _end)
            {
                return false;
            }

            var n = _s[pos + 1];
            return n is '\'' or '"' or '(' or '{' or '@' or '*' or '#' or '?' or '-' or '$' or '!' or (>= '0' and <= '9') || IsNameStart(n);
        }

        private bool IsArrayAssignmentPrefix(int start, int pos)
        {
            // name=( or name+=(
            var span = _s.AsSpan(start, pos - start);
            if (span.Length < 2 || span[^1] != '=' || !IsNameStart(span[0]))
            {
                return false;
            }

            var nameEnd = span.Length - 1;
            if (span[nameEnd - 1] == '+')
            {
                nameEnd--;
            }

            for (var k = 1; k < nameEnd; k++)
            {
                if (!IsNameChar(span[k]))
                {
                    return false;
                }
            }

            return nameEnd > 0;
        }

        private ShellWordPart Bracketed(ShellWordPartKind kind, int start, int open, int close, int closeLen, string what)
        {
            if (close < 0)
            {
                Error(start, $"unterminated {what}");
                return new ShellWordPart(kind, start, _end - start, start + open, _end - start - open, false, null);
            }

            return new ShellWordPart(kind, start, close - start, start + open, close - start - open - closeLen, true, null);
        }

        public int ScanSingle(int pos, List<ShellWordPart>? parts)
        {
            var close = _s.AsSpan(pos + 1, _end - pos - 1).IndexOf('\'');
            if (close < 0)
            {
                Error(pos, "unterminated single quote");
                parts?.Add(new ShellWordPart(ShellWordPartKind.SingleQuoted, pos, _end - pos, pos + 1, _end - pos - 1, false, null));
                return _end;
            }

            parts?.Add(new ShellWordPart(ShellWordPartKind.SingleQuoted, pos, close + 2, pos + 1, close, true, null));
            return pos + close + 2;
        }

        /// <summary>Scans <c>"..."</c> (prefix 1) or <c>$"..."</c> (prefix 2).</summary>
        public int ScanDouble(int pos, int prefix, ShellWordPartKind kind, List<ShellWordPart>? parts)
        {
            var children = parts is null ? null : new List<ShellWordPart>();
            var i = pos + prefix;
            var litStart = -1;
            while (i < _end)
            {
                var c = _s[i];
                if (c == '"')
                {
                    AddLiteral(children, ref litStart, i);
                    parts?.Add(new ShellWordPart(kind, pos, i + 1 - pos, pos + prefix, i - pos - prefix, true, [.. children!]));
                    return i + 1;
                }

                if (c == '\\' && i + 1 < _end && _s[i + 1] is '$' or '`' or '"' or '\\' or '\n')
                {
                    AddLiteral(children, ref litStart, i);
                    children?.Add(new ShellWordPart(ShellWordPartKind.Escape, i, 2, i + 1, 1, true, null));
                    i += 2;
                    continue;
                }

                if (c == '\\' && i + 1 < _end)
                {
                    // Backslash stays literal before other characters.
                    if (litStart < 0)
                    {
                        litStart = i;
                    }

                    i += 2;
                    continue;
                }

                if (c == '$' && DollarExpands(i) && _s[i + 1] is not '\'' and not '"')
                {
                    AddLiteral(children, ref litStart, i);
                    TryScanDollar(i, children, out i);
                    continue;
                }

                if (c == '`')
                {
                    AddLiteral(children, ref litStart, i);
                    i = ScanBacktick(i, children);
                    continue;
                }

                if (litStart < 0)
                {
                    litStart = i;
                }

                i++;
            }

            AddLiteral(children, ref litStart, _end);
            Error(pos, "unterminated double quote");
            parts?.Add(new ShellWordPart(kind, pos, _end - pos, pos + prefix, _end - pos - prefix, false, [.. children!]));
            return _end;
        }

        public int ScanBacktick(int pos, List<ShellWordPart>? parts)
        {
            var i = pos + 1;
            while (i < _end)
            {
                var c = _s[i];
                if (c == '\\')
                {
                    i += 2;
                    continue;
                }

                if (c == '`')
                {
                    parts?.Add(new ShellWordPart(ShellWordPartKind.Backtick, pos, i + 1 - pos, pos + 1, i - pos - 1, true, null));
                    return i + 1;
                }

                i++;
            }

            Error(pos, "unterminated backquote");
            parts?.Add(new ShellWordPart(ShellWordPartKind.Backtick, pos, _end - pos, pos + 1, _end - pos - 1, false, null));
            return _end;
        }

        /// <summary>Scans an expansion starting with <c>$</c>; false when the <c>$</c> is literal.</summary>
        public bool TryScanDollar(int pos, List<ShellWordPart>? parts, out int end)
        {
            end = pos + 1;
            if (pos + 1 >= _end)
            {
                return false;
            }

            var n = _s[pos + 1];
            switch (n)
            {
                case '\'':
                    {
                        var i = pos + 2;
                        while (i < _end && _s[i] != '\'')
                        {
                            i += _s[i] == '\\' ? 2 : 1;
                        }

                        if (i >= _end)
                        {
                            Error(pos, "unterminated $'...' quote");
                            parts?.Add(new ShellWordPart(ShellWordPartKind.AnsiCQuoted, pos, _end - pos, pos + 2, _end - pos - 2, false, null));
                            end = _end;
                        }
                        else
                        {
                            parts?.Add(new ShellWordPart(ShellWordPartKind.AnsiCQuoted, pos, i + 1 - pos, pos + 2, i - pos - 2, true, null));
                            end = i + 1;
                        }

                        return true;
                    }

                case '"':
                    end = ScanDouble(pos, 2, ShellWordPartKind.LocaleQuoted, parts);
                    return true;
                case '(':
                    if (pos + 2 < _end && _s[pos + 2] == '(')
                    {
                        var close = ScanArithmetic(pos + 3);
                        if (close >= 0 && _s[close - 2] == ')')
                        {
                            parts?.Add(new ShellWordPart(ShellWordPartKind.Arithmetic, pos, close - pos, pos + 3, close - pos - 5, true, null));
                            end = close;
                            return true;
                        }
                    }

                    {
                        var close = ScanCommandBody(pos + 2);
                        var part = Bracketed(ShellWordPartKind.CommandSubstitution, pos, 2, close, 1, "command substitution");
                        parts?.Add(part);
                        end = close < 0 ? _end : close;
                        return true;
                    }

                case '{':
                    {
                        var close = ScanBrace(pos + 2);
                        parts?.Add(Bracketed(ShellWordPartKind.ParameterExpansion, pos, 2, close, 1, "parameter expansion"));
                        end = close < 0 ? _end : close;
                        return true;
                    }

                case '@' or '*' or '#' or '?' or '-' or '$' or '!' or (>= '0' and <= '9'):
                    parts?.Add(new ShellWordPart(ShellWordPartKind.Parameter, pos, 2, pos + 1, 1, true, null));
                    end = pos + 2;
                    return true;
                default:
                    if (!IsNameStart(n))
                    {
                        return false;
                    }

                    var k = pos + 2;
                    while (k < _end && IsNameChar(_s[k]))
                    {
                        k++;
                    }

                    parts?.Add(new ShellWordPart(ShellWordPartKind.Parameter, pos, k - pos, pos + 1, k - pos - 1, true, null));
                    end = k;
                    return true;
            }
        }

        /// <summary>Scans to the <c>}</c> closing a <c>${</c>; returns the index after it, or -1.</summary>
        private int ScanBrace(int i) => ScanBalanced(i, '{', '}', 1);

        /// <summary>Scans an arithmetic body after <c>$((</c>; returns the index after the paren that closes the outer one, or -1.</summary>
        private int ScanArithmetic(int i) => ScanBalanced(i, '(', ')', 2);

        /// <summary>
        /// Scans to the <paramref name="close"/> that brings <paramref name="depth"/> open brackets to zero,
        /// skipping quoted text, escapes and nested expansions. Returns the index after it, or -1.
        /// </summary>
        private int ScanBalanced(int i, char open, char close, int depth)
        {
            while (i < _end)
            {
                var c = _s[i];
                switch (c)
                {
                    case '\\':
                        i += 2;
                        continue;
                    case '\'':
                        i = ScanSingle(i, null);
                        continue;
                    case '"':
                        i = ScanDouble(i, 1, ShellWordPartKind.DoubleQuoted, null);
                        continue;
                    case '`':
                        i = ScanBacktick(i, null);
                        continue;
                    case '$':
                        if (TryScanDollar(i, null, out var e))
                        {
                            i = e;
                            continue;
                        }

                        break;
                    default:
                        if (c == open)
                        {
                            depth++;
                        }
                        else if (c == close && --depth == 0)
                        {
                            return i + 1;
                        }

                        break;
                }

                i++;
            }

            return -1;
        }

        /// <summary>
        /// Scans a nested script body (after <c>$(</c>, <c>&lt;(</c> or an array's <c>(</c>) to its closing paren,
        /// aware of quotes, comments, case patterns and here-documents. Returns the index after the paren, or -1.
        /// </summary>
        public int ScanCommandBody(int i)
        {
            var depth = 1;
            var caseDepth = 0;
            var wordStart = true;
            List<(string Delimiter, bool StripTabs)>? heredocs = null;
            while (i < _end)
            {
                var c = _s[i];
                switch (c)
                {
                    case '\n':
                        i++;
                        wordStart = true;
                        if (heredocs is { Count: > 0 })
                        {
                            i = SkipHeredocBodies(i, heredocs);
                        }

                        continue;
                    case ' ' or '\t' or '\r' or '\f' or '\v' or ';' or '&' or '|' or '>':
                        i++;
                        wordStart = true;
                        continue;
                    case '#':
                        if (wordStart)
                        {
                            var nl = _s.AsSpan(i, _end - i).IndexOf('\n');
                            i = nl < 0 ? _end : i + nl;
                            continue;
                        }

                        break;
                    case '\\':
                        i += 2;
                        wordStart = false;
                        continue;
                    case '\'':
                        i = ScanSingle(i, null);
                        wordStart = false;
                        continue;
                    case '"':
                        i = ScanDouble(i, 1, ShellWordPartKind.DoubleQuoted, null);
                        wordStart = false;
                        continue;
                    case '`':
                        i = ScanBacktick(i, null);
                        wordStart = false;
                        continue;
                    case '$':
                        wordStart = false;
                        if (TryScanDollar(i, null, out var e))
                        {
                            i = e;
                            continue;
                        }

                        break;
                    case '(':
                        depth++;
                        i++;
                        wordStart = true;
                        continue;
                    case ')':
                        i++;
                        wordStart = true;
                        if (depth == 1 && caseDepth > 0)
                        {
                            continue; // a case pattern's closing paren
                        }

                        depth--;
                        if (depth == 0)
                        {
                            return i;
                        }

                        continue;
                    case '<':
                        if (i + 1 < _end && _s[i + 1] == '<' && !(i + 2 < _end && _s[i + 2] == '<'))
                        {
                            var j = i + 2;
                            var strip = j < _end && _s[j] == '-';
                            if (strip)
                            {
                                j++;
                            }

                            while (j < _end && IsBlank(_s[j]))
                            {
                                j++;
                            }

                            if (j < _end && !IsMeta(_s[j]))
                            {
                                var parts = new List<ShellWordPart>();
                                var wend = ScanWord(j, parts);
                                (heredocs ??= []).Add((DelimiterValue(_s, parts).Delimiter, strip));
                                i = wend;
                                wordStart = false;
                                continue;
                            }

                            i = j;
                            wordStart = true;
                            continue;
                        }

                        i++;
                        wordStart = true;
                        continue;
                    default:
                        if (wordStart && c is 'c' or 'e')
                        {
                            var k = i;
                            while (k < _end && _s[k] is >= 'a' and <= 'z')
                            {
                                k++;
                            }

                            if (k == _end || IsMeta(_s[k]))
                            {
                                var word = _s.AsSpan(i, k - i);
                                if (word.SequenceEqual("case"))
                                {
                                    caseDepth++;
                                }
                                else if (word.SequenceEqual("esac") && caseDepth > 0)
                                {
                                    caseDepth--;
                                }
                            }

                            i = k;
                            wordStart = false;
                            continue;
                        }

                        break;
                }

                wordStart = false;
                i++;
            }

            return -1;
        }

        private int SkipHeredocBodies(int i, List<(string Delimiter, bool StripTabs)> heredocs)
        {
            foreach (var (delimiter, strip) in heredocs)
            {
                var found = false;
                while (i < _end)
                {
                    var nl = _s.AsSpan(i, _end - i).IndexOf('\n');
                    var lineEnd = nl < 0 ? _end : i + nl;
                    var match = IsHeredocEnd(_s, i, lineEnd, delimiter, strip);
                    i = nl < 0 ? _end : lineEnd + 1;
                    if (match)
                    {
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    Error(_end, $"here-document '{delimiter}' is not terminated");
                }
            }

            heredocs.Clear();
            return i;
        }

        /// <summary>Whether the line [lineStart, lineEnd) closes a here-document with <paramref name="delimiter"/>.</summary>
        public static bool IsHeredocEnd(string s, int lineStart, int lineEnd, string delimiter, bool stripTabs)
        {
            var k = lineStart;
            if (stripTabs)
            {
                while (k < lineEnd && s[k] == '\t')
                {
                    k++;
                }
            }

            var line = s.AsSpan(k, lineEnd - k);
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            return line.SequenceEqual(delimiter);
        }

        /// <summary>Quote removal for a here-document delimiter word (no expansion is done on delimiters).</summary>
        public static (string Delimiter, bool Quoted) DelimiterValue(string s, List<ShellWordPart> parts)
        {
            if (parts.Count == 1 && parts[0].Kind == ShellWordPartKind.Literal)
            {
                return (s.Substring(parts[0].Offset, parts[0].Length), false);
            }

            var sb = new System.Text.StringBuilder();
            var quoted = false;
            foreach (var p in parts)
            {
                switch (p.Kind)
                {
                    case ShellWordPartKind.Literal:
                        sb.Append(s, p.Offset, p.Length);
                        break;
                    case ShellWordPartKind.Escape or ShellWordPartKind.SingleQuoted or ShellWordPartKind.DoubleQuoted
                        or ShellWordPartKind.AnsiCQuoted or ShellWordPartKind.LocaleQuoted:
                        quoted = true;
                        sb.Append(s, p.ContentOffset, p.ContentLength);
                        break;
                    default:
                        sb.Append(s, p.Offset, p.Length);
                        break;
                }
            }

            return (sb.ToString(), quoted);
        }
    }
}
