namespace InfraDedup.Core.Similarity;

/// <summary>
/// Locality-sensitive hashing by banding: a signature of b·r values is cut into b bands of r rows; two items are
/// candidates when any band is equal. P(candidate | Jaccard J) = 1 - (1 - J^r)^b.
/// </summary>
public sealed class LshIndex
{
    private readonly Dictionary<(int Band, ulong Key), List<int>> _buckets = [];

    // Each item's bucket in every band, so the candidates of one item can be listed without enumerating (and
    // de-duplicating) the pairs of all buckets at once.
    private readonly Dictionary<int, List<int>[]> _bucketsOf = [];

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

    /// <summary>Adds an item's signature (at least Bands·Rows values).</summary>
    public void Add(int item, ReadOnlySpan<ulong> signature)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        if (signature.Length < Bands * Rows)
        {
            throw new ArgumentException("Signature shorter than bands × rows.", nameof(signature));
        }

        var mine = new List<int>[Bands];
        if (!_bucketsOf.TryAdd(item, mine))
        {
            throw new ArgumentException($"Item {item} was already added.", nameof(item));
        }

        for (var b = 0; b < Bands; b++)
        {
            var key = 0xCBF29CE484222325UL;
            foreach (var v in signature.Slice(b * Rows, Rows))
            {
                key = MinHasher.Mix(key ^ v) + 0x9E3779B97F4A7C15UL;
            }

            if (!_buckets.TryGetValue((b, key), out var list))
            {
                list = [];
                _buckets[(b, key)] = list;
            }

            list.Add(item);
            mine[b] = list;
        }
    }

    /// <summary>
    /// Adds to <paramref name="into"/> every item greater than <paramref name="item"/> that shares a band with it,
    /// once each, ascending. <paramref name="seen"/> is scratch space with a slot per item id (all item ids are
    /// below its length), reused across calls by one thread: a slot holds item + 1 once that item saw it.
    /// </summary>
    public void LaterCandidates(int item, List<int> into, int[] seen)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(seen);
        var start = into.Count;
        foreach (var bucket in _bucketsOf[item])
        {
            foreach (var other in bucket)
            {
                if (other > item && seen[other] != item + 1)
                {
                    seen[other] = item + 1;
                    into.Add(other);
                }
            }
        }

        into.Sort(start, into.Count - start, null);
    }

    /// <summary>Distinct candidate pairs (i &lt; j), sorted. Items must be non-negative.</summary>
    public IReadOnlyList<(int A, int B)> CandidatePairs()
    {
        var items = _bucketsOf.Keys.ToArray();
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
