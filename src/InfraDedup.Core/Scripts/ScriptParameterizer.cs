using System.Globalization;
using System.Text;

namespace InfraDedup.Core.Scripts;

/// <summary>A value that differs between near-copies: its variable name and each member's value (in member order).</summary>
public sealed record ScriptParameter(string Name, IReadOnlyList<string> Values);

/// <summary>One script that, given each member's <see cref="Parameters"/> as environment variables, runs the same token stream as that member.</summary>
public sealed record ParameterizedScript(string Text, string Shebang, IReadOnlyList<ScriptParameter> Parameters);

/// <summary>
/// Turns near-copies of a shell script that differ only in literal words into one script that reads those words from
/// variables (<c>"${NAME}"</c>), and proves it: for every member, the parameterized script's token stream (comments
/// and layout aside) equals the member's after substituting that member's values, where a substituted token is a word
/// that expands to exactly the member's value — a double-quoted expansion is one word, never split or globbed, so it
/// only replaces words whose value is static and whose position does not depend on quoting (not reserved words,
/// function names, heredoc delimiters, globs, tilde or brace patterns).
/// </summary>
public static class ScriptParameterizer
{
    /// <summary>Words the shell may read as syntax: a value equal to one is never put behind a variable.</summary>
    internal static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "in", "function", "select", "time", "!", "{", "}", "[[", "]]", "coproc",
    };

    /// <summary>
    /// The parameterized script of <paramref name="texts"/> (member 0 is the canonical one: its comments and layout
    /// are kept), or null with the reason a reader can act on.
    /// </summary>
    public static ParameterizedScript? Parameterize(IReadOnlyList<string> texts, out string reason)
    {
        ArgumentNullException.ThrowIfNull(texts);
        reason = string.Empty;
        if (texts.Count < 2)
        {
            reason = "fewer than two scripts";
            return null;
        }

        var shebang = Shebang(texts[0]);
        if (shebang is null)
        {
            reason = "no #! line: the interpreter its callers use is unknown, so a wrapper cannot run it the same way";
            return null;
        }

        if (texts.Any(t => Shebang(t) != shebang))
        {
            reason = "the copies start with different #! lines (different interpreters)";
            return null;
        }

        var streams = new List<List<(ShellToken Token, int Index)>>();
        var tokenizations = new List<ShellTokenization>();
        foreach (var text in texts)
        {
            var tokenization = ShellTokenizer.Tokenize(text);
            if (tokenization.Diagnostics.Count > 0)
            {
                reason = $"line {tokenization.Diagnostics[0].Line}:{tokenization.Diagnostics[0].Column}: {tokenization.Diagnostics[0].Message}; a script that does not tokenize cleanly is left alone";
                return null;
            }

            if (SelfLocation(text) is { } where)
            {
                reason = where;
                return null;
            }

            tokenizations.Add(tokenization);
            streams.Add(Significant(tokenization));
        }

        var count = streams[0].Count;
        if (streams.Any(s => s.Count != count))
        {
            reason = "the copies differ in structure (different number of tokens), not only in literal words";
            return null;
        }

        var slots = new List<(int Position, string? Prefix, string[] Values)>();
        for (var i = 0; i < count; i++)
        {
            var first = streams[0][i].Token;
            if (streams.All(s => s[i].Token.TextSpan.SequenceEqual(first.TextSpan)))
            {
                continue;
            }

            if (Slot(streams, tokenizations, i) is not { } slot)
            {
                reason = $"line {first.Span.Line}:{first.Span.Column}: '{Shorten(first.Text)}' differs in a place a variable cannot stand for it (an operator, an expansion, a reserved word, a glob or a heredoc)";
                return null;
            }

            slots.Add((i, slot.Prefix, slot.Values));
        }

        if (slots.Count == 0)
        {
            reason = "the copies run the same commands (they differ only in comments or layout)";
            return null;
        }

        var parameters = NameParameters(slots, streams[0], texts);
        var text0 = texts[0];
        var builder = new StringBuilder(text0.Length + (slots.Count * 8));
        var at = 0;
        var replacement = new Dictionary<int, string>();
        foreach (var (position, prefix, values) in slots)
        {
            var token = streams[0][position].Token;
            var name = parameters.First(p => p.Values.SequenceEqual(values)).Name;
            var text = (prefix ?? string.Empty) + "\"${" + name + "}\"";
            replacement[position] = text;
            builder.Append(text0, at, token.Span.Offset - at).Append(text);
            at = token.Span.End;
        }

        builder.Append(text0, at, text0.Length - at);
        var result = new ParameterizedScript(builder.ToString(), shebang, parameters);
        if (Prove(result, streams, replacement, slots, parameters) is { } failure)
        {
            reason = failure;
            return null;
        }

        return result;
    }

    /// <summary>The check the plan relies on (see the class summary); null when it holds for every member.</summary>
    private static string? Prove(ParameterizedScript script, List<List<(ShellToken Token, int Index)>> members, Dictionary<int, string> replacement, List<(int Position, string? Prefix, string[] Values)> slots, IReadOnlyList<ScriptParameter> parameters)
    {
        var tokenization = ShellTokenizer.Tokenize(script.Text);
        if (tokenization.Diagnostics.Count > 0)
        {
            return "the parameterized script does not tokenize cleanly: " + tokenization.Diagnostics[0];
        }

        var stream = Significant(tokenization);
        if (stream.Count != members[0].Count)
        {
            return "the parameterized script has a different token count than its copies";
        }

        for (var m = 0; m < members.Count; m++)
        {
            for (var i = 0; i < stream.Count; i++)
            {
                var token = stream[i].Token;
                var original = members[m][i].Token;
                if (!replacement.TryGetValue(i, out var expected))
                {
                    if (!token.TextSpan.SequenceEqual(original.TextSpan) && m == 0)
                    {
                        return $"line {token.Span.Line}: the parameterized script changed '{Shorten(original.Text)}'";
                    }

                    if (!token.TextSpan.SequenceEqual(original.TextSpan) && !slots.Any(s => s.Position == i))
                    {
                        return $"line {original.Span.Line}: '{Shorten(original.Text)}' differs from the parameterized script outside a parameter";
                    }

                    continue;
                }

                var slot = slots.First(s => s.Position == i);
                var parameter = parameters.First(p => p.Values.SequenceEqual(slot.Values));
                if (token.Text != expected || token.Kind != ShellTokenKind.Word || !IsQuotedExpansionOf(token, slot.Prefix, parameter.Name))
                {
                    return $"line {token.Span.Line}: the parameter {parameter.Name} is not one double-quoted expansion";
                }

                var value = ShellWords.GetLiteralValue(original);
                if (value is null || (slot.Prefix ?? string.Empty) + parameter.Values[m] != value)
                {
                    return $"line {original.Span.Line}: {parameter.Name} does not reproduce '{Shorten(original.Text)}'";
                }

                // The wrapper passes the value as a single-quoted word: it must read back as the same value.
                var quoted = ShellTokenizer.Tokenize(Quote(parameter.Values[m]));
                if (quoted.Tokens.Count != 1 || ShellWords.GetLiteralValue(quoted.Tokens[0]) != parameter.Values[m])
                {
                    return $"{parameter.Name}: the value of member {m + 1} does not survive quoting";
                }
            }
        }

        return null;
    }

    private static bool IsQuotedExpansionOf(ShellToken token, string? prefix, string name)
    {
        var parts = token.Parts;
        var quoted = parts.Count > 0 ? parts[^1] : null;
        return quoted is { Kind: ShellWordPartKind.DoubleQuoted, Children.Count: 1 }
            && quoted.Children[0].Kind == ShellWordPartKind.ParameterExpansion
            && token.Source.AsSpan(quoted.Children[0].Offset, quoted.Children[0].Length).SequenceEqual("${" + name + "}")
            && (prefix is null ? parts.Count == 1 : parts.Count == 2 && parts[0].Kind == ShellWordPartKind.Literal && token.Source.AsSpan(parts[0].Offset, parts[0].Length).SequenceEqual(prefix));
    }

    /// <summary>A differing position as a parameter: the prefix kept literally (<c>NAME=</c> of an assignment) and each member's value.</summary>
    private static (string? Prefix, string[] Values)? Slot(List<List<(ShellToken Token, int Index)>> streams, List<ShellTokenization> tokenizations, int i)
    {
        string? prefix = null;
        var values = new string[streams.Count];
        for (var m = 0; m < streams.Count; m++)
        {
            var (token, index) = streams[m][i];
            if (token.Kind != ShellTokenKind.Word || ShellWords.GetLiteralValue(token) is not { } value || ReservedWords.Contains(value)
                || tokenizations[m].Heredocs.Any(h => h.DelimiterIndex == index) || !PositionAllowsQuoting(streams[m], i))
            {
                return null;
            }

            var assignmentPrefix = CommandSplitter.IsAssignment(token) ? AssignmentPrefix(token) : null;
            if (m == 0)
            {
                prefix = assignmentPrefix;
            }
            else if (assignmentPrefix != prefix)
            {
                return null;
            }

            var bare = prefix is null ? value : value[prefix.Length..];
            if (prefix is not null && !token.Text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return null;
            }

            // Unquoted glob, brace and tilde characters mean something a quoted expansion would not reproduce.
            if (HasUnquotedSpecial(token))
            {
                return null;
            }

            values[m] = bare;
        }

        return (prefix, values);
    }

    private static string? AssignmentPrefix(ShellToken token)
    {
        var text = token.Text;
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && text[eq - 1] != '+' ? text[..(eq + 1)] : null;
    }

    private static bool HasUnquotedSpecial(ShellToken token) =>
        token.Parts.Any(p => p.Kind == ShellWordPartKind.Literal && token.Source.AsSpan(p.Offset, p.Length).IndexOfAny(Special) >= 0);

    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("*?[]{}~");

    /// <summary>Not a function name (<c>name()</c>), not the variable of <c>for</c>/<c>select</c>, not after <c>function</c>.</summary>
    private static bool PositionAllowsQuoting(List<(ShellToken Token, int Index)> stream, int i)
    {
        if (i + 1 < stream.Count && stream[i + 1].Token.IsOperator("("))
        {
            return false;
        }

        return i == 0 || stream[i - 1].Token.Text is not ("for" or "select" or "function" or "case");
    }

    private static List<ScriptParameter> NameParameters(List<(int Position, string? Prefix, string[] Values)> slots, List<(ShellToken Token, int Index)> stream, IReadOnlyList<string> texts)
    {
        var result = new List<ScriptParameter>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (position, prefix, values) in slots)
        {
            if (result.Any(p => p.Values.SequenceEqual(values)))
            {
                continue;
            }

            var baseName = prefix is not null ? prefix.TrimEnd('=') + "_VALUE"
                : position > 0 && stream[position - 1].Token.Text is { } previous && previous.StartsWith("--", StringComparison.Ordinal) && previous.Length > 2 ? Identifier(previous[2..])
                : "SCRIPT_VALUE";
            var name = baseName;
            for (var n = 2; taken.Contains(name) || texts.Any(t => t.Contains(name, StringComparison.Ordinal)); n++)
            {
                name = baseName + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            taken.Add(name);
            result.Add(new ScriptParameter(name, values));
        }

        return result;
    }

    private static string Identifier(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        var s = sb.ToString().Trim('_');
        return s.Length == 0 || char.IsAsciiDigit(s[0]) ? "SCRIPT_VALUE" : s;
    }

    private static List<(ShellToken Token, int Index)> Significant(ShellTokenization tokenization)
    {
        var list = new List<(ShellToken, int)>(tokenization.Tokens.Count);
        for (var i = 0; i < tokenization.Tokens.Count; i++)
        {
            if (!tokenization.Tokens[i].IsTrivia)
            {
                list.Add((tokenization.Tokens[i], i));
            }
        }

        return list;
    }

    /// <summary>The first line when it is a <c>#!</c> line, without the line feed (and a carriage return).</summary>
    public static string? Shebang(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("#!", StringComparison.Ordinal))
        {
            return null;
        }

        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).TrimEnd('\r');
    }

    /// <summary>
    /// Why a script cannot be run through a wrapper without changing what it sees: it reads its own location
    /// (<c>$0</c>, <c>BASH_SOURCE</c>), which would become the canonical script's. Null when it does not.
    /// </summary>
    public static string? SelfLocation(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var hash = line.TrimStart().StartsWith('#');
            if (!hash && (line.Contains("$0", StringComparison.Ordinal) || line.Contains("${0", StringComparison.Ordinal) || line.Contains("BASH_SOURCE", StringComparison.Ordinal)))
            {
                return $"line {i + 1}: uses its own location ($0 or BASH_SOURCE); run through a wrapper it would see the canonical script's";
            }
        }

        return null;
    }

    /// <summary>A single-quoted shell word whose value is <paramref name="value"/>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
