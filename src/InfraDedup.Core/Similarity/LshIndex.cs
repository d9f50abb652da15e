namespace InfraDedup.Core.Similarity;

/// <summary>
/// Locality-sensitive hashing by banding: a signature of b·r values is cut into b bands of r rows; two items are
/// candidates when any band is equal. P(candidate | Jaccard J) = 1 - (1 - J^r)^b.
/// </summary>
public sealed class LshIndex
{
    private readonly Dictionary<(int Band, ulong Key), List<int>> _buckets = [];

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
        if (signature.Length < Bands * Rows)
        {
            throw new ArgumentException("Signature shorter than bands × rows.", nameof(signature));
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
        }
    }

    /// <summary>Distinct candidate pairs (i &lt; j), sorted; each bucket contributes its pairs.</summary>
    public IReadOnlyList<(int A, int B)> CandidatePairs()
    {
        var pairs = new HashSet<(int, int)>();
        foreach (var list in _buckets.Values)
        {
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    var (a, b) = list[i] < list[j] ? (list[i], list[j]) : (list[j], list[i]);
                    pairs.Add((a, b));
                }
            }
        }

        var result = pairs.ToList();
        result.Sort();
        return result;
    }
}
