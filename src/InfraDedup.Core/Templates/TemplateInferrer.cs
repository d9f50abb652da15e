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

    // Calibrated on docker-library/php, whose maintainers keep one template for alpine and debian: its variant blocks
    // (apk vs apt, apache vs fpm) hold about three lines for each line all variants share. Beyond that the conditionals
    // dwarf the shared text and two templates read better than one.
    private const int MaxConditionalPerSharedLine = 3;

    public static TemplateInferenceResult Infer(IReadOnlyList<TemplateInput> files, TemplateInferenceOptions options, CancellationToken cancellationToken = default) =>
        Infer(files, options, exhaustiveMergeSearch: false, cancellationToken);

    /// <param name="files">The Dockerfiles to template.</param>
    /// <param name="options">Naming, cost and proof options.</param>
    /// <param name="exhaustiveMergeSearch">Build a draft for every merge candidate instead of skipping those the
    /// <see cref="MergeCostBound"/> rules out (same result, slower: tests compare the two).</param>
    /// <param name="cancellationToken">Stops between drafts.</param>
    internal static TemplateInferenceResult Infer(IReadOnlyList<TemplateInput> files, TemplateInferenceOptions options, bool exhaustiveMergeSearch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        var notTemplated = new List<NotTemplated>();
        var usable = new List<Member>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var prepared = Prepare(files, options, cancellationToken);
        for (var f = 0; f < files.Count; f++)
        {
            var file = files[f];
            if (!seen.Add(file.Path))
            {
                notTemplated.Add(new NotTemplated(file.Path, "given twice; each path is templated once"));
                continue;
            }

            var (member, reason) = prepared[f];
            if (member is null)
            {
                notTemplated.Add(new NotTemplated(file.Path, reason!));
                continue;
            }

            usable.Add(member);
        }

        var similarity = new LineSimilarity();
        var groups = options.SplitSubFamilies && usable.Count > 1
            ? Cluster(usable, similarity, options, exhaustiveMergeSearch, cancellationToken)
            : usable.Count == 0 ? [] : [Enumerable.Range(0, usable.Count).ToList()];

        var names = NameGroups(usable, groups, options);
        var templates = new List<InferredTemplate>();
        var renderedWithHeader = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var bindings = new Dictionary<string, TemplateBinding>(StringComparer.Ordinal);
        var entries = new List<TemplateTradeOffEntry>();

        // Every group's first draft and its proof, built on every core (a draft depends only on its members' text, a proof
        // only on the draft and the members): the loop below reads them in group order, and builds and proves again only
        // for groups that lost members in the proof.
        string TemplatePath(int g) => options.TemplateDirectory.TrimEnd('/') + "/" + names[g] + ".Dockerfile.sbn";
        var firstDrafts = new TemplateDraft[groups.Count];
        var firstProofs = new Proof[groups.Count][];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, groups.Count, parallel, g =>
        {
            firstDrafts[g] = TemplateBuilder.Build([.. groups[g].Select(i => usable[i].Text)], similarity, options.ConditionalCost);
            firstProofs[g] = ProveMembers(firstDrafts[g], TemplatePath(g), [.. groups[g].Select(i => usable[i])]);
        });
        for (var g = 0; g < groups.Count; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = names[g];
            var path = TemplatePath(g);
            var members = groups[g];
            for (var attempt = 0; attempt < MaxRebuilds && members.Count > 0; attempt++)
            {
                var draft = attempt == 0 ? firstDrafts[g] : TemplateBuilder.Build([.. members.Select(i => usable[i].Text)], similarity, options.ConditionalCost);
                List<Member> proven = [.. members.Select(i => usable[i])];
                var failed = Record(attempt == 0 ? firstProofs[g] : ProveMembers(draft, path, proven), proven, renderedWithHeader);
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
        return new TemplateInferenceResult(templates, orderedBindings, notTemplated, tradeOff)
        {
            RenderedWithHeader = renderedWithHeader.Where(r => bindings.ContainsKey(r.Key)).ToDictionary(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Decodes every file and computes its effective image, on every core: each file is independent of the others, and
    /// the results land at the file's index, so the caller reads them in input order whatever the scheduling.
    /// </summary>
    private static (Member? Member, string? Reason)[] Prepare(IReadOnlyList<TemplateInput> files, TemplateInferenceOptions options, CancellationToken cancellationToken)
    {
        var prepared = new (Member?, string?)[files.Count];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, files.Count, parallel, f => prepared[f] = Prepare(files[f], options));
        return prepared;
    }

    private static (Member? Member, string? Reason) Prepare(TemplateInput file, TemplateInferenceOptions options)
    {
        var decoded = TextCodec.Decode(file.Content);
        if (decoded is null)
        {
            return (null, "not valid UTF-8 text; templates are UTF-8 (convert the file first)");
        }

        EffectiveImageSpec? spec = null;
        if (options.VerifyEffectiveImage)
        {
            var doc = file.Document ?? DockerfileParser.Parse(file.Content, file.Path);
            if (InstructionChecks.FirstError(doc) is { } error)
            {
                return (null, $"BuildKit rejects it ({error.Line}:{error.Column}: {error.Message}); fix it first");
            }

            spec = EffectiveImage.Compute(doc, new Dictionary<string, string>());
        }

        return (new Member(file.Path, file.Content, decoded, spec, file.Seed), null);
    }

    /// <summary>Renders every member and checks bytes (no header) and effective image spec (comment header), on every core.</summary>
    private static Proof[] ProveMembers(TemplateDraft draft, string templatePath, List<Member> members)
    {
        CompiledTemplate compiled;
        try
        {
            compiled = TemplateRenderer.Compile(draft.Source, templatePath);
        }
        catch (TemplateException e)
        {
            return [.. members.Select(_ => new Proof("the inferred template did not parse: " + e.Describe(), null))];
        }

        // Each result at its member's index (Record takes them in member order, as a loop over the members would).
        var outcomes = new Proof[members.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, members.Count, parallel, k => outcomes[k] = Prove(compiled, draft.Bindings[k], members[k]));
        return outcomes;
    }

    /// <summary>The members whose proof failed, in member order; keeps the proven renderings with the header.</summary>
    private static List<(int Index, string Reason)> Record(Proof[] outcomes, List<Member> members, Dictionary<string, byte[]> renderedWithHeader)
    {
        var failed = new List<(int, string)>();
        for (var k = 0; k < members.Count; k++)
        {
            if (outcomes[k].Failure is { } failure)
            {
                failed.Add((k, failure));
            }
            else if (outcomes[k].WithHeader is { } withHeader)
            {
                renderedWithHeader[members[k].Path] = withHeader;
            }
        }

        return failed;
    }

    /// <summary>
    /// One member's proof: why it fails (null when it passes) and its rendering with the header, whose effective image
    /// spec the proof found equal to the original's (null when the effective-image proof is off).
    /// </summary>
    private readonly record struct Proof(string? Failure, byte[]? WithHeader);

    /// <summary>Renders one member once and proves it (see <see cref="Proof"/>).</summary>
    private static Proof Prove(CompiledTemplate compiled, IReadOnlyDictionary<string, TemplateValue> binding, Member member)
    {
        try
        {
            // One rendering serves both checks: the header is inserted into the rendered text, as Render does.
            var text = compiled.RenderText(binding);
            var bytes = compiled.Encode(text, member.Text.Layout, HeaderMode.None);
            if (!bytes.AsSpan().SequenceEqual(member.Bytes))
            {
                return new Proof("the template's rendering differs from the file's bytes", null);
            }

            if (member.Spec is null)
            {
                return new Proof(null, null);
            }

            var withHeader = compiled.Encode(text, member.Text.Layout, HeaderMode.Comment);
            var spec = EffectiveImage.ComputeOnce(DockerfileParser.Parse(withHeader, member.Path), EffectiveImage.NoArgs);
            return spec.Equals(member.Spec)
                ? new Proof(null, withHeader)
                : new Proof("with the generated-file header the effective image differs (a parser directive placement?)", null);
        }
        catch (TemplateException e)
        {
            return new Proof("rendering failed: " + e.Describe(), null);
        }
    }

    /// <summary>
    /// Groups the files into templates by alignment cost. Files of one seed (the planner's similarity family) with the
    /// same shape (same line count, every line alignable with the other's) start together. Then, first among groups of
    /// one seed and then across seeds (other base images, alpine vs debian, windows vs linux), the two groups whose
    /// shared template saves the most merge, until no merge saves anything.
    /// <para>The cost rule (<see cref="TemplateBuilder"/>): a template costs its lines, plus
    /// <see cref="TemplateInferenceOptions.ConditionalCost"/> per conditional, half a line per parameter and a line per
    /// loop. Merging two groups saves the lines they share and pays for the conditionals their differences need, so
    /// it happens only when the shared text outweighs the conditionals. Second guard against bad merges: a merged
    /// template whose conditional lines outnumber its shared lines is refused however much it saves — a reader would
    /// rather keep two templates than one that is mostly <c>if</c> blocks (<see cref="Mergeable"/>).</para>
    /// </summary>
    private static List<List<int>> Cluster(List<Member> members, LineSimilarity similarity, TemplateInferenceOptions options, bool exhaustive, CancellationToken cancellationToken)
    {
        // With a sound bound, candidates that cannot beat the best merge found so far are never drafted (same choice,
        // far fewer drafts). Should a draft ever cost less than its bound (the builder changed under the bound), the
        // search starts over building every draft, so the result never depends on the bound.
        if (!exhaustive && MergeCostBound.Applies(options.ConditionalCost)
            && ClusterBy(members, similarity, options, useBound: true, cancellationToken) is { } bounded)
        {
            return bounded;
        }

        return ClusterBy(members, similarity, options, useBound: false, cancellationToken)!;
    }

    /// <summary>Drafts built while clustering and candidate merges the cost bound ruled out, so far (process-wide; shown with INFRADEDUP_TIMINGS=1).</summary>
    internal static string MergeSearchCounts() =>
        string.Create(CultureInfo.InvariantCulture, $"clustering drafts {Interlocked.Read(ref _draftsBuilt)}, merge candidates ruled out by the cost bound {Interlocked.Read(ref _candidatesRuledOut)}");

    private static long _draftsBuilt;
    private static long _candidatesRuledOut;

    /// <summary>The greedy merge (see <see cref="Cluster"/>); null when the cost bound proved unsound on a draft.</summary>
    private static List<List<int>>? ClusterBy(List<Member> members, LineSimilarity similarity, TemplateInferenceOptions options, bool useBound, CancellationToken cancellationToken)
    {
        // Every member's lines interned up front, on every core. Ids only ever tell equal lines (and keys) apart, so the
        // order they are handed out in changes nothing the search or the drafts compute.
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        var lineIds = new int[members.Count][];
        Parallel.For(0, members.Count, parallel, m =>
        {
            var lines = members[m].Text.Lines;
            var ids = new int[lines.Count];
            for (var k = 0; k < ids.Length; k++)
            {
                ids[k] = similarity.Intern(lines[k]);
            }

            lineIds[m] = ids;
        });

        bool AllLinesAlign(int founder, int member)
        {
            var a = lineIds[founder];
            var b = lineIds[member];
            for (var k = 0; k < a.Length; k++)
            {
                if (double.IsNegativeInfinity(similarity.Score(a[k], b[k])))
                {
                    return false;
                }
            }

            return true;
        }

        // Only groups of the member's seed and line count can take it, so the members of one seed and line count are
        // grouped on their own (each in member order: the first group that takes a member is the one a scan of every
        // group would find), those sets on every core. A group is created by its first member, so ordering the groups
        // by that member gives the creation order of one pass over all members.
        var bySeedAndLength = new Dictionary<(string Seed, bool HasSeed, int Lines), List<int>>();
        var shapes = new List<List<int>>();
        for (var i = 0; i < members.Count; i++)
        {
            var shapeKey = (members[i].Seed ?? string.Empty, members[i].Seed is not null, members[i].Text.Lines.Count);
            if (!bySeedAndLength.TryGetValue(shapeKey, out var sameShape))
            {
                sameShape = [];
                bySeedAndLength[shapeKey] = sameShape;
                shapes.Add(sameShape);
            }

            sameShape.Add(i);
        }

        var groupsOfShape = new List<List<int>>[shapes.Count];
        Parallel.For(0, shapes.Count, parallel, s =>
        {
            var found = new List<List<int>>();
            foreach (var i in shapes[s])
            {
                var home = found.Find(g => AllLinesAlign(g[0], i));
                if (home is null)
                {
                    found.Add([i]);
                }
                else
                {
                    home.Add(i);
                }
            }

            groupsOfShape[s] = found;
        });
        var groups = groupsOfShape.SelectMany(found => found).OrderBy(g => g[0]).ToList();

        var drafts = new Dictionary<string, TemplateDraft>(StringComparer.Ordinal);
        TemplateDraft Build(List<int> sample)
        {
            Interlocked.Increment(ref _draftsBuilt);
            return TemplateBuilder.Build([.. sample.Select(i => members[i].Text)], similarity, options.ConditionalCost);
        }

        TemplateDraft Draft(List<int> sample)
        {
            var key = string.Join(",", sample);
            if (!drafts.TryGetValue(key, out var draft))
            {
                draft = Build(sample);
                drafts[key] = draft;
            }

            return draft;
        }

        // Builds the drafts of these samples that are not built yet, on every core: drafts are independent of each other
        // (and of the order they are built in), so the greedy merge below reads the same costs as if it built them itself.
        void Prepare(IEnumerable<List<int>> samples)
        {
            var missing = samples.Select(sample => (Key: string.Join(",", sample), Sample: sample))
                .Where(s => !drafts.ContainsKey(s.Key)).DistinctBy(s => s.Key).ToList();
            var built = new TemplateDraft[missing.Count];
            Parallel.For(0, missing.Count, parallel, k => built[k] = Build(missing[k].Sample));
            for (var k = 0; k < missing.Count; k++)
            {
                drafts[missing[k].Key] = built[k];
            }
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

        // Alignment keys of each group's first file: lines can only share a column when their keys match, so the
        // multiset intersection bounds how many lines two groups can share (used to skip hopeless pairs cheaply).
        var keys = groups.Select(g => lineIds[g[0]].GroupBy(KeyOf).ToDictionary(k => k.Key, k => k.Count())).ToList();
        int KeyOf(int id) => similarity.IsFromLine(id) ? -1 : similarity.AlignmentKey(id);

        // Built here, once every member's lines are interned (group founders just above, the others while grouping).
        var bound = useBound ? new MergeCostBound([.. members.Select(m => m.Text.Lines)], similarity, options.ConditionalCost) : null;
        bool MayShareEnough(List<int> a, List<int> b)
        {
            var ka = keys[a[0]];
            var kb = keys[b[0]];
            var shared = ka.Sum(kv => Math.Min(kv.Value, kb.GetValueOrDefault(kv.Key)));
            var total = ka.Values.Sum() + kb.Values.Sum();

            // With s lines shared between files of a and b lines, the merged template has at most s shared lines and at
            // least a + b - 2s conditional ones; the guard (conditional ≤ 3 × shared) needs s ≥ (a + b) / 5.
            return 5 * shared >= total;
        }

        string SeedOf(List<int> cluster) => members[groups[cluster[0]][0]].Seed ?? string.Empty;
        bool OneSeed(List<int> a, List<int> b) => a.Concat(b).All(g => (members[groups[g][0]].Seed ?? string.Empty) == SeedOf(a));

        var clusters = Enumerable.Range(0, groups.Count).Select(g => new List<int> { g }).ToList();
        foreach (var acrossSeeds in new[] { false, true })
        {
            while (clusters.Count > 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidates = new List<(int A, int B)>();
                for (var a = 0; a < clusters.Count; a++)
                {
                    for (var b = a + 1; b < clusters.Count; b++)
                    {
                        var sameSeed = OneSeed(clusters[a], clusters[b]);
                        if (sameSeed != acrossSeeds && (!acrossSeeds || MayShareEnough(clusters[a], clusters[b])))
                        {
                            candidates.Add((a, b));
                        }
                    }
                }

                (int A, int B)? best = null;
                if (bound is null)
                {
                    Prepare(candidates.SelectMany(p => new[] { Sample(clusters[p.A]), Sample(clusters[p.B]), Sample([.. clusters[p.A].Concat(clusters[p.B])]) }));
                    var bestSaving = 0.0;
                    foreach (var (a, b) in candidates)
                    {
                        var merged = Draft(Sample([.. clusters[a].Concat(clusters[b])]));
                        var saving = Draft(Sample(clusters[a])).Cost + Draft(Sample(clusters[b])).Cost - merged.Cost;
                        if (saving > bestSaving + 1e-9 && Mergeable(merged))
                        {
                            bestSaving = saving;
                            best = (a, b);
                        }
                    }
                }
                else
                {
                    Prepare(candidates.SelectMany(p => new[] { Sample(clusters[p.A]), Sample(clusters[p.B]) }));
                    var pick = BestBounded(bound, candidates, p => Sample(clusters[p.A]), p => Sample(clusters[p.B]), p => Sample([.. clusters[p.A].Concat(clusters[p.B])]));
                    if (pick == Unsound)
                    {
                        return null;
                    }

                    best = pick < 0 ? null : candidates[pick];
                }

                if (best is not { } pair)
                {
                    break;
                }

                clusters[pair.A] = [.. clusters[pair.A].Concat(clusters[pair.B])];
                clusters.RemoveAt(pair.B);
            }
        }

        return [.. clusters.Select(c => c.SelectMany(g => groups[g]).Order().ToList())];

        // The candidate the exhaustive loop above would pick (the first of the largest saving, on a mergeable draft),
        // drafting only candidates whose ceiling (both sides' costs minus the merged bound) can still beat the best so
        // far, best ceilings first and a batch per core at a time. Costs are multiples of ½ (MergeCostBound.Applies), so
        // savings compare exactly and "more than the best + 1e-9" is "more than the best". −1: none saves anything.
        int BestBounded(MergeCostBound floor, List<(int A, int B)> candidates, Func<(int A, int B), List<int>> left, Func<(int A, int B), List<int>> right, Func<(int A, int B), List<int>> union)
        {
            var merged = candidates.Select(union).ToList();
            var floors = merged.Select(floor.LowerBound).ToArray();
            var ceilings = candidates.Select((p, k) => Draft(left(p)).Cost + Draft(right(p)).Cost - floors[k]).ToArray();
            var order = Enumerable.Range(0, candidates.Count).Where(k => ceilings[k] > 1e-9).OrderByDescending(k => ceilings[k]).ThenBy(k => k).ToList();
            var bestSaving = 0.0;
            var bestIndex = -1;
            bool MayWin(int k) => ceilings[k] > bestSaving || (ceilings[k] == bestSaving && k < bestIndex);
            var batchSize = 2 * Environment.ProcessorCount;
            var next = 0;
            while (next < order.Count && MayWin(order[next]))
            {
                var batch = new List<int>(batchSize);
                while (next < order.Count && batch.Count < batchSize && MayWin(order[next]))
                {
                    batch.Add(order[next++]);
                }

                Prepare(batch.Select(k => merged[k]));
                foreach (var k in batch)
                {
                    var draft = Draft(merged[k]);
                    if (draft.Cost < floors[k])
                    {
                        return Unsound;
                    }

                    var saving = Draft(left(candidates[k])).Cost + Draft(right(candidates[k])).Cost - draft.Cost;
                    if (saving > 1e-9 && (saving > bestSaving || (saving == bestSaving && k < bestIndex)) && Mergeable(draft))
                    {
                        bestSaving = saving;
                        bestIndex = k;
                    }
                }
            }

            Interlocked.Add(ref _candidatesRuledOut, candidates.Count - next);
            return bestIndex;
        }
    }

    private const int Unsound = -2;

    /// <summary>
    /// Whether a merged template is still one a maintainer would keep: its conditional lines are at most
    /// <see cref="MaxConditionalPerSharedLine"/> times its shared lines. Without this, two long, different files sharing a
    /// dozen lines could merge into one template of two big <c>if</c> blocks, harder to read than the two templates it
    /// replaces.
    /// </summary>
    private static bool Mergeable(TemplateDraft merged) => merged.ConditionalLines <= MaxConditionalPerSharedLine * merged.SharedLines;

    /// <summary>
    /// Template names: the family name (or, for a template across several seeds, the distinct leading words of their
    /// names: <c>alpine-debian</c>; without either, the folders all files share), and for each sub-family of one base
    /// name the folders only its members share (<c>python</c>, <c>python-alpine</c>); version-like folders are left
    /// out, being parameters.
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

        // The folders every file shares name a template only when nothing else does: computed once, when first needed.
        var everyFile = new Lazy<List<string>>(() => Common(Enumerable.Range(0, members.Count)), LazyThreadSafetyMode.None);
        var bases = groups.Select(g => BaseName(members, g, options, everyFile)).ToList();
        var taken = new HashSet<string>(options.ReservedNames, StringComparer.Ordinal);
        var names = new string[groups.Count];
        foreach (var sameBase in Enumerable.Range(0, groups.Count).GroupBy(g => bases[g], StringComparer.Ordinal))
        {
            var family = sameBase.Key;
            var ids = sameBase.ToList();
            var all = Common(ids.SelectMany(g => groups[g]));
            var largest = ids.MaxBy(g => groups[g].Count);
            foreach (var g in ids)
            {
                var own = Common(groups[g]).Where(s => !all.Contains(s, StringComparer.Ordinal) && !family.Split('-').Contains(s, StringComparer.Ordinal)).ToList();
                var suffix = own.Count > 0 ? string.Join("-", own.Take(2)) : "variant";
                var wanted = family.Length == 0 ? (own.Count > 0 ? suffix : "dockerfile")
                    : ids.Count == 1 || (g == largest && own.Count == 0) ? family : family + "-" + suffix;
                var name = wanted;
                for (var k = 2; !taken.Add(name); k++)
                {
                    name = wanted + "-" + k.ToString(CultureInfo.InvariantCulture);
                }

                names[g] = name;
            }
        }

        return [.. names];
    }

    private static string BaseName(List<Member> members, List<int> group, TemplateInferenceOptions options, Lazy<List<string>> commonFolders)
    {
        if (options.FamilyName is { Length: > 0 } given)
        {
            return Kebab(given);
        }

        var seeds = group.Select(i => members[i].Seed).Distinct(StringComparer.Ordinal).ToList();
        if (seeds.Count == 1 && seeds[0] is { } seed)
        {
            return Kebab(seed);
        }

        if (seeds.All(s => s is not null))
        {
            // alpine-3.23 + debian-bookworm-slim → alpine-debian: the word each seed's name starts with, before any version.
            var leading = seeds.Select(s => Kebab(s!).Split('-')[0]).Where(w => w.Length > 0 && !w.Any(char.IsDigit)).Distinct(StringComparer.Ordinal).Take(3).ToList();
            if (leading.Count > 0)
            {
                return string.Join("-", leading);
            }
        }

        return string.Join("-", commonFolders.Value.TakeLast(2));
    }

    private static string Kebab(string text)
    {
        var sanitized = ParameterNames.Sanitize(text).Replace('_', '-');
        return sanitized is "value" or "value-value" ? string.Empty : sanitized;
    }

    [GeneratedRegex(@"^v?\d+([.\-_]\d+)*$")]
    private static partial Regex VersionSegment();

    private sealed record Member(string Path, byte[] Bytes, DecodedText Text, EffectiveImageSpec? Spec, string? Seed);
}
