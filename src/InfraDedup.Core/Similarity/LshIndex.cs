namespace InfraDedup.Core.Similarity;

/// <summary>
/// Locality-sensitive hashing by banding: a signature of b·r values is cut into b bands of r rows; two items are
/// candidates when any band is equal. P(candidate | Jaccard J) = 1 - (1 - J^r)^b.
/// </summary>
public sealed class LshIndex
{
    // Items in the order added, their band keys, and each item's position in that order.
    private readonly List<int> _items = [];
    private readonly List<ulong[]> _keys = [];
    private readonly Dictionary<int, int> _slotOf = [];

    // Built on the first query, so the candidates of one item can be listed without enumerating (and
    // de-duplicating) the pairs of all buckets at once.
    private BandBuckets? _buckets;

    public LshIndex(int bands, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        Bands = bands;
        Rows = rows;
    }

    public int Bands { get; }

    public int Rows { get; }

    /// <summary>Probability that a pair with Jaccard <paramref name="jaccard"/> becomes a candidate.</summary>
    public static double CandidateProbability(double jaccard, int bands, int rows) =>
        1 - Math.Pow(1 - Math.Pow(jaccard, rows), bands);

    /// <summary>
    /// The widest bands (most rows, fewest false candidates) for which a pair at exactly <paramref name="threshold"/>
    /// is a candidate with probability at least <paramref name="recall"/>, using at most <paramref name="hashCount"/> values.
    /// </summary>
    public static (int Bands, int Rows) ChooseBands(double threshold, int hashCount, double recall = 0.995)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hashCount, 1);
        var best = (hashCount, 1);
        for (var rows = 1; rows <= hashCount; rows++)
        {
            var bands = hashCount / rows;
            if (CandidateProbability(threshold, bands, rows) >= recall)
            {
                best = (bands, rows);
            }
        }

        return best;
    }

    /// <summary>Adds an item's signature (at least Bands·Rows values). Not thread-safe; add everything before querying.</summary>
    public void Add(int item, ReadOnlySpan<ulong> signature)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        if (signature.Length < Bands * Rows)
        {
            throw new ArgumentException("Signature shorter than bands × rows.", nameof(signature));
        }

        if (!_slotOf.TryAdd(item, _items.Count))
        {
            throw new ArgumentException($"Item {item} was already added.", nameof(item));
        }

        var keys = new ulong[Bands];
        for (var b = 0; b < Bands; b++)
        {
            var key = 0xCBF29CE484222325UL;
            foreach (var v in signature.Slice(b * Rows, Rows))
            {
                key = MinHasher.Mix(key ^ v) + 0x9E3779B97F4A7C15UL;
            }

            keys[b] = key;
        }

        _items.Add(item);
        _keys.Add(keys);
        _buckets = null;
    }

    /// <summary>
    /// Adds to <paramref name="into"/> every item greater than <paramref name="item"/> that shares a band with it,
    /// once each, ascending. <paramref name="seen"/> is scratch space of one thread, all zero, with a slot per item id
    /// (all item ids are below its length); it is used as a bit set of the items found (so they come out ascending
    /// without a sort) and left all zero again.
    /// </summary>
    public void LaterCandidates(int item, List<int> into, int[] seen)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(seen);
        var buckets = Buckets();
        var slot = _slotOf[item];
        var n = _items.Count;
        var lowWord = int.MaxValue;
        var highWord = -1;
        for (var b = 0; b < Bands; b++)
        {
            var run = buckets.RunOf[(b * n) + slot];
            var members = buckets.Members.AsSpan(b * n, n);
            for (var k = run.Start; k < run.End; k++)
            {
                var other = members[k];
                if (other > item)
                {
                    var word = other >> 5;
                    seen[word] |= 1 << (other & 31);
                    lowWord = Math.Min(lowWord, word);
                    highWord = Math.Max(highWord, word);
                }
            }
        }

        for (var word = lowWord; word <= highWord; word++)
        {
            var bits = (uint)seen[word];
            seen[word] = 0;
            while (bits != 0)
            {
                into.Add((word << 5) + System.Numerics.BitOperations.TrailingZeroCount(bits));
                bits &= bits - 1;
            }
        }
    }

    /// <summary>
    /// The buckets, built once after the last <see cref="Add"/>: per band, the items sorted by band key, so a
    /// bucket is a run of equal keys, and each item's run in every band. Sorting replaces a dictionary of a list per
    /// (band, key), most of which hold one item. Safe to call from several threads.
    /// </summary>
    private BandBuckets Buckets()
    {
        if (Volatile.Read(ref _buckets) is { } built)
        {
            return built;
        }

        lock (_keys)
        {
            if (_buckets is { } again)
            {
                return again;
            }

            var n = _items.Count;
            var members = new int[Bands * n];
            var runOf = new (int Start, int End)[Bands * n];
            var order = new int[n];
            var bandKeys = new ulong[n];
            for (var b = 0; b < Bands; b++)
            {
                for (var s = 0; s < n; s++)
                {
                    order[s] = s;
                    bandKeys[s] = _keys[s][b];
                }

                // Order within a bucket does not matter: LaterCandidates sorts what it lists.
                Array.Sort(bandKeys, order);
                for (var runStart = 0; runStart < n;)
                {
                    var runEnd = runStart + 1;
                    while (runEnd < n && bandKeys[runEnd] == bandKeys[runStart])
                    {
                        runEnd++;
                    }

                    for (var k = runStart; k < runEnd; k++)
                    {
                        members[(b * n) + k] = _items[order[k]];
                        runOf[(b * n) + order[k]] = (runStart, runEnd);
                    }

                    runStart = runEnd;
                }
            }

            built = new BandBuckets(members, runOf);
            Volatile.Write(ref _buckets, built);
            return built;
        }
    }

    private sealed record BandBuckets(int[] Members, (int Start, int End)[] RunOf);

    /// <summary>Distinct candidate pairs (i &lt; j), sorted. Items must be non-negative.</summary>
    public IReadOnlyList<(int A, int B)> CandidatePairs()
    {
        var items = _items.ToArray();
        Array.Sort(items);
        var seen = new int[items.Length == 0 ? 0 : items[^1] + 1];
        var later = new List<int>();
        var result = new List<(int A, int B)>();
        foreach (var item in items)
        {
            later.Clear();
            LaterCandidates(item, later, seen);
            foreach (var other in later)
            {
                result.Add((item, other));
            }
        }

        return result;
    }
}
