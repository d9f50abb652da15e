using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace InfraDedup.Core;

/// <summary>The one way every JSON document this tool writes (command output, plan, journal, manifests) is made.</summary>
public static class JsonText
{
    private static readonly JsonWriterOptions DocumentWriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Serialises <paramref name="value"/> with its source-generated <paramref name="typeInfo"/> (naming, null handling,
    /// converters), indented, LF line ends and a trailing newline, escaping only what JSON requires: the documents are
    /// files and terminal output, not HTML, so quotes, apostrophes and non-ASCII text stay as written. The writer decides
    /// the escaping, so no context needs an encoder of its own.
    /// </summary>
    public static string Document<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DocumentWriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        // Decoded straight into the result with its newline: large documents (a plan) are not copied a second time.
        var written = buffer.WrittenSpan;
        var chars = Encoding.UTF8.GetCharCount(written);
        return string.Create(chars + 1, buffer, static (span, b) =>
        {
            Encoding.UTF8.GetChars(b.WrittenSpan, span);
            span[^1] = '\n';
        });
    }

    /// <summary>
    /// As <see cref="Document{T}"/>, written as UTF-8 (no BOM) to <paramref name="stream"/> as it is serialised, so a
    /// large document (a plan) is never held in memory whole.
    /// </summary>
    public static void WriteDocument<T>(Stream stream, T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // A writer given a stream keeps everything until it is flushed (a plan of tens of megabytes, in a buffer that
        // doubles as it grows); given a buffer it hands over what it wrote each time it needs room, which goes on to the stream.
        var buffer = new PassOnBuffer(stream);
        using (var writer = new Utf8JsonWriter(buffer, DocumentWriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        buffer.PassOn();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>
    /// A buffer that writes what was written into it to a stream before it hands out room again: one block, reused,
    /// grown only for a single value larger than it (a long string is escaped and transcoded in one piece).
    /// </summary>
    private sealed class PassOnBuffer(Stream stream) : IBufferWriter<byte>
    {
        private const int BlockSize = 1 << 16;

        private byte[] _block = new byte[BlockSize];

        private int _written;

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            var needed = Math.Max(sizeHint, 1);
            if (_block.Length - _written < needed)
            {
                PassOn();
                if (_block.Length < needed)
                {
                    // Uninitialised: only the bytes the writer fills are touched.
                    _block = GC.AllocateUninitializedArray<byte>(needed);
                }
            }

            return _block.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        /// <summary>Writes what the buffer holds to the stream.</summary>
        public void PassOn()
        {
            stream.Write(_block, 0, _written);
            _written = 0;
        }
    }
}
