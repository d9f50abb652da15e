using System.IO.Hashing;
using System.Runtime.InteropServices;
using InfraDedup.Core.Common;

namespace InfraDedup.Core.Scripts;

/// <summary>Language-neutral class of a normalized token.</summary>
public enum NormalizedTokenKind
{
    Keyword,
    Identifier,

    /// <summary>A shell command word (e.g. <c>apt-get</c>); an identifier that can be kept under abstraction.</summary>
    Command,
    Operator,
    String,
    Number,

    /// <summary>A shell word mixing literals and expansions.</summary>
    Word,

    /// <summary>End of a statement: shell newline/<c>;</c>, Python NEWLINE.</summary>
    Separator,
    Indent,
    Dedent,

    /// <summary>Error tokens and anything else.</summary>
    Other,
}

/// <summary>A token of the similarity stream. <see cref="Value"/> slices the source or is a placeholder like <c>$id</c>.</summary>
public readonly record struct NormalizedToken(NormalizedTokenKind Kind, ReadOnlyMemory<char> Value, SourceSpan Span)
{
    public string Text => Value.ToString();

    /// <summary>64-bit hash of kind and text (XxHash3).</summary>
    public ulong Hash => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(Value.Span), (long)Kind);

    public override string ToString() => $"{Kind}:{Text}";
}

/// <summary>Options for <see cref="TokenNormalizer"/>.</summary>
public sealed record TokenNormalizerOptions
{
    /// <summary>Keep everything (Type-1 clones).</summary>
    public static TokenNormalizerOptions Exact { get; } = new();

    /// <summary>Identifiers → <c>$id</c>, strings → <c>$str</c>, numbers → <c>$num</c>; command names kept (Type-2 clones).</summary>
    public static TokenNormalizerOptions Type2 { get; } = new() { AbstractIdentifiers = true, AbstractLiterals = true };

    public bool AbstractIdentifiers { get; init; }

    public bool AbstractLiterals { get; init; }

    /// <summary>Keep shell command names (<c>apt-get</c>, <c>curl</c>) even when abstracting identifiers.</summary>
    public bool KeepCommandNames { get; init; } = true;

    /// <summary>Shingle length k for <see cref="TokenNormalizer.ShingleHashes(IReadOnlyList{NormalizedToken}, int)"/> callers; default 5.</summary>
    public int ShingleSize { get; init; } = 5;
}

/// <summary>
/// Turns shell or Python tokens into one comparable stream: no comments or layout, optional abstraction of
/// identifiers and literals, keywords and operators kept. Also hashes tokens and k-shingles for MinHash.
/// </summary>
public static class TokenNormalizer
{
    public const string IdentifierPlaceholder = "$id";
    public const string StringPlaceholder = "$str";
    public const string NumberPlaceholder = "$num";
    public const string SeparatorText = ";";
    public const string IndentText = "<INDENT>";
    public const string DedentText = "<DEDENT>";

    private const int MaxShellDepth = 16;

