using System.Text.RegularExpressions;

namespace InfraDedup.Core.Templates;

/// <summary>A template built for a group of files, before verification.</summary>
internal sealed record TemplateDraft(
    string Source,
    IReadOnlyList<TemplateParameter> Parameters,
    int Conditionals,
    int Loops,
    IReadOnlyList<Dictionary<string, TemplateValue>> Bindings,
    double Cost)
{
    /// <summary>Lines every member renders (outside any conditional or loop).</summary>
    public int SharedLines { get; init; }

    /// <summary>Lines inside conditional branches (what only some members render).</summary>
    public int ConditionalLines { get; init; }
}

/// <summary>
/// Anti-unifies a group of files into one Scriban template: lines are aligned into columns; lines all members share stay
/// literal; differing tokens within an aligned line become named parameters (one parameter per distinct value vector,
/// so a version used three times is one parameter); runs of lines only some members have become <c>if</c> blocks
/// (adjacent runs of disjoint member sets one <c>if/else if/else</c> chain), keyed by an existing variant-like parameter
/// when it decides exactly who has the run, otherwise by a boolean; irregular runs of one-item lines (package lists)
/// become a loop over a list.
/// </summary>
internal static partial class TemplateBuilder
{
    private const int MaxVariantValues = 8;

    // Only parameters named from real context (keys, ports, image tags, flags, versions) key conditionals.
    private const int MaxKeyRank = 4;

