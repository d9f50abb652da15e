namespace InfraDedup.Core.Scripts;

/// <summary>Lexical class of a shell token. Every character of the input belongs to exactly one token.</summary>
public enum ShellTokenKind
{
    /// <summary>A word (command name, argument, assignment, heredoc delimiter); see <see cref="ShellToken.Parts"/>.</summary>
    Word,

    /// <summary>Control or redirection operator: <c>| || &amp; &amp;&amp; ; ;; ( ) &lt; &gt; &gt;&gt; &lt;&lt; &lt;&lt;- &lt;&lt;&lt; &gt;&amp; ...</c>.</summary>
    Operator,

    /// <summary>An unquoted, unescaped line feed (a command separator).</summary>
    Newline,

    /// <summary>From a <c>#</c> that starts a word to the end of the line (line feed excluded).</summary>
    Comment,

    /// <summary>Blanks: spaces, tabs, carriage returns, form feeds.</summary>
    Whitespace,

    /// <summary>Backslash-newline between words.</summary>
    LineContinuation,

    /// <summary>The lines of a here-document, up to (not including) its delimiter line.</summary>
    HeredocBody,

    /// <summary>The delimiter line that closes a here-document, including its line feed.</summary>
    HeredocEnd,
}

/// <summary>How a piece of a shell word is quoted or expanded.</summary>
public enum ShellWordPartKind
{
    /// <summary>Unquoted (or, inside double quotes, plain) characters.</summary>
    Literal,

    /// <summary>A backslash and the character it escapes.</summary>
    Escape,

    /// <summary><c>'...'</c></summary>
    SingleQuoted,

    /// <summary><c>"..."</c>; <see cref="ShellWordPart.Children"/> hold its pieces.</summary>
    DoubleQuoted,

    /// <summary><c>$'...'</c> with C-style escapes.</summary>
    AnsiCQuoted,

    /// <summary><c>$"..."</c>; children like double quotes.</summary>
    LocaleQuoted,

    /// <summary><c>$name</c>, <c>$1</c>, <c>$@</c>, ...</summary>
    Parameter,

    /// <summary><c>${...}</c></summary>
    ParameterExpansion,

    /// <summary><c>$(...)</c>; its content is a script (tokenize it with <see cref="ShellTokenizer.Tokenize(string, int, int, int, int)"/>).</summary>
    CommandSubstitution,

    /// <summary><c>`...`</c></summary>
    Backtick,

    /// <summary><c>$((...))</c></summary>
    Arithmetic,

    /// <summary><c>&lt;(...)</c> or <c>&gt;(...)</c></summary>
    ProcessSubstitution,

    /// <summary>The <c>(...)</c> of an array assignment <c>name=(a b c)</c>.</summary>
    ArrayLiteral,
}

/// <summary>One piece of a shell word with its quoting. Offsets are into <see cref="ShellToken.Source"/>.</summary>
public sealed class ShellWordPart
{
    internal ShellWordPart(ShellWordPartKind kind, int offset, int length, int contentOffset, int contentLength, bool isTerminated, ShellWordPart[]? children)
    {
        Kind = kind;
        Offset = offset;
        Length = length;
        ContentOffset = contentOffset;
        ContentLength = contentLength;
        IsTerminated = isTerminated;
        Children = children ?? [];
    }

    public ShellWordPartKind Kind { get; }

    /// <summary>Offset of the whole part, delimiters included.</summary>
    public int Offset { get; }

    public int Length { get; }

    /// <summary>Offset of what is between the delimiters (for <see cref="ShellWordPartKind.Escape"/>: the escaped character).</summary>
    public int ContentOffset { get; }

    public int ContentLength { get; }

    /// <summary>False when the closing delimiter was missing (input ended first).</summary>
    public bool IsTerminated { get; }

    /// <summary>Pieces inside double quotes (<see cref="ShellWordPartKind.DoubleQuoted"/>, <see cref="ShellWordPartKind.LocaleQuoted"/>); empty otherwise.</summary>
    public IReadOnlyList<ShellWordPart> Children { get; }

    /// <summary>True for parts whose value is only known at run time (expansions and substitutions).</summary>
    public bool IsExpansion => Kind is ShellWordPartKind.Parameter or ShellWordPartKind.ParameterExpansion
        or ShellWordPartKind.CommandSubstitution or ShellWordPartKind.Backtick or ShellWordPartKind.Arithmetic
        or ShellWordPartKind.ProcessSubstitution;

    public override string ToString() => $"{Kind}[{Offset}..{Offset + Length})";
}

