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
        var columns = JoinEqualBranches(Compact(LineAligner.Align([.. members.Select(m => m.Lines)], similarity), similarity), similarity);
        var presence = columns.Select(c => Presence.Of(c)).ToArray();
        var keywords = ColumnKeywords(columns);
        var itemLoops = FindLoops(columns, presence);
        var loops = itemLoops.Cast<LoopBase>().Concat(FindRepeatedLines(columns, similarity, itemLoops)).OrderBy(l => l.Start).ToList();
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

        MergeParameters(parameters, lineSegments);

        // Conditions of chains. The cost prices the alignment as built, before co-varying fragments are folded into
        // conditionals below: grouping decisions (and MergeCostBound, which bounds this price) do not depend on the fold.
        var conditions = ChainConditions(items, columns, keywords, VariantKeys(parameters), n);
        var price = Price(items, parameters.Count, conditions, loops, conditionalCost);
        if (FoldCoVarying(items, lineSegments, parameters, n) is { } folded)
        {
            items = folded;
            conditions = ChainConditions(items, columns, keywords, VariantKeys(parameters), n);
        }

        NegateComplements(conditions);

        // Names: parameters in order of appearance, then booleans, then lists.
        // A name already taken falls back to one qualified by more context (the word before the hole, the run's next
        // line), never to a bare counter unless nothing else is left.
        // Loop variables are taken first: a parameter of the same name would be overwritten inside the loop.
        var names = new NameAllocator((reservedNames ?? []).Concat(loops.Select(l => l.Variable)));
        var holders = new Dictionary<string, ParamInfo>(StringComparer.Ordinal);
        foreach (var p in parameters.Where(p => !p.Folded))
        {
            var values = p.Values.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var common = ParameterNames.CommonLeadingWord(values);
            var distinguishing = holders.TryGetValue(p.BestName, out var holder) ? ParameterNames.DistinguishingWord(values, [.. holder.Values.OfType<string>()]) : null;
            string[] byValue = [.. new[] { common, distinguishing }.OfType<string>().Where(w => !p.BestName.Contains(w, StringComparison.Ordinal)).Select(w => ParameterNames.Sanitize(w + "_" + p.BestName))];
            p.Name = names.Take([
                p.BestName,
                .. p.Qualifiers.Select(q => ParameterNames.Sanitize(q + "_" + p.BestName)),
                .. p.Followers.Select(f => ParameterNames.Sanitize(p.BestName + "_before_" + f)),
                .. byValue,
            ]);
            holders.TryAdd(p.Name, p);
        }

        foreach (var cond in conditions.Values.Where(c => c.IsFlag))
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
        foreach (var item in items)
        {
            switch (item)
            {
                case LinesItem lines:
                    foreach (var c in lines.Columns)
                    {
                        EmitLine(writer, lineSegments[c], parameters);
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
                            EmitLine(writer, branch.Lines?.GetValueOrDefault(c) ?? lineSegments[c], parameters);
                        }
                    }

                    writer.Control("end");
                    break;
                case LoopBase loop:
                    loop.Emit(writer);
                    break;
            }
        }

        // Bindings, parameters in order of first use.
        var bindings = new List<Dictionary<string, TemplateValue>>(n);
        for (var m = 0; m < n; m++)
        {
            var binding = new Dictionary<string, TemplateValue>(StringComparer.Ordinal);
            foreach (var p in parameters.Where(p => !p.Folded))
            {
                if (p.Values[m] is { } v)
                {
                    binding[p.Name!] = TemplateValue.Of(v);
                }
            }

            foreach (var cond in conditions.Values.Where(c => c.IsFlag))
            {
                binding[cond.Name!] = TemplateValue.Of(cond.Presence.Has(m));
            }

            foreach (var loop in loops)
            {
                binding[loop.Name!] = loop.ValueOf(m, columns);
            }

            bindings.Add(binding);
        }

        var declared = parameters.Where(p => !p.Folded).Select(p => new TemplateParameter(p.Name!, TemplateValueKind.String))
            .Concat(conditions.Values.Where(c => c.IsFlag).Select(c => new TemplateParameter(c.Name!, TemplateValueKind.Boolean)))
            .Concat(loops.Select(l => new TemplateParameter(l.Name!, l.Kind)))
            .ToList();
        return new TemplateDraft(writer.ToString(), declared, conditionalCount, loops.Count, bindings, price.Cost) { SharedLines = price.SharedLines, ConditionalLines = price.ConditionalLines };
    }

    /// <summary>Parameters that may key a conditional: named from real context (keys, ports, image tags, flags, versions), on every member.</summary>
    private static List<ParamInfo> VariantKeys(List<ParamInfo> parameters) =>
        [.. parameters.Where(p => !p.Folded && p.BestRank <= MaxKeyRank && p.Values.All(v => v is not null))];

    /// <summary>The condition of every branch of every chain but a final else, keyed by the members that take it.</summary>
    private static Dictionary<Presence, Condition> ChainConditions(List<SequenceItem> items, List<string?[]> columns, string?[] keywords, List<ParamInfo> universalStrings, int n)
    {
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
                string Cell(int c) => CellOf(columns[c], p);
                var named = cols.FirstOrDefault(c => Cell(c).Trim().Length > 0, cols[0]);
                var candidates = ParameterNames.ForConditionCandidates(keywords[named], Cell(named))
                    .Concat(cols.Where(c => Cell(c).Trim().Length > 0).Select(c => ParameterNames.ForCondition(keywords[c], Cell(c))))
                    .Distinct(StringComparer.Ordinal).ToList();
                var after = cols[^1] + 1;
                if (after < columns.Count && FirstCell(columns[after]).Trim().Length > 0)
                {
                    // A run of blank lines (or one named like another) is told apart by the line it comes before.
                    candidates.Add(ParameterNames.Sanitize(candidates[0] + "_before_" + ParameterNames.ForCondition(keywords[after], FirstCell(columns[after]))["with_".Length..]));
                }

                var before = cols[0] - 1;
                if (before >= 0 && FirstCell(columns[before]).Trim().Length > 0)
                {
                    // … or by the line it follows.
                    candidates.Add(ParameterNames.Sanitize(candidates[0] + "_after_" + ParameterNames.ForCondition(keywords[before], FirstCell(columns[before]))["with_".Length..]));
                }

                conditions[p] = keyed ?? new Condition(null, candidates, p);
            }
        }

        return conditions;
    }

    /// <summary>
    /// A flag true exactly where an earlier flag is false is that flag negated (<c>if !with_git</c>): one flag, not two
    /// that a reader must keep complementary.
    /// </summary>
    private static void NegateComplements(Dictionary<Presence, Condition> conditions)
    {
        var flags = new List<Condition>();
        foreach (var condition in conditions.Values.Where(c => c.IsFlag))
        {
            if (flags.FirstOrDefault(f => f.Presence.IsComplementOf(condition.Presence)) is { } positive)
            {
                condition.Negates = positive;
            }
            else
            {
                flags.Add(condition);
            }
        }
    }

    /// <summary>
    /// What a draft costs before the fold, with the lines it writes everywhere and inside conditionals: one line per
    /// column outside loops, an <c>if</c>/<c>else</c> line per branch and an <c>end</c> per chain, three lines per loop.
    /// </summary>
    private static (double Cost, int SharedLines, int ConditionalLines) Price(List<SequenceItem> items, int parameterCount, Dictionary<Presence, Condition> conditions, List<LoopBase> loops, double conditionalCost)
    {
        var shared = items.OfType<LinesItem>().Sum(l => l.Columns.Count());
        var chains = items.OfType<ChainItem>().ToList();
        var inChains = chains.Sum(c => c.Columns.Count());
        var lines = shared + inChains + chains.Sum(c => c.Branches.Count + 1) + (3 * loops.Count);
        var declared = parameterCount + conditions.Values.Count(c => c.Expression is null) + loops.Count;

        // A record's fields are read like parameters: half a line each, as the parameters are.
        var cost = lines + (conditionalCost * chains.Count) + (0.5 * (declared + loops.Sum(l => l.Fields))) + loops.Count;
        return (cost, shared, inChains);
    }

    /// <summary>The line of a column of a member in a set (the first such member).</summary>
    private static string CellOf(string?[] column, Presence presence)
    {
        for (var m = 0; m < column.Length; m++)
        {
            if (column[m] is { } cell && presence.Has(m))
            {
                return cell;
            }
        }

        return FirstCell(column);
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
            else if (s.Choice is { } choice)
            {
                writer.Print("if " + choice.Condition()).Text(choice.WhenTrue);
                if (choice.WhenFalse.Length > 0)
                {
                    writer.Print("else").Text(choice.WhenFalse);
                }

                writer.Print("end");
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

    /// <summary>
    /// Joins two columns no member has both of whose lines the template would write alike (same literal text, holes
    /// in the same places): otherwise it holds two identical branches, in one chain or in chains one after another
    /// (an arch's <c>'aarch64') \</c> once after the x86 block, once after the copy block). A member's line only
    /// moves past columns the member has no line in, so every member keeps its line order.
    /// </summary>
    private static List<string?[]> JoinEqualBranches(List<string?[]> columns, LineSimilarity similarity)
    {
        const int Window = 40;
        var result = new List<string?[]>(columns);
        var shapes = new List<string?>(result.Select(_ => (string?)null));
        string ShapeAt(int i) => shapes[i] ??= ColumnShape(result[i]);
        bool Universal(string?[] c) => Array.TrueForAll(c, x => x is not null);
        bool NoneBetween(string?[] mover, int from, int to)
        {
            for (var m = 0; m < mover.Length; m++)
            {
                if (mover[m] is null)
                {
                    continue;
                }

                for (var i = from + 1; i < to; i++)
                {
                    if (result[i][m] is not null)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        for (var j = 0; j < result.Count; j++)
        {
            if (Universal(result[j]))
            {
                continue;
            }

            for (var k = j + 1; k < result.Count && k <= j + Window; k++)
            {
                var a = result[j];
                var b = result[k];
                if (Universal(b) || Overlap(a, b)
                    || similarity.KeyOf(FirstCell(a)) != similarity.KeyOf(FirstCell(b)) || ShapeAt(j) != ShapeAt(k))
                {
                    continue;
                }

                var moveDown = !NoneBetween(b, j, k);
                if (moveDown && !NoneBetween(a, j, k))
                {
                    continue;
                }

                var (into, from) = moveDown ? (k, j) : (j, k);
                var merged = (string?[])result[into].Clone();
                for (var m = 0; m < merged.Length; m++)
                {
                    merged[m] ??= result[from][m];
                }

                result[into] = merged;
                shapes[into] = null;
                result.RemoveAt(from);
                shapes.RemoveAt(from);
                if (moveDown)
                {
                    j--;
                    break;
                }

                k--;
            }
        }

        return result;
    }

    private static bool Overlap(string?[] a, string?[] b)
    {
        for (var m = 0; m < a.Length; m++)
        {
            if (a[m] is not null && b[m] is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How the template writes a column's line: its literal text with a mark for each hole.</summary>
    private static string ColumnShape(string?[] column)
    {
        var distinct = column.Where(c => c is not null).Distinct(StringComparer.Ordinal).Select(c => c!).ToList();
        return distinct.Count == 1 ? distinct[0]
            : string.Concat(Holes(distinct).Select(r => r.Text ?? (r.Values!.Distinct(StringComparer.Ordinal).Count() == 1 ? r.Values![0] : ParameterNames.HoleMark.ToString())));
    }

    /// <summary>A line's distinct values as literal anchors and holes (the values of each distinct line in a hole).</summary>
    private static List<(string? Text, string[]? Values)> Holes(List<string> distinct)
    {
        // Holes cover whole hyphenated words: billing-translator-agent is one value, not billing and translator.
        var tokens = distinct.Select(v => LineTokens.Split(v, joinHyphens: true)).ToList();
        var anchors = tokens[0].ToList();
        for (var d = 1; d < tokens.Count; d++)
        {
            // Anchors that are already a subsequence of this value are their own longest common subsequence with it:
            // in a column of thousands of members the anchors settle after a few values, and the rest cost one scan.
            if (!IsSubsequence(anchors, tokens[d]))
            {
                anchors = LineTokens.Lcs(anchors, tokens[d]);
            }
        }

        return Collapse(SplitOnAnchors(anchors, tokens), distinct.Count);
    }

    private static bool IsSubsequence(List<string> part, string[] whole)
    {
        var at = 0;
        foreach (var token in whole)
        {
            if (at < part.Count && string.Equals(part[at], token, StringComparison.Ordinal))
            {
                at++;
            }
        }

        return at == part.Count;
    }

    /// <summary>
    /// Little in common but many holes: keep the common start, the rest is one value. Assignments the values share
    /// (<c>ENV A=… B=…</c>) bound that: each assignment's value is collapsed on its own, so one parameter never spans
    /// the next assignment.
    /// </summary>
    private static List<(string? Text, string[]? Values)> Collapse(List<(string? Text, string[]? Values)> raw, int count)
    {
        var firstHole = raw.FindIndex(r => r.Text is null);
        if (firstHole < 0)
        {
            return raw;
        }

        var bounds = new List<int> { 0 };
        for (var i = firstHole + 1; i + 2 < raw.Count; i++)
        {
            if (raw[i].Text is { Length: > 0 } space && space.All(c => c is ' ' or '\t') && raw[i + 1].Text is { } key && LineTokens.IsWordToken(key) && raw[i + 2].Text == "=")
            {
                bounds.Add(i);
            }
        }

        bounds.Add(raw.Count);
        if (bounds.Count == 2)
        {
            return CollapseRegion(raw, count, keepTail: false);
        }

        var result = new List<(string?, string[]?)>();
        for (var b = 0; b + 1 < bounds.Count; b++)
        {
            result.AddRange(CollapseRegion(raw[bounds[b]..bounds[b + 1]], count, keepTail: true));
        }

        return result;
    }

    private static List<(string? Text, string[]? Values)> CollapseRegion(List<(string? Text, string[]? Values)> region, int count, bool keepTail)
    {
        var anchorChars = region.Where(r => r.Text is { } t && LineTokens.IsWordToken(t)).Sum(r => r.Text!.Length);
        var averageLength = Enumerable.Range(0, count).Average(d => region.Sum(r => r.Text?.Length ?? r.Values![d].Length));
        if (region.Count(r => r.Text is null) < 3 || anchorChars * 2 >= averageLength)
        {
            return region;
        }

        var head = region.TakeWhile(r => r.Text is not null).Count();
        var tail = keepTail ? region.AsEnumerable().Reverse().TakeWhile(r => r.Text is not null).Count() : 0;
        var middle = region[head..^tail];
        var values = Enumerable.Range(0, count).Select(d => string.Concat(middle.Select(r => r.Text ?? r.Values![d]))).ToArray();
        return [.. region[..head], (null, values), .. region[^tail..]];
    }

    /// <summary>
    /// One parameter per meaning: parameters of one name whose values agree wherever both have one (a port in the
    /// agent-id line of some members and in the agent-name line of others) become one, and so do parameters that
    /// ended up with equal values on every member.
    /// </summary>
    private static void MergeParameters(List<ParamInfo> parameters, Dictionary<int, List<Segment>> lineSegments)
    {
        var root = Enumerable.Range(0, parameters.Count).ToArray();
        static bool Agree(ParamInfo a, ParamInfo b)
        {
            for (var m = 0; m < a.Values.Length; m++)
            {
                if (a.Values[m] is not null && b.Values[m] is not null && a.Values[m] != b.Values[m])
                {
                    return false;
                }
            }

            return true;
        }

        bool Same(ParamInfo a, ParamInfo b) => a.Values.AsSpan().SequenceEqual(b.Values);
        var merged = false;
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < parameters.Count; i++)
            {
                if (root[i] != i)
                {
                    continue;
                }

                for (var q = 0; q < i; q++)
                {
                    if (root[q] == q && ((SameMeaning(parameters[q], parameters[i]) && Agree(parameters[q], parameters[i])) || Same(parameters[q], parameters[i])))
                    {
                        parameters[q].Absorb(parameters[i]);
                        root[i] = q;
                        changed = merged = true;
                        break;
                    }
                }
            }
        }

        if (!merged)
        {
            return;
        }

        var kept = Enumerable.Range(0, parameters.Count).Where(i => root[i] == i).ToList();
        var newIndex = kept.Select((old, k) => (old, k)).ToDictionary(x => x.old, x => x.k);
        foreach (var segments in lineSegments.Values)
        {
            for (var s = 0; s < segments.Count; s++)
            {
                if (segments[s].Param is { } p)
                {
                    var r = p;
                    while (root[r] != r)
                    {
                        r = root[r];
                    }

                    segments[s] = new Segment(null, newIndex[r]);
                }
            }
        }

        var keptInfos = kept.Select(i => parameters[i]).ToList();
        parameters.Clear();
        parameters.AddRange(keptInfos);
    }

    // A name from real context (a key, a port, an install list, an image tag, a flag): two holes of that name hold
    // one thing. A weaker name (version, args) says too little to join two holes on it.
    private static bool SameMeaning(ParamInfo a, ParamInfo b) => a.BestRank <= 3 && a.BestName == b.BestName;

    /// <summary>Splits a column's line into literal text and holes; allocates or reuses a parameter per hole.</summary>
    private static List<Segment> Segments(string?[] column, string? keyword, List<ParamInfo> parameters)
    {
        var distinct = column.Where(c => c is not null).Distinct(StringComparer.Ordinal).Select(c => c!).ToList();
        if (distinct.Count == 1)
        {
            return [new Segment(distinct[0], null)];
        }

        var index = distinct.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i, StringComparer.Ordinal);
        var raw = Holes(distinct);
        var segments = new List<Segment>();
        var left = string.Empty;
        for (var r = 0; r < raw.Count; r++)
        {
            var (text, maybeValues) = raw[r];
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
            var right = string.Concat(raw.Skip(r + 1).TakeWhile(x => x.Text is not null).Select(x => x.Text));
            parameters[param].Follow(ContextWords().Matches(right).Select(m => m.Value.ToLowerInvariant())
                .Where(w => !ParameterNames.Keywords.Contains(w) && !name.Contains(w, StringComparison.Ordinal)).Take(2));
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

            // Only whether two or more distinct values overlap matters: the first one and whether another differs.
            string? firstValue = null;
            var severalValues = false;
            for (var m = 0; m < values.Length && agrees; m++)
            {
                if (values[m] is null || p.Values[m] is null)
                {
                    continue;
                }

                agrees = string.Equals(values[m], p.Values[m], StringComparison.Ordinal);
                overlap++;
                firstValue ??= values[m];
                severalValues |= !string.Equals(firstValue, values[m], StringComparison.Ordinal);
            }

            if (!agrees || overlap == 0)
            {
                continue;
            }

            var covers = true;
            for (var m = 0; m < values.Length && covers; m++)
            {
                covers = values[m] is null || p.Values[m] is not null;
            }

            if (covers || (overlap >= 2 && severalValues))
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
    /// <param name="within">Only these members matter (those that reach the choice), when not every member.</param>
    private static Condition? KeyByVariant(Presence presence, List<ParamInfo> universal, int n, Presence? within = null)
    {
        var reach = within is { } w ? w.Count : n;
        foreach (var p in universal.OrderBy(p => p.Values.Distinct(StringComparer.Ordinal).Count()))
        {
            var inSet = new HashSet<string>(StringComparer.Ordinal);
            var outSet = new HashSet<string>(StringComparer.Ordinal);
            for (var m = 0; m < n; m++)
            {
                if (within is null || within.Value.Has(m))
                {
                    (presence.Has(m) ? inSet : outSet).Add(p.Values[m]!);
                }
            }

            // A variant-like parameter: few values, each shared by several members (never an id that names one member).
            if (inSet.Overlaps(outSet) || inSet.Count + outSet.Count > MaxVariantValues || (inSet.Count + outSet.Count) * 2 > reach || !inSet.Concat(outSet).All(v => SimpleValue().IsMatch(v)))
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
                loops.Add(new LoopItem(i, end, shape.Value.Indent, shape.Value.Suffix, wanted)
                {
                    Alternatives = [.. ParameterNames.LoopAlternatives(before), ParameterNames.Sanitize(first + "_" + wanted)],
                });
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

    private static List<SequenceItem> Sequence(int count, Presence[] presence, List<LoopBase> loops)
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

    /// <summary>
    /// A line a loop may take: indentation, one item, an optional line continuation; any other line is written as a
    /// line of its own. <see cref="MergeCostBound"/> prices merges by the same rule.
    /// </summary>
    [GeneratedRegex(@"^(?<indent>[ \t]+)[A-Za-z0-9$][^\s]*(?<suffix>(?:[ \t]+\\)?[ \t]*)$")]
    internal static partial Regex ItemLine();

    [GeneratedRegex(@"^[A-Za-z0-9._\-]+$")]
    private static partial Regex SimpleValue();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9]{2,}")]
    private static partial Regex ContextWords();

    private sealed record Segment(string? Text, int? Param)
    {
        /// <summary>A choice within the line (<c>{{ if key == "v" }}…{{ else }}…{{ end }}</c>), when neither text nor a parameter.</summary>
        public InlineChoice? Choice { get; init; }
    }

    /// <summary>Text that depends on a variant inside one line: what members matching the condition print, and the others.</summary>
    private sealed record InlineChoice(Func<string> Condition, string WhenTrue, string WhenFalse);

    private sealed class ParamInfo(string?[] values)
    {
        public string?[] Values { get; } = values;

        public string BestName { get; private set; } = "value";

        public int BestRank { get; private set; } = int.MaxValue;

        public string? Name { get; set; }

        /// <summary>Folded into the branches of a conditional: written as literal text, no parameter of its own.</summary>
        public bool Folded { get; set; }

        /// <summary>Words near the holes, nearest first: qualify the name when another parameter took it.</summary>
        public List<string> Qualifiers { get; } = [];

        public void Qualify(IEnumerable<string> words) => Qualifiers.AddRange(words.Where(w => !Qualifiers.Contains(w, StringComparer.Ordinal)));

        /// <summary>Words right after the holes: a last resort to tell apart two parameters of one name.</summary>
        public List<string> Followers { get; } = [];

        public void Follow(IEnumerable<string> words) => Followers.AddRange(words.Where(w => !Followers.Contains(w, StringComparer.Ordinal)));

        /// <summary>Absorbs a parameter of the same meaning (values agree wherever both have one).</summary>
        public void Absorb(ParamInfo other)
        {
            for (var m = 0; m < Values.Length; m++)
            {
                Values[m] ??= other.Values[m];
            }

            Offer(other.BestName, other.BestRank);
            Qualify(other.Qualifiers);
            Follow(other.Followers);
        }

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

        /// <summary>The flag this condition is the negation of (true exactly where that one is false).</summary>
        public Condition? Negates { get; set; }

        /// <summary>Whether the condition is a boolean parameter of its own.</summary>
        public bool IsFlag => Expression is null && Negates is null;

        public string Render() => Negates is not null ? "!" + Negates.Name : Expression is null ? Name! : Expression();
    }

    private abstract class SequenceItem
    {
        public abstract IEnumerable<int> Columns { get; }
    }

    private sealed class LinesItem(List<int> columns) : SequenceItem
    {
        public override IEnumerable<int> Columns => columns;
    }

    private sealed record Branch(Presence Presence, List<int> Columns)
    {
        /// <summary>How the branch writes some of its columns, when not as <c>lineSegments</c> do (a folded line's variant).</summary>
        public Dictionary<int, List<Segment>>? Lines { get; init; }
    }

    private sealed class ChainItem(List<Branch> branches, bool lastIsElse) : SequenceItem
    {
        public List<Branch> Branches { get; } = branches;

        public bool LastIsElse { get; set; } = lastIsElse;

        public override IEnumerable<int> Columns => Branches.SelectMany(b => b.Columns);
    }

    /// <summary>A loop over a list parameter standing for columns [Start, End).</summary>
    private abstract class LoopBase(int start, int end, string wanted) : SequenceItem
    {
        public int Start { get; } = start;

        public int End { get; } = end;

        public string Wanted { get; } = wanted;

        /// <summary>Names to use when <see cref="Wanted"/> is taken.</summary>
        public List<string> Alternatives { get; init; } = [];

        public abstract string Variable { get; }

        public string? Name { get; set; }

        /// <summary>Fields of each item (0 for a list of strings).</summary>
        public virtual int Fields => 0;

        public virtual TemplateValueKind Kind => TemplateValueKind.List;

        public override IEnumerable<int> Columns => [];

        public abstract void Emit(ScribanWriter writer);

        public abstract TemplateValue ValueOf(int member, List<string?[]> columns);
    }

    /// <summary>A loop over one-item lines (<c>    curl \</c>): the item is the line's only word.</summary>
    private sealed class LoopItem(int start, int end, string indent, string suffix, string wanted) : LoopBase(start, end, wanted)
    {
        public string Indent { get; } = indent;

        public string Suffix { get; } = suffix;

        public override string Variable => Wanted.EndsWith("packages", StringComparison.Ordinal) ? "package" : "item";

        public override void Emit(ScribanWriter writer)
        {
            writer.Control($"for {Variable} in {Name}");
            writer.Text(Indent).Print(Variable).Text(Suffix + "\n");
            writer.Control("end");
        }

        public override TemplateValue ValueOf(int member, List<string?[]> columns) => TemplateValue.Of(ItemsOf(member, columns));

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

    public bool IsComplementOf(Presence other) => _bits.Length == other._bits.Length && _bits.Where((b, i) => b == other._bits[i]).Any() is false;

    public static Presence Of(bool[] bits) => new((bool[])bits.Clone());

    public Presence Complement() => new([.. _bits.Select(b => !b)]);

    public int Count => _bits.Count(b => b);

    public Presence Union(Presence other) => new([.. _bits.Select((b, i) => b || other._bits[i])]);

    public bool Equals(Presence other) => _bits.AsSpan().SequenceEqual(other._bits);

    public override bool Equals(object? obj) => obj is Presence p && Equals(p);

    public override int GetHashCode() => _hash;

    public static bool operator ==(Presence left, Presence right) => left.Equals(right);

    public static bool operator !=(Presence left, Presence right) => !left.Equals(right);
}
