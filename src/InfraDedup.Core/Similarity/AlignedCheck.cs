using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace InfraDedup.Core.Similarity;

/// <summary>
/// The per-file arrays the aligned check reads instead of the units themselves: each unit's key (an exact id, see
/// <see cref="UnitKeys"/>) and view hash (abstract or as written), the keys sorted (for the multiset bound), and the
/// hashes of the view's tokens (for the token credit of same-key units), as ranges of the file's view stream. Built
/// once per file; it holds no strings, so a file's units need not be kept for the check.
/// </summary>
internal sealed class AlignProfile
{
    private readonly ulong[] _stream;
    private readonly int[] _tokenStart;
    private readonly int[] _tokenEnd;

    private AlignProfile(ulong[] keys, ulong[] views, ulong[] stream, int[] tokenStart, int[] tokenEnd)
    {
        Keys = keys;
        Views = views;
        _stream = stream;
        _tokenStart = tokenStart;
        _tokenEnd = tokenEnd;
        SortedKeys = (ulong[])keys.Clone();
        ShingleSet.SortAscending(SortedKeys);
    }

    /// <summary>The id of each unit's <see cref="Unit.Key"/>, in order: equal ids mean equal keys.</summary>
    public ulong[] Keys { get; }

    /// <summary>Hash of each unit in the compared view, in order.</summary>
    public ulong[] Views { get; }

    /// <summary><see cref="Keys"/> sorted ascending.</summary>
    public ulong[] SortedKeys { get; }

    public int Count => Keys.Length;

    /// <summary>The view hashes of unit <paramref name="unit"/>'s tokens (its head excluded), as the stream has them.</summary>
    public ReadOnlySpan<ulong> Tokens(int unit) => _stream.AsSpan(_tokenStart[unit], _tokenEnd[unit] - _tokenStart[unit]);

    public static AlignProfile From(Unit[] units, bool abstractView) =>
        From(units, UnitBuilder.StreamHashes(units, abstractView));

    /// <summary>
    /// The profile of <paramref name="units"/>, whose view stream (<see cref="UnitBuilder.StreamHashes"/> in the same
    /// view) is <paramref name="stream"/>; the profile keeps that array.
    /// </summary>
    public static AlignProfile From(Unit[] units, ulong[] stream)
    {
        var keys = new ulong[units.Length];
        var starts = new int[units.Length];
        var ends = new int[units.Length];
        var at = 0;
        for (var i = 0; i < units.Length; i++)
        {
            keys[i] = UnitKeys.Of(units[i].Key);
            var head = units[i].Head.Length > 0 ? 1 : 0;
            starts[i] = at + head;
            ends[i] = starts[i] + units[i].Tokens.Length;
            at = ends[i] + 1; // the unit's end marker
        }

        return FromStream(keys, stream, starts, ends);
    }

    /// <summary>
    /// The profile of a file given as its view stream: unit i's key id is <paramref name="keys"/>[i], its tokens are
    /// <paramref name="stream"/>[starts[i]..ends[i]), preceded by its head's hash when it has one and followed by the
    /// unit's end marker; the unit's view hash covers head, tokens and marker, as <see cref="UnitBuilder.StreamHashes"/>
    /// of that unit alone would give.
    /// </summary>
    public static AlignProfile FromStream(ulong[] keys, ulong[] stream, int[] starts, int[] ends)
    {
        var views = new ulong[keys.Length];
        var from = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            views[i] = UnitBuilder.StreamHash(stream.AsSpan(from, ends[i] + 1 - from));
            from = ends[i] + 1;
        }

        return new AlignProfile(keys, views, stream, starts, ends);
    }
}

/// <summary>
/// Exact ids of unit keys (keywords, command and assigned names), shared by every run of the process: two units
/// have the same id exactly when their keys are the same text, so comparing ids is comparing keys. The table only
/// grows with the distinct keys ever seen (a small vocabulary).
/// </summary>
internal static class UnitKeys
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ulong> Ids = new(StringComparer.Ordinal);
    private static long _next;

    public static ulong Of(string key) => Ids.TryGetValue(key, out var id) ? id : Add(key);

    public static ulong Of(ReadOnlySpan<char> key) =>
        Ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var id) ? id : Add(key.ToString());

    private static ulong Add(string key) => Ids.GetOrAdd(key, static _ => (ulong)Interlocked.Increment(ref _next));
}

