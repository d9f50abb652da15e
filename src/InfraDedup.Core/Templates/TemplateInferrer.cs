using System.Globalization;
using System.Text.RegularExpressions;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;

namespace InfraDedup.Core.Templates;

/// <summary>
/// Infers Scriban templates from a family of Dockerfiles: groups the files into sub-families where one template per
/// sub-family costs less than a shared one with conditionals, anti-unifies each group (<see cref="TemplateBuilder"/>),
/// and proves every rendering before returning it: with no header the bytes equal the original's, with the comment
/// header the effective image spec does. A file that fails either proof is returned as not templated, never with a
/// wrong template.
/// </summary>
public static partial class TemplateInferrer
{
    private const int MaxRebuilds = 4;

    public static TemplateInferenceResult Infer(IReadOnlyList<TemplateInput> files, TemplateInferenceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        var notTemplated = new List<NotTemplated>();
        var usable = new List<Member>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!seen.Add(file.Path))
            {
                notTemplated.Add(new NotTemplated(file.Path, "given twice; each path is templated once"));
                continue;
            }

            var decoded = TextCodec.Decode(file.Content);
            if (decoded is null)
            {
                notTemplated.Add(new NotTemplated(file.Path, "not valid UTF-8 text; templates are UTF-8 (convert the file first)"));
                continue;
            }

            EffectiveImageSpec? spec = null;
            if (options.VerifyEffectiveImage)
            {
                var doc = DockerfileParser.Parse(file.Content, file.Path);
                if (InstructionChecks.FirstError(doc) is { } error)
                {
                    notTemplated.Add(new NotTemplated(file.Path, $"BuildKit rejects it ({error.Line}:{error.Column}: {error.Message}); fix it first"));
                    continue;
                }

                spec = EffectiveImage.Compute(doc, new Dictionary<string, string>());
            }

