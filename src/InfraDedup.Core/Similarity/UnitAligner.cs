namespace InfraDedup.Core.Similarity;

/// <summary>A run of medoid tokens [Start, Start+Length) that a member replaces with <see cref="Text"/>.</summary>
internal readonly record struct TokenHunk(int Start, int Length, string Text);

/// <summary>Result of aligning a member's units with the medoid's.</summary>
internal sealed record UnitAlignment(
    int?[] MedoidToMember,
    IReadOnlyList<(int After, int MemberIndex)> Inserted);

/// <summary>
/// Global alignment of unit sequences (insertions and deletions free, substitution only between units with the
/// same <see cref="Unit.Key"/>, rewarding equal units most), and token-level diffs of aligned units.
/// </summary>
internal static class UnitAligner
{
    public static UnitAlignment Align(IReadOnlyList<Unit> medoid, IReadOnlyList<Unit> member)
    {
        int n = medoid.Count, m = member.Count;
        var score = new double[n + 1, m + 1];
        for (var i = 1; i <= n; i++)
        {
            for (var j = 1; j <= m; j++)
            {
                var best = Math.Max(score[i - 1, j], score[i, j - 1]);
                var match = Match(medoid[i - 1], member[j - 1]);
                if (match > 0)
                {
                    best = Math.Max(best, score[i - 1, j - 1] + match);
                }

                score[i, j] = best;
            }
        }

        var map = new int?[n];
        var inserted = new List<(int, int)>();
        int a = n, b = m;
        while (a > 0 || b > 0)
        {
            if (a > 0 && b > 0)
            {
                var match = Match(medoid[a - 1], member[b - 1]);
                if (match > 0 && score[a, b] == score[a - 1, b - 1] + match)
                {
                    map[a - 1] = b - 1;
                    a--;
                    b--;
                    continue;
                }
            }

            if (a > 0 && score[a, b] == score[a - 1, b])
            {
                a--; // medoid unit missing in member
            }
            else
            {
                inserted.Add((a - 1, b - 1));
                b--;
            }
        }

        inserted.Reverse();
        return new UnitAlignment(map, inserted);
    }

    /// <summary>
    /// Alignment similarity in [0, 1]: the best total credit of an order-preserving matching of units, Dice-normalized
    /// (2·credit / (n + m)). Equal units (in the chosen view) earn 1; units with the same key earn the Dice ratio of
    /// their longest common token subsequence; others cannot be matched.
    /// </summary>
    public static double Similarity(IReadOnlyList<Unit> a, IReadOnlyList<Unit> b, bool abstractView)
    {
        int n = a.Count, m = b.Count;
        if (n + m == 0)
        {
            return 1;
        }

        var scratch = new AlignedCheck.Scratch();
        var prev = new double[m + 1];
        var cur = new double[m + 1];
        for (var i = 1; i <= n; i++)
        {
            cur[0] = 0;
            for (var j = 1; j <= m; j++)
            {
                var best = Math.Max(prev[j], cur[j - 1]);
                var credit = Credit(a[i - 1], b[j - 1], abstractView, scratch);
                if (credit > 0)
                {
                    best = Math.Max(best, prev[j - 1] + credit);
                }

                cur[j] = best;
            }

            (prev, cur) = (cur, prev);
        }

        return 2 * prev[m] / (n + m);
    }

    private static double Credit(Unit a, Unit b, bool abstractView, AlignedCheck.Scratch scratch)
    {
        if (a.Key != b.Key)
        {
            return 0;
        }

        return (abstractView ? a.AbstractHash == b.AbstractHash : a.ConcreteHash == b.ConcreteHash)
            ? 1
            : TokenCredit(a, b, abstractView, scratch);
    }

    /// <summary>
    /// Credit of two units with the same key that differ in the view: the Dice ratio of their longest common token
    /// subsequence, at least 0.05. Two reused rows of the thread's scratch; nothing is allocated.
    /// </summary>
    internal static double TokenCredit(Unit a, Unit b, bool abstractView, AlignedCheck.Scratch scratch)
    {
        var x = a.Tokens;
        var y = b.Tokens;
        if (x.Length + y.Length == 0)
        {
            return 1;
        }

        var (prev, cur) = scratch.Ints(y.Length + 1);
        Array.Clear(prev, 0, y.Length + 1);
        cur[0] = 0;
        for (var i = 1; i <= x.Length; i++)
        {
            var xi = abstractView ? x[i - 1].Abstract : x[i - 1].Text;
            for (var j = 1; j <= y.Length; j++)
            {
                var equal = string.Equals(xi, abstractView ? y[j - 1].Abstract : y[j - 1].Text, StringComparison.Ordinal);
                cur[j] = equal ? prev[j - 1] + 1 : Math.Max(prev[j], cur[j - 1]);
            }

            (prev, cur) = (cur, prev);
        }

        // Even a unit with nothing in common but its key is a better match than none.
        return Math.Max(0.05, 2.0 * prev[y.Length] / (x.Length + y.Length));
    }

