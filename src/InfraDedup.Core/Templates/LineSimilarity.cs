using System.Collections.Concurrent;

namespace InfraDedup.Core.Templates;

/// <summary>
/// How well two lines align (cached by interned line): 2 for equal lines, about 0.5–1 for similar ones, −∞ when they
/// must not. Similar means: same first word (and, for RUN/ENV/ARG/LABEL, the same second word: the command or key),
/// and at least half the tokens in common; FROM lines always may align.
/// <para>Safe to share between threads (template clustering builds drafts in parallel): interning takes a lock, and
/// reads go through a concurrent dictionary and an array that is only ever replaced by a longer copy. Scores are a
/// pure function of the two lines, remembered per thread (<see cref="ScoreMemo"/>): a score is the same whichever
/// thread computes it, and whether it was remembered or not.</para>
/// </summary>
internal sealed class LineSimilarity
{
    private static readonly HashSet<string> SecondWordMatters = new(StringComparer.OrdinalIgnoreCase) { "RUN", "ENV", "ARG", "LABEL" };

    private readonly Lock _gate = new();
    private static long _instances;

    /// <summary>Names this instance to the per-thread score tables without keeping it alive from them.</summary>
    private readonly long _instance = Interlocked.Increment(ref _instances);
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _keyIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _tokenIds = new(StringComparer.Ordinal);
    private Line[] _lines = new Line[256];
    private int _count;

    public int Intern(string line)
    {
        if (_ids.TryGetValue(line, out var id))
        {
            return id;
        }

        // Tokenizing is a pure function of the line, so it runs before the lock (threads interning different lines do
        // it at once); only the ids are assigned under the lock, in the same order as before.
        var split = Split(line);
        lock (_gate)
        {
            if (_ids.TryGetValue(line, out id))
            {
                return id;
            }

            id = _count;
            var lines = _lines;
            if (id == lines.Length)
            {
                Array.Resize(ref lines, lines.Length * 2);
            }

            lines[id] = Describe(line, split);

            // Publish the entry before the id: a reader that finds the id in _ids then finds its entry in _lines.
            Volatile.Write(ref _lines, lines);
            _count = id + 1;
            _ids[line] = id;
            return id;
        }
    }

    public string Text(int id) => LineOf(id).Text;

    /// <summary>
    /// The alignment key of a line: two lines can only share a column when their keys are equal (every FROM line has
    /// the same key, FROM lines always may align).
    /// </summary>
    public int KeyOf(string line)
    {
        var entry = LineOf(Intern(line));
        return entry.IsFrom ? -1 : entry.Key;
    }

    /// <summary>The key of an interned line: a line that is not FROM scores −∞ against every line of another key.</summary>
    public int AlignmentKey(int id) => LineOf(id).Key;

    /// <summary>Whether an interned line is a FROM line (those may align with any FROM line, whatever their keys).</summary>
    public bool IsFromLine(int id) => LineOf(id).IsFrom;

    public double Score(string a, string b) => Score(Intern(a), Intern(b));

    public double Score(int a, int b)
    {
        if (a == b)
        {
            return 2.0;
        }

        var la = LineOf(a);
        var lb = LineOf(b);

        // A FROM line scores −∞ against every other line (Compute: their first words differ, or the other has none);
        // the aligner asks it of a FROM line against every value of every column, so it is answered before the memo.
        if (la.IsFrom != lb.IsFrom || (la.Key != lb.Key && !la.IsFrom))
        {
            return double.NegativeInfinity;
        }

        var key = a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
        var memo = ScoreMemo.Of(_instance);
        if (memo.TryGet(key, out var remembered))
        {
            return remembered;
        }

        var result = Compute(la, lb);
        memo.Set(key, result);
        return result;
    }

    /// <summary>
    /// The score of two lines by the rules alone: no memo, and FROM lines against others left to <see cref="Compute"/>
    /// (tests compare it with <see cref="Score(int, int)"/>).
    /// </summary>
    internal double ComputeScore(int a, int b) =>
        a == b ? 2.0 : LineOf(a).Key != LineOf(b).Key && !LineOf(a).IsFrom ? double.NegativeInfinity : Compute(LineOf(a), LineOf(b));

