namespace InfraDedup.Core.Similarity;

/// <summary>Set operations on sorted, distinct 64-bit shingle hashes.</summary>
public static class ShingleSet
{
    /// <summary>Sorted distinct copy of <paramref name="shingles"/>.</summary>
    public static ulong[] From(ReadOnlySpan<ulong> shingles)
    {
        var copy = shingles.ToArray();
        Array.Sort(copy);
        var n = 0;
        for (var i = 0; i < copy.Length; i++)
        {
            if (n == 0 || copy[n - 1] != copy[i])
            {
                copy[n++] = copy[i];
            }
        }

        return n == copy.Length ? copy : copy[..n];
    }

    /// <summary>Exact Jaccard |A∩B| / |A∪B| of two sorted distinct sets (1 for two empty sets).</summary>
    public static double Jaccard(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)common / (a.Length + b.Length - common);
    }
}
