using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Similarity;

/// <summary>
/// <see cref="UnitBuilder.ScriptStreams"/> of a Python file straight from its text: the lexer hands each token to
/// <see cref="Sink"/>, which applies <see cref="TokenNormalizer"/>'s rules (exact options) and
/// <see cref="UnitBuilder.ScriptStreams"/>' unit rules as it goes and hashes the token's text where it lies. No token
/// objects, no token lists, no line numbers; the growing arrays are per-thread scratch reused from file to file.
/// The result is the same as the three-step path's (tests compare them on random input).
/// </summary>
internal static class PythonStreams
{
    private const ulong EndMarker = UnitBuilder.EndMarker;

    private static readonly ulong IdHash = Hash(TokenNormalizer.IdentifierPlaceholder);
    private static readonly ulong StrHash = Hash(TokenNormalizer.StringPlaceholder);
    private static readonly ulong NumHash = Hash(TokenNormalizer.NumberPlaceholder);
    private static readonly ulong IndentHash = Hash(TokenNormalizer.IndentText);
    private static readonly ulong DedentHash = Hash(TokenNormalizer.DedentText);

    [ThreadStatic]
    private static Scratch? _scratch;

    public static ScriptStreamHashes Build(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = _scratch ??= new Scratch();
        var sink = new Sink(scratch);
        PythonTokenizer.Scan(text.AsSpan(), ref sink);
        return sink.Finish();
    }

    /// <summary>
    /// What a members-only fingerprint keeps of a Python file, straight from the scratch streams: both stream hashes
    /// (each hashed once; the view's is one of them), the view's distinct shingles and, for the aligned measure, the
    /// profile (which keeps a copy of the view stream). The other view's stream is never copied out of the scratch.
    /// Equal to hashing <see cref="Build"/>'s arrays (tests compare them).
    /// </summary>
    public static ScriptViewPrint Fingerprint(string text, bool abstractView, int shingleSize, bool withProfile)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Fingerprint(text.AsSpan(), abstractView, shingleSize, withProfile);
    }

    /// <summary><see cref="Fingerprint(string, bool, int, bool)"/> of text in a buffer (a file decoded into per-thread scratch).</summary>
    public static ScriptViewPrint Fingerprint(ReadOnlySpan<char> text, bool abstractView, int shingleSize, bool withProfile)
    {
        var scratch = _scratch ??= new Scratch();
        var sink = new Sink(scratch);
        PythonTokenizer.Scan(text, ref sink);
        return sink.Summarize(abstractView, shingleSize, withProfile);
    }

    private static ulong Hash(ReadOnlySpan<char> text) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text), 2);

    /// <summary>Growable buffers of one thread, kept between files (a scan's largest file sizes them once).</summary>
    private sealed class Scratch
    {
        public ulong[] Concrete = new ulong[1024];
        public ulong[] Abstract = new ulong[1024];
        public ulong[] Keys = new ulong[256];
        public int[] Starts = new int[256];
        public int[] Ends = new int[256];
    }

    private struct Sink : IPythonSpanTokenSink
    {
        private readonly Scratch _s;
        private int _tokens;
        private int _units;
        private bool _open;

        /// <summary>Some normalized token was produced (the normalizer drops a separator before the first one).</summary>
        private bool _any;

        /// <summary>The last normalized token is one after which the normalizer adds no separator.</summary>
        private bool _lastBlocksSeparator;

        public Sink(Scratch scratch) => _s = scratch;

        public void Emit(ReadOnlySpan<char> source, PythonTokenKind kind, int offset, int length, string? indentation)
        {
            switch (kind)
            {
                case PythonTokenKind.Newline:
                    if (_any && !_lastBlocksSeparator)
                    {
                        Close();
                        _lastBlocksSeparator = true; // a separator now ends the stream
                    }

                    return;
                case PythonTokenKind.Indent:
                    Layout(TokenNormalizer.IndentText, IndentHash);
                    return;
                case PythonTokenKind.Dedent:
                    Layout(TokenNormalizer.DedentText, DedentHash);
                    return;
                case PythonTokenKind.Name:
                    {
                        var name = source.Slice(offset, length);
                        if (TokenNormalizer.IsPythonKeyword(name))
                        {
                            var h = Hash(name);
                            Add(name, h, h);
                            _lastBlocksSeparator = name is "then" or "do" or "else" or "{" or "in";
                        }
                        else
                        {
                            Add(name, Hash(name), IdHash);
                            _lastBlocksSeparator = false;
                        }

                        return;
                    }

                case PythonTokenKind.Number:
                    Add(TokenNormalizer.NumberPlaceholder, Hash(source.Slice(offset, length)), NumHash);
                    _lastBlocksSeparator = false;
                    return;
                case PythonTokenKind.String:
                    Add(TokenNormalizer.StringPlaceholder, Hash(source.Slice(offset, length)), StrHash);
                    _lastBlocksSeparator = false;
                    return;
                case PythonTokenKind.Op:
                    {
                        var op = source.Slice(offset, length);
                        var h = Hash(op);
                        Add(op, h, h);
                        _lastBlocksSeparator = op is "&&" or "||" or "|" or "|&" or "(" or ";;" or ";&" or ";;&";
                        return;
                    }

                case PythonTokenKind.ErrorToken:
                    {
                        var other = source.Slice(offset, length);
                        var h = Hash(other);
                        Add(other, h, h);
                        _lastBlocksSeparator = false;
                        return;
                    }

                default:
                    return; // comments, line feeds inside statements, whitespace, continuations, the end marker
            }
        }

        public ScriptStreamHashes Finish()
        {
            Close();
            return new ScriptStreamHashes(
                _s.Concrete.AsSpan(0, _tokens).ToArray(),
                _s.Abstract.AsSpan(0, _tokens).ToArray(),
                _s.Keys.AsSpan(0, _units).ToArray(),
                _s.Starts.AsSpan(0, _units).ToArray(),
                _s.Ends.AsSpan(0, _units).ToArray());
        }

        public ScriptViewPrint Summarize(bool abstractView, int shingleSize, bool withProfile)
        {
            Close();
            ReadOnlySpan<ulong> concrete = _s.Concrete.AsSpan(0, _tokens);
            ReadOnlySpan<ulong> abstracted = _s.Abstract.AsSpan(0, _tokens);
            var concreteHash = UnitBuilder.StreamHash(concrete);
            var abstractHash = UnitBuilder.StreamHash(abstracted);
            var view = abstractView ? abstracted : concrete;
            var profile = withProfile
                ? AlignProfile.FromStream(
                    _s.Keys.AsSpan(0, _units).ToArray(),
                    view.ToArray(),
                    _s.Starts.AsSpan(0, _units).ToArray(),
                    _s.Ends.AsSpan(0, _units).ToArray())
                : null;
            return new ScriptViewPrint(
                abstractView ? abstractHash : concreteHash,
                concreteHash,
                abstractHash,
                _units,
                ShingleSet.DistinctShingles(view, shingleSize),
                profile);
        }

        /// <summary>An indent or dedent: a unit of its own (closing the open one), keyed by its text.</summary>
        private void Layout(string text, ulong hash)
        {
            Close();
            Open(text);
            Push(hash, hash);
            Close();
            _any = true;
            _lastBlocksSeparator = true;
        }

        /// <summary>A token of a statement; <paramref name="key"/> is the unit's key if it opens one.</summary>
        private void Add(ReadOnlySpan<char> key, ulong concrete, ulong abstracted)
        {
            if (!_open)
            {
                Open(key);
            }

            Push(concrete, abstracted);
            _any = true;
        }

        private void Open(ReadOnlySpan<char> key)
        {
            if (_units == _s.Keys.Length)
            {
                var size = _units * 2;
                Array.Resize(ref _s.Keys, size);
                Array.Resize(ref _s.Starts, size);
                Array.Resize(ref _s.Ends, size);
            }

            _s.Keys[_units] = UnitKeys.Of(key);
            _s.Starts[_units] = _tokens;
            _open = true;
        }

        private void Push(ulong concrete, ulong abstracted)
        {
            if (_tokens == _s.Concrete.Length)
            {
                Array.Resize(ref _s.Concrete, _tokens * 2);
                Array.Resize(ref _s.Abstract, _tokens * 2);
            }

            _s.Concrete[_tokens] = concrete;
            _s.Abstract[_tokens] = abstracted;
            _tokens++;
        }

        private void Close()
        {
            if (_open)
            {
                _s.Ends[_units++] = _tokens;
                Push(EndMarker, EndMarker);
                _open = false;
            }
        }
    }
}