    /// <summary>
    /// Scores of line pairs a thread computed, in a fixed table indexed by a hash of the pair (a pair that lands on a
    /// taken slot replaces its pair): lookups cost no lock and no allocation, unlike a shared dictionary with an entry
    /// object per pair, and most pairs are asked again soon after (the same lines against a column's values, member
    /// after member) or never again (a member's own values). A pair not found is computed, the same, so what the table
    /// holds changes no score. One table per thread, for the last instance that thread scored with.
    /// </summary>
    private sealed class ScoreMemo
    {
        private const int Bits = 16;

        [ThreadStatic]
        private static ScoreMemo? _ofThread;

        // Pair key + 1 in each taken slot (0: empty; pair keys are ≥ 0), and its score.
        private readonly long[] _keys = new long[1 << Bits];
        private readonly double[] _scores = new double[1 << Bits];
        private long _owner;

        public static ScoreMemo Of(long owner)
        {
            var memo = _ofThread ??= new ScoreMemo();
            if (memo._owner != owner)
            {
                // Ids belong to one instance: another instance's pairs mean other lines.
                Array.Clear(memo._keys);
                memo._owner = owner;
            }

            return memo;
        }

        public bool TryGet(long key, out double score)
        {
            var slot = Slot(key);
            if (_keys[slot] == key + 1)
            {
                score = _scores[slot];
                return true;
            }

            score = 0;
            return false;
        }

        public void Set(long key, double score)
        {
            var slot = Slot(key);
            _keys[slot] = key + 1;
            _scores[slot] = score;
        }

        // Fibonacci hashing: the pair's high bits (the smaller id) and low bits (the larger) both move the slot.
        private static int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> (64 - Bits));
    }

    private Line LineOf(int id) => Volatile.Read(ref _lines)[id];

    /// <summary>Tokens, words and alignment key text of a line: no ids, so it needs no lock.</summary>
    private static (string[] Tokens, string[] Words, string Key) Split(string line)
    {
        var tokens = LineTokens.Split(line).Where(t => t[0] is not ' ' and not '\t').ToArray();
        string[] words = [.. tokens.Where(LineTokens.IsWordToken)];

        // Lines can only align when this key is equal: first word (plus the command or key), or the first token.
        // ENV/ARG/LABEL lines align only with lines that set the same keys, so a value never swallows another assignment.
        var key = words.Length == 0 ? "\u0001" + (tokens.Length > 0 ? tokens[0] : string.Empty)
            : SecondWordMatters.Contains(words[0]) && words.Length > 1 ? words[0] + "\u0001" + words[1] + AssignedKeys(words[0], tokens) : words[0] + AssignedKeys(words[0], tokens);
        return (tokens, words, key);
    }

    /// <summary>The interned entry of a new line: its key and token ids (called under the lock: it assigns them).</summary>
    private Line Describe(string line, (string[] Tokens, string[] Words, string Key) split)
    {
        var (tokens, words, key) = split;
        if (!_keyIds.TryGetValue(key, out var keyId))
        {
            keyId = _keyIds.Count;
            _keyIds[key] = keyId;
        }

        var tokenIds = new int[tokens.Length];
        for (var t = 0; t < tokens.Length; t++)
        {
            if (!_tokenIds.TryGetValue(tokens[t], out tokenIds[t]))
            {
                tokenIds[t] = _tokenIds.Count;
                _tokenIds[tokens[t]] = tokenIds[t];
            }
        }

        return new Line(line, tokens, tokenIds, words, keyId, words.Length > 0 && words[0].Equals("FROM", StringComparison.OrdinalIgnoreCase));
    }

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

    private static double Compute(Line a, Line b)
    {
        var ta = a.Tokens;
        var tb = b.Tokens;
        if (ta.Length == 0 || tb.Length == 0)
        {
            return double.NegativeInfinity;
        }

        var wa = a.Words;
        var wb = b.Words;
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

        var dice = 2.0 * LineTokens.LcsLength(a.TokenIds, b.TokenIds) / (ta.Length + tb.Length);
        var isFrom = wa.Length > 0 && wa[0].Equals("FROM", StringComparison.OrdinalIgnoreCase);
        return dice >= 0.5 || isFrom ? 0.5 + (dice / 2) : double.NegativeInfinity;
    }

    /// <summary>An interned line: its text, tokens without whitespace (and their interned ids: equal ids, equal tokens), word tokens, key id and whether it is FROM.</summary>
    private sealed record Line(string Text, string[] Tokens, int[] TokenIds, string[] Words, int Key, bool IsFrom);
}
