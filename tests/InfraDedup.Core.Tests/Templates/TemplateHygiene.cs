using System.Text.RegularExpressions;
using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Tests.Templates;

/// <summary>
/// Review rules for an inferred template and the values its members bind (#17 item 2): what a maintainer would
/// refuse in review. Independent of the inference code on purpose: it reads only the template text and the bindings.
/// <list type="bullet">
/// <item>names say what they hold: no generic fallback (<c>value</c>, <c>line_…</c>, <c>…_value</c>), no
/// disambiguation counter (<c>port_2</c>), no name made of the instruction word (<c>run_curl</c>);</item>
/// <item>no two parameters with equal values on every member;</item>
/// <item>no two identical branches (in one chain, or in chains that follow each other);</item>
/// <item>no condition true on every member (nor one true on none: a dead branch);</item>
/// <item>one parameter per value: no value that spans lines or several <c>KEY=value</c> assignments.</item>
/// <item>the fields of a loop's records (<c>component.version</c>) follow the same naming and one-value rules.</item>
/// <item>no two booleans complementary on every member (that is one flag and its <c>else</c>);</item>
/// <item>no fragment of a line (a value that is not a whole word, quoted string, instruction argument or line) that
/// splits the members like another parameter does: lines that vary together with a variant are one conditional on
/// it, not several fragments (independent whole values that co-vary, a version and its checksum, stay legal).</item>
/// </list>
/// </summary>
public static partial class TemplateHygiene
{
    private static readonly string[] InstructionWords =
        ["from", "run", "cmd", "label", "expose", "env", "add", "copy", "entrypoint", "volume", "user", "workdir", "arg", "onbuild", "stopsignal", "healthcheck", "shell"];

    /// <summary>Every violation, one line each, prefixed with the template path.</summary>
    public static List<string> Check(string templatePath, string source, IReadOnlyList<IReadOnlyDictionary<string, TemplateValue>> members)
    {
        var problems = new List<string>();
        var names = members.SelectMany(m => m.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            if (BadName(name) is { } why)
            {
                problems.Add($"{templatePath}: parameter '{name}' {why}");
            }
        }

        // Equal values on every member.
        string Vector(string name) => string.Join("\u0001", members.Select(m => m.TryGetValue(name, out var v) ? v.Kind + ":" + v : "\u0002"));
        foreach (var same in names.GroupBy(Vector).Where(g => g.Count() > 1))
        {
            problems.Add($"{templatePath}: parameters {string.Join(", ", same)} hold equal values on every member");
        }

        // One value each.
        foreach (var name in names)
        {
            var spanning = members.Select(m => m.TryGetValue(name, out var v) ? v : null)
                .Where(v => v is { Kind: TemplateValueKind.String })
                .FirstOrDefault(v => v!.Text!.Contains('\n', StringComparison.Ordinal) || FurtherAssignment().IsMatch(v.Text));
            if (spanning is not null)
            {
                problems.Add($"{templatePath}: parameter '{name}' spans several values ('{spanning.Text}')");
            }
        }

        // The fields of a loop's records are names a reader meets too, and each holds one value as well.
        foreach (var name in names)
        {
            var records = members.Select(m => m.TryGetValue(name, out var v) ? v : null).Where(v => v is { Kind: TemplateValueKind.Records }).SelectMany(v => v!.Records!).ToList();
            foreach (var field in records.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal))
            {
                if (BadName(field) is { } why)
                {
                    problems.Add($"{templatePath}: field '{field}' of '{name}' {why}");
                }

                if (records.Select(r => r.GetValueOrDefault(field)).FirstOrDefault(v => v is not null && (v.Contains('\n', StringComparison.Ordinal) || FurtherAssignment().IsMatch(v))) is { } spanning)
                {
                    problems.Add($"{templatePath}: field '{field}' of '{name}' spans several values ('{spanning}')");
                }
            }
        }