/// <summary>Which stage of <see cref="AlignedCheck.AtLeast"/> decided a pair (for counters and tests).</summary>
internal enum AlignedVerdict
{
    /// <summary>Rejected by the size bound 2·min(n, m)/(n + m).</summary>
    SizeBound,

    /// <summary>Rejected by the key-multiset bound.</summary>
    KeyMultisetBound,

    /// <summary>Rejected by the ordered key bound (LCS of the key sequences).</summary>
    KeyOrderBound,

    /// <summary>Rejected by the exact alignment (possibly stopped early).</summary>
    Below,

    /// <summary>The exact alignment similarity reaches the threshold.</summary>
    AtLeast,
}

/// <summary>
/// Decides whether the unit-alignment similarity of two files (<see cref="UnitAligner.Similarity"/>) reaches a
/// threshold: three cheap upper bounds first, each of which can only over-estimate the similarity (docs/similarity.md,
/// "Why the bounds hold"), then the exact alignment restricted to the band of cells a path at or above the threshold
/// can cross, stopping as soon as no path can still reach it. Scratch buffers are per thread and reused.
/// </summary>
internal static class AlignedCheck
{
    /// <summary>Rounding slack: bounds are compared with threshold − Slack so rounding never rejects a pair that reaches it.</summary>
    private const double Slack = 1e-9;

    [ThreadStatic]
    private static Scratch? _threadScratch;

    /// <summary>Verdicts so far, by <see cref="AlignedVerdict"/> (process-wide; shown with INFRADEDUP_TIMINGS=1).</summary>
    private static readonly long[] Verdicts = new long[5];

    public static bool AtLeast(AlignProfile a, AlignProfile b, double threshold)
    {
        var verdict = Decide(a, b, threshold);
        Interlocked.Increment(ref Verdicts[(int)verdict]);
        return verdict == AlignedVerdict.AtLeast;
    }

