using System.IO.Hashing;
using System.Runtime.InteropServices;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Similarity;

/// <summary>
/// One token of a comparison unit: its text as written (<see cref="Text"/>), its Type-2 form with literals and
/// identifiers abstracted (<see cref="Abstract"/>), and whether it is printed after a space.
/// </summary>
internal readonly record struct UnitToken(string Text, string Abstract, bool SpaceBefore);

/// <summary>
/// A comparison unit: a Dockerfile instruction (<see cref="Head"/> = upper-case keyword) or a script statement
/// (no head). <see cref="Key"/> decides which units may be aligned with each other: the keyword, or the
/// statement's command, keyword or assigned name. Layout and comments are already gone.
/// </summary>
internal sealed record Unit(string Head, UnitToken[] Tokens, string Key)
{
    private ulong? _concrete;
    private ulong? _abstract;

    /// <summary>Hash of the tokens as written.</summary>
    public ulong ConcreteHash => _concrete ??= UnitBuilder.StreamHash(UnitBuilder.StreamHashes([this], abstractValues: false));

    /// <summary>Hash of the abstracted tokens.</summary>
    public ulong AbstractHash => _abstract ??= UnitBuilder.StreamHash(UnitBuilder.StreamHashes([this], abstractValues: true));

    /// <summary>Printed form (tokens joined with single spaces where the source had any).</summary>
    public string Render() => Render(0, Tokens.Length, null);

    /// <summary>
    /// A short form for diffs: the head, up to <paramref name="context"/> tokens before the slot, the slot
    /// replaced by <paramref name="replacement"/>, and "…" when tokens follow.
    /// </summary>
    public string RenderSlot(int start, int length, string replacement, int context = 2)
    {
        var from = Math.Max(0, start - context);
        var window = new Unit(Head, Tokens[from..Math.Min(Tokens.Length, start + length)], Key);
        var text = window.Render(start - from, length, replacement);
        if (from > 0)
        {
            text = Head.Length > 0 ? Head + " … " + text[Head.Length..].TrimStart() : "… " + text;
        }

        return start + length < Tokens.Length ? text + " …" : text;
    }

    /// <summary>Printed form with tokens [start, start+length) replaced by <paramref name="replacement"/>.</summary>
    public string Render(int start, int length, string? replacement)
    {
        var sb = new System.Text.StringBuilder();
        if (Head.Length > 0)
        {
            sb.Append(Head);
        }

        for (var i = 0; i <= Tokens.Length; i++)
        {
            if (i == start && replacement is not null)
            {
                var space = i < Tokens.Length ? Tokens[i].SpaceBefore : true;
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(replacement);
            }

            if (i == Tokens.Length)
            {
                break;
            }

            if (replacement is not null && i >= start && i < start + length)
            {
                continue;
            }

            if (Tokens[i].SpaceBefore && sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(Tokens[i].Text);
        }

        return sb.ToString();
    }
}

/// <summary>
/// The streams of a script as <see cref="UnitBuilder.ScriptStreams"/> gives them: unit i has key id
/// <see cref="Keys"/>[i] and its tokens at [<see cref="Starts"/>[i], <see cref="Ends"/>[i]) of both streams.
/// </summary>
internal sealed record ScriptStreamHashes(ulong[] Concrete, ulong[] Abstract, ulong[] Keys, int[] Starts, int[] Ends);

/// <summary>Turns Dockerfiles and scripts into unit sequences (the common input of hashing and alignment).</summary>
internal static class UnitBuilder
{
    private const string Str = TokenNormalizer.StringPlaceholder;
    private const string Num = TokenNormalizer.NumberPlaceholder;

    /// <summary>Instruction units of a Dockerfile and its FROM signature (the base images, in order).</summary>
    public static (Unit[] Units, string Signature) FromDockerfile(DockerfileDocument document)
    {
        var writer = new UnitList(document.Instructions.Count);
        var signature = WalkDockerfile(document, ref writer);
        return ([.. writer.Units], signature);
    }

