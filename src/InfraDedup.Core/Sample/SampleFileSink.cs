using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace InfraDedup.Core.Sample;

/// <summary>What a written file is, for the ground truth.</summary>
internal enum SampleFileKind
{
    Other,
    Dockerfile,
    Shell,
    Python,
}

/// <summary>One file the generator wrote: its hash and what the ground truth needs to know about it.</summary>
internal sealed class SampleFileRecord
{
    public required string Path { get; init; }

    public required SampleFileKind Kind { get; init; }

    public required byte[] Sha256 { get; init; }

    public required long Length { get; init; }

    public required bool Executable { get; init; }

    /// <summary>Family key (Dockerfile or script family); null for a file in no family.</summary>
    public string? Family { get; init; }

    /// <summary>Dockerfiles: what this member varies in relative to the family's plain member.</summary>
    public IReadOnlyList<string> Varies { get; init; } = [];

    /// <summary>Scripts: this member adds or drops lines relative to its family (Type-3).</summary>
    public bool Type3 { get; init; }

    /// <summary>Non-null for a Dockerfile nothing references.</summary>
    public string? DeadReason { get; init; }

    public bool Ignored { get; init; }
}

/// <summary>Metadata a caller attaches to a file it is about to write.</summary>
internal readonly record struct SampleFileMeta(
    SampleFileKind Kind = SampleFileKind.Other,
    string? Family = null,
    IReadOnlyList<string>? Varies = null,
    bool Type3 = false,
    string? DeadReason = null,
    bool Ignored = false,
    bool Executable = false);

/// <summary>
/// Writes files under the sample root, streaming text in bounded chunks while hashing it (SHA-256),
/// and records every file so the ground truth can be derived without re-reading the tree.
/// </summary>
internal sealed class SampleFileSink : IDisposable
{
    private const int FlushThreshold = 16 * 1024;
    private const UnixFileMode RegularMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ExecutableMode =
        RegularMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _root;
    private readonly HashSet<string> _createdDirectories = new(StringComparer.Ordinal);
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _text = new(FlushThreshold * 2);
    private readonly List<SampleFileRecord> _records = [];
    private readonly Dictionary<string, int> _byPath = new(StringComparer.Ordinal);

    private FileStream? _current;
    private string? _currentPath;
    private SampleFileMeta _currentMeta;
    private long _currentLength;

    public SampleFileSink(string root)
    {
        _root = root;
    }

    public IReadOnlyList<SampleFileRecord> Records => _records;

    /// <summary>Starts a text file; append with <see cref="Text"/>/<see cref="Line(string)"/>, finish with <see cref="End"/>.</summary>
    public StringBuilder Begin(string relativePath, SampleFileMeta meta = default)
    {
        if (_current is not null)
        {
            throw new InvalidOperationException($"File '{_currentPath}' is still open.");
        }

        _current = Open(relativePath, meta.Executable);
        _currentPath = relativePath;
        _currentMeta = meta;
        _currentLength = 0;
        _text.Clear();
        return _text;
    }

    public StringBuilder Text => _text;

    public void Line(string line)
    {
        _text.Append(line).Append('\n');
        FlushIfLarge();
    }

    public void Line() => _text.Append('\n');

    /// <summary>Flushes the buffered text of a streaming file when it grows past a small bound.</summary>
    public void FlushIfLarge()
    {
        if (_text.Length >= FlushThreshold)
        {
            FlushText();
        }
    }

    public SampleFileRecord End()
    {
        if (_current is null || _currentPath is null)
        {
            throw new InvalidOperationException("No file is open.");
        }

        FlushText();
        _current.Dispose();
        _current = null;
        var record = Record(_currentPath, _currentMeta, _hash.GetHashAndReset(), _currentLength);
        _currentPath = null;
        return record;
    }

    /// <summary>Writes a whole small text file at once.</summary>
    public SampleFileRecord WriteText(string relativePath, string content, SampleFileMeta meta = default)
    {
        Begin(relativePath, meta);
        _text.Append(content);
        return End();
    }

    /// <summary>Writes raw bytes (e.g. a fake .pyc).</summary>
    public SampleFileRecord WriteBytes(string relativePath, ReadOnlySpan<byte> content, SampleFileMeta meta = default)
    {
        using (var stream = Open(relativePath, meta.Executable))
        {
            stream.Write(content);
        }

        return Record(relativePath, meta, SHA256.HashData(content), content.Length);
    }

    /// <summary>Copies an already written file verbatim (same bytes, same mode) with new metadata.</summary>
    public SampleFileRecord Copy(SampleFileRecord source, string relativePath, SampleFileMeta meta)
    {
        EnsureDirectory(relativePath);
        File.Copy(FullPath(source.Path), FullPath(relativePath), overwrite: false);
        SetMode(relativePath, source.Executable);
        return Record(relativePath, meta with { Executable = source.Executable }, source.Sha256, source.Length);
    }

    public SampleFileRecord? Find(string relativePath) =>
        _byPath.TryGetValue(relativePath, out var index) ? _records[index] : null;

    public string FullPath(string relativePath) => Path.Combine(_root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public void Dispose()
    {
        _current?.Dispose();
        _hash.Dispose();
    }

    private FileStream Open(string relativePath, bool executable)
    {
        if (_byPath.ContainsKey(relativePath))
        {
            throw new InvalidOperationException($"Sample file '{relativePath}' written twice.");
        }

        EnsureDirectory(relativePath);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = RegularMode;
        }

        var stream = new FileStream(FullPath(relativePath), options);
        if (executable)
        {
            SetMode(relativePath, executable: true);
        }

        return stream;
    }

    private void SetMode(string relativePath, bool executable)
    {
        if (!OperatingSystem.IsWindows())
        {
            // Set explicitly: the create mode is masked by the process umask.
            File.SetUnixFileMode(FullPath(relativePath), executable ? ExecutableMode : RegularMode);
        }
    }

    private void EnsureDirectory(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        if (slash <= 0)
        {
            return;
        }

        var dir = relativePath[..slash];
        if (_createdDirectories.Add(dir))
        {
            Directory.CreateDirectory(FullPath(dir));
        }
    }

    private void FlushText()
    {
        if (_current is null || _text.Length == 0)
        {
            return;
        }

        // Output is LF-only whatever line endings the templates were checked out with.
        _text.Replace("\r", string.Empty);
        foreach (var chunk in _text.GetChunks())
        {
            var span = chunk.Span;
            var max = Utf8.GetMaxByteCount(span.Length);
            var buffer = ArrayPool<byte>.Shared.Rent(max);
            try
            {
                var count = Utf8.GetBytes(span, buffer);
                _current.Write(buffer, 0, count);
                _hash.AppendData(buffer, 0, count);
                _currentLength += count;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        _text.Clear();
    }

    private SampleFileRecord Record(string relativePath, SampleFileMeta meta, byte[] sha256, long length)
    {
        var record = new SampleFileRecord
        {
            Path = relativePath,
            Kind = meta.Kind,
            Sha256 = sha256,
            Length = length,
            Executable = meta.Executable,
            Family = meta.Family,
            Varies = meta.Varies ?? [],
            Type3 = meta.Type3,
            DeadReason = meta.DeadReason,
            Ignored = meta.Ignored,
        };
        _byPath.Add(relativePath, _records.Count);
        _records.Add(record);
        return record;
    }
}
