using System.Numerics;

namespace InfraDedup.Core.Templates;

/// <summary>
/// Multiple alignment of the members' lines into columns (progressive Needleman-Wunsch against the columns built so
/// far). Identical lines align; lines of the same command or key that share most tokens align as a varying line;
/// everything else becomes a column only some members have. Each member's lines appear in column order.
/// </summary>
internal static class LineAligner
{
    private const int MaxValuesCompared = 8;

    /// <summary>Columns, each with one cell per member (null where the member has no line there).</summary>
    public static List<string?[]> Align(IReadOnlyList<IReadOnlyList<string>> members, LineSimilarity similarity)
    {
        var ids = members.Select(lines => lines.Select(similarity.Intern).ToArray()).ToList();
        var order = Enumerable.Range(0, members.Count).OrderByDescending(i => members[i].Count).ThenBy(i => i).ToList();
        var columns = new List<int[]>();
        var distinct = new List<List<int>>();
        int[] NewColumn(int member, int line)
        {
            var cells = new int[members.Count];
            Array.Fill(cells, -1);
            cells[member] = line;
            return cells;
        }

        foreach (var m in order)
        {
            var lines = ids[m];
            var pairs = columns.Count == 0 ? [] : Match(lines, distinct, similarity);
            var newColumns = new List<int[]>(columns.Count + lines.Length);
            var newDistinct = new List<List<int>>(columns.Count + lines.Length);
            int li = 0, ci = 0;
            foreach (var (lineIndex, columnIndex) in pairs)
            {
                for (; ci < columnIndex; ci++)
                {
                    newColumns.Add(columns[ci]);
                    newDistinct.Add(distinct[ci]);
                }

                for (; li < lineIndex; li++)
                {
                    newColumns.Add(NewColumn(m, lines[li]));
                    newDistinct.Add([lines[li]]);
                }

                columns[ci][m] = lines[li];
                if (distinct[ci].Count < MaxValuesCompared && !distinct[ci].Contains(lines[li]))
                {
                    distinct[ci].Add(lines[li]);
                }

                newColumns.Add(columns[ci]);
                newDistinct.Add(distinct[ci]);
                ci++;
                li++;
            }

            for (; ci < columns.Count; ci++)
            {
                newColumns.Add(columns[ci]);
                newDistinct.Add(distinct[ci]);
            }

            for (; li < lines.Length; li++)
            {
                newColumns.Add(NewColumn(m, lines[li]));
                newDistinct.Add([lines[li]]);
            }

            columns = newColumns;
            distinct = newDistinct;
        }

        return [.. columns.Select(c => c.Select(id => id < 0 ? null : similarity.Text(id)).ToArray())];
    }

    /// <summary>Best-scoring order-preserving matching of lines to columns (pairs in increasing order).</summary>
    private static List<(int Line, int Column)> Match(int[] lines, List<List<int>> columns, LineSimilarity similarity)
    {
        int n = lines.Length, m = columns.Count, width = m + 1;
        var buffers = _threadBuffers ??= new MatchBuffers();
        var match = buffers.Match(n * m);
        var score = buffers.Score((n + 1) * width);
        FillMatch(lines, columns, similarity, match, buffers.ByKey());

        // score[i * width + j]: best total of lines [0, i) against columns [0, j); row 0 and column 0 are zero.
        score[..width].Clear();
        for (var i = 1; i <= n; i++)
        {
            Row(score.Slice((i - 1) * width, width), match.Slice((i - 1) * m, m), score.Slice(i * width, width));
        }

        var pairs = new List<(int, int)>();
        int x = n, y = m;
        while (x > 0 && y > 0)
        {
            var s = match[((x - 1) * m) + y - 1];
            var here = score[(x * width) + y];
            if (!double.IsNegativeInfinity(s) && here == score[((x - 1) * width) + y - 1] + s)
            {
                pairs.Add((x - 1, y - 1));
                x--;
                y--;
            }
            else if (here == score[(x * width) + y - 1])
            {
                y--;
            }
            else
            {
                x--;
            }
        }

        pairs.Reverse();
        return pairs;
    }