    /// <summary>
    /// What <see cref="FromDockerfile"/> and then <see cref="StreamHashes"/> (in both views) would give, without a unit
    /// or a string per token: both streams, each unit's key id and token range (after its head's hash), and the
    /// FROM signature.
    /// </summary>
    public static (ScriptStreamHashes Streams, string Signature) DockerfileStreams(DockerfileDocument document)
    {
        var writer = new StreamWriter(StreamScratch.Rent());
        var signature = WalkDockerfile(document, ref writer);
        return (writer.Finish(), signature);
    }

    /// <summary>The one walk over a Dockerfile's instructions that both writers share, so units and streams cannot disagree.</summary>
    private static string WalkDockerfile<TWriter>(DockerfileDocument document, ref TWriter w)
        where TWriter : struct, IUnitWriter
    {
        var froms = new List<string>();
        foreach (var ins in document.Instructions)
        {
            w.Begin(ins.Name);
            foreach (var flag in ins.Flags)
            {
                w.Token(flag, flag, true);
            }

            switch (ins)
            {
                case FromInstruction from:
                    froms.Add(from.Image.ToLowerInvariant());
                    AddWords(ref w, ins.Arguments, abstractValues: false);
                    break;
                case KeyValueInstruction kv:
                    foreach (var pair in kv.Pairs)
                    {
                        w.Token(pair.Key, pair.Key, true);
                        w.Token("=", "=", false);
                        w.Token(pair.Value, Str, false);
                    }

                    break;
                case ArgInstruction arg:
                    foreach (var d in arg.Declarations)
                    {
                        w.Token(d.Name, d.Name, true);
                        if (d.DefaultValue is not null)
                        {
                            w.Token("=", "=", false);
                            w.Token(d.DefaultValue, Str, false);
                        }
                    }

                    break;
                case ListInstruction list when list.Name == "EXPOSE":
                    foreach (var v in list.Values)
                    {
                        w.Token(v, Num, true);
                    }

                    break;
                case FileTransferInstruction:
                    AddWords(ref w, ins.Arguments, abstractValues: true);
                    break;
                case CommandInstruction cmd:
                    AddCommand(ref w, cmd.IsJson, cmd.CommandParts);
                    foreach (var hd in ins.Heredocs)
                    {
                        AddShell(ref w, hd.Content);
                    }

                    break;
                case HealthcheckInstruction hc:
                    var type = hc.Type ?? string.Empty;
                    w.Token(type.ToUpperInvariant(), type.ToUpperInvariant(), true);
                    AddCommand(ref w, ins.IsJson, hc.Command);
                    break;
                default:
                    AddWords(ref w, ins.Arguments, abstractValues: false);
                    break;
            }

            w.End(ins.Name, ins.Name);
        }

        return string.Join(' ', froms);
    }

    /// <summary>Statement units of a shell script.</summary>
    public static Unit[] FromShell(string text) =>
        FromNormalized(TokenNormalizer.Normalize(ShellTokenizer.Tokenize(text)));

    /// <summary>Statement units of a Python file.</summary>
    public static Unit[] FromPython(string text) =>
        FromNormalized(TokenNormalizer.Normalize(PythonTokenizer.Tokenize(text)));

    /// <summary>Hashes of the unit stream: head, tokens (abstract or as written), then an end marker per unit.</summary>
    public static ulong[] StreamHashes(IReadOnlyList<Unit> units, bool abstractValues)
    {
        // Sized first: the stream is written once into its final array (no list growth and copy per file).
        var count = 0;
        foreach (var u in units)
        {
            count += (u.Head.Length > 0 ? 1 : 0) + u.Tokens.Length + 1;
        }

        var hashes = new ulong[count];
        var n = 0;
        foreach (var u in units)
        {
            if (u.Head.Length > 0)
            {
                hashes[n++] = Hash(u.Head, 1);
            }

            foreach (var t in u.Tokens)
            {
                hashes[n++] = Hash(abstractValues ? t.Abstract : t.Text, 2);
            }

            hashes[n++] = EndMarker;
        }

        return hashes;
    }

    /// <summary>Closes every unit in a stream.</summary>
    internal const ulong EndMarker = 0x5EB5EB5EB5EB5EB5UL;