    public static TemplateDraft Build(IReadOnlyList<DecodedText> members, LineSimilarity similarity, double conditionalCost, IEnumerable<string>? reservedNames = null)
    {
        var n = members.Count;
        var columns = Compact(LineAligner.Align([.. members.Select(m => m.Lines)], similarity), similarity);
        var presence = columns.Select(c => Presence.Of(c)).ToArray();
        var keywords = ColumnKeywords(columns);
        var loops = FindLoops(columns, presence);
        var items = Sequence(columns.Count, presence, loops);

        // Holes → parameters (reused when the value vector repeats).
        var parameters = new List<ParamInfo>();
        var lineSegments = new Dictionary<int, List<Segment>>();
        foreach (var item in items)
        {
            foreach (var c in item.Columns)
            {
                lineSegments[c] = Segments(columns[c], keywords[c], parameters);
            }
        }

        // Conditions of chains.
        var universalStrings = parameters.Where(p => p.BestRank <= MaxKeyRank && p.Values.All(v => v is not null)).ToList();
        var conditions = new Dictionary<Presence, Condition>();
        foreach (var chain in items.OfType<ChainItem>())
        {
            for (var b = 0; b < chain.Branches.Count; b++)
            {
                var p = chain.Branches[b].Presence;
                if ((b == chain.Branches.Count - 1 && chain.LastIsElse) || conditions.ContainsKey(p))
                {
                    continue;
                }

                var keyed = KeyByVariant(p, universalStrings, n);
                var cols = chain.Branches[b].Columns;
                var named = cols.FirstOrDefault(c => FirstCell(columns[c]).Trim().Length > 0, cols[0]);
                var candidates = cols.Where(c => FirstCell(columns[c]).Trim().Length > 0).Select(c => ParameterNames.ForCondition(keywords[c], FirstCell(columns[c])))
                    .Prepend(ParameterNames.ForCondition(keywords[named], FirstCell(columns[named]))).Distinct(StringComparer.Ordinal).ToList();
                var after = cols[^1] + 1;
                if (after < columns.Count && FirstCell(columns[after]).Trim().Length > 0)
                {
                    // A run of blank lines (or one named like another) is told apart by the line it comes before.
                    candidates.Add(ParameterNames.Sanitize(candidates[0] + "_before_" + ParameterNames.ForCondition(keywords[after], FirstCell(columns[after]))["with_".Length..]));
                }

                conditions[p] = keyed ?? new Condition(null, candidates, p);
            }
        }

        // Names: parameters in order of appearance, then booleans, then lists.
        // A name already taken falls back to one qualified by more context (the word before the hole, the run's next
        // line), never to a bare counter unless nothing else is left.
        var names = new NameAllocator(reservedNames);
        foreach (var p in parameters)
        {
            p.Name = names.Take([p.BestName, .. p.Qualifiers.Select(q => ParameterNames.Sanitize(q + "_" + p.BestName))]);
        }

        foreach (var cond in conditions.Values.Where(c => c.Expression is null))
        {
            cond.Name = names.Take(cond.Candidates);
        }

        foreach (var loop in loops)
        {
            loop.Name = names.Take([loop.Wanted, .. loop.Alternatives]);
        }

        // Emit.
        var writer = new ScribanWriter();
        var conditionalCount = 0;
        var sharedLines = 0;
        var conditionalLines = 0;
        foreach (var item in items)
        {
            switch (item)
            {
                case LinesItem lines:
                    foreach (var c in lines.Columns)
                    {
                        EmitLine(writer, lineSegments[c], parameters);
                        sharedLines++;
                    }

                    break;
                case ChainItem chain:
                    conditionalCount++;
                    for (var b = 0; b < chain.Branches.Count; b++)
                    {
                        var branch = chain.Branches[b];
                        if (b == chain.Branches.Count - 1 && chain.LastIsElse)
                        {
                            writer.Control("else");
                        }
                        else
                        {
                            var cond = conditions[branch.Presence];
                            writer.Control((b == 0 ? "if " : "else if ") + cond.Render());
                        }

                        foreach (var c in branch.Columns)
                        {
                            EmitLine(writer, lineSegments[c], parameters);
                            conditionalLines++;
                        }
                    }

                    writer.Control("end");
                    break;
                case LoopItem loop:
                    writer.Control($"for {loop.Variable} in {loop.Name}");
                    writer.Text(loop.Indent).Print(loop.Variable).Text(loop.Suffix + "\n");
                    writer.Control("end");
                    break;
            }
        }

        // Bindings, parameters in order of first use.
        var bindings = new List<Dictionary<string, TemplateValue>>(n);
        for (var m = 0; m < n; m++)
        {
            var binding = new Dictionary<string, TemplateValue>(StringComparer.Ordinal);
            foreach (var p in parameters)
            {
                if (p.Values[m] is { } v)
                {
                    binding[p.Name!] = TemplateValue.Of(v);
                }
            }

            foreach (var cond in conditions.Values.Where(c => c.Expression is null))
            {
                binding[cond.Name!] = TemplateValue.Of(cond.Presence.Has(m));
            }

            foreach (var loop in loops)
            {
                binding[loop.Name!] = TemplateValue.Of(loop.ItemsOf(m, columns));
            }

            bindings.Add(binding);
        }

        var declared = parameters.Select(p => new TemplateParameter(p.Name!, TemplateValueKind.String))
            .Concat(conditions.Values.Where(c => c.Expression is null).Select(c => new TemplateParameter(c.Name!, TemplateValueKind.Boolean)))
            .Concat(loops.Select(l => new TemplateParameter(l.Name!, TemplateValueKind.List)))
            .ToList();
        var source = writer.ToString();
        var lineCount = source.Count(ch => ch == '\n');
        var cost = lineCount + (conditionalCost * conditionalCount) + (0.5 * declared.Count) + loops.Count;
        return new TemplateDraft(source, declared, conditionalCount, loops.Count, bindings, cost) { SharedLines = sharedLines, ConditionalLines = conditionalLines };
    }

    /// <summary>
    /// Joins neighbouring columns that no member has both of and whose lines align (progressive alignment can place one
    /// line of two variants in two columns): otherwise the template would hold two identical branches one after another.
    /// </summary>
    private static List<string?[]> Compact(List<string?[]> columns, LineSimilarity similarity)
    {
        var result = new List<string?[]>(columns.Count);
        foreach (var column in columns)
        {
            if (result.Count > 0 && Joinable(result[^1], column, similarity))
            {
                var merged = (string?[])result[^1].Clone();
                for (var m = 0; m < column.Length; m++)
                {
                    merged[m] ??= column[m];
                }

                result[^1] = merged;
            }
            else
            {
                result.Add(column);
            }
        }

        return result;
    }

