namespace InfraDedup.Core.Scripts;

/// <summary>A word of a simple command with its statically known value.</summary>
public sealed class ShellWord
{
    internal ShellWord(ShellToken token)
    {
        Token = token;
        Value = ShellWords.GetLiteralValue(token);
    }

    public ShellToken Token { get; }

    /// <summary>Value after quote removal, or null when it depends on expansions.</summary>
    public string? Value { get; }

    public bool IsStatic => Value is not null;

    /// <summary>The word as written.</summary>
    public string Text => Token.Text;

    public override string ToString() => Value ?? Text;
}

/// <summary>A redirection: optional file-descriptor number, operator, and target word (missing when malformed).</summary>
public sealed record ShellRedirect(ShellToken? FileDescriptor, ShellToken Operator, ShellWord? Target);

/// <summary>
/// A simple command: leading assignments, command word and arguments, redirections. Reserved words
/// (<c>if then do ! { time</c> ...) before the command word are not part of it.
/// </summary>
public sealed class ShellCommand
{
    internal ShellCommand(ShellWord[] words, ShellWord[] assignments, ShellRedirect[] redirects, ArraySegment<ShellToken> tokens, int depth)
    {
        Words = words;
        Assignments = assignments;
        Redirects = redirects;
        Tokens = tokens;
        Depth = depth;
        var first = tokens[0].Span;
        var last = tokens[tokens.Count - 1].Span;
        Span = first with { Length = last.End - first.Offset };
    }

    /// <summary>Command word followed by its arguments (assignments and redirections excluded).</summary>
    public IReadOnlyList<ShellWord> Words { get; }

    /// <summary>Leading <c>NAME=value</c> words.</summary>
    public IReadOnlyList<ShellWord> Assignments { get; }

    public IReadOnlyList<ShellRedirect> Redirects { get; }

    /// <summary>All tokens from the command's first to its last (trivia in between included).</summary>
    public IReadOnlyList<ShellToken> Tokens { get; }

    public SourceSpan Span { get; }

    /// <summary>0 for top-level commands; 1 and more inside <c>$(...)</c>, backticks or process substitutions.</summary>
    public int Depth { get; }

    /// <summary>The command word, or null for assignment/redirection-only commands.</summary>
    public ShellWord? Name => Words.Count > 0 ? Words[0] : null;

    /// <summary>Static value of the command word (e.g. <c>apt-get</c>), or null.</summary>
    public string? CommandName => Name?.Value;

    public IEnumerable<ShellWord> Arguments => Words.Skip(1);

    /// <summary>True when any static argument equals <paramref name="value"/>.</summary>
    public bool HasArgument(string value) => Words.Skip(1).Any(w => w.Value == value);

    public override string ToString() => string.Join(' ', Words);

    /// <summary>Splits a tokenized script into simple commands, in source order.</summary>
    /// <param name="tokenization">Output of <see cref="ShellTokenizer.Tokenize(string)"/>.</param>
    /// <param name="includeSubstitutions">Also return the commands inside <c>$(...)</c>, backticks and <c>&lt;(...)</c>.</param>
    public static IReadOnlyList<ShellCommand> Split(ShellTokenization tokenization, bool includeSubstitutions = true)
    {
        ArgumentNullException.ThrowIfNull(tokenization);
        var result = new List<ShellCommand>();
        new CommandSplitter(tokenization.TokenArray, includeSubstitutions, 0, result).Run();
        return result;
    }

    /// <summary>Tokenizes and splits <paramref name="script"/>.</summary>
    public static IReadOnlyList<ShellCommand> Parse(string script, bool includeSubstitutions = true)
        => Split(ShellTokenizer.Tokenize(script), includeSubstitutions);
}

internal sealed class CommandSplitter
{
    private const int MaxDepth = 32;