    /// <summary>
    /// What <see cref="FromShell"/>/<see cref="FromPython"/> and then <see cref="StreamHashes"/> (in both views) would
    /// give for a normalized script, without building units or a string per token: both streams, and per unit its key
    /// id (<see cref="UnitKeys"/>) and where its tokens are in the streams (script units have no head; each is followed
    /// by the end marker).
    /// </summary>
    public static ScriptStreamHashes ScriptStreams(IReadOnlyList<NormalizedToken> stream) => WriteScriptStreams(stream);

    /// <summary>
    /// <see cref="ScriptStreams(IReadOnlyList{NormalizedToken})"/> of a shell script, tokenized and normalized into the
    /// thread's spare lists (both are read once here, so neither need be a fresh list per script).
    /// </summary>
    public static ScriptStreamHashes ShellScriptStreams(string script)
    {
        var tokens = ShellTokenizer.TokenizeShared(script);
        var stream = TokenNormalizer.NormalizeShared(tokens);
        ShellTokenizer.ReturnShared(tokens);
        var streams = WriteScriptStreams(stream);
        TokenNormalizer.ReturnShared(stream);
        return streams;
    }

    private static ScriptStreamHashes WriteScriptStreams(IReadOnlyList<NormalizedToken> stream)
    {
        var scratch = StreamScratch.Rent();
        var (concrete, abstracted, keys, starts, ends) = (scratch.Concrete, scratch.Abstract, scratch.Keys, scratch.Starts, scratch.Ends);
        var open = false;

        void Close()
        {
            if (open)
            {
                ends.Add(concrete.Count);
                concrete.Add(EndMarker);
                abstracted.Add(EndMarker);
                open = false;
            }
        }

        foreach (var t in stream)
        {
            switch (t.Kind)
            {
                case NormalizedTokenKind.Separator:
                    Close();
                    continue;
                case NormalizedTokenKind.Indent or NormalizedTokenKind.Dedent:
                    Close();
                    keys.Add(UnitKeys.Of(t.Value.Span));
                    starts.Add(concrete.Count);
                    var hash = Hash(t.Value.Span, 2);
                    concrete.Add(hash);
                    abstracted.Add(hash);
                    open = true;
                    Close();
                    continue;
            }

            var abstractText = AbstractSpan(t);
            if (!open)
            {
                open = true;
                starts.Add(concrete.Count);
                keys.Add(UnitKeys.Of(t.Kind is NormalizedTokenKind.Keyword or NormalizedTokenKind.Command or NormalizedTokenKind.Identifier ? t.Value.Span : abstractText));
            }

            concrete.Add(Hash(t.Value.Span, 2));
            abstracted.Add(Hash(abstractText, 2));
        }

        Close();
        return StreamScratch.Finish(scratch);
    }

    /// <summary>One hash of a whole stream (order-sensitive).</summary>
    public static ulong StreamHash(ReadOnlySpan<ulong> hashes) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(hashes));

    private static ulong Hash(string text, long seed) => Hash(text.AsSpan(), seed);

