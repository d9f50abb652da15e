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
        int n = lines.Length, m = columns.Count;
        var score = new double[n + 1, m + 1];
        var match = new double[n, m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var best = double.NegativeInfinity;
                foreach (var v in columns[j])
                {
                    best = Math.Max(best, similarity.Score(lines[i], v));
                }

                match[i, j] = best;
            }
        }

        for (var i = 1; i <= n; i++)
        {
            for (var j = 1; j <= m; j++)
            {
                var best = Math.Max(score[i - 1, j], score[i, j - 1]);
                var s = match[i - 1, j - 1];
                if (!double.IsNegativeInfinity(s))
                {
                    best = Math.Max(best, score[i - 1, j - 1] + s);
                }

                score[i, j] = best;
            }
        }

        var pairs = new List<(int, int)>();
        int x = n, y = m;
        while (x > 0 && y > 0)
        {
            var s = match[x - 1, y - 1];
            if (!double.IsNegativeInfinity(s) && score[x, y] == score[x - 1, y - 1] + s)
            {
                pairs.Add((x - 1, y - 1));
                x--;
                y--;
            }
            else if (score[x, y] == score[x, y - 1])
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
}

/// <summary>
/// How well two lines align (cached by interned line): 2 for equal lines, about 0.5–1 for similar ones, −∞ when they
/// must not. Similar means: same first word (and, for RUN/ENV/ARG/LABEL, the same second word: the command or key),
/// and at least half the tokens in common; FROM lines always may align.
/// </summary>
internal sealed class LineSimilarity
{
    private static readonly HashSet<string> SecondWordMatters = new(StringComparer.OrdinalIgnoreCase) { "RUN", "ENV", "ARG", "LABEL" };

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _texts = [];
    private readonly List<string[]> _tokens = [];
    private readonly List<string[]> _words = [];
    private readonly List<int> _keys = [];
    private readonly List<bool> _isFrom = [];
    private readonly Dictionary<string, int> _keyIds = new(StringComparer.Ordinal);
    private readonly Dictionary<long, double> _cache = [];

    public int Intern(string line)
    {
        if (!_ids.TryGetValue(line, out var id))
        {
            id = _texts.Count;
            _ids[line] = id;
            _texts.Add(line);
            var tokens = LineTokens.Split(line).Where(t => t[0] is not ' ' and not '\t').ToArray();
            _tokens.Add(tokens);
            string[] words = [.. tokens.Where(LineTokens.IsWordToken)];
            _words.Add(words);

            // Lines can only align when this key is equal: first word (plus the command or key), or the first token.
            // ENV/ARG/LABEL lines align only with lines that set the same keys, so a value never swallows another assignment.
            var key = words.Length == 0 ? "\u0001" + (tokens.Length > 0 ? tokens[0] : string.Empty)
                : SecondWordMatters.Contains(words[0]) && words.Length > 1 ? words[0] + "\u0001" + words[1] + AssignedKeys(words[0], tokens) : words[0] + AssignedKeys(words[0], tokens);
            if (!_keyIds.TryGetValue(key, out var keyId))
            {
                keyId = _keyIds.Count;
                _keyIds[key] = keyId;
            }

            _keys.Add(keyId);
            _isFrom.Add(words.Length > 0 && words[0].Equals("FROM", StringComparison.OrdinalIgnoreCase));
        }

        return id;
    }

    public string Text(int id) => _texts[id];

    private static string AssignedKeys(string instruction, string[] tokens)
    {
        if (instruction.Equals("RUN", StringComparison.OrdinalIgnoreCase))
        {
            return string.Empty;
        }

        // KEY= outside quotes (ENV A="x" B="y", or a shell line setting arch=… ; OPENSSL_ARCH=…).
        var keys = new System.Text.StringBuilder();
        var quote = string.Empty;
        for (var t = 1; t + 1 < tokens.Length; t++)
        {
            if (tokens[t] is "\"" or "'")
            {
                quote = quote.Length == 0 ? tokens[t] : quote == tokens[t] ? string.Empty : quote;
            }
            else if (quote.Length == 0 && tokens[t + 1] == "=" && LineTokens.IsWordToken(tokens[t]) && tokens[t - 1] is not "=" and not ":" and not "/" and not "-")
            {
                keys.Append('\u0001').Append(tokens[t]);
            }
        }

        return keys.ToString();
    }

    /// <summary>
    /// The alignment key of a line: two lines can only share a column when their keys are equal (every FROM line has
    /// the same key, FROM lines always may align).
    /// </summary>
    public int KeyOf(string line)
    {
        var id = Intern(line);
        return _isFrom[id] ? -1 : _keys[id];
    }

    public double Score(string a, string b) => Score(Intern(a), Intern(b));

    public double Score(int a, int b)
    {
        if (a == b)
        {
            return 2.0;
        }

        if (_keys[a] != _keys[b] && !IsFrom(a))
        {
            return double.NegativeInfinity;
        }

        var key = a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = Compute(a, b);
        _cache[key] = result;
        return result;
    }

    private bool IsFrom(int id) => _isFrom[id];

    private double Compute(int a, int b)
    {
        var ta = _tokens[a];
        var tb = _tokens[b];
        if (ta.Length == 0 || tb.Length == 0)
        {
            return double.NegativeInfinity;
        }

        var wa = _words[a];
        var wb = _words[b];
        if (wa.Length == 0 || wb.Length == 0)
        {
            if (wa.Length != wb.Length || !string.Equals(ta[0], tb[0], StringComparison.Ordinal))
            {
                return double.NegativeInfinity;
            }
        }
        else
        {
            if (!string.Equals(wa[0], wb[0], StringComparison.Ordinal))
            {
                return double.NegativeInfinity;
            }

            if (SecondWordMatters.Contains(wa[0]) && wa.Length > 1 && wb.Length > 1 && !string.Equals(wa[1], wb[1], StringComparison.Ordinal))
            {
                return double.NegativeInfinity;
            }
        }

        var dice = 2.0 * LineTokens.LcsLength(ta, tb) / (ta.Length + tb.Length);
        var isFrom = wa.Length > 0 && wa[0].Equals("FROM", StringComparison.OrdinalIgnoreCase);
        return dice >= 0.5 || isFrom ? 0.5 + (dice / 2) : double.NegativeInfinity;
    }
}