    /// <summary>
    /// One row of the DP: row[j] = max(above[j], row[j − 1], above[j − 1] + cells[j − 1]). Totals are sums of scores ≥ 0
    /// starting at 0 (never NaN nor −0), and a cell that may not align is −∞, so its diagonal is −∞ and never wins: the
    /// plain maximum below gives exactly the values of a cell-by-cell <see cref="Math.Max(double, double)"/>. The first
    /// two terms are taken for a whole vector of cells at once, the running maximum along the row after.
    /// </summary>
    private static void Row(ReadOnlySpan<double> above, ReadOnlySpan<double> cells, Span<double> row)
    {
        var m = cells.Length;
        row[0] = 0;
        var j = 1;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j + Vector<double>.Count <= m + 1; j += Vector<double>.Count)
            {
                var diagonal = new Vector<double>(above[(j - 1)..]) + new Vector<double>(cells[(j - 1)..]);
                Vector.Max(new Vector<double>(above[j..]), diagonal).CopyTo(row[j..]);
            }
        }

        for (; j <= m; j++)
        {
            var diagonal = above[j - 1] + cells[j - 1];
            row[j] = diagonal > above[j] ? diagonal : above[j];
        }

        var left = row[0];
        for (j = 1; j <= m; j++)
        {
            if (left > row[j])
            {
                row[j] = left;
            }
            else
            {
                left = row[j];
            }
        }
    }

    /// <summary>
    /// match[i * m + j] = the best score of line i against any value of column j, −∞ when none may align. Only values
    /// with the line's alignment key can score (FROM lines, which align whatever their key, try every value), so each
    /// line looks only at those instead of at every column.
    /// </summary>
    private static void FillMatch(int[] lines, List<List<int>> columns, LineSimilarity similarity, Span<double> match, Dictionary<int, List<(int Column, int Value)>> byKey)
    {
        var m = columns.Count;
        match.Fill(double.NegativeInfinity);
        for (var j = 0; j < m; j++)
        {
            foreach (var v in columns[j])
            {
                var key = similarity.AlignmentKey(v);
                if (!byKey.TryGetValue(key, out var list))
                {
                    list = [];
                    byKey[key] = list;
                }

                list.Add((j, v));
            }
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var row = match.Slice(i * m, m);
            if (similarity.IsFromLine(line))
            {
                for (var j = 0; j < m; j++)
                {
                    foreach (var v in columns[j])
                    {
                        row[j] = Math.Max(row[j], similarity.Score(line, v));
                    }
                }
            }
            else if (byKey.TryGetValue(similarity.AlignmentKey(line), out var candidates))
            {
                foreach (var (j, v) in candidates)
                {
                    row[j] = Math.Max(row[j], similarity.Score(line, v));
                }
            }
        }
    }

    [ThreadStatic]
    private static MatchBuffers? _threadBuffers;

    /// <summary>The DP tables, kept per thread between calls: alignment runs thousands of times while clustering.</summary>
    private sealed class MatchBuffers
    {
        private double[] _match = [];
        private double[] _score = [];
        private readonly Dictionary<int, List<(int Column, int Value)>> _byKey = [];

        /// <summary>
        /// Column values by alignment key, emptied. The dictionary and its lists are kept (one alignment per member
        /// reuses them), but it only ever holds the keys of the last call: a thread aligns many families in turn.
        /// </summary>
        public Dictionary<int, List<(int Column, int Value)>> ByKey()
        {
            if (_byKey.Count > 256)
            {
                _byKey.Clear();
            }

            foreach (var list in _byKey.Values)
            {
                list.Clear();
            }

            return _byKey;
        }

        public Span<double> Match(int length) => Grow(ref _match, length);

        public Span<double> Score(int length) => Grow(ref _score, length);

        private static Span<double> Grow(ref double[] buffer, int length)
        {
            if (buffer.Length < length)
            {
                buffer = new double[Math.Max(length, buffer.Length * 2)];
            }

            return buffer.AsSpan(0, length);
        }
    }
}
