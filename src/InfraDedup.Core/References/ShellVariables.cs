using System.Text.RegularExpressions;

namespace InfraDedup.Core.References;

/// <summary>
/// The literal values a shell script gives its variables, so that <c>docker build "$ctx"</c> and
/// <c>docker build "${CTX[$k]}"</c> resolve: plain assignments (<c>NAME=value</c>, also after <c>local</c>,
/// <c>export</c>, <c>readonly</c>, <c>declare</c>), indexed and associative arrays (<c>NAME=(a "b")</c>,
/// <c>declare -A NAME=(["k"]="v")</c>, <c>NAME+=(…)</c>), and <c>for x in …</c> loops over literals or over such
/// arrays. A variable assigned several times has every value. Values with expansions, command substitutions or
/// quotes of another kind are not literal and are ignored: a word that needs them stays unknown. Inside a function,
/// <c>$1</c>…<c>$9</c> resolve through <see cref="WithArguments"/> (see <see cref="ShellFunctions"/>).
/// </summary>
internal sealed partial class ShellVariables
{
    private const int MaxValuesPerWord = 64;

    private readonly Dictionary<string, HashSet<string>> _values;
    private readonly Dictionary<string, HashSet<string>> _keys;

    /// <summary>The positional parameters (<c>$1</c> is index 0) of the function call being resolved; null outside one.</summary>
    private readonly IReadOnlyList<string?>? _arguments;

    private ShellVariables()
        : this(new(StringComparer.Ordinal), new(StringComparer.Ordinal), null)
    {
    }

    private ShellVariables(Dictionary<string, HashSet<string>> values, Dictionary<string, HashSet<string>> keys, IReadOnlyList<string?>? arguments)
    {
        _values = values;
        _keys = keys;
        _arguments = arguments;
    }

    /// <summary>True when no literal value was found (nothing to resolve).</summary>
    public bool IsEmpty => _values.Count == 0 && _arguments is null;

    /// <summary>
    /// The same variables seen from inside a function called with <paramref name="arguments"/>: <c>$1</c>…<c>$9</c>
    /// take the call's values (null entries stay unknown).
    /// </summary>
    public ShellVariables WithArguments(IReadOnlyList<string?> arguments) => new(_values, _keys, arguments);

    public static ShellVariables Parse(string text)
    {
        var result = new ShellVariables();
        if (!text.Contains("=(", StringComparison.Ordinal))
        {
            // No array assignment to join lines: each line is taken as it is, and only those a pattern can match
            // become strings (most of a script's lines do not).
            foreach (var range in text.AsSpan().Split('\n'))
            {
                var line = text.AsSpan(range);
                if (line.EndsWith('\r'))
                {
                    line = line[..^1]; // "\r\n" ends a line as "\n" does
                }

                // Only a line a pattern matches becomes a string (a match needs one; most lines, comments included, have none).
                if ((line.Contains('=') && ScalarAssignment().IsMatch(line)) || (line.Contains("for", StringComparison.Ordinal) && ForLoop().IsMatch(line)))
                {
                    result.AddLine(line.ToString());
                }
            }

            return result;
        }

        foreach (var line in JoinArrayLines(text))
        {
            // Each pattern needs a fixed piece of text: lines without it (most of a script) skip the regex.
            if (line.Contains('=', StringComparison.Ordinal) || line.Contains("for", StringComparison.Ordinal))
            {
                result.AddLine(line);
            }
        }

        return result;
    }

    private void AddLine(string line)
    {
        var array = line.Contains("=(", StringComparison.Ordinal) ? ArrayAssignment().Match(line) : Match.Empty;
        if (array.Success)
        {
            AddArray(array.Groups["name"].Value, array.Groups["body"].Value);
            return;
        }

        if (line.Contains('=', StringComparison.Ordinal))
        {
            foreach (Match scalar in ScalarAssignment().Matches(line))
            {
                if (Literal(scalar.Groups["value"].Value) is { } value)
                {
                    Add(_values, scalar.Groups["name"].Value, value);
                }
            }
        }

        var loop = line.Contains("for", StringComparison.Ordinal) ? ForLoop().Match(line) : Match.Empty;
        if (loop.Success)
        {
            AddLoop(loop.Groups["name"].Value, loop.Groups["items"].Value);
        }
    }

