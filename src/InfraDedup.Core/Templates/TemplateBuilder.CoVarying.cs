using System.Text.RegularExpressions;

namespace InfraDedup.Core.Templates;

/// <summary>
/// Fragments of lines that vary together with a variant (#17 item 2). Alignment makes a hole of whatever differs in a
/// shared line, so golang's release and tip Dockerfiles came out as five parameters (<c>save_args</c>,
/// <c>source_date_epoch</c> holding <c>stat -c '%Y' /usr/local/go)"; \</c>, <c>command_args</c> holding <c>\t\t} &gt;&gt; </c>…)
/// that all split the members like the <c>if</c> around the tip-only lines does. A maintainer writes such a line once
/// per variant inside one conditional: a fragment parameter that splits the members into the same classes (a variant:
/// two members a class on average) as a conditional of the template or another parameter does is folded. A line every
/// member has becomes a conditional whose branches hold the line as each class has it, and neighbouring conditionals
/// on the same classes join it; a line inside a branch is written once per class in that branch, or, when a variant
/// parameter tells the two values apart where the line is reached and the classes are not its own, keeps one line with
/// the choice inline (<c>"$url"{{ if base_image == "buildpack-deps" }} --progress=dot:giga{{ end }}</c>, as golang's
/// maintainers write it).
/// </summary>
internal static partial class TemplateBuilder
{
    /// <summary>The items with co-varying fragments folded into conditionals, or null when there is none to fold.</summary>
    private static List<SequenceItem>? FoldCoVarying(List<SequenceItem> items, Dictionary<int, List<Segment>> lineSegments, List<ParamInfo> parameters, int n)
    {
        var fold = FoldableFragments(items, lineSegments, parameters, n);
        if (fold.Count == 0)
        {
            return null;
        }

        foreach (var p in fold)
        {
            parameters[p].Folded = true;
        }

        var keys = VariantKeys(parameters);
        var all = Presence.Of(Enumerable.Repeat(true, n).ToArray());
        bool Holds(int column) => lineSegments[column].Any(s => s.Param is { } p && fold.Contains(p));
        var rewritten = new List<(SequenceItem Item, string? Classes, bool Folded)>();
        foreach (var item in items)
        {
            switch (item)
            {
                case LinesItem lines:
                    var pending = new List<int>();
                    foreach (var c in lines.Columns)
                    {
                        if (!Holds(c))
                        {
                            pending.Add(c);
                            continue;
                        }

                        if (pending.Count > 0)
                        {
                            rewritten.Add((new LinesItem(pending), null, false));
                            pending = [];
                        }

                        // The class of the first member is the else: the others read as the variants it lacks.
                        var variants = Refine(new Branch(all, [c]), [c], lineSegments, fold, parameters);
                        var chain = new ChainItem([.. variants.Skip(1), variants[0]], lastIsElse: true);
                        rewritten.Add((chain, Classes(chain, n), true));
                    }

                    if (pending.Count > 0)
                    {
                        rewritten.Add((new LinesItem(pending), null, false));
                    }

                    break;
                case ChainItem chain when chain.Branches.Any(b => b.Columns.Any(Holds)):
                    var branches = new List<Branch>();
                    foreach (var branch in chain.Branches)
                    {
                        var held = branch.Columns.Where(Holds).ToList();
                        if (held.Count == 0)
                        {
                            branches.Add(branch);
                        }
                        else if (Inline(branch, held, lineSegments, fold, parameters, keys, n) is { } inline)
                        {
                            branches.Add(inline);
                        }
                        else
                        {
                            branches.AddRange(Refine(branch, held, lineSegments, fold, parameters));
                        }
                    }

                    var refined = new ChainItem(branches, chain.LastIsElse);
                    rewritten.Add((refined, Classes(refined, n), true));
                    break;
                default:
                    rewritten.Add((item, item is ChainItem other ? Classes(other, n) : null, false));
                    break;
            }
        }

        return JoinAlongClasses(rewritten, n);
    }

    /// <summary>
    /// Fragment parameters worth folding: their values split the members into variant-like classes (a member without
    /// the parameter is a class of its own) that a conditional or another parameter makes too.
    /// </summary>
    private static HashSet<int> FoldableFragments(List<SequenceItem> items, Dictionary<int, List<Segment>> lineSegments, List<ParamInfo> parameters, int n)
    {
        var result = new HashSet<int>();
        if (n < 4)
        {
            return result;
        }

        var chainClasses = items.OfType<ChainItem>().Select(c => Classes(c, n)).ToHashSet(StringComparer.Ordinal);
        var classes = parameters.Select(p => Classes(p.Values)).ToList();
        var occurrences = new Dictionary<int, List<int>>();
        foreach (var (column, segments) in lineSegments)
        {
            foreach (var p in segments.Select(s => s.Param).OfType<int>())
            {
                (occurrences.TryGetValue(p, out var list) ? list : occurrences[p] = []).Add(column);
            }
        }

        for (var p = 0; p < parameters.Count; p++)
        {
            if (classes[p] is not { } mine || !occurrences.TryGetValue(p, out var where))
            {
                continue;
            }

            var shared = chainClasses.Contains(mine) || classes.Where((other, q) => q != p && other == mine).Any();
            if (shared && where.Any(c => IsFragment(lineSegments[c], p, parameters)))
            {
                result.Add(p);
            }
        }

        return result;
    }