            usable.Add(new Member(file.Path, file.Content, decoded, spec));
        }

        var similarity = new LineSimilarity();
        var groups = options.SplitSubFamilies && usable.Count > 1
            ? Cluster(usable, similarity, options, cancellationToken)
            : usable.Count == 0 ? [] : [Enumerable.Range(0, usable.Count).ToList()];

        var names = NameGroups(usable, groups, options);
        var templates = new List<InferredTemplate>();
        var bindings = new Dictionary<string, TemplateBinding>(StringComparer.Ordinal);
        var entries = new List<TemplateTradeOffEntry>();
        for (var g = 0; g < groups.Count; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = names[g];
            var path = options.TemplateDirectory.TrimEnd('/') + "/" + name + ".Dockerfile.sbn";
            var members = groups[g];
            for (var attempt = 0; attempt < MaxRebuilds && members.Count > 0; attempt++)
            {
                var draft = TemplateBuilder.Build([.. members.Select(i => usable[i].Text)], similarity, options.ConditionalCost);
                var failed = Verify(draft, path, members.Select(i => usable[i]).ToList(), options);
                if (failed.Count == 0)
                {
                    templates.Add(new InferredTemplate(name, path, draft.Source, draft.Parameters, draft.Conditionals, draft.Loops, [.. members.Select(i => usable[i].Path)]));
                    for (var k = 0; k < members.Count; k++)
                    {
                        var member = usable[members[k]];
                        bindings[member.Path] = new TemplateBinding(member.Path, name, draft.Bindings[k]) { Layout = member.Text.Layout };
                    }

                    entries.Add(new TemplateTradeOffEntry(name, members.Count, draft.Parameters.Count, draft.Conditionals, draft.Loops,
                        templates[^1].Lines, members.Sum(i => usable[i].Text.Lines.Count)));
                    break;
                }

                foreach (var (index, reason) in failed)
                {
                    notTemplated.Add(new NotTemplated(usable[members[index]].Path, reason));
                }

                var drop = failed.Select(f => f.Index).ToHashSet();
                members = [.. members.Where((_, k) => !drop.Contains(k))];
                if (attempt == MaxRebuilds - 1)
                {
                    foreach (var i in members)
                    {
                        notTemplated.Add(new NotTemplated(usable[i].Path, "no template reproduced it after several attempts"));
                    }
                }
            }
        }

        var orderedBindings = files.Where(f => bindings.ContainsKey(f.Path)).Select(f => bindings[f.Path]).Distinct().ToList();
        var inputOrder = files.Select((f, i) => (f.Path, i)).GroupBy(x => x.Path).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        notTemplated = [.. notTemplated.OrderBy(n => inputOrder[n.Path])];
        templates = [.. templates.OrderBy(t => t.Name, StringComparer.Ordinal)];
        entries = [.. entries.OrderBy(e => e.Template, StringComparer.Ordinal)];
        var tradeOff = new TemplateTradeOff(
            files.Count,
            orderedBindings.Count,
            templates.Count,
            templates.Sum(t => t.Parameters.Count),
            templates.Sum(t => t.Conditionals),
            templates.Sum(t => t.Lines),
            entries.Sum(e => e.OriginalLines),
            entries);
        return new TemplateInferenceResult(templates, orderedBindings, notTemplated, tradeOff);
    }

    /// <summary>Renders every member and checks bytes (no header) and effective image spec (comment header).</summary>
    private static List<(int Index, string Reason)> Verify(TemplateDraft draft, string templatePath, List<Member> members, TemplateInferenceOptions options)
    {
        var failed = new List<(int, string)>();
        CompiledTemplate compiled;
        try
        {
            compiled = TemplateRenderer.Compile(draft.Source, templatePath);
        }
        catch (TemplateException e)
        {
            return [.. members.Select((_, i) => (i, "the inferred template did not parse: " + e.Describe()))];
        }

        for (var k = 0; k < members.Count; k++)
        {
            var member = members[k];
            try
            {
                var bytes = compiled.Render(draft.Bindings[k], member.Text.Layout, HeaderMode.None);
                if (!bytes.AsSpan().SequenceEqual(member.Bytes))
                {
                    failed.Add((k, "the template's rendering differs from the file's bytes"));
                    continue;
                }

                if (member.Spec is not null)
                {
                    var withHeader = compiled.Render(draft.Bindings[k], member.Text.Layout, HeaderMode.Comment);
                    var spec = EffectiveImage.Compute(DockerfileParser.Parse(withHeader, member.Path), new Dictionary<string, string>());
                    if (!spec.Equals(member.Spec))
                    {
                        failed.Add((k, "with the generated-file header the effective image differs (a parser directive placement?)"));
                    }
                }
            }
            catch (TemplateException e)
            {
                failed.Add((k, "rendering failed: " + e.Describe()));
            }
        }

        return failed;
    }

    /// <summary>
    /// Sub-families: files with the same shape (same line count, every line alignable with the other's) start together;
    /// then the two groups whose shared template saves the most (template lines and conditionals, see
    /// <see cref="TemplateBuilder"/>'s cost) merge, until no merge saves anything.
    /// </summary>
    private static List<List<int>> Cluster(List<Member> members, LineSimilarity similarity, TemplateInferenceOptions options, CancellationToken cancellationToken)
    {
        var groups = new List<List<int>>();
        for (var i = 0; i < members.Count; i++)
        {
            var lines = members[i].Text.Lines;
            var home = groups.FirstOrDefault(g =>
            {
                var rep = members[g[0]].Text.Lines;
                return rep.Count == lines.Count && Enumerable.Range(0, rep.Count).All(k => !double.IsNegativeInfinity(similarity.Score(rep[k], lines[k])));
            });
            if (home is null)
            {
                groups.Add([i]);
            }
            else
            {
                home.Add(i);
            }
        }

        var costs = new Dictionary<string, double>(StringComparer.Ordinal);
        double Cost(List<int> sample)
        {
            var key = string.Join(",", sample);
            if (!costs.TryGetValue(key, out var cost))
            {
                cost = TemplateBuilder.Build([.. sample.Select(i => members[i].Text)], similarity, options.ConditionalCost).Cost;
                costs[key] = cost;
            }

            return cost;
        }

        // A cluster is a set of shape groups. Its cost is estimated on one file per shape group (files of one shape
        // differ only in values) plus a second file of its first group, so parameters count too.
        List<int> Sample(List<int> cluster)
        {
            var sample = cluster.Select(g => groups[g][0]).ToList();
            if (groups[cluster[0]].Count > 1)
            {
                sample.Add(groups[cluster[0]][1]);
            }

            return [.. sample.Order()];
        }

        var clusters = Enumerable.Range(0, groups.Count).Select(g => new List<int> { g }).ToList();
        while (clusters.Count > 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bestSaving = 0.0;
            (int A, int B)? best = null;
            for (var a = 0; a < clusters.Count; a++)
            {
                for (var b = a + 1; b < clusters.Count; b++)
                {
                    var merged = clusters[a].Concat(clusters[b]).ToList();
                    var saving = Cost(Sample(clusters[a])) + Cost(Sample(clusters[b])) - Cost(Sample(merged));
                    if (saving > bestSaving + 1e-9)
                    {
                        bestSaving = saving;
                        best = (a, b);
                    }
                }
            }

            if (best is not { } pair)
            {
                break;
            }

            clusters[pair.A] = [.. clusters[pair.A].Concat(clusters[pair.B])];
            clusters.RemoveAt(pair.B);
        }

        return [.. clusters.Select(c => c.SelectMany(g => groups[g]).Order().ToList())];
    }

    /// <summary>
    /// Template names: the family name (or the folders all files share), and for each sub-family the folders only its
    /// members share (<c>python</c>, <c>python-alpine</c>); version-like folders are left out, being parameters.
    /// </summary>
    private static List<string> NameGroups(List<Member> members, List<List<int>> groups, TemplateInferenceOptions options)
    {
        List<string> Segments(int i) => [.. members[i].Path.Split('/')[..^1].Where(s => !VersionSegment().IsMatch(s)).Select(Kebab).Where(s => s.Length > 0)];
        List<string> Common(IEnumerable<int> ids)
        {
            List<string>? common = null;
            foreach (var i in ids)
            {
                var segs = Segments(i);
                common = common is null ? segs : [.. common.Where(s => segs.Contains(s, StringComparer.Ordinal))];
            }

            return [.. (common ?? []).Distinct(StringComparer.Ordinal)];
        }

        var all = Common(Enumerable.Range(0, members.Count));
        var family = options.FamilyName is { Length: > 0 } given ? Kebab(given) : string.Join("-", all.TakeLast(2));

        var taken = new HashSet<string>(options.ReservedNames, StringComparer.Ordinal);
        var names = new List<string>();
        var largest = groups.Count == 0 ? -1 : groups.IndexOf(groups.MaxBy(g => g.Count)!);
        for (var g = 0; g < groups.Count; g++)
        {
            var own = Common(groups[g]).Where(s => !all.Contains(s, StringComparer.Ordinal) && !family.Split('-').Contains(s, StringComparer.Ordinal)).ToList();
            var suffix = own.Count > 0 ? string.Join("-", own.Take(2)) : "variant";
            var wanted = family.Length == 0 ? (own.Count > 0 ? suffix : "dockerfile")
                : groups.Count == 1 || (g == largest && own.Count == 0) ? family : family + "-" + suffix;
            var name = wanted;
            for (var k = 2; !taken.Add(name); k++)
            {
                name = wanted + "-" + k.ToString(CultureInfo.InvariantCulture);
            }

            names.Add(name);
        }

        return names;
    }

    private static string Kebab(string text)
    {
        var sanitized = ParameterNames.Sanitize(text).Replace('_', '-');
        return sanitized is "value" or "value-value" ? string.Empty : sanitized;
    }

    [GeneratedRegex(@"^v?\d+([.\-_]\d+)*$")]
    private static partial Regex VersionSegment();

    private sealed record Member(string Path, byte[] Bytes, DecodedText Text, EffectiveImageSpec? Spec);
}
