namespace InfraDedup.Core.Templates;

/// <summary>
/// A lower bound on what <see cref="TemplateBuilder.Build"/> would charge for one template over a set of files, from
/// the files' lines alone (no draft). Clustering uses it to skip merge candidates that cannot save more than the best
/// merge found so far, so it builds far fewer drafts and picks the same merge.
/// <para>Why it is a lower bound (the facts of <see cref="TemplateBuilder"/> it rests on): the template writes one line
/// per column, except for loop columns; a column holds at most one line of each file, lines of one file keep their
/// order, and lines only share a column when <see cref="LineSimilarity.KeyOf"/> is equal (compaction and joining of
/// equal branches keep all three). A loop only takes columns whose every line is an indented single item (the
/// <see cref="ItemLine"/> shape), so a column holding any other line is written as a line. Every conditional block
/// costs <see cref="TemplateInferenceOptions.ConditionalCost"/> plus at least two control lines (<c>if</c>, <c>end</c>).
/// For two files a and b: each maximal run of columns that do not hold both (a "gap") and holds one of those other lines
/// lies in a conditional block of its own — the column between two gaps holds both files' lines, so it can neither be
/// universal inside a block nor share a block with a column holding only one of them (a block's branches have disjoint
/// member sets). A gap holding such lines of both files needs two branches or two blocks: one line more. So the cost is
/// at least the cheapest order-keeping pairing of a's and b's lines by key (when the sample is just a and b, only lines
/// that score may pair: a column then holds just those two lines), counting a line per column that holds a non-item
/// line and a block per gap that does. Parameters and loops only add.</para>
/// <para>The bound is only sound when the conditional cost is not negative; <see cref="TemplateInferrer"/> checks it
/// against every merged draft it does build and falls back to building them all if one ever costs less.</para>
/// </summary>
internal sealed class MergeCostBound
{
    private readonly double _conditionalCost;
    private readonly Shape[] _shapes;
    private readonly Dictionary<(int, int, bool), int> _pairCosts = [];
    private readonly LineSimilarity _similarity;

    /// <param name="files">The lines of every file that may appear in a sample (indexed as the samples index them).</param>
    /// <param name="similarity">The similarity the drafts are built with (its alignment keys).</param>
    /// <param name="conditionalCost">The cost of one conditional block (≥ 0, a multiple of ½).</param>
    public MergeCostBound(IReadOnlyList<IReadOnlyList<string>> files, LineSimilarity similarity, double conditionalCost)
    {
        if (!Applies(conditionalCost))
        {
            throw new ArgumentOutOfRangeException(nameof(conditionalCost), conditionalCost, "the bound needs a conditional cost that is a non-negative multiple of 1/2");
        }

        _conditionalCost = conditionalCost;
        _similarity = similarity;
        // Each file's shape depends on its lines alone: computed on every core, each at its file's index.
        _shapes = new Shape[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f => _shapes[f] = Shape.Of(files[f], similarity));
    }

    /// <summary>
    /// Whether costs under this conditional cost are exact in doubles (multiples of ½, so savings compare exactly) and the
    /// bound is sound (a block never pays back its control lines).
    /// </summary>
    public static bool Applies(double conditionalCost) =>
        conditionalCost is >= 0 and <= 1000 && Math.Floor(conditionalCost * 2) == conditionalCost * 2;

    /// <summary>A cost no draft of these files (indexes into the files given at construction) can go below.</summary>
    public double LowerBound(IReadOnlyList<int> sample)
    {
        if (sample.Count < 2)
        {
            return 0;
        }

        // Half-lines, so the cost of a block (a multiple of ½) stays an integer.
        var best = ColumnsAcrossAll(sample);
        for (var x = 0; x < sample.Count; x++)
        {
            for (var y = x + 1; y < sample.Count; y++)
            {
                best = Math.Max(best, PairCost(sample[x], sample[y], sample.Count == 2));
            }
        }

        return best / 2.0;
    }

    /// <summary>
    /// Half-lines: for each key, the most non-item lines any file has with it (each needs a column of its own), plus the
    /// cheapest block or loop when the files' keys differ (some column then lacks a file's line).
    /// </summary>
    private int ColumnsAcrossAll(IReadOnlyList<int> sample)
    {
        var most = new Dictionary<int, int>();
        var differ = false;
        var first = _shapes[sample[0]].KeyCounts;
        foreach (var f in sample)
        {
            var shape = _shapes[f];
            foreach (var (key, count) in shape.NonItemKeyCounts)
            {
                most[key] = Math.Max(most.GetValueOrDefault(key), count);
            }

            differ |= !SameCounts(first, shape.KeyCounts);
        }

        // A loop costs three lines, one for itself and half a line for its list parameter: 4½ lines.
        var cheapestVariant = Math.Min(9, 4 + (int)(2 * _conditionalCost));
        return (2 * most.Values.Sum()) + (differ ? cheapestVariant : 0);
    }