    /// <summary>The classes values make (numbered in order of first member; no value is a class), null unless variant-like.</summary>
    private static string? Classes(string?[] values)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var key = string.Join(",", values.Select(v => ids.TryGetValue(v ?? "\u0000", out var id) ? id : ids[v ?? "\u0000"] = ids.Count));
        return ids.Count >= 2 && ids.Count * 2 <= values.Length ? key : null;
    }

    /// <summary>The classes a conditional makes: the members of each branch, and those that take none.</summary>
    private static string Classes(ChainItem chain, int n)
    {
        var branchOf = new string?[n];
        for (var b = 0; b < chain.Branches.Count; b++)
        {
            for (var m = 0; m < n; m++)
            {
                if (chain.Branches[b].Presence.Has(m))
                {
                    branchOf[m] = b.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        return Classes(branchOf) ?? string.Join(",", branchOf.Select(b => b ?? "-"));
    }

    /// <summary>
    /// A branch split by the folded fragments of its lines: one branch per class of their values, each writing those
    /// lines with the class's values (the other lines of the branch alike in each).
    /// </summary>
    private static List<Branch> Refine(Branch branch, List<int> held, Dictionary<int, List<Segment>> lineSegments, HashSet<int> fold, List<ParamInfo> parameters)
    {
        var n = parameters[0].Values.Length;
        var members = Enumerable.Range(0, n).Where(branch.Presence.Has).ToList();
        string Key(int m) => string.Join("\u0001", held.SelectMany(c => SegmentsOf(branch, c, lineSegments)).Select(s => s.Param is { } p && fold.Contains(p) ? parameters[p].Values[m] : null));
        var result = new List<Branch>();
        foreach (var group in members.GroupBy(Key, StringComparer.Ordinal))
        {
            var bits = new bool[n];
            foreach (var m in group)
            {
                bits[m] = true;
            }

            var lines = new Dictionary<int, List<Segment>>(branch.Lines ?? new Dictionary<int, List<Segment>>());
            foreach (var c in held)
            {
                lines[c] = Substitute(SegmentsOf(branch, c, lineSegments), fold, parameters, group.First());
            }

            result.Add(new Branch(Presence.Of(bits), branch.Columns) { Lines = lines });
        }

        return result;
    }

    /// <summary>
    /// The branch with its one folded fragment written as a choice inside its line, when it takes two values there, a
    /// variant parameter tells them apart among the branch's members, and those members are not a class of it (else
    /// the branch splits into whole lines: <see cref="Refine"/>).
    /// </summary>
    private static Branch? Inline(Branch branch, List<int> held, Dictionary<int, List<Segment>> lineSegments, HashSet<int> fold, List<ParamInfo> parameters, List<ParamInfo> keys, int n)
    {
        var folded = held.SelectMany(c => SegmentsOf(branch, c, lineSegments)).Select(s => s.Param).OfType<int>().Where(fold.Contains).ToList();
        if (held.Count != 1 || folded.Count != 1)
        {
            return null;
        }

        var values = parameters[folded[0]].Values;
        var members = Enumerable.Range(0, n).Where(branch.Presence.Has).ToList();
        var distinct = members.Select(m => values[m]!).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count != 2)
        {
            return null;
        }

        // The value printed under the condition: the non-empty one when the other is empty (no else), else the second.
        var shown = distinct[0].Length == 0 ? distinct[1] : distinct[1].Length == 0 ? distinct[0] : distinct[1];
        var other = distinct.First(v => v != shown);
        var side = Presence.Of([.. Enumerable.Range(0, n).Select(m => branch.Presence.Has(m) && values[m] == shown)]);
        var sideCount = members.Count(m => values[m] == shown);
        var wholeClass = KeyByVariant(side, keys, n) is not null && KeyByVariant(Presence.Of([.. Enumerable.Range(0, n).Select(m => branch.Presence.Has(m) && values[m] != shown)]), keys, n) is not null;
        if (wholeClass || sideCount == 0 || KeyByVariant(side, keys, n, branch.Presence) is not { } key)
        {
            return null;
        }

        var c = held[0];
        var segments = SegmentsOf(branch, c, lineSegments)
            .Select(s => s.Param is { } p && fold.Contains(p) ? new Segment(null, null) { Choice = new InlineChoice(key.Render, shown, other) } : s).ToList();
        return branch with { Lines = new Dictionary<int, List<Segment>>(branch.Lines ?? new Dictionary<int, List<Segment>>()) { [c] = segments } };
    }

    private static List<Segment> SegmentsOf(Branch branch, int column, Dictionary<int, List<Segment>> lineSegments) =>
        branch.Lines?.GetValueOrDefault(column) ?? lineSegments[column];

    /// <summary>
    /// Whether a hole is a fragment of its line: not one word (nor a run of words at word boundaries, a package list),
    /// not a whole quoted string, not the rest of the line after its indentation, instruction word or assignment key.
    /// </summary>
    private static bool IsFragment(List<Segment> segments, int param, List<ParamInfo> parameters)
    {
        var values = parameters[param].Values.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var at = segments.FindIndex(s => s.Param == param);
        var left = string.Concat(segments.Take(at).Select(s => s.Text ?? ParameterNames.HoleMark.ToString()));
        var right = string.Concat(segments.Skip(at + 1).Select(s => s.Text ?? ParameterNames.HoleMark.ToString()));
        if (values.All(v => WordValue().IsMatch(v)))
        {
            return false;
        }

        var wordRun = (left.Length == 0 || char.IsWhiteSpace(left[^1])) && values.All(v => WordRun().IsMatch(v))
            && (right.Length == 0 || char.IsWhiteSpace(right[0]) || values.All(v => v.Length == 0 || char.IsWhiteSpace(v[^1])));
        var quote = left.Length > 0 ? left[^1] : '\0';
        var quoted = quote is '"' or '\'' && right.StartsWith(quote) && values.All(v => !v.Contains(quote, StringComparison.Ordinal));
        var restOfLine = RestOfLine().IsMatch(right) && WholeArgumentStart().IsMatch(left);
        return !wordRun && !quoted && !restOfLine;
    }

    /// <summary>The line with each folded fragment replaced by its value on the given member.</summary>
    private static List<Segment> Substitute(List<Segment> segments, HashSet<int> fold, List<ParamInfo> parameters, int member)
    {
        var result = new List<Segment>(segments.Count);
        foreach (var segment in segments)
        {
            var text = segment.Param is { } p && fold.Contains(p) ? parameters[p].Values[member]! : segment.Text;
            if (text is null)
            {
                result.Add(segment);
            }
            else if (result.Count > 0 && result[^1] is { Param: null, Choice: null })
            {
                result[^1] = new Segment(result[^1].Text + text, null);
            }
            else
            {
                result.Add(new Segment(text, null));
            }
        }

        return result;
    }

    /// <summary>
    /// Neighbouring conditionals that make the same classes, a folded line among them, become one: each class's lines
    /// in order (every member still reads its lines in its order).
    /// </summary>
    private static List<SequenceItem> JoinAlongClasses(List<(SequenceItem Item, string? Classes, bool Folded)> items, int n)
    {
        var result = new List<SequenceItem>();
        var i = 0;
        while (i < items.Count)
        {
            var end = i + 1;
            while (end < items.Count && items[i].Classes is { } classes && items[end].Classes == classes)
            {
                end++;
            }

            var run = items.Skip(i).Take(end - i).ToList();
            i = end;
            if (run.Count == 1 || !run.Any(x => x.Folded))
            {
                result.AddRange(run.Select(x => x.Item));
                continue;
            }

            var byClass = new List<(Presence Presence, List<int> Columns, Dictionary<int, List<Segment>> Lines)>();
            foreach (var branch in run.SelectMany(x => ((ChainItem)x.Item).Branches))
            {
                var index = byClass.FindIndex(b => b.Presence == branch.Presence);
                if (index < 0)
                {
                    byClass.Add((branch.Presence, [], []));
                    index = byClass.Count - 1;
                }

                byClass[index].Columns.AddRange(branch.Columns);
                foreach (var (c, segments) in branch.Lines ?? new Dictionary<int, List<Segment>>())
                {
                    byClass[index].Lines[c] = segments;
                }
            }

            var union = byClass.Select(b => b.Presence).Aggregate((a, b) => a.Union(b));
            result.Add(new ChainItem([.. byClass.Select(b => new Branch(b.Presence, b.Columns) { Lines = b.Lines })], byClass.Count > 1 && union.Count == n));
        }

        return result;
    }

    // One shell word: no blank, no operator, no quote, no escape.
    [GeneratedRegex(@"^[^\s;|&<>(){}\\`'""]*$")]
    private static partial Regex WordValue();

    // Such words separated by blanks (a package list).
    [GeneratedRegex(@"^(?:[^\s;|&<>(){}\\`'""]+[ \t]+)*[^\s;|&<>(){}\\`'""]*$")]
    private static partial Regex WordRun();

    [GeneratedRegex(@"^\s*\\?$")]
    private static partial Regex RestOfLine();

    // Indentation alone, an instruction word, or an assignment's key (KEY= or ENV KEY ).
    [GeneratedRegex(@"^\s*(?:[A-Za-z]+\s+)?(?:[A-Za-z_][A-Za-z0-9_]*(?:=|\s+))?$")]
    private static partial Regex WholeArgumentStart();
}
