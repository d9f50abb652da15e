using System.Text.RegularExpressions;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.References;

/// <summary>
/// The functions a shell script defines (<c>name() { … }</c>, <c>function name { … }</c>) and the calls the same
/// script makes to them with arguments whose values are known (literal, or literal values of the script's own
/// variables, e.g. a <c>for</c> loop over literals). A command inside a function that uses <c>$1</c>…<c>$9</c>
/// then resolves once per call: <c>gen() { docker build -f "src/$1/Dockerfile" .; }</c> with <c>gen checkout</c>
/// builds <c>src/checkout/Dockerfile</c>, and the evidence is the call's line. Calls from inside another function
/// whose arguments are that function's own parameters resolve through the outer calls (a few levels deep).
/// </summary>
internal sealed partial class ShellFunctions
{
    private const int MaxCallsPerFunction = 64;
    private const int MaxNesting = 4;

    private static readonly string?[] Unknown = [null];

    private readonly List<Definition> _definitions;
    private readonly Dictionary<string, List<FunctionCall>> _calls;

    private ShellFunctions(List<Definition> definitions, Dictionary<string, List<FunctionCall>> calls)
    {
        _definitions = definitions;
        _calls = calls;
    }

    /// <summary>A function's name and the lines (1-based, inclusive) from its header to its closing brace.</summary>
    internal sealed record Definition(string Name, int FirstLine, int LastLine)
    {
        public bool Contains(int line) => line >= FirstLine && line <= LastLine;
    }

    /// <summary>
    /// One call with known arguments (null: only known at run time). <paramref name="Line"/> is where the chain of calls
    /// starts outside every called function (the evidence); <paramref name="Text"/> says how it was called.
    /// </summary>
    internal sealed record FunctionCall(int Line, string Text, IReadOnlyList<string?> Arguments);

