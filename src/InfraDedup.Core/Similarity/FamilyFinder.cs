using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Similarity;

/// <summary>Settings of <see cref="FamilyFinder"/>.</summary>
public sealed record SimilarityOptions
{
    public static SimilarityOptions Default { get; } = new();

    /// <summary>Minimum shingle Jaccard for two files to be linked (0 &lt; t ≤ 1); 1 links only identical normalized streams.</summary>
    public double Threshold { get; init; } = 0.85;

    /// <summary>Smallest family reported.</summary>
    public int MinFamilySize { get; init; } = 2;

    public FamilyKinds Kinds { get; init; } = FamilyKinds.All;

    /// <summary>
    /// Compare tokens as written instead of abstracting literals and identifiers (Type-2 view). Families then
    /// only hold copies that also agree on values.
    /// </summary>
    public bool KeepLiterals { get; init; }

    /// <summary>How a candidate pair is verified before it is linked.</summary>
    public SimilarityMeasure Measure { get; init; } = SimilarityMeasure.Aligned;

    /// <summary>How verified pairs become families (default: every member at or above the threshold to its medoid).</summary>
    public FamilyLinkage Linkage { get; init; } = FamilyLinkage.Medoid;

    /// <summary>Shingle length in tokens.</summary>
    public int ShingleSize { get; init; } = 5;

    /// <summary>MinHash signature length.</summary>
    public int HashCount { get; init; } = 128;

    /// <summary>
    /// Also compare scripts that a Dockerfile copies into its image by name (<c>COPY app.py .</c>): they are the
    /// service's application sources rather than repository tooling, so they are left out by default.
    /// </summary>
    public bool IncludeImageSources { get; init; }

    /// <summary>
    /// Also list every pair of files found similar (verified, or with identical views), with its shingle Jaccard:
    /// the pairs the families are built from. Verifies every candidate pair.
    /// </summary>
    public bool ReportPairs { get; init; }

    /// <summary>Files larger than this are not compared (listed as skipped).</summary>
    public long MaxFileBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Families with members, medoid and similarities only (what <c>scan</c> reports): no alignment and no varying
    /// slots, so files are not kept as units once hashed. Same families and similarities.
    /// </summary>
    public bool MembersOnly { get; init; }
}

/// <summary>How candidate pairs are verified.</summary>
public enum SimilarityMeasure
{
    /// <summary>
    /// The larger of the shingle Jaccard and the unit-alignment similarity (instructions or statements aligned in
    /// order, Dice-normalized), so one inserted or dropped instruction in a short file does not split a family.
    /// Candidates come from LSH tuned for a threshold 0.3 lower.
    /// </summary>
    Aligned,

    /// <summary>Exact Jaccard of the token k-shingle sets only.</summary>
    Jaccard,

    /// <summary>
    /// Exact Jaccard of k-shingles of the raw text's words (runs of <c>[A-Za-z0-9_]</c>, comments included, nothing
    /// normalized): the textual measure of copy-paste detectors. Dockerfiles need not share base images, and files
    /// are parsed only once they are in a family (for the alignment and varying slots).
    /// </summary>
    Text,
}

/// <summary>How verified pairs are grouped into families.</summary>
public enum FamilyLinkage
{
    /// <summary>
    /// Connected components of the verified pairs: a family may chain (A~B, B~C, A≁C), so a member can be far less
    /// similar to the medoid than the threshold. Only on request (and for the planner, which proves every member anyway).
    /// </summary>
    Single,

    /// <summary>
    /// Every two members of a family are within the threshold (a clique of verified pairs). Pairs are merged greedily,
    /// most similar first; a merge happens only when every cross pair is verified (pairs LSH did not propose are
    /// computed exactly). Verifies every candidate pair, so it costs more on large families of distinct files.
    /// </summary>
    Complete,

    /// <summary>
    /// The default: every member's similarity to its family's medoid reaches the threshold, so the family's reported
    /// similarity is a bound a reader can rely on. Connected components are split around medoids: the member most
    /// similar to the rest becomes a medoid, the members at or above the threshold to it form its family, and the rest
    /// are grouped again the same way. Costs about one check per member beyond single linkage.
    /// </summary>
    Medoid,
}

/// <summary>Counters of one <see cref="FamilyFinder"/> run.</summary>
public sealed record SimilarityStats(int FilesCompared, int DistinctStreams, int Bands, int Rows, int CandidatePairs, int LinkedPairs);