        problems.AddRange(CheckComplementaryFlags(templatePath, names, members));
        problems.AddRange(CheckCoVaryingFragments(templatePath, source, names, members));
        problems.AddRange(CheckBranches(templatePath, source, members));
        return problems;
    }

    private static IEnumerable<string> CheckComplementaryFlags(string templatePath, List<string> names, IReadOnlyList<IReadOnlyDictionary<string, TemplateValue>> members)
    {
        bool? Flag(IReadOnlyDictionary<string, TemplateValue> member, string name) =>
            member.TryGetValue(name, out var v) && v.Kind == TemplateValueKind.Boolean ? v.Flag : null;
        var flags = names.Where(name => members.All(m => Flag(m, name) is not null)).ToList();
        for (var i = 0; i < flags.Count; i++)
        {
            for (var j = i + 1; j < flags.Count; j++)
            {
                if (members.All(m => Flag(m, flags[i]) != Flag(m, flags[j])))
                {
                    yield return $"{templatePath}: flags {flags[i]}, {flags[j]} are complementary on every member (one flag and its else)";
                }
            }
        }
    }

    /// <summary>
    /// Parameters that split the members into the same classes (a variant-like split: several members per class on
    /// average), when one of them is a fragment of a line.
    /// </summary>
    private static IEnumerable<string> CheckCoVaryingFragments(string templatePath, string source, List<string> names, IReadOnlyList<IReadOnlyDictionary<string, TemplateValue>> members)
    {
        var fragments = Fragments(source, members);
        foreach (var group in names.GroupBy(name => Partition(name, members)).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            var fragment = group.FirstOrDefault(fragments.Contains);
            if (fragment is not null)
            {
                yield return $"{templatePath}: parameters {string.Join(", ", group)} split the members alike and '{fragment}' is a fragment of a line: one conditional on a variant flag";
            }
        }
    }

    /// <summary>
    /// The classes a parameter splits the members into (class numbers in order of first appearance; absent is a value),
    /// or empty when the split is not variant-like (one class, or fewer than two members per class on average).
    /// </summary>
    internal static string Partition(string name, IReadOnlyList<IReadOnlyDictionary<string, TemplateValue>> members)
    {
        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        var numbers = members.Select(m => classes.TryAdd(Key(m), classes.Count) ? classes.Count - 1 : classes[Key(m)]).ToList();
        return classes.Count < 2 || classes.Count * 2 > members.Count ? string.Empty : string.Join(",", numbers);

        string Key(IReadOnlyDictionary<string, TemplateValue> m) => m.TryGetValue(name, out var v) ? v.Kind + ":" + v : "\u0002";
    }

    /// <summary>
    /// String parameters some occurrence of which is a fragment: not one word (no blank, no shell operator or quote), not
    /// a run of such words at word boundaries (a package list), not a whole quoted string, not the rest of a line after its indentation, instruction word or <c>KEY=</c>/<c>KEY </c>.
    /// </summary>
    internal static HashSet<string> Fragments(string source, IReadOnlyList<IReadOnlyDictionary<string, TemplateValue>> members)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in source.Split('\n').Where(l => !Control().IsMatch(l)))
        {
            foreach (Match hole in Placeholder().Matches(line))
            {
                var name = hole.Groups["name"].Value;
                var values = members.Select(m => m.TryGetValue(name, out var v) && v.Kind == TemplateValueKind.String ? v.Text : null).OfType<string>().ToList();
                if (values.Count == 0 || values.All(v => OneWord().IsMatch(v)))
                {
                    continue;
                }

                var left = line[..hole.Index];
                var right = line[(hole.Index + hole.Length)..];

                // Words at word boundaries (a package list) are whole words too.
                if ((left.Length == 0 || char.IsWhiteSpace(left[^1])) && values.All(v => WordRun().IsMatch(v))
                    && (right.Length == 0 || char.IsWhiteSpace(right[0]) || values.All(v => v.Length == 0 || char.IsWhiteSpace(v[^1]))))
                {
                    continue;
                }

                var quoted = left.Length > 0 && left[^1] is '"' or '\'' && right.StartsWith(left[^1]) && values.All(v => !v.Contains(left[^1], StringComparison.Ordinal));
                var restOfLine = LineEnd().IsMatch(right) && WholeArgumentStart().IsMatch(left);
                if (!quoted && !restOfLine)
                {
                    result.Add(name);
                }
            }
        }

        return result;
    }

    private static string? BadName(string name)
    {
        if (name is "value" or "items" || name.EndsWith("_value", StringComparison.Ordinal) || name.StartsWith("line_", StringComparison.Ordinal))
        {
            return "has a generic name";
        }

        if (Counter().Match(name) is { Success: true } counter && (counter.Groups["n"].Value.Length == 1 || counter.Groups["base"].Value.Length == 0))
        {
            return "carries a counter instead of a name that says what it holds";
        }

        return InstructionWords.Any(w => name.StartsWith(w + "_", StringComparison.Ordinal) && !name.StartsWith("with_", StringComparison.Ordinal))
            ? "is named after its instruction, not what it holds"
            : null;
    }

    private sealed class Chain
    {
        public List<(string? Condition, List<string> Body)> Branches { get; } = [];

        public int EndLine { get; set; }

        public int StartLine { get; init; }
    }

    private static IEnumerable<string> CheckBranches(string templatePath, string source, IReadOnlyList<IReadOnlyDictionary<string, TemplateValue>> members)
    {
        var lines = source.Split('\n');
        var stack = new Stack<Chain?>();
        var chains = new List<Chain>();
        for (var i = 0; i < lines.Length; i++)
        {
            var control = Control().Match(lines[i]);
            if (!control.Success)
            {
                foreach (var open in stack.OfType<Chain>())
                {
                    open.Branches[^1].Body.Add(lines[i]);
                }

                continue;
            }

            var statement = control.Groups["stmt"].Value.Trim();
            if (statement.StartsWith("if ", StringComparison.Ordinal))
            {
                var chain = new Chain { StartLine = i };
                chain.Branches.Add((statement[3..].Trim(), []));
                stack.Push(chain);
            }
            else if (statement.StartsWith("else if ", StringComparison.Ordinal))
            {
                stack.Peek()!.Branches.Add((statement[8..].Trim(), []));
            }
            else if (statement == "else")
            {
                stack.Peek()!.Branches.Add((null, []));
            }
            else if (statement.StartsWith("for ", StringComparison.Ordinal))
            {
                stack.Push(null);
            }
            else if (statement == "end")
            {
                if (stack.Pop() is { } done)
                {
                    done.EndLine = i;
                    chains.Add(done);
                }
            }
        }

        foreach (var chain in chains.OrderBy(c => c.StartLine))
        {
            var bodies = chain.Branches.Select(b => string.Join("\n", b.Body)).ToList();
            if (bodies.Distinct(StringComparer.Ordinal).Count() < bodies.Count)
            {
                yield return $"{templatePath}:{chain.StartLine + 1}: two branches of one conditional are identical";
            }

            // A branch equal to one of the next chain's is redundant when no member takes both: they could be one branch.
            var next = chains.FirstOrDefault(c => c.StartLine == chain.EndLine + 1);
            if (next is not null && chain.Branches.Any(b => next.Branches.Any(o => string.Join("\n", o.Body) == string.Join("\n", b.Body)
                && !members.Any(m => Takes(chain, b, m) && Takes(next, o, m)))))
            {
                yield return $"{templatePath}:{next.StartLine + 1}: a branch repeats a branch of the conditional right before it";
            }

            foreach (var (condition, _) in chain.Branches.Where(b => b.Condition is not null))
            {
                var outcomes = members.Select(m => Evaluate(condition!, m)).ToList();
                if (outcomes.All(o => o == true))
                {
                    yield return $"{templatePath}:{chain.StartLine + 1}: condition '{condition}' is true on every member";
                }
                else if (outcomes.All(o => o == false))
                {
                    yield return $"{templatePath}:{chain.StartLine + 1}: condition '{condition}' is true on no member";
                }
            }
        }
    }

    private static bool Takes(Chain chain, (string? Condition, List<string> Body) branch, IReadOnlyDictionary<string, TemplateValue> member)
    {
        foreach (var b in chain.Branches)
        {
            var taken = b.Condition is null || Evaluate(b.Condition, member) != false;
            if (taken)
            {
                return ReferenceEquals(b.Body, branch.Body);
            }
        }

        return false;
    }

    /// <summary>Evaluates the conditions inference writes: a boolean, or comparisons joined by one of || and &amp;&amp;.</summary>
    internal static bool? Evaluate(string condition, IReadOnlyDictionary<string, TemplateValue> member)
    {
        if (condition.StartsWith('!') && Identifier().IsMatch(condition[1..]))
        {
            return !Evaluate(condition[1..], member);
        }

        if (Identifier().IsMatch(condition))
        {
            return member.TryGetValue(condition, out var v) && v.Kind == TemplateValueKind.Boolean ? v.Flag : null;
        }

        var or = condition.Contains("||", StringComparison.Ordinal);
        var parts = condition.Split(or ? "||" : "&&");
        var results = new List<bool>();
        foreach (var part in parts)
        {
            var compare = Comparison().Match(part.Trim());
            if (!compare.Success || !member.TryGetValue(compare.Groups["name"].Value, out var value) || value.Kind != TemplateValueKind.String)
            {
                return null;
            }

            var equal = string.Equals(value.Text, Regex.Unescape(compare.Groups["literal"].Value), StringComparison.Ordinal);
            results.Add(compare.Groups["op"].Value == "==" ? equal : !equal);
        }

        return or ? results.Any(r => r) : results.All(r => r);
    }

    [GeneratedRegex(@"^\{\{~ (?<stmt>.*) ~\}\}$")]
    private static partial Regex Control();

    [GeneratedRegex(@"^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(?<name>[a-z_][a-z0-9_]*)\s*(?<op>==|!=)\s*""(?<literal>(?:[^""\\]|\\.)*)""$")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"^(?<base>.*)_(?<n>[2-9]|\d{2,})$")]
    private static partial Regex Counter();

    [GeneratedRegex(@"\{\{ (?<name>[a-z_][a-z0-9_]*) \}\}")]
    private static partial Regex Placeholder();

    // One shell word: no blank, no operator, no quote, no escape.
    [GeneratedRegex(@"^[^\s;|&<>(){}\\`'""]*$")]
    private static partial Regex OneWord();

    [GeneratedRegex(@"^\s*\\?$")]
    private static partial Regex LineEnd();

    [GeneratedRegex(@"^(?:[^\s;|&<>(){}\\`'""]+[ \t]+)*[^\s;|&<>(){}\\`'""]*$")]
    private static partial Regex WordRun();

    // Indentation alone, an instruction word, or an assignment's key (KEY= or ENV KEY ).
    [GeneratedRegex(@"^\s*(?:[A-Za-z]+\s+)?(?:[A-Za-z_][A-Za-z0-9_]*(?:=|\s+))?$")]
    private static partial Regex WholeArgumentStart();

    // A value that goes on into a further KEY=value assignment of the same instruction.
    [GeneratedRegex(@"\s[A-Za-z_][A-Za-z0-9_]*=\S")]
    private static partial Regex FurtherAssignment();
}