    /// <summary>
    /// The literal values a word can take: <paramref name="raw"/> is the word as written (quotes included); it may hold
    /// one expansion of a known variable (<c>$x</c>, <c>${x}</c>, <c>${x[…]}</c>, <c>${x[@]}</c>) between literal text.
    /// Null when the word needs anything else.
    /// </summary>
    public IReadOnlyList<string>? Resolve(string raw)
    {
        var text = raw.Replace("\"", string.Empty, StringComparison.Ordinal);
        if (text.Contains('\'', StringComparison.Ordinal) || text.Contains('`', StringComparison.Ordinal))
        {
            return null;
        }

        var matches = Expansion().Matches(text);
        if (matches.Count != 1)
        {
            return null;
        }

        var m = matches[0];
        var prefix = text[..m.Index];
        var suffix = text[(m.Index + m.Length)..];
        if (prefix.Contains('$', StringComparison.Ordinal) || suffix.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        var name = m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["bare"].Value;
        if (name[0] is >= '1' and <= '9')
        {
            var position = name[0] - '1';
            return _arguments is { } args && position < args.Count && args[position] is { } argument && !m.Groups["bang"].Value.Contains('!', StringComparison.Ordinal)
                ? [prefix + argument + suffix]
                : null;
        }

        var source = m.Groups["bang"].Success && m.Groups["bang"].Value.Length > 0 ? _keys : _values;
        if (!source.TryGetValue(name, out var values) || values.Count > MaxValuesPerWord)
        {
            return null;
        }

        return [.. values.Order(StringComparer.Ordinal).Select(v => prefix + v + suffix)];
    }

    /// <summary><see cref="Resolve(string)"/> of a script's word as written.</summary>
    public IReadOnlyList<string>? Resolve(Scripts.ShellWord word) => MayResolve(word.Token.TextSpan) ? Resolve(word.Text) : null;

    private const int MaxCheckedOnStack = 256;

    /// <summary>
    /// False when <see cref="Resolve(string)"/> returns null for a word as written, decided without allocating: it has a
    /// single quote or backquote, or (quotes removed) not exactly one expansion. Most words a script's commands leave
    /// unknown fail this (a message with two variables, <c>$(…)</c>), and a script has many of them.
    /// </summary>
    private static bool MayResolve(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOfAny('\'', '`') >= 0)
        {
            return false;
        }

        if (raw.Length > MaxCheckedOnStack)
        {
            return true; // rare: Resolve decides
        }

        Span<char> unquoted = stackalloc char[raw.Length];
        var length = 0;
        foreach (var c in raw)
        {
            if (c != '"')
            {
                unquoted[length++] = c;
            }
        }

        return Expansion().Count(unquoted[..length]) == 1;
    }

    private static void Add(Dictionary<string, HashSet<string>> map, string name, string value)
    {
        if (!map.TryGetValue(name, out var set))
        {
            map[name] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(value);
    }

    private void AddArray(string name, string body)
    {
        foreach (Match element in ArrayElement().Matches(body))
        {
            if (Literal(element.Groups["value"].Value) is not { } value)
            {
                continue;
            }

            Add(_values, name, value);
            if (element.Groups["key"].Success && Literal(element.Groups["key"].Value) is { } key)
            {
                Add(_keys, name, key);
            }
        }
    }

    private void AddLoop(string name, string items)
    {
        foreach (Match word in LoopWord().Matches(items))
        {
            var w = word.Value;
            if (!w.Contains('$', StringComparison.Ordinal))
            {
                if (Literal(w) is { } literal)
                {
                    Add(_values, name, literal);
                }

                continue;
            }

            foreach (var value in Resolve(w) ?? [])
            {
                Add(_values, name, value);
            }
        }
    }

    /// <summary>A value without expansions, with its quotes removed; null when it is not literal.</summary>
    private static string? Literal(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            value = value[1..^1];
        }

        return value.Length == 0 || value.IndexOfAny(['$', '`', '"', '\'', '(', ')', ';', '|', '&', '<', '>']) >= 0 ? null : value;
    }

    /// <summary>Lines, with a multi-line array assignment (<c>X=(</c> … <c>)</c>) joined into one.</summary>
    private static List<string> JoinArrayLines(string text)
    {
        var result = new List<string>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Contains("=(", StringComparison.Ordinal) && ArrayStart().IsMatch(line) && !line.Contains(')', StringComparison.Ordinal))
            {
                var sb = new System.Text.StringBuilder(line);
                while (i + 1 < lines.Length && !sb.ToString().Contains(')', StringComparison.Ordinal))
                {
                    var next = lines[++i];
                    var hash = next.IndexOf(" #", StringComparison.Ordinal);
                    sb.Append(' ').Append(next.TrimStart().StartsWith('#') ? string.Empty : hash >= 0 ? next[..hash] : next);
                }

                line = sb.ToString();
            }

            result.Add(line);
        }

        return result;
    }

    [GeneratedRegex(@"^\s*(?:(?:local|export|readonly|typeset|declare)(?:\s+-[A-Za-z]+)*\s+)?[A-Za-z_][A-Za-z0-9_]*\+?=\(")]
    private static partial Regex ArrayStart();

    [GeneratedRegex(@"^\s*(?:(?:local|export|readonly|typeset|declare)(?:\s+-[A-Za-z]+)*\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\+?=\((?<body>[^)]*)\)")]
    private static partial Regex ArrayAssignment();

    [GeneratedRegex(@"(?:^|[\s;])(?:(?:local|export|readonly|typeset|declare)(?:\s+-[A-Za-z]+)*\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|'[^']*'|[^\s;'""()]+)(?=$|[\s;])")]
    private static partial Regex ScalarAssignment();

    [GeneratedRegex(@"(?:\[(?<key>""[^""]*""|'[^']*'|[^\]]*)\]=)?(?<value>""[^""]*""|'[^']*'|[^\s\[\]]+)")]
    private static partial Regex ArrayElement();

    [GeneratedRegex(@"^\s*for\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s+in\s+(?<items>[^;]*?)\s*(?:;|$)")]
    private static partial Regex ForLoop();

    [GeneratedRegex(@"""[^""]*""|'[^']*'|[^\s]+")]
    private static partial Regex LoopWord();

    [GeneratedRegex(@"\$(?:\{(?<bang>!?)(?<name>[A-Za-z_][A-Za-z0-9_]*|[1-9])(?:\[[^\]]*\])?\}|(?<bare>[A-Za-z_][A-Za-z0-9_]*|[1-9]))")]
    private static partial Regex Expansion();
}