/// <summary>A script's members-only fingerprint parts (see <see cref="PythonStreams.Fingerprint"/>).</summary>
internal sealed record ScriptViewPrint(ulong ViewHash, ulong ConcreteHash, ulong AbstractHash, int UnitCount, ulong[] Shingles, AlignProfile? Profile);

/// <summary>
/// A file read and decoded as UTF-8 into buffers of the calling thread, reused from file to file: the text is valid
/// until the thread's next <see cref="Read"/>. The same bytes and characters as
/// <c>Encoding.UTF8.GetString(ReadFaults.ReadAllBytes(path))</c>, with the same errors.
/// </summary>
internal static class DecodedFile
{
    /// <summary>Buffers above this size are used once and not kept (one large file must not hold memory for the rest of the run).</summary>
    private const int KeptBufferLimit = 1 << 20;

    [ThreadStatic]
    private static byte[]? _bytes;

    [ThreadStatic]
    private static char[]? _chars;

    public static ReadOnlySpan<char> Read(string path)
    {
        Inventory.ReadFaults.Check(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new IOException($"The file '{path}' is too long to read.");
        }

        var bytes = Buffer(ref _bytes, (int)length + 1);
        var count = 0;
        while (true)
        {
            if (count == bytes.Length)
            {
                var grown = new byte[bytes.Length * 2];
                bytes.AsSpan().CopyTo(grown);
                bytes = grown;
            }

            var read = RandomAccess.Read(handle, bytes.AsSpan(count), count);
            count += read;

            // Like File.ReadAllBytes: the length the file had when opened, or up to its end when it reports none.
            if (read == 0 || (length > 0 && count >= length))
            {
                break;
            }
        }

        var chars = Buffer(ref _chars, Encoding.UTF8.GetMaxCharCount(count));
        return chars.AsSpan(0, Encoding.UTF8.GetChars(bytes.AsSpan(0, count), chars));
    }

    private static T[] Buffer<T>(ref T[]? kept, int size)
    {
        if (kept is not null && kept.Length >= size)
        {
            return kept;
        }

        var fresh = new T[Math.Max(size, 16 * 1024)];
        if (fresh.Length <= KeptBufferLimit)
        {
            kept = fresh;
        }

        return fresh;
    }
}
