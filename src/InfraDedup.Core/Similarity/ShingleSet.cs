namespace InfraDedup.Core.Similarity;

/// <summary>Set operations on sorted, distinct 64-bit shingle hashes.</summary>
public static class ShingleSet
{
    /// <summary>Sorted distinct copy of <paramref name="shingles"/>.</summary>
    public static ulong[] From(ReadOnlySpan<ulong> shingles) => SortDistinct(shingles.ToArray());

    /// <summary>Sorts <paramref name="owned"/> in place and returns its distinct values (the same array when all are distinct).</summary>
    public static ulong[] SortDistinct(ulong[] owned)
    {
        ArgumentNullException.ThrowIfNull(owned);
        SortAscending(owned);
        var n = 0;
        for (var i = 0; i < owned.Length; i++)
        {
            if (n == 0 || owned[n - 1] != owned[i])
            {
                owned[n++] = owned[i];
            }
        }

        return n == owned.Length ? owned : owned[..n];
    }

    [ThreadStatic]
    private static ulong[]? _scratch;

    [ThreadStatic]
    private static ulong[]? _radixScratch;

    /// <summary>Spans this short are sorted by insertion: a radix sort's eight counting passes cost more.</summary>
    private const int InsertionSortLimit = 48;

    /// <summary>
    /// Sorts <paramref name="values"/> ascending (the order <c>Span.Sort</c> gives): a least-significant-byte radix sort
    /// through a per-thread buffer, skipping the byte positions where all values agree. Native AOT's
    /// <c>Span&lt;ulong&gt;.Sort</c> compares through <c>Comparer&lt;ulong&gt;.Default</c>, a call per comparison; it
    /// was a quarter of the Python fingerprinting (the shingles of every file are sorted).
    /// </summary>
    internal static void SortAscending(Span<ulong> values)
    {
        var n = values.Length;
        if (n <= InsertionSortLimit)
        {
            InsertionSort(values);
            return;
        }

        if (_radixScratch is null || _radixScratch.Length < n)
        {
            _radixScratch = new ulong[Math.Max(n, 4096)];
        }

        Span<int> counts = stackalloc int[8 * 256];
        counts.Clear();
        foreach (var v in values)
        {
            for (var b = 0; b < 8; b++)
            {
                counts[(b << 8) | (int)((v >> (b << 3)) & 0xFF)]++;
            }
        }

        var source = values;
        var target = _radixScratch.AsSpan(0, n);
        var inValues = true;
        for (var b = 0; b < 8; b++)
        {
            var shift = b << 3;
            var digit = counts.Slice(b << 8, 256);
            if (digit[(int)((source[0] >> shift) & 0xFF)] == n)
            {
                continue; // every value has this byte: the pass would not move anything
            }

            var offset = 0;
            for (var d = 0; d < 256; d++)
            {
                var count = digit[d];
                digit[d] = offset;
                offset += count;
            }

            foreach (var v in source)
            {
                target[digit[(int)((v >> shift) & 0xFF)]++] = v;
            }

            var passed = source;
            source = target;
            target = passed;
            inValues = !inValues;
        }

        if (!inValues)
        {
            source.CopyTo(values);
        }
    }

