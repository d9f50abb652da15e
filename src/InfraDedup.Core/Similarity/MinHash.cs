namespace InfraDedup.Core.Similarity;

/// <summary>
/// MinHash signatures over sets of 64-bit shingle hashes. Each of the <see cref="HashCount"/> functions is a
/// seeded 64-bit mixer (an approximately min-wise independent family); the fraction of equal signature
/// positions of two sets estimates their Jaccard similarity with standard error about sqrt(J(1-J)/HashCount).
/// </summary>
public sealed class MinHasher
{
    private readonly ulong[] _seeds;

    /// <summary>Creates <paramref name="hashCount"/> hash functions derived deterministically from <paramref name="seed"/>.</summary>
    public MinHasher(int hashCount = 128, ulong seed = 0x9E3779B97F4A7C15UL)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hashCount, 1);
        _seeds = new ulong[hashCount];
        var state = seed;
        for (var i = 0; i < hashCount; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            _seeds[i] = Mix(state);
        }
    }

    public int HashCount => _seeds.Length;

    /// <summary>The signature of a set (duplicates in <paramref name="shingles"/> do not matter). An empty set gives all <see cref="ulong.MaxValue"/>.</summary>
    public ulong[] Signature(ReadOnlySpan<ulong> shingles)
    {
        var signature = new ulong[_seeds.Length];
        Array.Fill(signature, ulong.MaxValue);
        foreach (var s in shingles)
        {
            for (var i = 0; i < signature.Length; i++)
            {
                var h = Mix(s ^ _seeds[i]);
                if (h < signature[i])
                {
                    signature[i] = h;
                }
            }
        }

        return signature;
    }

    /// <summary>Fraction of equal positions: the MinHash estimate of the Jaccard similarity.</summary>
    public static double Estimate(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length != b.Length || a.Length == 0)
        {
            throw new ArgumentException("Signatures must have the same, non-zero length.");
        }

        var equal = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                equal++;
            }
        }

        return (double)equal / a.Length;
    }

    /// <summary>SplitMix64 finaliser: a bijective 64-bit mixer.</summary>
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
