namespace InfraDedup.Core.Templates;

/// <summary>
/// Splits a line into tokens for alignment: words (letters, digits, '_' and '.'), whitespace runs and single other
/// characters. Concatenating the tokens gives the line back.
/// </summary>
internal static class LineTokens
{
    public static string[] Split(string line) => Split(line, false);

    /// <summary>With <paramref name="joinHyphens"/>, a '-' between word characters stays inside the word (<c>my-service</c>).</summary>
    public static string[] Split(string line, bool joinHyphens)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            var start = i;
            var c = line[i];
            if (IsWord(c))
            {
                while (i < line.Length && (IsWord(line[i]) || (joinHyphens && line[i] == '-' && i + 1 < line.Length && IsWord(line[i + 1]))))
                {
                    i++;
                }
            }
            else if (c is ' ' or '\t')
            {
                while (i < line.Length && line[i] is ' ' or '\t')
                {
                    i++;
                }
            }
            else
            {
                i++;
            }

            tokens.Add(line[start..i]);
        }

        return [.. tokens];
    }

    public static bool IsWord(char c) => char.IsLetterOrDigit(c) || c is '_' or '.';

    public static bool IsWordToken(string token) => token.Length > 0 && IsWord(token[0]);

    /// <summary>Length of the longest common subsequence of two sequences of interned tokens, without allocating for short lines.</summary>
    public static int LcsLength(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        const int StackLimit = 256;
        Span<int> both = b.Length + 1 > StackLimit ? new int[2 * (b.Length + 1)] : stackalloc int[2 * StackLimit];
        var prev = both[..(b.Length + 1)];
        var cur = both.Slice(b.Length + 1, b.Length + 1);
        prev.Clear();
        cur.Clear();
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : Math.Max(prev[j], cur[j - 1]);
            }

            var swap = prev;
            prev = cur;
            cur = swap;
        }

        return prev[b.Length];
    }

    /// <summary>A longest common subsequence of two token arrays.</summary>
    public static List<string> Lcs(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var table = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                table[i, j] = string.Equals(a[i], b[j], StringComparison.Ordinal) ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }

        var result = new List<string>(table[0, 0]);
        int x = 0, y = 0;
        while (x < a.Count && y < b.Count)
        {
            if (string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                result.Add(a[x]);
                x++;
                y++;
            }
            else if (table[x + 1, y] >= table[x, y + 1])
            {
                x++;
            }
            else
            {
                y++;
            }
        }

        return result;
    }
}