/// <summary>Everything <c>similar</c> reports.</summary>
public sealed record SimilarityReport
{
    /// <summary>Identifies the document type and version (<c>infradedup/similar@1</c>); see docs/json-output.md.</summary>
    [JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/similar@1";

    public int SchemaVersion { get; init; } = 1;

    public required string Root { get; init; }

    public required double Threshold { get; init; }

    public required bool KeepLiterals { get; init; }

    /// <summary>Families, biggest first, then by first path.</summary>
    public required IReadOnlyList<Family> Families { get; init; }

    public required SimilarityStats Stats { get; init; }

    /// <summary>Files that could not be read or were too large.</summary>
    public required IReadOnlyList<SkippedEntry> Skipped { get; init; }

    /// <summary>With <see cref="SimilarityOptions.ReportPairs"/>: every similar pair, sorted by paths; otherwise null.</summary>
    public IReadOnlyList<SimilarPair>? Pairs { get; init; }
}

/// <summary>Two files found similar (<see cref="A"/> &lt; <see cref="B"/> ordinally) and their shingle Jaccard.</summary>
public sealed record SimilarPair(string A, string B, double Similarity);

/// <summary>
/// Finds near-duplicate families among Dockerfiles, shell scripts and Python scripts: normalized unit streams →
/// k-shingles → MinHash + LSH banding for candidate pairs → exact Jaccard verification (Dockerfiles must also build
/// from the same base images) → union-find. Identical normalized streams are merged before hashing, so no stage
/// compares all pairs. Output is deterministic.
/// </summary>
public static class FamilyFinder
{
    /// <summary>Finds families among the classified <paramref name="files"/>.</summary>
    public static SimilarityReport Find(
        string root,
        IReadOnlyList<RepoFile> files,
        SimilarityOptions? options = null,
        IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Find(root, files, options, progress, parallel: null, cancellationToken);

    /// <summary>
    /// <see cref="Find(string, IReadOnlyList{RepoFile}, SimilarityOptions?, IProgress{StageProgress}?, CancellationToken)"/>
    /// with its loops over the thread pool or not as <paramref name="parallel"/> says (null: by the size of the run).
    /// </summary>
    internal static SimilarityReport Find(
        string root,
        IReadOnlyList<RepoFile> files,
        SimilarityOptions? options,
        IProgress<StageProgress>? progress,
        bool? parallel,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var o = options ?? SimilarityOptions.Default;
        if (!(o.Threshold > 0 && o.Threshold <= 1))
        {
            throw new UserInputException($"The threshold must be in (0, 1], not {o.Threshold.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (o.MinFamilySize < 2)
        {
            throw new UserInputException("The minimum family size must be at least 2.");
        }

        var selected = files
            .Where(f => KindOf(f.Kind) is { } k && o.Kinds.HasFlag(ToFlag(k)))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToArray();
        var timings = StageTimings.FromEnvironment();
        progress?.Report(new StageProgress("normalizing files", 0, selected.Length));
        var skipped = new System.Collections.Concurrent.ConcurrentBag<SkippedEntry>();
        var prints = new Fingerprint?[selected.Length];
        var done = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var overPool = parallel ?? WorthParallel(selected);
        void LoadWhere(Func<RepoFile, bool> take) =>
            FileLoop.For(overPool, selected.Length, i =>
            {
                if (!take(selected[i]))
                {
                    return;
                }

                prints[i] = Fingerprint.Load(selected[i], o, skipped);
                var d = Interlocked.Increment(ref done);
                if (d % 64 == 0)
                {
                    progress?.Report(new StageProgress("normalizing files", d, selected.Length));
                }
            }, cancellationToken);

        // Dockerfiles first: the scripts they copy into images are application code, left out by
        // default, so they need not be read and tokenized at all.
        LoadWhere(f => f.Kind == FileKind.Dockerfile);
        if (!o.IncludeImageSources && o.Measure == SimilarityMeasure.Text)
        {
            FileLoop.For(overPool, prints.Length, i => prints[i]?.Normalize(), cancellationToken);
        }

        var imageSources = o.IncludeImageSources ? null : ImageSources.Find(prints);
        LoadWhere(f => f.Kind != FileKind.Dockerfile && (imageSources is null || !imageSources.Contains(f.RelativePath)));
        timings.Mark("  families: normalize");
        var items = prints
            .Where(p => p is not null && !p.IsEmpty)
            .Select(p => p!)
            .ToArray();

        progress?.Report(new StageProgress("hashing and linking", 0, 0));
        var candidateThreshold = o.Measure == SimilarityMeasure.Aligned ? Math.Max(0.3, o.Threshold - 0.3) : o.Threshold;
        var (bands, rows) = LshIndex.ChooseBands(candidateThreshold, o.HashCount);
        var union = new UnionFind(items.Length);
        var pairList = o.ReportPairs ? new List<SimilarPair>() : null;
        var distinct = 0;
        var candidates = 0;
        var linked = 0;
        foreach (var kindGroup in items.Select((p, i) => (p, i)).GroupBy(x => x.p.Kind))
        {
            // Identical view streams (and same base images) are one representative.
            var reps = new List<int>();
            var repMembers = new List<int[]>();
            foreach (var same in kindGroup.GroupBy(x => (x.p.ViewHash, x.p.LinkSignature)))
            {
                var first = same.First().i;
                reps.Add(first);
                repMembers.Add([.. same.Select(x => x.i)]);
                foreach (var (_, i) in same.Skip(1))
                {
                    union.Union(first, i);
                }
            }

            if (pairList is not null)
            {
                foreach (var group in repMembers)
                {
                    for (var x = 0; x < group.Length; x++)
                    {
                        for (var y = x + 1; y < group.Length; y++)
                        {
                            pairList.Add(Pair(items[group[x]], items[group[y]], 1.0));
                        }
                    }
                }
            }

            distinct += reps.Count;
            if (o.Threshold >= 1)
            {
                continue;
            }

            var hasher = new MinHasher(o.HashCount);
            var signatures = new ulong[reps.Count][];
            FileLoop.For(overPool, reps.Count, r => signatures[r] = hasher.Signature(items[reps[r]].Shingles), cancellationToken);
            var index = new LshIndex(bands, rows);
            for (var r = 0; r < reps.Count; r++)
            {
                index.Add(r, signatures[r]);
            }

            var kindLabel = kindGroup.Key.ToString().ToLowerInvariant();
            timings.Mark($"  families ({kindLabel}): minhash + LSH index");
            if (o.Linkage == FamilyLinkage.Complete || pairList is not null)
            {
                var edges = VerifyAllCandidates(index, signatures, items, reps, o, ref candidates, cancellationToken);
                linked += edges.Count;
                foreach (var (a, b, score) in edges)
                {
                    if (o.Linkage == FamilyLinkage.Single)
                    {
                        union.Union(reps[a], reps[b]);
                    }

                    foreach (var x in repMembers[a])
                    {
                        foreach (var y in repMembers[b])
                        {
                            pairList?.Add(Pair(items[x], items[y], score));
                        }
                    }
                }

                timings.Mark($"  families ({kindLabel}): verify candidates");
                if (o.Linkage == FamilyLinkage.Complete)
                {
                    LinkComplete(items, reps, [.. repMembers.Select(m => m.Length)], edges, o, union);
                    timings.Mark($"  families ({kindLabel}): complete linkage");
                }

                continue;
            }

            var pairs = index.CandidatePairs();
            var minEqual = SignatureCut(o);
            candidates += pairs.Count;

            // Verify candidates in chunks, skipping pairs whose files are already in one family: that
            // cannot change the families, and in a family of n near-copies it turns the n² candidate
            // pairs into about n verifications.
            const int chunk = 256;
            var open = new List<int>(chunk);
            var accepted = new bool[chunk];
            for (var start = 0; start < pairs.Count; start += chunk)
            {
                open.Clear();
                for (var k = start; k < Math.Min(start + chunk, pairs.Count); k++)
                {
                    if (union.Find(reps[pairs[k].A]) != union.Find(reps[pairs[k].B]))
                    {
                        open.Add(k);
                    }
                }

                FileLoop.For(overPool, open.Count, j =>
                    accepted[j] = (minEqual == 0 || MinHasher.EqualPositions(signatures[pairs[open[j]].A], signatures[pairs[open[j]].B]) >= minEqual)
                        && Similar(items[reps[pairs[open[j]].A]], items[reps[pairs[open[j]].B]], o, out _), cancellationToken);
                for (var j = 0; j < open.Count; j++)
                {
                    if (accepted[j])
                    {
                        linked++;
                        union.Union(reps[pairs[open[j]].A], reps[pairs[open[j]].B]);
                    }
                }
            }

            // Booked here, so a kind's verification is not counted in the next kind's hashing line.
            timings.Mark($"  families ({kindLabel}): verify candidates ({AlignedCheck.VerdictCounts()})");
        }

        timings.Mark("  families: union");
        var components = Enumerable.Range(0, items.Length)
            .GroupBy(union.Find)
            .Where(g => g.Count() >= o.MinFamilySize)
            .Select(g => g.ToArray())
            .ToArray();
        progress?.Report(new StageProgress("aligning families", 0, components.Length));
        var groups = new List<FamilyGroup>[components.Length];
        FileLoop.For(overPool, components.Length, c =>
        {
            var members = components[c].Select(i => items[i]).ToArray();
            groups[c] = o.Linkage == FamilyLinkage.Medoid ? SplitAroundMedoids(members, o) : [new FamilyGroup(members)];
        }, cancellationToken);
        var families = groups.SelectMany(g => g).ToArray();
        var built = new Family[families.Length];
        FileLoop.For(overPool, families.Length, c => built[c] = BuildFamily(families[c], o), cancellationToken);

        timings.Mark("  families: medoids + alignment");
        var report = new SimilarityReport
        {
            Root = root,
            Threshold = o.Threshold,
            KeepLiterals = o.KeepLiterals,
            Families = [.. built
                .OrderByDescending(f => f.Members.Count)
                .ThenBy(f => f.Members[0].Path, StringComparer.Ordinal)],
            Stats = new SimilarityStats(items.Length, distinct, bands, rows, candidates, linked),
            Skipped = [.. skipped.OrderBy(s => s.Path, StringComparer.Ordinal)],
            Pairs = pairList is null ? null : [.. pairList
                .OrderBy(p => p.A, StringComparer.Ordinal)
                .ThenBy(p => p.B, StringComparer.Ordinal)],
        };
        if (o.MembersOnly)
        {
            ReleaseFingerprints(ref prints, ref items, collect: files.Count >= CollectFromFiles || GC.GetTotalAllocatedBytes() - allocatedBefore >= CollectAfterBytes);
        }

        return report;
    }

    /// <summary>
    /// Whether the run's loops go over the thread pool: by the scan's rule for its per-file loops (<see cref="FileLoop"/>),
    /// a few hundred small files are done sooner, and with less CPU, on the calling thread. Decided once per run from what
    /// it reads, so every stage of a large tree (where a verification or an alignment can be costly) stays parallel.
    /// </summary>
    private static bool WorthParallel(RepoFile[] selected)
    {
        long bytes = 0;
        foreach (var file in selected)
        {
            bytes += file.Size;
        }

        return FileLoop.WorthParallel(selected.Length, bytes);
    }

    /// <summary>
    /// Drops the run's fingerprints and, when <paramref name="collect"/>, collects the young generations once:
    /// everything the scan read so far (file bytes, decoded text, streams, shingles, signatures) is garbage now, and
    /// without this the scan's later stages would grow the heap past it instead of reusing it (the default scan's peak
    /// memory). Only for members-only runs (the scan), where nothing else holds them. The scan collects when the tree
    /// is large (its later stages read every file: bitnami's 1,406 files peaked at 87 instead of 59 MB without it,
    /// though its family run allocates 3 MB) or the run allocated much (php's 15 MB: 65 instead of 60 MB). On the
    /// smaller trees (node, golang, postgres, jupyter, otel-demo: family runs of 2–3 MB) it cost a few milliseconds of
    /// CPU and saved no memory.
    /// </summary>
    private static void ReleaseFingerprints(ref Fingerprint?[] prints, ref Fingerprint[] items, bool collect)
    {
        prints = [];
        items = [];
        if (collect)
        {
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        }
    }

    /// <summary>Files in the tree from which a members-only run collects at its end (the later stages read them all).</summary>
    private const int CollectFromFiles = 1024;

    /// <summary>Bytes a members-only run allocates from which it collects at its end whatever the tree's size.</summary>
    private const long CollectAfterBytes = 8L << 20;

    private static SimilarPair Pair(Fingerprint a, Fingerprint b, double similarity) =>
        string.CompareOrdinal(a.Path, b.Path) < 0
            ? new SimilarPair(a.Path, b.Path, Math.Round(similarity, 4))
            : new SimilarPair(b.Path, a.Path, Math.Round(similarity, 4));

    /// <summary>
    /// Whether a pair links: the same base images (Dockerfiles, except for the text measure) and the measure at or
    /// above the threshold. <paramref name="score"/> orders merges under complete linkage (the shingle Jaccard).
    /// </summary>
    private static bool Similar(Fingerprint a, Fingerprint b, SimilarityOptions o, out double score)
    {
        var (small, large) = a.Shingles.Length <= b.Shingles.Length ? (a.Shingles.Length, b.Shingles.Length) : (b.Shingles.Length, a.Shingles.Length);
        if (o.Measure != SimilarityMeasure.Aligned && small < o.Threshold * large)
        {
            // |A∩B| / |A∪B| ≤ |A| / |B| for |A| ≤ |B|: too different in size for the Jaccard to reach the threshold.
            score = (double)small / Math.Max(1, large);
            return false;
        }

        if (o.Measure != SimilarityMeasure.Aligned)
        {
            // Only the verdict and, for linked pairs, the exact score are used: the merge may stop early.
            if (o.Measure != SimilarityMeasure.Text && a.Signature != b.Signature)
            {
                score = 0;
                return false;
            }

            return ShingleSet.JaccardAtLeast(a.Shingles, b.Shingles, o.Threshold, out score);
        }

        if (a.Signature != b.Signature)
        {
            score = 0;
            return false;
        }

        // The larger of the Jaccard and the alignment similarity: the exact Jaccard first, stopped early (its size
        // bound rejects without a merge); below the threshold the alignment decides, behind bounds that only
        // over-estimate it. A linked pair's score is its exact Jaccard; a rejected pair's score is not used.
        if (ShingleSet.JaccardAtLeast(a.Shingles, b.Shingles, o.Threshold, out score))
        {
            return true;
        }

        if (!AlignedCheck.AtLeast(a.AlignProfile(!o.KeepLiterals), b.AlignProfile(!o.KeepLiterals), o.Threshold))
        {
            return false;
        }

        score = ShingleSet.Jaccard(a.Shingles, b.Shingles);
        return true;
    }

    /// <summary>Probability that <see cref="SignatureCut"/> rejects one pair whose Jaccard reaches the threshold (at most).</summary>
    internal const double SignatureFilterMissProbability = 1e-9;

    /// <summary>
    /// The fewest equal MinHash positions a candidate needs before its exact Jaccard is computed: a pair at the
    /// threshold falls below it with probability ≤ <see cref="SignatureFilterMissProbability"/> (binomial lower tail;
    /// 57 of 128 at 0.7, 81 of 128 at 0.85), far below LSH's own miss probability at the threshold (≤ 0.005). Only for
    /// the Jaccard-based measures: the aligned measure can link pairs whose Jaccard is low, so there it is 0.
    /// </summary>
    internal static int SignatureCut(SimilarityOptions o) =>
        o.Measure == SimilarityMeasure.Aligned ? 0 : MinHasher.ConservativeEqualPositions(o.Threshold, o.HashCount, SignatureFilterMissProbability);

    /// <summary>
    /// Verifies every LSH candidate pair of the representatives and returns the pairs that link, with their shingle
    /// Jaccard, sorted by (A, B). Each representative's later candidates are listed and verified by one worker, so the
    /// candidate pairs are never held all at once (there can be far more candidates than links).
    /// </summary>
    private static List<(int A, int B, double Score)> VerifyAllCandidates(
        LshIndex index, ulong[][] signatures, Fingerprint[] items, List<int> reps, SimilarityOptions o, ref int candidates, CancellationToken cancellationToken)
    {
        var minEqual = SignatureCut(o);
        var linksOf = new (int B, double Score)[reps.Count][];
        var count = 0;
        Parallel.For(
            0,
            reps.Count,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => (Seen: new int[reps.Count], Later: new List<int>(), Links: new List<(int, double)>(), Count: 0),
            (a, _, scratch) =>
            {
                scratch.Later.Clear();
                scratch.Links.Clear();
                index.LaterCandidates(a, scratch.Later, scratch.Seen);
                scratch.Count += scratch.Later.Count;
                foreach (var b in scratch.Later)
                {
                    // No cut (the aligned measure): the signatures need not be compared at all.
                    if ((minEqual == 0 || MinHasher.EqualPositions(signatures[a], signatures[b]) >= minEqual) && Similar(items[reps[a]], items[reps[b]], o, out var score))
                    {
                        scratch.Links.Add((b, score));
                    }
                }

                linksOf[a] = scratch.Links.Count == 0 ? [] : [.. scratch.Links];
                return scratch;
            },
            scratch => Interlocked.Add(ref count, scratch.Count));
        candidates += count;
        var edges = new List<(int A, int B, double Score)>();
        for (var a = 0; a < linksOf.Length; a++)
        {
            foreach (var (b, score) in linksOf[a])
            {
                edges.Add((a, b, score));
            }
        }

        return edges;
    }

    /// <summary>
    /// Complete linkage over the representatives <paramref name="reps"/> of one kind (each standing for
    /// <paramref name="weights"/> files with the same view), given the verified pairs <paramref name="edges"/>: merges
    /// clusters most similar pair first, only when every cross pair links (pairs that are not edges are verified on
    /// demand, so an LSH miss cannot split a clique), then moves single representatives between clusters while that
    /// puts more similar pairs of files into one family (see <see cref="MoveToLargerCliques"/>).
    /// </summary>
    private static void LinkComplete(
        Fingerprint[] items, List<int> reps, int[] weights, List<(int A, int B, double Score)> edges, SimilarityOptions o, UnionFind union)
    {
        static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
        var known = new Dictionary<long, bool>(edges.Count);
        foreach (var (a, b, _) in edges)
        {
            known[Key(a, b)] = true;
        }

        bool Links(int a, int b)
        {
            var key = Key(a, b);
            if (!known.TryGetValue(key, out var linked))
            {
                linked = Similar(items[reps[a]], items[reps[b]], o, out _);
                known[key] = linked;
            }

            return linked;
        }

        // Most similar first; ties in a fixed order so the result is deterministic (edges have A < B).
        var order = Enumerable.Range(0, edges.Count).ToArray();
        Array.Sort(order, (x, y) =>
        {
            var c = edges[y].Score.CompareTo(edges[x].Score);
            if (c != 0)
            {
                return c;
            }

            c = edges[x].A.CompareTo(edges[y].A);
            return c != 0 ? c : edges[x].B.CompareTo(edges[y].B);
        });

        var clusterOf = new int[reps.Count];
        var clusters = new List<int>?[reps.Count];
        for (var r = 0; r < reps.Count; r++)
        {
            clusterOf[r] = r;
            clusters[r] = [r];
        }

        foreach (var k in order)
        {
            var (ca, cb) = (clusterOf[edges[k].A], clusterOf[edges[k].B]);
            if (ca == cb || !clusters[ca]!.TrueForAll(x => clusters[cb]!.TrueForAll(y => Links(x, y))))
            {
                continue;
            }

            if (clusters[ca]!.Count < clusters[cb]!.Count)
            {
                (ca, cb) = (cb, ca);
            }

            foreach (var y in clusters[cb]!)
            {
                clusterOf[y] = ca;
                clusters[ca]!.Add(y);
            }

            clusters[cb] = null;
        }

        MoveToLargerCliques(edges, weights, clusterOf, Links);

        // A cluster id names the representative the cluster started from, which may since have moved away.
        var first = new int[reps.Count];
        Array.Fill(first, -1);
        for (var r = 0; r < reps.Count; r++)
        {
            ref var leader = ref first[clusterOf[r]];
            if (leader < 0)
            {
                leader = r;
            }

            union.Union(reps[leader], reps[r]);
        }
    }

    /// <summary>
    /// Improves a partition into cliques by single moves: a representative leaves its cluster for another cluster of
    /// which it links with every member, when that one holds more files than the rest of its own (the pairs of files in
    /// one family then strictly grow, so this ends). Greedy merging alone leaves a file in a small clique when a larger
    /// one formed without it, e.g. around a file similar to many files that are not similar to each other. Clusters
    /// stay cliques; representatives are visited in order and the largest target wins (lowest cluster id on ties), so
    /// the result is deterministic.
    /// </summary>
    private static void MoveToLargerCliques(List<(int A, int B, double Score)> edges, int[] weights, int[] clusterOf, Func<int, int, bool> links)
    {
        var n = clusterOf.Length;
        var neighbours = new List<int>?[n];
        foreach (var (a, b, _) in edges)
        {
            (neighbours[a] ??= []).Add(b);
            (neighbours[b] ??= []).Add(a);
        }

        var members = new List<int>?[n];
        var weightOf = new int[n];
        for (var r = 0; r < n; r++)
        {
            (members[clusterOf[r]] ??= []).Add(r);
            weightOf[clusterOf[r]] += weights[r];
        }

        const int maxRounds = 50; // each move strictly grows the pairs covered; the cap only bounds pathological inputs
        for (var round = 0; round < maxRounds; round++)
        {
            var moved = false;
            for (var r = 0; r < n; r++)
            {
                if (neighbours[r] is not { } around)
                {
                    continue;
                }

                var own = clusterOf[r];
                var best = -1;
                var bestWeight = weightOf[own] - weights[r];
                foreach (var c in around.Select(x => clusterOf[x]).Distinct().Order())
                {
                    if (c != own && weightOf[c] > bestWeight && members[c]!.TrueForAll(x => links(r, x)))
                    {
                        best = c;
                        bestWeight = weightOf[c];
                    }
                }

                if (best < 0)
                {
                    continue;
                }

                members[own]!.Remove(r);
                weightOf[own] -= weights[r];
                members[best]!.Add(r);
                weightOf[best] += weights[r];
                clusterOf[r] = best;
                moved = true;
            }

            if (!moved)
            {
                break;
            }
        }
    }

    internal static FamilyKind? KindOf(FileKind kind) => kind switch
    {
        FileKind.Dockerfile => FamilyKind.Dockerfile,
        FileKind.ShellScript => FamilyKind.Shell,
        FileKind.PythonScript => FamilyKind.Python,
        _ => null,
    };

    private static FamilyKinds ToFlag(FamilyKind kind) => kind switch
    {
        FamilyKind.Dockerfile => FamilyKinds.Dockerfile,
        FamilyKind.Shell => FamilyKinds.Shell,
        _ => FamilyKinds.Python,
    };

    private const int ExactPairwiseLimit = 2000;

    /// <summary>Slack when comparing a computed similarity with the threshold, as the verification does.</summary>
    private const double ThresholdSlack = 1e-9;

    /// <summary>
    /// Splits one connected component into families in which every member reaches the threshold to the medoid: the
    /// member with the highest summed Jaccard to the members still ungrouped is the next medoid, the ungrouped members
    /// at or above the threshold to it (in the run's measure) join it, and a medoid that gathers too few stays alone.
    /// On a component without chaining the first medoid takes everyone, so the family is the single-linkage one.
    /// </summary>
    private static List<FamilyGroup> SplitAroundMedoids(Fingerprint[] component, SimilarityOptions o)
    {
        Array.Sort(component, (a, b) => string.CompareOrdinal(a.Path, b.Path));
        var sims = new ViewSimilarities(component);
        var open = new SortedSet<int>(Enumerable.Range(0, component.Length));
        var groups = new List<FamilyGroup>();
        while (open.Count >= o.MinFamilySize)
        {
            var medoid = sims.Medoid(open);
            var taken = new List<(int Member, double Score)>();
            foreach (var i in open)
            {
                var score = i == medoid ? 1.0 : MeasureSimilarity(component[medoid], component[i], o, exactBelow: false);
                if (score >= o.Threshold - ThresholdSlack)
                {
                    taken.Add((i, score));
                }
            }

            if (taken.Count < o.MinFamilySize)
            {
                // Too few around this medoid: it cannot head a family, but the others may gather elsewhere.
                open.Remove(medoid);
                sims.Remove(medoid);
                continue;
            }

            foreach (var (i, _) in taken)
            {
                open.Remove(i);
                sims.Remove(i);
            }

            groups.Add(new FamilyGroup(
                [.. taken.Select(t => component[t.Member])],
                component[medoid],
                [.. taken.Select(t => t.Score)]));
        }

        return groups;
    }

    /// <summary>
    /// The similarity of two files in the run's measure (what links them): the shingle Jaccard, or for the aligned
    /// measure the larger of it and the unit-alignment similarity. Below the threshold the alignment is computed in
    /// full only with <paramref name="exactBelow"/> (to report a chained member's real similarity); otherwise the
    /// value returned there is only known to be below the threshold.
    /// </summary>
    private static double MeasureSimilarity(Fingerprint a, Fingerprint b, SimilarityOptions o, bool exactBelow)
    {
        if (a.ViewHash == b.ViewHash && a.LinkSignature == b.LinkSignature)
        {
            return 1;
        }

        if (o.Measure != SimilarityMeasure.Text && a.Signature != b.Signature)
        {
            return 0;
        }

        var jaccard = ShingleSet.Jaccard(a.Shingles, b.Shingles);
        if (o.Measure != SimilarityMeasure.Aligned)
        {
            return jaccard;
        }

        var abstractView = !o.KeepLiterals;
        if (AlignedCheck.Score(a.AlignProfile(abstractView), b.AlignProfile(abstractView), o.Threshold, out var aligned))
        {
            return Math.Max(jaccard, aligned);
        }

        return exactBelow && jaccard < o.Threshold ? Math.Max(jaccard, UnitAligner.Similarity(a.Units, b.Units, abstractView)) : jaccard;
    }

    /// <summary>Members of one family; with <see cref="Medoid"/> set, the grouping chose it and <see cref="Scores"/> holds each member's similarity to it.</summary>
    private sealed record FamilyGroup(Fingerprint[] Members, Fingerprint? Medoid = null, double[]? Scores = null);

    /// <summary>
    /// Summed shingle Jaccard of each member to the others, over distinct views (members with the same view have
    /// similarity 1): exact up to <see cref="ExactPairwiseLimit"/> views, MinHash estimates above it. Members can be
    /// removed; the sums then follow (up to the limit; above it they stay those of the whole set).
    /// </summary>
    private sealed class ViewSimilarities
    {
        private readonly int[] _viewOf;
        private readonly int[] _counts;
        private readonly double[] _sums;
        private readonly float[]? _matrix;

        public ViewSimilarities(Fingerprint[] members)
        {
            var n = members.Length;
            _viewOf = new int[n];
            var views = new List<int>(); // first member of each distinct view
            var counts = new List<int>();
            var byHash = new Dictionary<ulong, int>();
            for (var i = 0; i < n; i++)
            {
                if (!byHash.TryGetValue(members[i].ViewHash, out var v))
                {
                    v = views.Count;
                    byHash[members[i].ViewHash] = v;
                    views.Add(i);
                    counts.Add(0);
                }

                _viewOf[i] = v;
                counts[v]++;
            }

            _counts = [.. counts];
            var d = views.Count;
            _sums = new double[d];
            var hasher = d > ExactPairwiseLimit ? new MinHasher(128) : null;
            var sigs = hasher is null ? null : views.Select(i => hasher.Signature(members[i].Shingles)).ToArray();
            _matrix = hasher is null ? new float[d * d] : null;
            for (var u = 0; u < d; u++)
            {
                _sums[u] += _counts[u] - 1;
                for (var v = u + 1; v < d; v++)
                {
                    var sim = sigs is null ? ShingleSet.Jaccard(members[views[u]].Shingles, members[views[v]].Shingles) : MinHasher.Estimate(sigs[u], sigs[v]);
                    _sums[u] += _counts[v] * sim;
                    _sums[v] += _counts[u] * sim;
                    if (_matrix is not null)
                    {
                        _matrix[(u * d) + v] = (float)sim;
                        _matrix[(v * d) + u] = (float)sim;
                    }
                }
            }
        }

        /// <summary>The member of <paramref name="among"/> with the highest sum; near-equal sums (rounding) are ties, which go to the lowest index (first path).</summary>
        public int Medoid(IEnumerable<int> among)
        {
            var best = -1;
            foreach (var i in among)
            {
                if (best < 0 || _sums[_viewOf[i]] > _sums[_viewOf[best]] + 1e-9)
                {
                    best = i;
                }
            }

            return best;
        }

        public void Remove(int member)
        {
            var v = _viewOf[member];
            _counts[v]--;
            _sums[v] -= 1;
            if (_matrix is null)
            {
                return;
            }

            var d = _sums.Length;
            for (var u = 0; u < d; u++)
            {
                if (u != v)
                {
                    _sums[u] -= _matrix[(u * d) + v];
                }
            }
        }
    }

    private static Family BuildFamily(FamilyGroup group, SimilarityOptions o)
    {
        var members = group.Members;
        var scores = group.Scores;
        if (scores is null)
        {
            Array.Sort(members, (a, b) => string.CompareOrdinal(a.Path, b.Path));
        }

        var n = members.Length;
        var medoidIndex = group.Medoid is { } chosen ? Array.IndexOf(members, chosen) : new ViewSimilarities(members).Medoid(Enumerable.Range(0, n));
        var medoid = members[medoidIndex];
        var memberRecords = new FamilyMember[n];
        var alignments = new MemberAlignment[n];
        var slots = new SortedDictionary<(int Unit, int Token, int Length), string?[]>();
        var familyType = CloneType.Type1;
        var min = 1.0;
        for (var i = 0; i < n; i++)
        {
            var m = members[i];
            var type = m.ConcreteHash == medoid.ConcreteHash ? CloneType.Type1
                : m.AbstractHash == medoid.AbstractHash ? CloneType.Type2
                : CloneType.Type3;
            familyType = (CloneType)Math.Max((int)familyType, (int)type);
            var sim = i == medoidIndex ? 1.0 : scores?[i] ?? MeasureSimilarity(medoid, m, o, exactBelow: true);
            min = Math.Min(min, sim);
            memberRecords[i] = new FamilyMember(m.Path, Math.Round(sim, 4), type);
            if (!o.MembersOnly)
            {
                alignments[i] = AlignMember(medoid, m, i, n, slots);
            }
        }

        Family Result(FamilyAlignment alignment, List<VaryingSlot> varying) => new()
        {
            Kind = medoid.Kind,
            CloneType = familyType,
            Medoid = medoid.Path,
            MinSimilarity = Math.Round(min, 4),
            Members = memberRecords,
            Alignment = alignment,
            VaryingSlots = varying,
        };

        if (o.MembersOnly)
        {
            return Result(new FamilyAlignment([], []), []);
        }

        var varying = new List<VaryingSlot>();
        foreach (var ((unit, token, length), values) in slots)
        {
            var u = medoid.Units[unit];
            var medoidText = Join(u.Tokens, token, token + length);
            for (var i = 0; i < n; i++)
            {
                if (values[i] is null && alignments[i].Missing.BinarySearch(unit) < 0)
                {
                    values[i] = medoidText; // aligned, but this member keeps the medoid's tokens here
                }
            }

            varying.Add(new VaryingSlot(unit, token, length, values, u.RenderSlot(token, length, Alternatives(values))));
        }

        return Result(new FamilyAlignment([.. medoid.Units.Select(u => u.Render())], alignments), varying);
    }

    private static int BinarySearch(this IReadOnlyList<int> list, int value) =>
        list is int[] array ? Array.BinarySearch(array, value) : list.ToList().BinarySearch(value);

    private static MemberAlignment AlignMember(
        Fingerprint medoid,
        Fingerprint member,
        int memberIndex,
        int memberCount,
        SortedDictionary<(int Unit, int Token, int Length), string?[]> slots)
    {
        if (member.ConcreteHash == medoid.ConcreteHash)
        {
            return new MemberAlignment(member.Path, Array.Empty<int>(), [], Array.Empty<int>());
        }

        var alignment = UnitAligner.Align(medoid.Units, member.Units);
        var missing = new List<int>();
        var changed = new List<int>();
        for (var u = 0; u < alignment.MedoidToMember.Length; u++)
        {
            if (alignment.MedoidToMember[u] is not { } j)
            {
                missing.Add(u);
                continue;
            }

            var mu = medoid.Units[u];
            var xu = member.Units[j];
            if (mu.ConcreteHash == xu.ConcreteHash)
            {
                continue;
            }

            changed.Add(u);
            foreach (var hunk in UnitAligner.Diff(mu, xu))
            {
                var key = (u, hunk.Start, hunk.Length);
                lock (slots)
                {
                    if (!slots.TryGetValue(key, out var values))
                    {
                        values = new string?[memberCount];
                        slots[key] = values;
                    }

                    values[memberIndex] = hunk.Text;
                }
            }
        }

        var inserted = alignment.Inserted.Select(x => new InsertedUnit(x.After, member.Units[x.MemberIndex].Render())).ToArray();
        return new MemberAlignment(member.Path, missing.ToArray(), inserted, changed.ToArray());
    }

    private static string Join(UnitToken[] tokens, int start, int end)
    {
        var sb = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            if (i > start && tokens[i].SpaceBefore)
            {
                sb.Append(' ');
            }

            sb.Append(tokens[i].Text);
        }

        return sb.ToString();
    }

    private static string Alternatives(IReadOnlyList<string?> values)
    {
        var distinct = values.Where(v => v is not null).Distinct(StringComparer.Ordinal).ToList();
        var shown = distinct.Take(4).Select(v => v!.Length == 0 ? "∅" : v.Length > 24 ? v[..21] + "..." : v);
        return "<" + string.Join('|', shown) + (distinct.Count > 4 ? "|…" : string.Empty) + ">";
    }
}

/// <summary>A file reduced to what the similarity stages need.</summary>
internal sealed class Fingerprint
{
    private readonly string? _fullPath;
    private byte[]? _bytes;
    private Normalized? _normalized;
    private Summary? _summary;
    private AlignProfile? _profile;

    private Fingerprint(string path, FamilyKind kind, ulong viewHash, ulong[] shingles, string? fullPath = null)
    {
        Path = path;
        Kind = kind;
        ViewHash = viewHash;
        Shingles = shingles;
        _fullPath = fullPath;
    }

    public string Path { get; }

    public FamilyKind Kind { get; }

    /// <summary>The hash of the stream being compared (abstract, concrete with <see cref="SimilarityOptions.KeepLiterals"/>, or the raw words).</summary>
    public ulong ViewHash { get; }

    /// <summary>Sorted distinct shingle hashes of the compared stream.</summary>
    public ulong[] Shingles { get; }

    /// <summary>Nothing to compare (no units, or no words for the text measure).</summary>
    public bool IsEmpty => _bytes is null ? Facts.UnitCount == 0 : Shingles.Length == 0;

    /// <summary>The units (rebuilt from the file when a members-only run dropped them).</summary>
    public Unit[] Units => Normalize().Units;

    /// <summary>FROM images for Dockerfiles (families never mix base images); empty for scripts.</summary>
    public string Signature => Facts.Signature;

    /// <summary>What must agree besides the view for two files to merge: the base images, except for the text measure.</summary>
    public string LinkSignature => _bytes is null ? Signature : string.Empty;

    public ulong ConcreteHash => Facts.ConcreteHash;

    /// <summary>The arrays of the aligned check in one view (built on first use; the view is the same for a whole run).</summary>
    public AlignProfile AlignProfile(bool abstractView) => _profile ??= Similarity.AlignProfile.From(Units, abstractView);

    public ulong AbstractHash => Facts.AbstractHash;

    /// <summary>Dockerfiles only: explicit COPY/ADD sources of the build stages (no <c>--from</c>).</summary>
    public IReadOnlyList<string> CopySources => Facts.CopySources;

    private Summary Facts => _summary ??= Summary.Of(Normalize());

    public static Fingerprint? Load(RepoFile file, SimilarityOptions options, System.Collections.Concurrent.ConcurrentBag<SkippedEntry> skipped)
    {
        if (file.Size > options.MaxFileBytes)
        {
            skipped.Add(new SkippedEntry(file.RelativePath, $"larger than {options.MaxFileBytes} bytes; not compared"));
            return null;
        }

        var kind = FamilyFinder.KindOf(file.Kind) ?? throw new ArgumentException("Not a comparable kind.", nameof(file));
        var fromScratch = IsPythonMembersOnly(kind, options);
        byte[]? bytes = null;
        ReadOnlySpan<char> text = default;
        try
        {
            // A members-only Python fingerprint keeps nothing of the text: it is read and decoded into per-thread
            // buffers (no byte array and no string per file, most of what the stage allocated on a Python tree).
            if (fromScratch)
            {
                text = DecodedFile.Read(file.FullPath);
            }
            else
            {
                bytes = Inventory.ReadFaults.ReadAllBytes(file.FullPath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            skipped.Add(new SkippedEntry(file.RelativePath, "unreadable: " + e.Message));
            return null;
        }

        return fromScratch
            ? FromPython(file.RelativePath, kind, text, options, file.FullPath)
            : FromBytes(file.RelativePath, kind, bytes!, options, file.FullPath);
    }

    /// <summary>
    /// The fingerprint of a file's content. With <see cref="SimilarityOptions.MembersOnly"/> only the hashes, shingles
    /// and the aligned check's profile are kept (scripts are hashed straight from their token stream, without units);
    /// units are then rebuilt from <paramref name="fullPath"/> if something asks for them.
    /// </summary>
    public static Fingerprint FromBytes(string path, FamilyKind kind, byte[] bytes, SimilarityOptions options, string? fullPath = null)
    {
        if (options.Measure == SimilarityMeasure.Text)
        {
            // Words only; the units are built when the file turns out to be in a family. A word takes at least two
            // bytes of text (itself and a separator), so half the length bounds the count (pooled scratch).
            var scratch = System.Buffers.ArrayPool<ulong>.Shared.Rent((bytes.Length / 2) + 1);
            try
            {
                var words = scratch.AsSpan(0, TextWords.Hashes(bytes, scratch));
                return new Fingerprint(path, kind, UnitBuilder.StreamHash(words), ShingleSet.DistinctShingles(words, options.ShingleSize))
                {
                    _bytes = bytes,
                };
            }
            finally
            {
                System.Buffers.ArrayPool<ulong>.Shared.Return(scratch);
            }
        }

        var abstractView = !options.KeepLiterals;
        if (IsPythonMembersOnly(kind, options))
        {
            return FromPython(path, kind, Encoding.UTF8.GetString(bytes), options, fullPath);
        }

        if (options.MembersOnly && kind != FamilyKind.Dockerfile)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var streams = UnitBuilder.ShellScriptStreams(text);
            var (concreteHash, abstractHash) = (UnitBuilder.StreamHash(streams.Concrete), UnitBuilder.StreamHash(streams.Abstract));
            var scriptView = abstractView ? streams.Abstract : streams.Concrete;
            return new Fingerprint(path, kind, abstractView ? abstractHash : concreteHash, ShingleSet.DistinctShingles(scriptView, options.ShingleSize), fullPath)
            {
                _summary = new Summary(string.Empty, [], concreteHash, abstractHash, streams.Keys.Length),
                _profile = options.Measure == SimilarityMeasure.Aligned ? Similarity.AlignProfile.FromStream(streams.Keys, scriptView, streams.Starts, streams.Ends) : null,
            };
        }

        if (options.MembersOnly)
        {
            // A Dockerfile hashed straight from its parse, without units (the members-only summary and profile).
            var document = DockerfileParser.Parse(bytes, path);
            var (streams, signature) = UnitBuilder.DockerfileStreams(document);
            var dockerfileView = abstractView ? streams.Abstract : streams.Concrete;
            var (concreteHash, abstractHash) = (UnitBuilder.StreamHash(streams.Concrete), UnitBuilder.StreamHash(streams.Abstract));
            return new Fingerprint(path, kind, abstractView ? abstractHash : concreteHash, ShingleSet.DistinctShingles(dockerfileView, options.ShingleSize), fullPath)
            {
                _summary = new Summary(signature, Normalized.CopySourcesOf(document), concreteHash, abstractHash, streams.Keys.Length),
                _profile = options.Measure == SimilarityMeasure.Aligned ? Similarity.AlignProfile.FromStream(streams.Keys, dockerfileView, streams.Starts, streams.Ends) : null,
            };
        }

        var normalized = Normalized.From(path, kind, bytes);
        var view = options.KeepLiterals ? normalized.ConcreteStream : normalized.AbstractStream;
        var print = new Fingerprint(path, kind, UnitBuilder.StreamHash(view), ShingleSet.DistinctShingles(view, options.ShingleSize), fullPath)
        {
            _normalized = normalized,
            _summary = Summary.Of(normalized),
            _profile = options.Measure == SimilarityMeasure.Aligned ? Similarity.AlignProfile.From(normalized.Units, view) : null,
        };
        if (options.MembersOnly)
        {
            print._normalized = null; // the summary and the profile are all a members-only run reads
        }

        return print;
    }

    /// <summary>Python files of a members-only run (not the text measure) are fingerprinted by <see cref="FromPython"/>.</summary>
    private static bool IsPythonMembersOnly(FamilyKind kind, SimilarityOptions options) =>
        options.MembersOnly && kind == FamilyKind.Python && options.Measure != SimilarityMeasure.Text;

    /// <summary>Lexed, normalized and hashed in one pass; only the compared view leaves the per-thread scratch.</summary>
    private static Fingerprint FromPython(string path, FamilyKind kind, ReadOnlySpan<char> text, SimilarityOptions options, string? fullPath)
    {
        var python = PythonStreams.Fingerprint(text, !options.KeepLiterals, options.ShingleSize, options.Measure == SimilarityMeasure.Aligned);
        return new Fingerprint(path, kind, python.ViewHash, python.Shingles, fullPath)
        {
            _summary = new Summary(string.Empty, [], python.ConcreteHash, python.AbstractHash, python.UnitCount),
            _profile = python.Profile,
        };
    }

    /// <summary>Builds the units (for the text measure, or after a members-only run dropped them, on first use); safe to call again.</summary>
    public Normalized Normalize()
    {
        if (_normalized is { } done)
        {
            return done;
        }

        var bytes = _bytes ?? Inventory.ReadFaults.ReadAllBytes(_fullPath ?? throw new InvalidOperationException($"The units of {Path} were not kept."));
        var built = Normalized.From(Path, Kind, bytes);
        _normalized = built;
        return built;
    }

    /// <summary>What the stages read of a file besides its view: kept when its units are not.</summary>
    private sealed record Summary(string Signature, IReadOnlyList<string> CopySources, ulong ConcreteHash, ulong AbstractHash, int UnitCount)
    {
        public static Summary Of(Normalized n) => new(n.Signature, n.CopySources, n.ConcreteHash, n.AbstractHash, n.Units.Length);
    }

    /// <summary>A file as units: parsed Dockerfile instructions or script statements, and their stream hashes.</summary>
    internal sealed record Normalized(Unit[] Units, string Signature, IReadOnlyList<string> CopySources, ulong[] ConcreteStream, ulong[] AbstractStream)
    {
        public ulong ConcreteHash { get; } = UnitBuilder.StreamHash(ConcreteStream);

        public ulong AbstractHash { get; } = UnitBuilder.StreamHash(AbstractStream);

        /// <summary>Explicit COPY/ADD sources of the build stages (no <c>--from</c>).</summary>
        public static IReadOnlyList<string> CopySourcesOf(DockerfileDocument document) =>
            [.. document.Instructions.OfType<FileTransferInstruction>().Where(c => c.From is null).SelectMany(c => c.Sources)];

        public static Normalized From(string path, FamilyKind kind, byte[] bytes)
        {
            Unit[] units;
            var signature = string.Empty;
            IReadOnlyList<string> copySources = [];
            if (kind == FamilyKind.Dockerfile)
            {
                var document = DockerfileParser.Parse(bytes, path);
                (units, signature) = UnitBuilder.FromDockerfile(document);
                copySources = CopySourcesOf(document);
            }
            else
            {
                var text = Encoding.UTF8.GetString(bytes);
                units = kind == FamilyKind.Shell ? UnitBuilder.FromShell(text) : UnitBuilder.FromPython(text);
            }

            return new Normalized(
                units,
                signature,
                copySources,
                UnitBuilder.StreamHashes(units, abstractValues: false),
                UnitBuilder.StreamHashes(units, abstractValues: true));
        }
    }
}

/// <summary>The words of a text for the text measure: maximal runs of ASCII letters, digits and underscores.</summary>
internal static class TextWords
{
    /// <summary>Writes one 64-bit hash per word into <paramref name="into"/> (at least half the text's length + 1 long) and returns the count.</summary>
    public static int Hashes(ReadOnlySpan<byte> text, Span<ulong> into)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var word = i < text.Length && IsWordByte(text[i]);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                into[count++] = System.IO.Hashing.XxHash3.HashToUInt64(text[start..i]);
                start = -1;
            }
        }

        return count;
    }