    private static ulong Hash(ReadOnlySpan<char> text, long seed) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text), seed);

    /// <summary><see cref="AbstractOf"/> without a string.</summary>
    private static ReadOnlySpan<char> AbstractSpan(NormalizedToken t) => t.Kind switch
    {
        NormalizedTokenKind.Identifier => TokenNormalizer.IdentifierPlaceholder,
        NormalizedTokenKind.String or NormalizedTokenKind.Word => Str,
        NormalizedTokenKind.Number => Num,
        _ => t.Value.Span,
    };

    private static void AddWords<TWriter>(ref TWriter w, IReadOnlyList<string> words, bool abstractValues)
        where TWriter : struct, IUnitWriter
    {
        foreach (var word in words)
        {
            w.Token(word, abstractValues ? Str : word, true);
        }
    }

    private static void AddCommand<TWriter>(ref TWriter w, bool isJson, IReadOnlyList<string> parts)
        where TWriter : struct, IUnitWriter
    {
        if (isJson)
        {
            w.Token("[", "[", true);
            for (var i = 0; i < parts.Count; i++)
            {
                var quoted = "\"" + parts[i] + "\"";
                w.Token(i == 0 ? quoted : ", " + quoted, Str, false);
            }

            w.Token("]", "]", false);
            return;
        }

        foreach (var p in parts)
        {
            AddShell(ref w, p);
        }
    }

    private static void AddShell<TWriter>(ref TWriter w, string command)
        where TWriter : struct, IUnitWriter
    {
        var tokens = ShellTokenizer.TokenizeShared(command);
        var normalized = TokenNormalizer.NormalizeShared(tokens);
        ShellTokenizer.ReturnShared(tokens); // the normalized tokens slice the command's text, not the tokens
        var first = true;
        var end = -1;
        foreach (var t in normalized)
        {
            w.Token(t, first || t.Span.Offset > end);
            end = Math.Max(end, t.Span.End);
            first = false;
        }

        TokenNormalizer.ReturnShared(normalized);
    }

    private static Unit[] FromNormalized(IReadOnlyList<NormalizedToken> stream)
    {
        var units = new List<Unit>();
        var current = new List<UnitToken>();
        var end = -1;
        string? head = null;

        void Flush()
        {
            if (current.Count > 0)
            {
                units.Add(new Unit(string.Empty, [.. current], head ?? string.Empty));
                current.Clear();
            }

            head = null;
        }

        foreach (var t in stream)
        {
            switch (t.Kind)
            {
                case NormalizedTokenKind.Separator:
                    Flush();
                    continue;
                case NormalizedTokenKind.Indent or NormalizedTokenKind.Dedent:
                    Flush();
                    units.Add(new Unit(string.Empty, [new UnitToken(t.Text, t.Text, false)], t.Text));
                    continue;
            }

            var text = TokenTexts.Of(t.Value.Span);
            head ??= t.Kind is NormalizedTokenKind.Keyword or NormalizedTokenKind.Command or NormalizedTokenKind.Identifier ? text : AbstractOf(t);
            current.Add(new UnitToken(text, AbstractOf(t), current.Count > 0 && t.Span.Offset > end));
            end = Math.Max(end, t.Span.End);
        }

        Flush();
        return [.. units];
    }

    private static string AbstractOf(NormalizedToken t) => t.Kind switch
    {
        NormalizedTokenKind.Identifier => TokenNormalizer.IdentifierPlaceholder,
        NormalizedTokenKind.String or NormalizedTokenKind.Word => Str,
        NormalizedTokenKind.Number => Num,
        _ => TokenTexts.Of(t.Value.Span),
    };

    /// <summary>Where <see cref="WalkDockerfile"/> puts each instruction's tokens.</summary>
    private interface IUnitWriter
    {
        void Begin(string head);

        void Token(string text, string abstractText, bool spaceBefore);

        void Token(NormalizedToken token, bool spaceBefore);

        void End(string head, string key);
    }

    /// <summary>Units with their tokens as strings.</summary>
    private struct UnitList(int capacity) : IUnitWriter
    {
        private readonly List<UnitToken> _tokens = [];

        public List<Unit> Units { get; } = new(capacity);

        public readonly void Begin(string head) => _tokens.Clear();

        public readonly void Token(string text, string abstractText, bool spaceBefore) => _tokens.Add(new UnitToken(text, abstractText, spaceBefore));

        public readonly void Token(NormalizedToken token, bool spaceBefore) => _tokens.Add(new UnitToken(TokenTexts.Of(token.Value.Span), AbstractOf(token), spaceBefore));

        public readonly void End(string head, string key) => Units.Add(new Unit(head, [.. _tokens], key));
    }

    /// <summary>
    /// The hashes <see cref="StreamHashes"/> gives for the units <see cref="UnitList"/> builds, in both views: the head
    /// (seed 1), each token (seed 2), the end marker; token texts are hashed where they lie.
    /// </summary>
    private struct StreamWriter(StreamScratch scratch) : IUnitWriter
    {
        private readonly List<ulong> _concrete = scratch.Concrete;
        private readonly List<ulong> _abstract = scratch.Abstract;
        private readonly List<ulong> _keys = scratch.Keys;
        private readonly List<int> _starts = scratch.Starts;
        private readonly List<int> _ends = scratch.Ends;

        public readonly void Begin(string head)
        {
            if (head.Length > 0)
            {
                var h = Hash(head, 1);
                _concrete.Add(h);
                _abstract.Add(h);
            }

            _starts.Add(_concrete.Count);
        }

        public readonly void Token(string text, string abstractText, bool spaceBefore)
        {
            _concrete.Add(Hash(text, 2));
            _abstract.Add(Hash(abstractText, 2));
        }

        public readonly void Token(NormalizedToken token, bool spaceBefore)
        {
            _concrete.Add(Hash(token.Value.Span, 2));
            _abstract.Add(Hash(AbstractSpan(token), 2));
        }

        public readonly void End(string head, string key)
        {
            _keys.Add(UnitKeys.Of(key));
            _ends.Add(_concrete.Count);
            _concrete.Add(EndMarker);
            _abstract.Add(EndMarker);
        }

        public readonly ScriptStreamHashes Finish() => StreamScratch.Finish(scratch);
    }

    /// <summary>
    /// The growing lists of one stream build, kept per thread: a build ends in right-sized arrays, so the lists (and
    /// their growth) need not be paid again for every script and Dockerfile of a tree.
    /// </summary>
    private sealed class StreamScratch
    {
        /// <summary>Lists that grew past this many hashes are not kept (one huge file must not pin its arrays).</summary>
        private const int MaxKept = 1 << 15;

        [ThreadStatic]
        private static StreamScratch? _spare;

        public List<ulong> Concrete { get; } = new(256);

        public List<ulong> Abstract { get; } = new(256);

        public List<ulong> Keys { get; } = new(32);

        public List<int> Starts { get; } = new(32);

        public List<int> Ends { get; } = new(32);

        /// <summary>This thread's spare lists, empty (a build started during another gets its own).</summary>
        public static StreamScratch Rent()
        {
            var scratch = _spare ?? new StreamScratch();
            _spare = null;
            return scratch;
        }

        /// <summary>The streams as arrays; the lists are emptied and kept for the thread's next build.</summary>
        public static ScriptStreamHashes Finish(StreamScratch scratch)
        {
            var streams = new ScriptStreamHashes([.. scratch.Concrete], [.. scratch.Abstract], [.. scratch.Keys], [.. scratch.Starts], [.. scratch.Ends]);
            if (scratch.Concrete.Capacity <= MaxKept)
            {
                scratch.Concrete.Clear();
                scratch.Abstract.Clear();
                scratch.Keys.Clear();
                scratch.Starts.Clear();
                scratch.Ends.Clear();
                _spare = scratch;
            }

            return streams;
        }
    }
}