    /// <summary>The functions <paramref name="text"/> defines and the calls to them (<paramref name="commands"/> is its parse).</summary>
    public static ShellFunctions Parse(string text, IReadOnlyList<ShellCommand> commands, ShellVariables variables)
    {
        var definitions = Definitions(text);
        var calls = new Dictionary<string, List<FunctionCall>>(StringComparer.Ordinal);
        if (definitions.Count == 0)
        {
            return new ShellFunctions(definitions, calls);
        }

        var names = definitions.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var sites = commands
            .Where(c => c.Depth == 0 && c.CommandName is { } name && names.Contains(name))
            .Select(c => (Command: c, Line: c.Span.Line))
            .ToArray();
        var result = new ShellFunctions(definitions, calls);

        // Pass 0 takes the calls that need no positional parameter; each later pass resolves calls made inside a
        // function through the calls of that function found so far.
        var done = new HashSet<(int Line, string Via)>();
        for (var pass = 0; pass < MaxNesting; pass++)
        {
            var added = false;
            foreach (var (command, line) in sites)
            {
                var enclosing = result.Innermost(line);
                var usesArguments = command.Words.Skip(1).Any(w => UsesArguments(w.Token.TextSpan));
                var scopes = enclosing is not null && usesArguments
                    ? result.CallsOf(enclosing.Name).Select(outer => (Scope: variables.WithArguments(outer.Arguments), outer.Line, Via: $" ← {outer.Text}"))
                    : [(Scope: variables, Line: line, Via: string.Empty)];
                foreach (var (scope, evidenceLine, via) in scopes.ToArray())
                {
                    if (!done.Add((line, via)))
                    {
                        continue;
                    }

                    foreach (var arguments in Arguments(command.Words, scope))
                    {
                        var name = command.CommandName!;
                        var described = Describe(name, arguments) + via;
                        if (!calls.TryGetValue(name, out var list))
                        {
                            calls[name] = list = [];
                        }

                        if (list.Count < MaxCallsPerFunction)
                        {
                            list.Add(new FunctionCall(evidenceLine, described, arguments));
                            added = true;
                        }
                    }
                }
            }

            if (!added)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>The calls of the innermost function whose body holds <paramref name="line"/> (empty when none).</summary>
    public IReadOnlyList<FunctionCall> CallsAround(int line) => Innermost(line) is { } d ? CallsOf(d.Name) : [];

    /// <summary>True when a word as written expands a positional parameter (<c>$1</c>, <c>${2}</c>, <c>$@</c>, <c>$*</c>).</summary>
    public static bool UsesArguments(ReadOnlySpan<char> raw) => raw.Contains('$') && PositionalUse().IsMatch(raw);

    private List<FunctionCall> CallsOf(string name) => _calls.TryGetValue(name, out var list) ? list : [];

    private Definition? Innermost(int line) =>
        _definitions.Where(d => d.Contains(line)).OrderByDescending(d => d.FirstLine).FirstOrDefault();

    /// <summary>Every argument list a call can have (at most <see cref="MaxCallsPerFunction"/>); a word that stays unknown is null.</summary>
    private static IEnumerable<string?[]> Arguments(IReadOnlyList<ShellWord> words, ShellVariables scope)
    {
        var choices = new List<IReadOnlyList<string?>>();
        var total = 1;
        foreach (var word in words.Skip(1))
        {
            IReadOnlyList<string?> values = Unknown;
            if (word.Value is { } literal)
            {
                values = [literal];
            }
            else if (scope.Resolve(word) is { Count: > 0 } resolved)
            {
                values = resolved;
            }

            total *= values.Count;
            if (total > MaxCallsPerFunction)
            {
                yield break;
            }

            choices.Add(values);
        }

        var index = new int[choices.Count];
        for (var n = 0; n < total; n++)
        {
            yield return [.. choices.Select((c, i) => c[index[i]])];
            for (var i = choices.Count - 1; i >= 0; i--)
            {
                if (++index[i] < choices[i].Count)
                {
                    break;
                }

                index[i] = 0;
            }
        }
    }

    private static string Describe(string name, IReadOnlyList<string?> arguments)
    {
        var text = string.Join(' ', arguments.Select(a => a ?? "…").Prepend(name));
        return text.Length > 80 ? text[..79] + "…" : text;
    }

    /// <summary>Function headers and the line of their closing brace (the first later line starting with <c>}</c> at no deeper indentation).</summary>
    private static List<Definition> Definitions(string text)
    {
        if (!HasHeader(text))
        {
            return []; // most scripts define no function: their lines are not split into strings
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<Definition>();
        for (var i = 0; i < lines.Length; i++)
        {
            // A header has "(" (name()) or the word "function": other lines skip the regex.
            var header = lines[i].Contains('(', StringComparison.Ordinal) || lines[i].Contains("function", StringComparison.Ordinal) ? Header().Match(lines[i]) : Match.Empty;
            if (!header.Success)
            {
                continue;
            }

            var rest = header.Groups["rest"].Value.Trim();
            var last = i;
            if (!(rest.StartsWith('{') && rest.TrimEnd(';', ' ').EndsWith('}')))
            {
                var indent = header.Groups["indent"].Value.Length;
                last = lines.Length - 1;
                for (var j = i + 1; j < lines.Length; j++)
                {
                    var close = lines[j].Contains('}', StringComparison.Ordinal) ? Closing().Match(lines[j]) : Match.Empty;
                    if (close.Success && close.Groups["indent"].Value.Length <= indent)
                    {
                        last = j;
                        break;
                    }
                }
            }

            result.Add(new Definition(header.Groups["name"].Value, i + 1, last + 1));
        }

        return result;
    }

    /// <summary>Whether some line of <paramref name="text"/> (split as <see cref="Definitions"/> splits it) is a function header.</summary>
    private static bool HasHeader(string text)
    {
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range);
            if (line.EndsWith('\r'))
            {
                line = line[..^1]; // "\r\n" ends a line as "\n" does
            }

            if ((line.Contains('(') || line.Contains("function", StringComparison.Ordinal)) && Header().IsMatch(line))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^(?<indent>\s*)(?:function\s+(?<name>[A-Za-z_][\w:.\-]*)\s*(?:\(\s*\))?|(?<name>[A-Za-z_][\w:.\-]*)\s*\(\s*\))\s*(?<rest>\{.*)?$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^(?<indent>\s*)\}")]
    private static partial Regex Closing();

    [GeneratedRegex(@"\$(?:[1-9@*]|\{[1-9@*]\})")]
    private static partial Regex PositionalUse();
}