    /// <summary>
    /// <see cref="TokenCredit(Unit, Unit, bool, AlignedCheck.Scratch)"/> on the units' token hashes in the view (from
    /// <see cref="AlignProfile.Tokens"/>): tokens are equal when their 64-bit hashes are, as units are equal when their
    /// view hashes are.
    /// </summary>
    internal static double TokenCredit(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, AlignedCheck.Scratch scratch)
    {
        if (x.Length + y.Length == 0)
        {
            return 1;
        }

        // The longest common subsequence, bit-parallel over the shorter unit (the LCS is symmetric): one machine word
        // when it has at most 64 tokens, as most units do, instead of a cell-by-cell table.
        var xLonger = x.Length >= y.Length;
        var longer = xLonger ? x : y;
        var shorter = xLonger ? y : x;
        var lcs = shorter.Length <= 64 ? OneWordLcs(longer, shorter) : AlignedCheck.KeyLcs(longer, shorter, scratch);

        // Even a unit with nothing in common but its key is a better match than none.
        return Math.Max(0.05, 2.0 * lcs / (x.Length + y.Length));
    }

    /// <summary>
    /// Length of the longest common subsequence of <paramref name="a"/> and <paramref name="b"/> (at most 64 values):
    /// <see cref="AlignedCheck.KeyLcs"/>'s bit-parallel rows in one word, each row's match mask built by comparing.
    /// </summary>
    internal static int OneWordLcs(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var m = b.Length;
        if (a.Length == 0 || m == 0)
        {
            return 0;
        }

        var v = ulong.MaxValue;
        foreach (var key in a)
        {
            ulong mask = 0;
            for (var j = 0; j < m; j++)
            {
                mask |= (b[j] == key ? 1UL : 0UL) << j;
            }

            v = (v + (v & mask)) | (v & ~mask);
        }

        var valid = m == 64 ? ulong.MaxValue : (1UL << m) - 1;
        return m - System.Numerics.BitOperations.PopCount(v & valid);
    }

    /// <summary>Token hunks turning the medoid unit into the member unit (longest common subsequence of token texts).</summary>
    public static List<TokenHunk> Diff(Unit medoid, Unit member)
    {
        var x = medoid.Tokens;
        var y = member.Tokens;
        var lcs = new int[x.Length + 1, y.Length + 1];
        for (var i = x.Length - 1; i >= 0; i--)
        {
            for (var j = y.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = x[i].Text == y[j].Text ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var hunks = new List<TokenHunk>();
        int p = 0, q = 0;
        int hunkStart = -1, memberStart = -1;
        void Close(int pEnd, int qEnd)
        {
            if (hunkStart >= 0)
            {
                hunks.Add(new TokenHunk(hunkStart, pEnd - hunkStart, Join(y, memberStart, qEnd)));
                hunkStart = -1;
            }
        }

        while (p < x.Length || q < y.Length)
        {
            if (p < x.Length && q < y.Length && x[p].Text == y[q].Text)
            {
                Close(p, q);
                p++;
                q++;
                continue;
            }

            if (hunkStart < 0)
            {
                hunkStart = p;
                memberStart = q;
            }

            if (q < y.Length && (p == x.Length || lcs[p, q + 1] >= lcs[p + 1, q]))
            {
                q++;
            }
            else
            {
                p++;
            }
        }

        Close(p, q);
        return hunks;
    }

    private static string Join(UnitToken[] tokens, int start, int end)
    {
        var sb = new System.Text.StringBuilder();
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

    private static double Match(Unit a, Unit b)
    {
        if (a.Key != b.Key)
        {
            return 0;
        }

        if (a.ConcreteHash == b.ConcreteHash)
        {
            return 2;
        }

        return a.AbstractHash == b.AbstractHash ? 1.5 : 1;
    }
}