/// <summary>
/// One string per distinct short token text on each thread: the same commands, options and operators recur in
/// thousands of files (<c>apt-get</c>, <c>-y</c>, <c>&amp;&amp;</c>), and the units of every file of a family run stay in
/// memory, so sharing their texts saves both the allocation and the heap the collector walks. Strings are immutable
/// and compared by value, so a shared one is indistinguishable from a fresh copy.
/// </summary>
internal static class TokenTexts
{
    /// <summary>Longer texts (a long URL, a quoted script) rarely recur: they are not kept.</summary>
    private const int MaxLength = 48;

    /// <summary>A thread's table is dropped when it grows this large (unbounded input must not grow it forever).</summary>
    private const int MaxEntries = 1 << 15;

    [ThreadStatic]
    private static HashSet<string>? _threadTexts;

    /// <summary>The text of <paramref name="span"/> as a string, shared with earlier equal texts of this thread.</summary>
    public static string Of(ReadOnlySpan<char> span)
    {
        if (span.Length == 0)
        {
            return string.Empty;
        }

        if (span.Length > MaxLength)
        {
            return span.ToString();
        }

        var texts = _threadTexts ??= new HashSet<string>(StringComparer.Ordinal);
        var lookup = texts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(span, out var known))
        {
            return known;
        }

        if (texts.Count >= MaxEntries)
        {
            texts.Clear();
        }

        var text = span.ToString();
        texts.Add(text);
        return text;
    }
}