    /// <summary>How many checks each stage has decided so far, for the timings line.</summary>
    public static string VerdictCounts() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"aligned checks: size {Verdicts[0]}, key multiset {Verdicts[1]}, key order {Verdicts[2]}, DP below {Verdicts[3]}, DP at least {Verdicts[4]}");

    public static AlignedVerdict Decide(AlignProfile a, AlignProfile b, double threshold) =>
        Decide(a, b, threshold, out _);

    /// <summary>
    /// Like <see cref="AtLeast"/>, and when the similarity reaches the threshold, <paramref name="similarity"/> is its
    /// exact value (the banded DP's result equals the full DP's there); otherwise it is 0 and means nothing.
    /// </summary>
    public static bool Score(AlignProfile a, AlignProfile b, double threshold, out double similarity) =>
        Decide(a, b, threshold, out similarity) == AlignedVerdict.AtLeast;

    private static AlignedVerdict Decide(AlignProfile a, AlignProfile b, double threshold, out double similarity)
    {
        similarity = 0;
        int n = a.Count, m = b.Count;
        if (n + m == 0)
        {
            similarity = 1;
            return AlignedVerdict.AtLeast;
        }

        if (SizeBound(n, m) < threshold - Slack)
        {
            return AlignedVerdict.SizeBound;
        }

        if (!KeyMultisetMayReach(a.SortedKeys, b.SortedKeys, threshold))
        {
            return AlignedVerdict.KeyMultisetBound;
        }

        var scratch = _threadScratch ??= new Scratch();
        if (Dice(KeyLcs(a.Keys, b.Keys, scratch), n, m) < threshold - Slack)
        {
            return AlignedVerdict.KeyOrderBound;
        }

        return BandedAtLeast(a, b, threshold, scratch, out similarity) ? AlignedVerdict.AtLeast : AlignedVerdict.Below;
    }

    /// <summary>2·min(n, m)/(n + m): at most min(n, m) pairs can be matched, each earning at most 1.</summary>
    public static double SizeBound(int n, int m) => n + m == 0 ? 1 : 2.0 * Math.Min(n, m) / (n + m);

    private static double Dice(int matched, int n, int m) => 2.0 * matched / (n + m);

    /// <summary>Σ over keys of min(count in a, count in b), by merging the sorted key hashes.</summary>
    public static int KeyMultisetOverlap(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) => ShingleSet.SortedOverlap(a, b);

    /// <summary>
    /// Whether the key-multiset bound lets the pair through: Dice(<see cref="KeyMultisetOverlap"/>) ≥ threshold − Slack.
    /// The merge stops as soon as the keys matched so far plus the shorter remainder cannot reach it (most candidate
    /// pairs this bound rejects are rejected long before the end); the verdict is the full merge's.
    /// </summary>
    public static bool KeyMultisetMayReach(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, double threshold)
    {
        int n = a.Length, m = b.Length;
        int i = 0, j = 0, common = 0;
        while (i < n && j < m)
        {
            for (var step = 0; step < 16 && i < n && j < m; step++)
            {
                var x = a[i];
                var y = b[j];
                common += x == y ? 1 : 0;
                i += x <= y ? 1 : 0;
                j += y <= x ? 1 : 0;
            }

            // The overlap is at most this, and Dice only grows with it.
            if (Dice(common + Math.Min(n - i, m - j), n, m) < threshold - Slack)
            {
                return false;
            }
        }

        return !(Dice(common, n, m) < threshold - Slack);
    }

    /// <summary>
    /// Length of the longest common subsequence of two key-hash sequences, bit-parallel (one machine word holds 64
    /// cells of a row): O(n·⌈m/64⌉) word operations, no allocation once the scratch is large enough.
    /// </summary>
    public static int KeyLcs(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Scratch scratch)
    {
        var m = b.Length;
        if (a.Length == 0 || m == 0)
        {
            return 0;
        }

        var words = (m + 63) >> 6;

        // One match mask per distinct key of b: bit j is set where b[j] has that key.
        var symbols = scratch.Symbols;
        symbols.Clear();
        var masks = scratch.Masks(words * 64);
        var distinct = 0;
        for (var j = 0; j < m; j++)
        {
            if (!symbols.TryGetValue(b[j], out var s))
            {
                if ((distinct + 1) * words > masks.Length)
                {
                    masks = scratch.GrowMasks((distinct + 1) * words * 2);
                }

                s = distinct++;
                symbols[b[j]] = s;
                masks.AsSpan(s * words, words).Clear();
            }

            masks[(s * words) + (j >> 6)] |= 1UL << (j & 63);
        }

        var v = scratch.Row(words);
        v.Fill(ulong.MaxValue);
        foreach (var key in a)
        {
            if (!symbols.TryGetValue(key, out var s))
            {
                continue; // no match anywhere in b: the row is unchanged
            }

            var mask = masks.AsSpan(s * words, words);
            ulong carry = 0;
            for (var w = 0; w < words; w++)
            {
                // V' = (V + (V & M)) | (V & ~M), with the addition carried across words.
                var x = v[w];
                var u = x & mask[w];
                var sum = x + u;
                var c1 = sum < x ? 1UL : 0UL;
                var total = sum + carry;
                var c2 = total < sum ? 1UL : 0UL;
                v[w] = total | (x & ~mask[w]);
                carry = c1 | c2;
            }
        }

        var ones = 0;
        for (var w = 0; w < words; w++)
        {
            var bits = v[w];
            if (w == words - 1 && (m & 63) != 0)
            {
                bits &= (1UL << (m & 63)) - 1;
            }

            ones += BitOperations.PopCount(bits);
        }

        return m - ones;
    }

    /// <summary>
    /// The exact alignment DP of <see cref="UnitAligner.Similarity"/>, but only over the cells that some path reaching
    /// the threshold can cross (every unmatched unit costs 1/(n + m) of similarity, and a path through (i, j) leaves at
    /// least |i − j| + |(n − i) − (m − j)| units unmatched), and stopped after a row once no cell of it can still reach
    /// the threshold. Paths at or above the threshold stay inside the band, so the verdict equals the full DP's.
    /// </summary>
    private static bool BandedAtLeast(AlignProfile a, AlignProfile b, double threshold, Scratch scratch, out double similarity)
    {
        similarity = 0;
        int n = a.Count, m = b.Count;
        var need = (threshold * (n + m) / 2) - Slack;
        var slack = (int)Math.Floor(((1 - threshold) * (n + m)) + Slack);
        var diff = m - n;
        var spread = (slack - Math.Abs(diff)) / 2;
        if (spread < 0)
        {
            return false;
        }

        var prev = scratch.Doubles(0, m + 2);
        var cur = scratch.Doubles(1, m + 2);
        var (lo, hi) = Band(0, diff, spread, m);
        for (var j = lo; j <= hi; j++)
        {
            prev[j] = 0;
        }

        if (hi + 1 <= m)
        {
            prev[hi + 1] = double.NegativeInfinity;
        }

        var aKeys = a.Keys;
        var bKeys = b.Keys;
        var aViews = a.Views;
        var bViews = b.Views;
        for (var i = 1; i <= n; i++)
        {
            (lo, hi) = Band(i, diff, spread, m);
            var reach = double.NegativeInfinity;
            var start = lo;
            if (lo == 0)
            {
                cur[0] = 0; // every unit of a so far unmatched
                reach = Math.Min(n - i, m);
                start = 1;
            }
            else
            {
                cur[lo - 1] = double.NegativeInfinity;
            }

            var key = aKeys[i - 1];
            var view = aViews[i - 1];
            for (var j = start; j <= hi; j++)
            {
                var best = Math.Max(prev[j], cur[j - 1]);
                if (bKeys[j - 1] == key)
                {
                    var credit = bViews[j - 1] == view ? 1.0 : UnitAligner.TokenCredit(a.Tokens(i - 1), b.Tokens(j - 1), scratch);
                    best = Math.Max(best, prev[j - 1] + credit);
                }

                cur[j] = best;
                reach = Math.Max(reach, best + Math.Min(n - i, m - j));
            }

            if (hi + 1 <= m)
            {
                cur[hi + 1] = double.NegativeInfinity;
            }

            if (reach < need)
            {
                return false; // no cell of this row can still reach the threshold
            }

            (prev, cur) = (cur, prev);
        }

        similarity = 2 * prev[m] / (n + m);
        return similarity >= threshold;
    }

    /// <summary>Columns of row i inside the band: j between i and i + diff, widened by spread on both sides.</summary>
    private static (int Lo, int Hi) Band(int i, int diff, int spread, int m) =>
        (Math.Max(0, Math.Min(i, i + diff) - spread), Math.Min(m, Math.Max(i, i + diff) + spread));

    /// <summary>Reusable buffers of one thread.</summary>
    internal sealed class Scratch
    {
        private readonly double[][] _doubles = [[], []];
        private ulong[] _masks = [];
        private ulong[] _row = [];
        private int[] _ints0 = [];
        private int[] _ints1 = [];

        public Dictionary<ulong, int> Symbols { get; } = [];

        public ulong[] Masks(int size) => _masks.Length >= size ? _masks : _masks = new ulong[size];

        public ulong[] GrowMasks(int size)
        {
            var grown = new ulong[size];
            _masks.AsSpan().CopyTo(grown);
            return _masks = grown;
        }

        public Span<ulong> Row(int size)
        {
            if (_row.Length < size)
            {
                _row = new ulong[size];
            }

            return _row.AsSpan(0, size);
        }

        public double[] Doubles(int which, int size) =>
            _doubles[which].Length >= size ? _doubles[which] : _doubles[which] = new double[size];

        public (int[] Prev, int[] Cur) Ints(int size)
        {
            if (_ints0.Length < size)
            {
                _ints0 = new int[size];
                _ints1 = new int[size];
            }

            return (_ints0, _ints1);
        }
    }
}