    private static bool SameCounts(Dictionary<int, int> a, Dictionary<int, int> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var n) && n == kv.Value);

    /// <summary>Half-lines of the cheapest order-keeping pairing of two files' lines (see the class summary).</summary>
    private int PairCost(int a, int b, bool onlyPair)
    {
        var pair = (Math.Min(a, b), Math.Max(a, b), onlyPair);
        if (!_pairCosts.TryGetValue(pair, out var cost))
        {
            cost = CheapestPairing(_shapes[pair.Item1], _shapes[pair.Item2], onlyPair ? _similarity : null, 4 + (int)(2 * _conditionalCost));
            _pairCosts[pair] = cost;
        }

        return cost;
    }

    // Dynamic-programme states: after a shared column (or at the start); inside a gap holding only item lines so far;
    // inside a gap holding another line of a only, of b only, of both (a block with two branches: one more line).
    private const int Shared = 0, OpenGap = 1, GapA = 2, GapB = 3, GapBoth = 4, States = 5;
    private const int Unreachable = int.MaxValue / 4;

    /// <summary>
    /// The cheapest pairing, over prefixes of both files, in half-lines. Two lines may pair when their keys are equal;
    /// with <paramref name="exact"/> (the sample is just these two files, so a column holds only their two lines, which
    /// the aligner and the compaction only ever join when they score) when they score, too.
    /// </summary>
    private static int CheapestPairing(Shape a, Shape b, LineSimilarity? exact, int block)
    {
        int n = a.Keys.Length, m = b.Keys.Length;
        var previous = new int[(m + 1) * States];
        var current = new int[(m + 1) * States];
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= m; j++)
            {
                var here = current.AsSpan(j * States, States);
                here.Fill(Unreachable);
                if (i == 0 && j == 0)
                {
                    here[Shared] = 0;
                    continue;
                }

                if (i > 0 && j > 0 && a.Keys[i - 1] == b.Keys[j - 1]
                    && (exact is null || !double.IsNegativeInfinity(exact.Score(a.Ids[i - 1], b.Ids[j - 1]))))
                {
                    var line = a.NonItem[i - 1] || b.NonItem[j - 1] ? 2 : 0;
                    here[Shared] = Min(previous.AsSpan((j - 1) * States, States)) + line;
                }

                if (i > 0)
                {
                    // a's line i - 1 alone in its column.
                    Gap(a.NonItem[i - 1], previous.AsSpan(j * States, States), here, GapA, GapB, block);
                }

                if (j > 0)
                {
                    // b's line j - 1 alone in its column.
                    Gap(b.NonItem[j - 1], current.AsSpan((j - 1) * States, States), here, GapB, GapA, block);
                }
            }

            (previous, current) = (current, previous);
        }

        return Min(previous.AsSpan(m * States, States));
    }

    private static int Min(ReadOnlySpan<int> states)
    {
        var min = states[0];
        foreach (var s in states)
        {
            min = Math.Min(min, s);
        }

        return min;
    }

    /// <summary>Extends the states <paramref name="from"/> by a column holding one file's line only.</summary>
    private static void Gap(bool nonItem, ReadOnlySpan<int> from, Span<int> to, int mine, int theirs, int block)
    {
        if (!nonItem)
        {
            // An item line: a loop may take it, so it costs nothing and opens no block.
            to[OpenGap] = Math.Min(to[OpenGap], Math.Min(from[Shared], from[OpenGap]));
            to[mine] = Math.Min(to[mine], from[mine]);
            to[theirs] = Math.Min(to[theirs], from[theirs]);
            to[GapBoth] = Math.Min(to[GapBoth], from[GapBoth]);
            return;
        }

        // Its line (2 half-lines); the gap's block on the first such line; a second branch on the first of the other file.
        to[mine] = Math.Min(to[mine], Math.Min(Math.Min(from[Shared], from[OpenGap]) + block, from[mine]) + 2);
        to[GapBoth] = Math.Min(to[GapBoth], Math.Min(from[theirs] + 2, from[GapBoth]) + 2);
    }


    /// <summary>A file's alignment keys per line, which lines a loop can never take, and key counts.</summary>
    private sealed record Shape(int[] Ids, int[] Keys, bool[] NonItem, Dictionary<int, int> KeyCounts, Dictionary<int, int> NonItemKeyCounts)
    {
        public static Shape Of(IReadOnlyList<string> lines, LineSimilarity similarity)
        {
            var ids = new int[lines.Count];
            var keys = new int[lines.Count];
            var nonItem = new bool[lines.Count];
            var counts = new Dictionary<int, int>();
            var nonItemCounts = new Dictionary<int, int>();
            for (var i = 0; i < lines.Count; i++)
            {
                ids[i] = similarity.Intern(lines[i]);
                keys[i] = similarity.KeyOf(lines[i]);
                nonItem[i] = !TemplateBuilder.ItemLine().IsMatch(lines[i]);
                counts[keys[i]] = counts.GetValueOrDefault(keys[i]) + 1;
                if (nonItem[i])
                {
                    nonItemCounts[keys[i]] = nonItemCounts.GetValueOrDefault(keys[i]) + 1;
                }
            }

            return new Shape(ids, keys, nonItem, counts, nonItemCounts);
        }
    }
}