    private static readonly HashSet<string> PrefixReserved = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "fi", "done", "time", "coproc",
    };

    private readonly ShellToken[] _tokens;
    private readonly bool _substitutions;
    private readonly int _depth;
    private readonly List<ShellCommand> _out;
    private readonly List<ShellWord> _words = [];
    private readonly List<ShellWord> _assignments = [];
    private readonly List<ShellRedirect> _redirects = [];
    private readonly List<ShellCommand> _nested = [];
    private int _first = -1;
    private int _last = -1;

    public CommandSplitter(ShellToken[] tokens, bool substitutions, int depth, List<ShellCommand> output)
    {
        _tokens = tokens;
        _substitutions = substitutions;
        _depth = depth;
        _out = output;
    }

    private enum Header
    {
        None,
        For,
        Case,
        FunctionName,
    }

    public void Run()
    {
        var caseDepth = 0;
        var inPattern = false;
        var header = Header.None;
        ShellToken? pendingRedirect = null;
        ShellToken? pendingFd = null;
        for (var i = 0; i < _tokens.Length; i++)
        {
            var t = _tokens[i];
            switch (t.Kind)
            {
                case ShellTokenKind.Whitespace or ShellTokenKind.Comment or ShellTokenKind.LineContinuation
                    or ShellTokenKind.HeredocBody or ShellTokenKind.HeredocEnd:
                    continue;
                case ShellTokenKind.Newline:
                    FlushRedirect(ref pendingRedirect, ref pendingFd, null);
                    Finish();
                    if (header == Header.For)
                    {
                        header = Header.None;
                    }

                    continue;
                case ShellTokenKind.Operator:
                    {
                        var op = t.TextSpan;
                        if (IsRedirect(op))
                        {
                            FlushRedirect(ref pendingRedirect, ref pendingFd, null);
                            pendingFd = TakeFdNumber(t);
                            pendingRedirect = t;
                            Touch(i);
                            continue;
                        }

                        FlushRedirect(ref pendingRedirect, ref pendingFd, null);
                        if (inPattern)
                        {
                            if (op is ")")
                            {
                                inPattern = false;
                            }

                            continue;
                        }

                        if (op is "(" && _words.Count == 1 && _assignments.Count == 0 && NextSignificantIs(i, ")"))
                        {
                            // name() { ... }: a function definition, not a command.
                            Reset();
                            continue;
                        }

                        Finish();
                        if (header == Header.For)
                        {
                            header = Header.None;
                        }

                        if (op is ";;" or ";&" or ";;&" && caseDepth > 0)
                        {
                            inPattern = true;
                        }

                        continue;
                    }

                case ShellTokenKind.Word:
                    break;
                default:
                    continue;
            }

            var word = new ShellWord(t);
            if (_substitutions && _depth < MaxDepth)
            {
                CollectNested(t);
            }

            if (pendingRedirect is not null)
            {
                FlushRedirect(ref pendingRedirect, ref pendingFd, word);
                Touch(i);
                continue;
            }

            if (inPattern)
            {
                if (word.Value == "esac")
                {
                    inPattern = false;
                    caseDepth--;
                }

                continue;
            }

            if (header != Header.None)
            {
                if (header == Header.Case && word.Value == "in")
                {
                    header = Header.None;
                    inPattern = true;
                }
                else if (header == Header.FunctionName)
                {
                    header = Header.None;
                }

                continue;
            }

            if (_words.Count == 0)
            {
                var v = word.Value;
                if (v is not null && _assignments.Count == 0 && _redirects.Count == 0)
                {
                    if (PrefixReserved.Contains(v))
                    {
                        continue;
                    }

                    switch (v)
                    {
                        case "case":
                            caseDepth++;
                            header = Header.Case;
                            continue;
                        case "esac":
                            caseDepth = Math.Max(0, caseDepth - 1);
                            continue;
                        case "for" or "select":
                            header = Header.For;
                            continue;
                        case "function":
                            header = Header.FunctionName;
                            continue;
                    }
                }

                if (IsAssignment(t))
                {
                    _assignments.Add(word);
                    Touch(i);
                    continue;
                }
            }

            _words.Add(word);
            Touch(i);
        }

        FlushRedirect(ref pendingRedirect, ref pendingFd, null);
        Finish();
    }

    private void Touch(int i)
    {
        if (_first < 0)
        {
            _first = i;
        }

        _last = i;
    }

    private void FlushRedirect(ref ShellToken? op, ref ShellToken? fd, ShellWord? target)
    {
        if (op is { } o)
        {
            _redirects.Add(new ShellRedirect(fd, o, target));
        }

        op = null;
        fd = null;
    }

    private ShellToken? TakeFdNumber(ShellToken op)
    {
        if (_words.Count == 0 || _last < 0)
        {
            return null;
        }

        var last = _words[^1].Token;
        if (last.Span.End != op.Span.Offset || last.Span.Length > 4 || !IsAllDigits(last.TextSpan) ||
            !_tokens[_last].Equals(last))
        {
            return null;
        }

        _words.RemoveAt(_words.Count - 1);
        return last;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    private bool NextSignificantIs(int i, string op)
    {
        for (var j = i + 1; j < _tokens.Length; j++)
        {
            if (_tokens[j].Kind == ShellTokenKind.Whitespace)
            {
                continue;
            }

            return _tokens[j].IsOperator(op);
        }

        return false;
    }

    internal static bool IsRedirect(ReadOnlySpan<char> op) =>
        op is "<" or ">" or ">>" or "<<" or "<<-" or "<<<" or ">&" or "<&" or ">|" or "&>" or "&>>" or "<>";

    /// <summary><c>NAME=...</c> or <c>NAME+=...</c> with an unquoted name.</summary>
    internal static bool IsAssignment(ShellToken t)
    {
        ReadOnlySpan<char> lit;
        if (t.IsPlainWord)
        {
            lit = t.TextSpan;
        }
        else if (t.Parts.Count == 0 || t.Parts[0].Kind != ShellWordPartKind.Literal)
        {
            return false;
        }
        else
        {
            lit = t.Source.AsSpan(t.Parts[0].Offset, t.Parts[0].Length);
        }

        if (lit.Length < 2 || !ShellTokenizer.IsNameStart(lit[0]))
        {
            return false;
        }

        for (var k = 1; k < lit.Length; k++)
        {
            var c = lit[k];
            if (c == '=' || (c == '+' && k + 1 < lit.Length && lit[k + 1] == '='))
            {
                return true;
            }

            if (!ShellTokenizer.IsNameChar(c))
            {
                return false;
            }
        }

        return false;
    }

    private void CollectNested(ShellToken t)
    {
        if (t.IsPlainWord)
        {
            return; // one literal: nothing nested
        }

        foreach (var p in t.Parts)
        {
            CollectNested(t, p);
        }
    }

    private void CollectNested(ShellToken t, ShellWordPart p)
    {
        if (p.Kind is ShellWordPartKind.CommandSubstitution or ShellWordPartKind.Backtick or ShellWordPartKind.ProcessSubstitution)
        {
            var (line, column) = PositionOf(t, p.ContentOffset);
            var inner = ShellTokenizer.Tokenize(t.Source, p.ContentOffset, p.ContentLength, line, column);
            new CommandSplitter(inner.TokenArray, _substitutions, _depth + 1, _nested).Run();
        }

        foreach (var c in p.Children)
        {
            CollectNested(t, c);
        }
    }

    internal static (int Line, int Column) PositionOf(ShellToken t, int offset)
    {
        var line = t.Span.Line;
        var column = t.Span.Column;
        var text = t.Source.AsSpan(t.Span.Offset, offset - t.Span.Offset);
        var lastNl = text.LastIndexOf('\n');
        if (lastNl < 0)
        {
            return (line, column + text.Length);
        }

        return (line + text.Count('\n'), text.Length - lastNl);
    }

    private void Finish()
    {
        if (_first >= 0 && (_words.Count > 0 || _assignments.Count > 0 || _redirects.Count > 0))
        {
            // The command's tokens are a range of the tokenization's array (it is never changed), not a copy.
            var tokens = new ArraySegment<ShellToken>(_tokens, _first, _last - _first + 1);
            _out.Add(new ShellCommand([.. _words], [.. _assignments], [.. _redirects], tokens, _depth));
        }

        Reset();
    }

    private void Reset()
    {
        _out.AddRange(_nested);
        _nested.Clear();
        _words.Clear();
        _assignments.Clear();
        _redirects.Clear();
        _first = -1;
        _last = -1;
    }
}