/// <summary>A shell token: kind, exact span in <see cref="Source"/>, and for words the quoting structure.</summary>
public readonly record struct ShellToken
{
    private readonly ShellWordPart[]? _parts;

    internal ShellToken(string source, ShellTokenKind kind, SourceSpan span, ShellWordPart[]? parts)
    {
        Source = source;
        Kind = kind;
        Span = span;
        _parts = parts;
    }

    public ShellTokenKind Kind { get; }

    public SourceSpan Span { get; }

    /// <summary>The whole text that was tokenized (not just this token).</summary>
    public string Source { get; }

    /// <summary>The token's text without allocating.</summary>
    public ReadOnlySpan<char> TextSpan => Source.AsSpan(Span.Offset, Span.Length);

    /// <summary>The token's text (allocates a string).</summary>
    public string Text => Source.Substring(Span.Offset, Span.Length);

    /// <summary>For <see cref="ShellTokenKind.Word"/>: its pieces in order. Empty for other kinds.</summary>
    public IReadOnlyList<ShellWordPart> Parts => IsPlainWord ? [PlainPart] : _parts ?? [];

    /// <summary>
    /// Stands for the parts of a word that is one unquoted literal from end to end (most words of a script): the
    /// tokenizer stores this one shared array instead of a part and an array per word, and <see cref="Parts"/> makes
    /// the part on request.
    /// </summary>
    internal static readonly ShellWordPart[] PlainWordParts = [new ShellWordPart(ShellWordPartKind.Literal, 0, 0, 0, 0, true, null)];

    /// <summary>A word that is a single unquoted literal covering the whole token: its value is its text.</summary>
    internal bool IsPlainWord => ReferenceEquals(_parts, PlainWordParts);

    /// <summary>The one part of a plain word, as the tokenizer would have made it.</summary>
    private ShellWordPart PlainPart => new(ShellWordPartKind.Literal, Span.Offset, Span.Length, Span.Offset, Span.Length, true, null);

    /// <summary>True when this is the operator <paramref name="op"/>.</summary>
    public bool IsOperator(string op) => Kind == ShellTokenKind.Operator && TextSpan.SequenceEqual(op);

    /// <summary>True for tokens that carry no meaning (whitespace, comments, line continuations).</summary>
    public bool IsTrivia => Kind is ShellTokenKind.Whitespace or ShellTokenKind.Comment or ShellTokenKind.LineContinuation;

    public override string ToString() => $"{Kind} {Span} \"{Text}\"";
}

/// <summary>A here-document: indices into <see cref="ShellTokenization.Tokens"/> and its delimiter.</summary>
/// <param name="OperatorIndex">Index of the <c>&lt;&lt;</c> / <c>&lt;&lt;-</c> operator token.</param>
/// <param name="DelimiterIndex">Index of the delimiter word token.</param>
/// <param name="BodyIndex">Index of the <see cref="ShellTokenKind.HeredocBody"/> token, or -1 when the input ended before the body.</param>
/// <param name="EndIndex">Index of the <see cref="ShellTokenKind.HeredocEnd"/> token, or -1 when unterminated.</param>
/// <param name="Delimiter">Delimiter after quote removal.</param>
/// <param name="IsQuoted">True when any part of the delimiter was quoted: the body is then not expanded.</param>
/// <param name="StripTabs">True for <c>&lt;&lt;-</c>: leading tabs are stripped from body lines and the delimiter line.</param>
public sealed record ShellHeredoc(int OperatorIndex, int DelimiterIndex, int BodyIndex, int EndIndex, string Delimiter, bool IsQuoted, bool StripTabs)
{
    public bool IsTerminated => EndIndex >= 0;
}

/// <summary>Result of <see cref="ShellTokenizer.Tokenize(string)"/>.</summary>
public sealed class ShellTokenization
{
    internal ShellTokenization(string source, int start, int length, ShellToken[] tokens, ShellHeredoc[] heredocs, ScriptDiagnostic[] diagnostics)
    {
        Source = source;
        Start = start;
        Length = length;
        TokenArray = tokens;
        Heredocs = heredocs;
        Diagnostics = diagnostics;
    }

    public string Source { get; }

    /// <summary>Offset in <see cref="Source"/> where tokenizing began.</summary>
    public int Start { get; }

    /// <summary>Number of characters tokenized.</summary>
    public int Length { get; }

    /// <summary>All tokens in source order; their texts concatenate to the input exactly.</summary>
    public IReadOnlyList<ShellToken> Tokens => TokenArray;

    /// <summary><see cref="Tokens"/> as the array it is: commands refer to ranges of it without copying.</summary>
    internal ShellToken[] TokenArray { get; }

    public IReadOnlyList<ShellHeredoc> Heredocs { get; }

    public IReadOnlyList<ScriptDiagnostic> Diagnostics { get; }
}