    private static bool IsWordByte(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == '_';
}

/// <summary>Scripts that Dockerfiles copy into images by explicit path, resolved against the Dockerfile's folder.</summary>
internal sealed class ImageSources
{
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _folders = new(StringComparer.Ordinal);

    public static ImageSources Find(IEnumerable<Fingerprint?> prints)
    {
        var result = new ImageSources();
        foreach (var p in prints)
        {
            if (p is null || p.Kind != FamilyKind.Dockerfile)
            {
                continue;
            }

            var slash = p.Path.LastIndexOf('/');
            var dir = slash < 0 ? string.Empty : p.Path[..slash];
            foreach (var source in p.CopySources)
            {
                var s = source.Trim();
                while (s.StartsWith("./", StringComparison.Ordinal))
                {
                    s = s[2..];
                }

                s = s.TrimEnd('/');
                if (s.Length == 0 || s == "." || s.StartsWith("..", StringComparison.Ordinal) || s.StartsWith('/') || s.IndexOfAny(['*', '?', '[', '$', ':']) >= 0)
                {
                    continue; // the whole context, outside it, a pattern, a variable or a URL: not a named file
                }

                var full = dir.Length == 0 ? s : dir + "/" + s;
                result._files.Add(full);
                result._folders.Add(full + "/");
            }
        }

        return result;
    }

    public bool Contains(string path)
    {
        if (_files.Contains(path))
        {
            return true;
        }

        for (var i = path.IndexOf('/', StringComparison.Ordinal); i >= 0; i = path.IndexOf('/', i + 1))
        {
            if (_folders.Contains(path[..(i + 1)]))
            {
                return true;
            }
        }

        return false;
    }
}