    private static bool Joinable(string?[] a, string?[] b, LineSimilarity similarity)
    {
        for (var m = 0; m < a.Length; m++)
        {
            if (a[m] is not null && b[m] is not null)
            {
                return false;
            }
        }

        var left = a.Where(c => c is not null).Distinct(StringComparer.Ordinal).Take(4).ToList();
        var right = b.Where(c => c is not null).Distinct(StringComparer.Ordinal).Take(4).ToList();
        return left.Count > 0 && right.Count > 0 && left.All(x => right.All(y => !double.IsNegativeInfinity(similarity.Score(x!, y!))));
    }

    private static void EmitLine(ScribanWriter writer, List<Segment> segments, List<ParamInfo> parameters)
    {
        foreach (var s in segments)
        {
            if (s.Param is { } p)
            {
                writer.Print(parameters[p].Name!);
            }
            else
            {
                writer.Text(s.Text!);
            }
        }

        writer.Text("\n");
    }

    private static string FirstCell(string?[] column) => column.First(c => c is not null)!;

    /// <summary>The instruction keyword each column's line belongs to (continuation lines inherit it).</summary>
    private static string?[] ColumnKeywords(List<string?[]> columns)
    {
        var result = new string?[columns.Count];
        string? current = null;
        for (var i = 0; i < columns.Count; i++)
        {
            var line = FirstCell(columns[i]).TrimStart();
            var end = 0;
            while (end < line.Length && char.IsLetter(line[end]))
            {
                end++;
            }

            var head = line[..end];
            if (head.Length > 0 && ParameterNames.Keywords.Contains(head))
            {
                current = head.ToUpperInvariant();
            }

            result[i] = current;
        }

        return result;
    }

    /// <summary>Splits a column's line into literal text and holes; allocates or reuses a parameter per hole.</summary>
    private static List<Segment> Segments(string?[] column, string? keyword, List<ParamInfo> parameters)
    {
        var distinct = column.Where(c => c is not null).Distinct(StringComparer.Ordinal).Select(c => c!).ToList();
        if (distinct.Count == 1)
        {
            return [new Segment(distinct[0], null)];
        }

        var index = distinct.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i, StringComparer.Ordinal);
        // Holes cover whole hyphenated words: billing-translator-agent is one value, not billing and translator.
        var tokens = distinct.Select(v => LineTokens.Split(v, joinHyphens: true)).ToList();
        var anchors = tokens[0].ToList();
        for (var d = 1; d < tokens.Count; d++)
        {
            anchors = LineTokens.Lcs(anchors, tokens[d]);
        }

        var anchorChars = anchors.Where(LineTokens.IsWordToken).Sum(a => a.Length);
        var averageLength = distinct.Average(v => v.Length);
        var raw = SplitOnAnchors(anchors, tokens);
        if (raw.Count(r => r.Text is null) >= 3 && anchorChars * 2 < averageLength)
        {
            // Little in common but many holes: keep the common start, the rest of the line is one value.
            var head = raw.TakeWhile(r => r.Text is not null).Select(r => r.Text!).ToList();
            var prefix = string.Concat(head);
            raw = [.. head.Select(h => ((string?)h, (string[]?)null)), (null, [.. distinct.Select(v => v[prefix.Length..])])];
        }