    private static readonly HashSet<string> ShellKeywords = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "for", "in", "do", "done", "case", "esac", "while", "until", "function",
        "select", "time", "coproc", "{", "}", "!", "[[", "]]",
    };

    private static readonly HashSet<string> ShellKeywordsAnywhere = new(StringComparer.Ordinal)
    {
        "then", "do", "done", "fi", "esac", "else", "elif", "in", "]]",
    };

    private static readonly HashSet<string> ShellBuiltins = new(StringComparer.Ordinal)
    {
        ".", ":", "[", "alias", "bg", "break", "builtin", "cd", "command", "continue", "declare", "echo", "eval", "exec",
        "exit", "export", "false", "fg", "getopts", "hash", "jobs", "kill", "let", "local", "printf", "pushd", "popd",
        "pwd", "read", "readonly", "return", "set", "shift", "source", "test", "trap", "true", "type", "typeset",
        "ulimit", "umask", "unalias", "unset", "wait",
    };

    private static readonly HashSet<string> PythonKeywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    };

    /// <summary>Shell words are looked up by their span (a plain word is not copied into a string).</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ShellKeywordLookup = ShellKeywords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ShellKeywordAnywhereLookup = ShellKeywordsAnywhere.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ShellBuiltinLookup = ShellBuiltins.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Looks keywords up by the token's span: no string per name token.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> PythonKeywordLookup = PythonKeywords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly ReadOnlyMemory<char> Id = IdentifierPlaceholder.AsMemory();
    private static readonly ReadOnlyMemory<char> Str = StringPlaceholder.AsMemory();
    private static readonly ReadOnlyMemory<char> Num = NumberPlaceholder.AsMemory();
    private static readonly ReadOnlyMemory<char> Sep = SeparatorText.AsMemory();

    /// <summary>
    /// Whether a Python name is a keyword. Every keyword is 2 to 8 characters and starts with a lower-case letter
    /// or F, N, T, so most identifiers are decided without a lookup.
    /// </summary>
    internal static bool IsPythonKeyword(ReadOnlySpan<char> name) =>
        name.Length is >= 2 and <= 8 && name[0] is (>= 'a' and <= 'y') or 'F' or 'N' or 'T' && PythonKeywordLookup.Contains(name);

    /// <summary>Normalizes a tokenized shell script.</summary>
    public static IReadOnlyList<NormalizedToken> Normalize(ShellTokenization tokenization, TokenNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenization);
        var result = new List<NormalizedToken>(tokenization.Tokens.Count / 2);
        NormalizeShellInto(tokenization.Tokens, options ?? TokenNormalizerOptions.Exact, result);
        return result;
    }

    /// <summary>
    /// <see cref="Normalize(ShellTokenization, TokenNormalizerOptions?)"/> into this thread's spare list, for callers
    /// that read the stream once and drop it (the similarity fingerprints of scripts and RUN bodies): the list and its
    /// growth are then paid once per thread instead of once per script. Hand it back with <see cref="ReturnShared"/>.
    /// </summary>
    internal static List<NormalizedToken> NormalizeShared(ShellTokenization tokenization)
    {
        ArgumentNullException.ThrowIfNull(tokenization);
        return NormalizeShared(tokenization.Tokens);
    }

    /// <summary><see cref="NormalizeShared(ShellTokenization)"/> of a script's tokens (from <see cref="ShellTokenizer.TokenizeShared"/>).</summary>
    internal static List<NormalizedToken> NormalizeShared(IReadOnlyList<ShellToken> tokens)
    {
        var result = ThreadSpareList<NormalizedToken>.Rent();
        NormalizeShellInto(tokens, TokenNormalizerOptions.Exact, result);
        return result;
    }

    /// <summary>Takes back a list from <see cref="NormalizeShared"/>; the caller must not read it afterwards.</summary>
    internal static void ReturnShared(List<NormalizedToken> stream) => ThreadSpareList<NormalizedToken>.Return(stream);

    private static void NormalizeShellInto(IReadOnlyList<ShellToken> tokens, TokenNormalizerOptions options, List<NormalizedToken> result)
    {
        NormalizeShell(tokens, options, result, 0);
        if (result.Count > 0 && result[^1].Kind == NormalizedTokenKind.Separator)
        {
            result.RemoveAt(result.Count - 1); // a final newline is layout, not structure
        }
    }

    /// <summary>Normalizes a tokenized Python file.</summary>
    public static IReadOnlyList<NormalizedToken> Normalize(PythonTokenization tokenization, TokenNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenization);
        var o = options ?? TokenNormalizerOptions.Exact;
        var result = new List<NormalizedToken>(tokenization.Tokens.Count / 2);
        foreach (var t in tokenization.Tokens)
        {
            var text = t.Source.AsMemory(t.Span.Offset, t.Span.Length);
            switch (t.Kind)
            {
                case PythonTokenKind.Newline:
                    AddSeparator(result, t.Span);
                    break;
                case PythonTokenKind.Indent:
                    result.Add(new NormalizedToken(NormalizedTokenKind.Indent, IndentText.AsMemory(), t.Span));
                    break;
                case PythonTokenKind.Dedent:
                    result.Add(new NormalizedToken(NormalizedTokenKind.Dedent, DedentText.AsMemory(), t.Span));
                    break;
                case PythonTokenKind.Name:
                    if (IsPythonKeyword(t.TextSpan))
                    {
                        result.Add(new NormalizedToken(NormalizedTokenKind.Keyword, text, t.Span));
                    }
                    else
                    {
                        result.Add(new NormalizedToken(NormalizedTokenKind.Identifier, o.AbstractIdentifiers ? Id : text, t.Span));
                    }

                    break;
                case PythonTokenKind.Number:
                    result.Add(new NormalizedToken(NormalizedTokenKind.Number, o.AbstractLiterals ? Num : text, t.Span));
                    break;
                case PythonTokenKind.String:
                    result.Add(new NormalizedToken(NormalizedTokenKind.String, o.AbstractLiterals ? Str : text, t.Span));
                    break;
                case PythonTokenKind.Op:
                    result.Add(new NormalizedToken(NormalizedTokenKind.Operator, text, t.Span));
                    break;
                case PythonTokenKind.ErrorToken:
                    result.Add(new NormalizedToken(NormalizedTokenKind.Other, text, t.Span));
                    break;
            }
        }

        return result;
    }

    /// <summary>Hashes each token (XxHash3 of kind and text).</summary>
    public static ulong[] TokenHashes(IReadOnlyList<NormalizedToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var hashes = new ulong[tokens.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = tokens[i].Hash;
        }

        return hashes;
    }

    /// <summary>
    /// One hash per window of <paramref name="k"/> consecutive token hashes (n-k+1 values; a single one when
    /// 0 &lt; n &lt; k; none for an empty stream).
    /// </summary>
    public static ulong[] ShingleHashes(ReadOnlySpan<ulong> tokenHashes, int k = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (tokenHashes.IsEmpty)
        {
            return [];
        }

        if (tokenHashes.Length <= k)
        {
            return [XxHash3.HashToUInt64(MemoryMarshal.AsBytes(tokenHashes))];
        }

        var result = new ulong[tokenHashes.Length - k + 1];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(tokenHashes.Slice(i, k)));
        }

        return result;
    }

    /// <summary>Token hashes then shingle hashes in one call.</summary>
    public static ulong[] ShingleHashes(IReadOnlyList<NormalizedToken> tokens, int k = 5) => ShingleHashes(TokenHashes(tokens), k);

    private static void AddSeparator(List<NormalizedToken> result, SourceSpan span)
    {
        if (result.Count == 0)
        {
            return;
        }

        var last = result[^1];
        if (last.Kind == NormalizedTokenKind.Separator || last.Kind == NormalizedTokenKind.Indent || last.Kind == NormalizedTokenKind.Dedent)
        {
            return;
        }

        if (last.Kind == NormalizedTokenKind.Operator && last.Value.Span is "&&" or "||" or "|" or "|&" or "(" or ";;" or ";&" or ";;&")
        {
            return;
        }

        if (last.Kind == NormalizedTokenKind.Keyword && last.Value.Span is "then" or "do" or "else" or "{" or "in")
        {
            return;
        }

        result.Add(new NormalizedToken(NormalizedTokenKind.Separator, Sep, span));
    }

    private static void NormalizeShell(IReadOnlyList<ShellToken> tokens, TokenNormalizerOptions o, List<NormalizedToken> result, int depth)
    {
        var commandPosition = true;
        var redirectTarget = false;
        foreach (var t in tokens)
        {
            switch (t.Kind)
            {
                case ShellTokenKind.Newline:
                    AddSeparator(result, t.Span);
                    commandPosition = true;
                    redirectTarget = false;
                    continue;
                case ShellTokenKind.Operator:
                    {
                        var op = t.TextSpan;
                        if (op is ";")
                        {
                            AddSeparator(result, t.Span);
                            commandPosition = true;
                            continue;
                        }

                        result.Add(new NormalizedToken(NormalizedTokenKind.Operator, t.Source.AsMemory(t.Span.Offset, t.Span.Length), t.Span));
                        if (CommandSplitter.IsRedirect(op))
                        {
                            redirectTarget = true;
                        }
                        else
                        {
                            commandPosition = true;
                        }

                        continue;
                    }

                case ShellTokenKind.HeredocBody:
                    AddHeredocBody(t, o, result);
                    continue;
                case ShellTokenKind.Word:
                    break;
                default:
                    continue;
            }

            if (redirectTarget)
            {
                redirectTarget = false;
                AddArgument(t, o, result, depth);
                continue;
            }

            var isStatic = ShellWords.TryGetLiteralValue(t, out var value);
            if (isStatic && ShellKeywordLookup.Contains(value.Span) && (commandPosition || ShellKeywordAnywhereLookup.Contains(value.Span)))
            {
                result.Add(new NormalizedToken(NormalizedTokenKind.Keyword, value, t.Span));
                commandPosition = value.Span is "if" or "then" or "else" or "elif" or "do" or "while" or "until" or "!" or "{" or "time" or "coproc";
                continue;
            }

            if (commandPosition && CommandSplitter.IsAssignment(t))
            {
                AddAssignment(t, o, result);
                continue;
            }

            if (commandPosition)
            {
                commandPosition = false;
                if (isStatic && ShellBuiltinLookup.Contains(value.Span))
                {
                    result.Add(new NormalizedToken(NormalizedTokenKind.Keyword, value, t.Span));
                    continue;
                }

                var text = isStatic ? value : t.Source.AsMemory(t.Span.Offset, t.Span.Length);
                var abstracted = o.AbstractIdentifiers && !o.KeepCommandNames;
                result.Add(new NormalizedToken(NormalizedTokenKind.Command, abstracted ? Id : text, t.Span));
                continue;
            }

            AddArgument(t, o, result, depth);
        }
    }

    private static void AddAssignment(ShellToken t, TokenNormalizerOptions o, List<NormalizedToken> result)
    {
        var text = t.TextSpan;
        var eq = text.IndexOf('=');
        var nameLength = eq > 0 && text[eq - 1] == '+' ? eq - 1 : eq;
        var span = t.Span;
        result.Add(new NormalizedToken(NormalizedTokenKind.Identifier,
            o.AbstractIdentifiers ? Id : t.Source.AsMemory(span.Offset, nameLength), span with { Length = nameLength }));
        result.Add(new NormalizedToken(NormalizedTokenKind.Operator, t.Source.AsMemory(span.Offset + nameLength, eq + 1 - nameLength), span));
        var rest = span.Length - eq - 1;
        if (rest > 0)
        {
            var kind = ShellWords.IsStatic(t) ? NormalizedTokenKind.String : NormalizedTokenKind.Word;
            result.Add(new NormalizedToken(kind, o.AbstractLiterals ? Str : t.Source.AsMemory(span.Offset + eq + 1, rest), span));
        }
    }

    private static void AddArgument(ShellToken t, TokenNormalizerOptions o, List<NormalizedToken> result, int depth)
    {
        if (ShellWords.TryGetLiteralValue(t, out var value))
        {
            var isNumber = value.Length > 0 && value.Span.IndexOfAnyExceptInRange('0', '9') < 0;
            if (isNumber)
            {
                result.Add(new NormalizedToken(NormalizedTokenKind.Number, o.AbstractLiterals ? Num : value, t.Span));
            }
            else
            {
                result.Add(new NormalizedToken(NormalizedTokenKind.String, o.AbstractLiterals ? Str : value, t.Span));
            }

            return;
        }

        var single = SinglePart(t.Parts);
        if (single is { Kind: ShellWordPartKind.Parameter or ShellWordPartKind.ParameterExpansion })
        {
            var text = ParameterName(t.Source, single);
            result.Add(new NormalizedToken(NormalizedTokenKind.Identifier, o.AbstractIdentifiers ? Id : text, t.Span));
            return;
        }

        if (single is { Kind: ShellWordPartKind.CommandSubstitution or ShellWordPartKind.Backtick } && depth < MaxShellDepth)
        {
            var (line, column) = CommandSplitter.PositionOf(t, single.ContentOffset);
            var inner = ShellTokenizer.Tokenize(t.Source, single.ContentOffset, single.ContentLength, line, column);
            result.Add(new NormalizedToken(NormalizedTokenKind.Operator, "$(".AsMemory(), t.Span));
            NormalizeShell(inner.Tokens, o, result, depth + 1);
            if (result[^1].Kind == NormalizedTokenKind.Separator)
            {
                result.RemoveAt(result.Count - 1);
            }

            result.Add(new NormalizedToken(NormalizedTokenKind.Operator, ")".AsMemory(), t.Span));
            return;
        }

        result.Add(new NormalizedToken(NormalizedTokenKind.Word,
            o.AbstractLiterals ? Str : t.Source.AsMemory(t.Span.Offset, t.Span.Length), t.Span));
    }

    /// <summary>The only meaningful part of a word, looking through one level of double quotes.</summary>
    private static ShellWordPart? SinglePart(IReadOnlyList<ShellWordPart> parts)
    {
        if (parts.Count != 1)
        {
            return null;
        }

        var p = parts[0];
        if (p.Kind == ShellWordPartKind.DoubleQuoted)
        {
            return p.Children.Count == 1 ? p.Children[0] : null;
        }

        return p;
    }

    /// <summary><c>$x</c>, <c>${x}</c>, <c>"$x"</c> all become <c>$x</c>; complex expansions keep their text.</summary>
    private static ReadOnlyMemory<char> ParameterName(string source, ShellWordPart p)
    {
        if (p.Kind == ShellWordPartKind.Parameter)
        {
            return source.AsMemory(p.Offset, p.Length);
        }

        var inner = source.AsSpan(p.ContentOffset, p.ContentLength);
        var simple = inner.Length > 0 && ShellTokenizer.IsNameStart(inner[0]);
        foreach (var c in inner)
        {
            simple &= ShellTokenizer.IsNameChar(c);
        }

        return simple ? ("$" + inner.ToString()).AsMemory() : source.AsMemory(p.Offset, p.Length);
    }

    private static void AddHeredocBody(ShellToken t, TokenNormalizerOptions o, List<NormalizedToken> result)
    {
        var text = t.TextSpan;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                var (line, column) = CommandSplitter.PositionOf(t, t.Span.Offset + start);
                var span = new SourceSpan(t.Span.Offset + start, i - start, line, column);
                result.Add(new NormalizedToken(NormalizedTokenKind.String, o.AbstractLiterals ? Str : t.Source.AsMemory(span.Offset, span.Length), span));
            }
        }
    }
}