    private static void InsertionSort(Span<ulong> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            var v = values[i];
            var j = i - 1;
            while (j >= 0 && values[j] > v)
            {
                values[j + 1] = values[j];
                j--;
            }

            values[j + 1] = v;
        }
    }

    /// <summary>
    /// <c>SortDistinct(TokenNormalizer.ShingleHashes(tokenHashes, k))</c> with one allocation, the result: the window
    /// hashes are sorted and made distinct in a per-thread scratch buffer.
    /// </summary>
    internal static ulong[] DistinctShingles(ReadOnlySpan<ulong> tokenHashes, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (tokenHashes.Length <= k)
        {
            return Scripts.TokenNormalizer.ShingleHashes(tokenHashes, k); // none, or a single window
        }

        var count = tokenHashes.Length - k + 1;
        if (_scratch is null || _scratch.Length < count)
        {
            _scratch = new ulong[Math.Max(count, 4096)];
        }

        var windows = _scratch.AsSpan(0, count);
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = System.IO.Hashing.XxHash3.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tokenHashes.Slice(i, k)));
        }

        SortAscending(windows);
        var n = 0;
        for (var i = 0; i < windows.Length; i++)
        {
            if (n == 0 || windows[n - 1] != windows[i])
            {
                windows[n++] = windows[i];
            }
        }

        return windows[..n].ToArray();
    }

    /// <summary>Exact Jaccard |A∩B| / |A∪B| of two sorted distinct sets (1 for two empty sets).</summary>
    public static double Jaccard(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        var common = SortedOverlap(a, b);
        return (double)common / (a.Length + b.Length - common);
    }

    /// <summary>
    /// How many elements two sorted sequences share, by one merge: |A∩B| for distinct sets, and for multisets
    /// Σ over values of min(count in a, count in b).
    /// </summary>
    public static int SortedOverlap(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            // Branch-free (equal advances both, otherwise the smaller side): which side moves is unpredictable.
            var x = a[i];
            var y = b[j];
            common += x == y ? 1 : 0;
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }

        return common;
    }

    /// <summary>
    /// The smallest intersection size c with c / (<paramref name="sizeA"/> + <paramref name="sizeB"/> − c) ≥
    /// <paramref name="threshold"/>, evaluated with the same double division as <see cref="Jaccard"/> so the two
    /// never disagree at the boundary. J grows with c, so a pair with fewer common shingles is below the threshold.
    /// </summary>
    public static int MinCommon(int sizeA, int sizeB, double threshold)
    {
        var total = sizeA + sizeB;
        var c = Math.Max(0, (int)Math.Floor(threshold * total / (1 + threshold)) - 1);
        while (c <= Math.Min(sizeA, sizeB) && (double)c / (total - c) < threshold)
        {
            c++;
        }

        return c;
    }

    /// <summary>
    /// Whether the exact Jaccard of two sorted distinct sets (not both empty) is at least <paramref name="threshold"/>;
    /// then <paramref name="jaccard"/> is that exact value, otherwise an upper bound below the threshold. The merge
    /// stops as soon as the common shingles still possible (found + the shorter remainder) cannot reach
    /// <see cref="MinCommon"/>, so clearly dissimilar pairs are not walked to the end. Exact: never rejects a pair
    /// whose Jaccard reaches the threshold.
    /// </summary>
    public static bool JaccardAtLeast(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, double threshold, out double jaccard)
    {
        var total = a.Length + b.Length;
        if (total == 0)
        {
            jaccard = 1;
            return true;
        }

        // Too different in size: even the smaller set inside the larger stays below the threshold. This is
        // MinCommon's own test at c = the smaller size (the same division), so the verdict is unchanged; most
        // candidate pairs of a low LSH threshold end here, without MinCommon's search.
        var small = Math.Min(a.Length, b.Length);
        var large = Math.Max(a.Length, b.Length);
        if ((double)small / large < threshold)
        {
            jaccard = (double)small / Math.Max(1, large);
            return false;
        }

        var need = MinCommon(a.Length, b.Length, threshold);
        if (need > small)
        {
            jaccard = (double)small / Math.Max(1, large);
            return false;
        }

        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            // A block of branch-free merge steps (equal advances both, otherwise the smaller side), then the bound:
            // the common shingles found plus the shorter remainder. The bound holds at every step, so checking it
            // once per block only stops a hopeless pair a little later; it never rejects a pair that links.
            for (var step = 0; step < 16 && i < a.Length && j < b.Length; step++)
            {
                var x = a[i];
                var y = b[j];
                common += x == y ? 1 : 0;
                i += x <= y ? 1 : 0;
                j += y <= x ? 1 : 0;
            }

            var possible = common + Math.Min(a.Length - i, b.Length - j);
            if (possible < need)
            {
                jaccard = (double)possible / (total - possible);
                return false;
            }
        }

        jaccard = (double)common / (total - common);
        return common >= need;
    }
}