        var segments = new List<Segment>();
        var left = string.Empty;
        foreach (var (text, maybeValues) in raw)
        {
            var values = maybeValues ?? [];
            if (text is not null || values.Distinct(StringComparer.Ordinal).Count() == 1)
            {
                var literal = text ?? values[0];
                if (segments.Count > 0 && segments[^1].Param is null)
                {
                    segments[^1] = new Segment(segments[^1].Text + literal, null);
                }
                else
                {
                    segments.Add(new Segment(literal, null));
                }

                left += literal;
                continue;
            }

            var perMember = column.Select(c => c is null ? null : values[index[c]]).ToArray();
            var (name, rank) = ParameterNames.ForHole(keyword, left, values);
            var param = FindOrAdd(parameters, perMember, name, rank);
            parameters[param].Qualify(ContextWords().Matches(left).Select(m => m.Value.ToLowerInvariant())
                .Where(w => !ParameterNames.Keywords.Contains(w) && !name.Contains(w, StringComparison.Ordinal)).Reverse().Take(2));
            segments.Add(new Segment(null, param));
            left += ParameterNames.HoleMark;
        }

        return segments;
    }

    private static List<(string? Text, string[]? Values)> SplitOnAnchors(List<string> anchors, List<string[]> tokens)
    {
        // Leftmost match of the anchors in every value; gaps between matched anchors are the holes.
        var positions = tokens.Select(t =>
        {
            var pos = new int[anchors.Count];
            var at = 0;
            for (var a = 0; a < anchors.Count; a++)
            {
                while (!string.Equals(t[at], anchors[a], StringComparison.Ordinal))
                {
                    at++;
                }

                pos[a] = at++;
            }

            return pos;
        }).ToList();

        var result = new List<(string?, string[]?)>();
        for (var g = 0; g <= anchors.Count; g++)
        {
            var gap = new string[tokens.Count];
            var any = false;
            for (var d = 0; d < tokens.Count; d++)
            {
                var from = g == 0 ? 0 : positions[d][g - 1] + 1;
                var to = g == anchors.Count ? tokens[d].Length : positions[d][g];
                gap[d] = string.Concat(tokens[d][from..to]);
                any |= gap[d].Length > 0;
            }

            if (any)
            {
                result.Add((null, gap));
            }

            if (g < anchors.Count)
            {
                result.Add((anchors[g], null));
            }
        }

        return result;
    }

    private static int FindOrAdd(List<ParamInfo> parameters, string?[] values, string name, int rank)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            var overlap = 0;
            var agrees = true;
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            for (var m = 0; m < values.Length && agrees; m++)
            {
                if (values[m] is null || p.Values[m] is null)
                {
                    continue;
                }

                agrees = string.Equals(values[m], p.Values[m], StringComparison.Ordinal);
                overlap++;
                distinct.Add(values[m]!);
            }

            var covers = values.Select((v, m) => v is null || p.Values[m] is not null).All(x => x);
            if (agrees && overlap > 0 && (covers || (overlap >= 2 && distinct.Count >= 2)))
            {
                for (var m = 0; m < values.Length; m++)
                {
                    p.Values[m] ??= values[m];
                }

                p.Offer(name, rank);
                return i;
            }
        }

        var info = new ParamInfo((string?[])values.Clone());
        info.Offer(name, rank);
        parameters.Add(info);
        return parameters.Count - 1;
    }

    /// <summary>An existing parameter whose values decide exactly which members have a run, as a comparison.</summary>
    private static Condition? KeyByVariant(Presence presence, List<ParamInfo> universal, int n)
    {
        foreach (var p in universal.OrderBy(p => p.Values.Distinct(StringComparer.Ordinal).Count()))
        {
            var inSet = new HashSet<string>(StringComparer.Ordinal);
            var outSet = new HashSet<string>(StringComparer.Ordinal);
            for (var m = 0; m < n; m++)
            {
                (presence.Has(m) ? inSet : outSet).Add(p.Values[m]!);
            }

            // A variant-like parameter: few values, each shared by several members (never an id that names one member).
            if (inSet.Overlaps(outSet) || inSet.Count + outSet.Count > MaxVariantValues || (inSet.Count + outSet.Count) * 2 > n || !inSet.Concat(outSet).All(v => SimpleValue().IsMatch(v)))
            {
                continue;
            }

            var name = p;
            if (inSet.Count <= 2 && inSet.Count <= outSet.Count)
            {
                return new Condition(() => string.Join(" || ", inSet.Order(StringComparer.Ordinal).Select(v => $"{name.Name} == {ScribanWriter.Quote(v)}")), null, presence);
            }

            if (outSet.Count <= 2)
            {
                return new Condition(() => string.Join(" && ", outSet.Order(StringComparer.Ordinal).Select(v => $"{name.Name} != {ScribanWriter.Quote(v)}")), null, presence);
            }
        }

        return null;
    }

    /// <summary>Runs of irregular one-item lines (same indentation and suffix) that read better as a loop.</summary>
    private static List<LoopItem> FindLoops(List<string?[]> columns, Presence[] presence)
    {
        var loops = new List<LoopItem>();
        var i = 0;
        while (i < columns.Count)
        {
            var shape = ItemShape(columns[i]);
            if (shape is null)
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < columns.Count && ItemShape(columns[end]) == shape)
            {
                end++;
            }

            var irregular = Enumerable.Range(i, end - i).Count(c => !presence[c].IsUniversal);
            if (end - i >= 2 && irregular >= 2)
            {
                var before = i > 0 ? FirstCell(columns[i - 1]) : string.Empty;
                var wanted = ParameterNames.ForLoop(before);
                var first = FirstCell(columns[i]).Trim().TrimEnd('\\').Trim();
                loops.Add(new LoopItem(i, end, shape.Value.Indent, shape.Value.Suffix, wanted) { Alternatives = [ParameterNames.Sanitize(first + "_" + wanted)] });
            }

            i = end;
        }

        return loops;
    }

    private static (string Indent, string Suffix)? ItemShape(string?[] column)
    {
        (string, string)? shape = null;
        foreach (var cell in column)
        {
            if (cell is null)
            {
                continue;
            }

            var match = ItemLine().Match(cell);
            if (!match.Success)
            {
                return null;
            }

            var s = (match.Groups["indent"].Value, match.Groups["suffix"].Value);
            if (shape is not null && shape != s)
            {
                return null;
            }

            shape = s;
        }

        return shape;
    }

    private static List<SequenceItem> Sequence(int count, Presence[] presence, List<LoopItem> loops)
    {
        // Runs of equal presence, loops kept whole.
        var runs = new List<SequenceItem>();
        var c = 0;
        while (c < count)
        {
            var loop = loops.FirstOrDefault(l => l.Start == c);
            if (loop is not null)
            {
                runs.Add(loop);
                c = loop.End;
                continue;
            }

            var start = c;
            while (c < count && presence[c] == presence[start] && !loops.Any(l => l.Start == c))
            {
                c++;
            }

            var cols = Enumerable.Range(start, c - start).ToList();
            runs.Add(presence[start].IsUniversal ? new LinesItem(cols) : new ChainItem([new Branch(presence[start], cols)], false));
        }

        // Adjacent conditional runs with disjoint member sets form one if/else-if chain.
        var items = new List<SequenceItem>();
        foreach (var run in runs)
        {
            if (run is ChainItem next && items.Count > 0 && items[^1] is ChainItem chain
                && chain.Branches.All(b => !b.Presence.Overlaps(next.Branches[0].Presence)))
            {
                chain.Branches.Add(next.Branches[0]);
            }
            else
            {
                items.Add(run);
            }
        }

        foreach (var chain in items.OfType<ChainItem>())
        {
            var union = chain.Branches[0].Presence;
            foreach (var b in chain.Branches.Skip(1))
            {
                union = union.Union(b.Presence);
            }

            chain.LastIsElse = chain.Branches.Count > 1 && union.IsUniversal;
        }

        return items;
    }

    [GeneratedRegex(@"^(?<indent>[ \t]+)[A-Za-z0-9$][^\s]*(?<suffix>(?:[ \t]+\\)?[ \t]*)$")]
    private static partial Regex ItemLine();

    [GeneratedRegex(@"^[A-Za-z0-9._\-]+$")]
    private static partial Regex SimpleValue();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9]{2,}")]
    private static partial Regex ContextWords();

    private sealed record Segment(string? Text, int? Param);

    private sealed class ParamInfo(string?[] values)
    {
        public string?[] Values { get; } = values;

        public string BestName { get; private set; } = "value";

        public int BestRank { get; private set; } = int.MaxValue;

        public string? Name { get; set; }

        /// <summary>Words near the holes, nearest first: qualify the name when another parameter took it.</summary>
        public List<string> Qualifiers { get; } = [];

        public void Qualify(IEnumerable<string> words) => Qualifiers.AddRange(words.Where(w => !Qualifiers.Contains(w, StringComparer.Ordinal)));

        public void Offer(string name, int rank)
        {
            if (rank < BestRank)
            {
                BestName = name;
                BestRank = rank;
            }
        }
    }

    private sealed class Condition(Func<string>? expression, List<string>? candidates, Presence presence)
    {
        public Func<string>? Expression { get; } = expression;

        /// <summary>Names for the boolean, best first (from the run's first line, then its other lines).</summary>
        public List<string> Candidates { get; } = candidates ?? [string.Empty];

        public Presence Presence { get; } = presence;

        public string? Name { get; set; }

        public string Render() => Expression is null ? Name! : Expression();
    }

    private abstract class SequenceItem
    {
        public abstract IEnumerable<int> Columns { get; }
    }

    private sealed class LinesItem(List<int> columns) : SequenceItem
    {
        public override IEnumerable<int> Columns => columns;
    }

    private sealed record Branch(Presence Presence, List<int> Columns);

    private sealed class ChainItem(List<Branch> branches, bool lastIsElse) : SequenceItem
    {
        public List<Branch> Branches { get; } = branches;

        public bool LastIsElse { get; set; } = lastIsElse;

        public override IEnumerable<int> Columns => Branches.SelectMany(b => b.Columns);
    }

    private sealed class LoopItem(int start, int end, string indent, string suffix, string wanted) : SequenceItem
    {
        public int Start { get; } = start;

        public int End { get; } = end;

        public string Indent { get; } = indent;

        public string Suffix { get; } = suffix;

        public string Wanted { get; } = wanted;

        /// <summary>Names to use when <see cref="Wanted"/> is taken (qualified by the loop's first item).</summary>
        public List<string> Alternatives { get; init; } = [];

        public string Variable => Wanted.EndsWith("packages", StringComparison.Ordinal) ? "package" : "item";

        public string? Name { get; set; }

        public override IEnumerable<int> Columns => [];

        public List<string> ItemsOf(int member, List<string?[]> columns)
        {
            var items = new List<string>();
            for (var c = Start; c < End; c++)
            {
                if (columns[c][member] is { } line)
                {
                    var body = line[Indent.Length..];
                    items.Add(body[..^Suffix.Length]);
                }
            }

            return items;
        }
    }
}

/// <summary>Which members of a group have a column (an immutable bit set).</summary>
internal readonly struct Presence : IEquatable<Presence>
{
    private readonly bool[] _bits;
    private readonly int _hash;

    private Presence(bool[] bits)
    {
        _bits = bits;
        var h = new HashCode();
        foreach (var b in bits)
        {
            h.Add(b);
        }

        _hash = h.ToHashCode();
    }

    public static Presence Of(string?[] column) => new([.. column.Select(c => c is not null)]);

    public bool IsUniversal => _bits.All(b => b);

    public bool Has(int member) => _bits[member];

    public bool Overlaps(Presence other) => _bits.Where((b, i) => b && other._bits[i]).Any();

    public Presence Union(Presence other) => new([.. _bits.Select((b, i) => b || other._bits[i])]);

    public bool Equals(Presence other) => _bits.AsSpan().SequenceEqual(other._bits);

    public override bool Equals(object? obj) => obj is Presence p && Equals(p);

    public override int GetHashCode() => _hash;

    public static bool operator ==(Presence left, Presence right) => left.Equals(right);

    public static bool operator !=(Presence left, Presence right) => !left.Equals(right);
}
