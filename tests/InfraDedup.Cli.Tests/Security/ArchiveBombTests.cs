using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using InfraDedup.Core.Apply;

namespace InfraDedup.Cli.Tests.Security;

/// <summary>
/// Issue 19, item 2: <c>archive import</c> of a decompression bomb. The built CLI runs in a child process (under
/// <c>/usr/bin/time</c> for its peak RSS, with a 200 MB GC heap limit) and must refuse with exit 2 and a message
/// naming the limit, write nothing into the tree, leave nothing in its temp folder and stay under 200 MB.
/// The bombs are generated streaming (a zero-filled stream of the declared length), never in memory.
/// </summary>
public class ArchiveBombTests
{
    private const string OpId = "20250101T120000123Z-a1b2c3";
    private const long PeakRssLimitKb = 200 * 1024;

    [Fact]
    public void Three_one_gib_zero_objects_are_refused_by_the_expansion_limit()
    {
        using var dir = new TempDir();
        var bomb = Path.Join(dir.Path, "bomb.tar.gz");
        WriteBomb(bomb, [1L << 30, 1L << 30, 1L << 30]);
        Assert.True(new FileInfo(bomb).Length < 8 << 20, $"the bomb should be a few MB, not {new FileInfo(bomb).Length} bytes");

        var (exit, error, peakKb) = ImportInChild(dir, bomb);

        Assert.True(exit == 2, $"exit {exit}: {error}");
        Assert.Contains("would expand to more than", error, StringComparison.Ordinal);
        Assert.True(peakKb < PeakRssLimitKb, $"peak RSS {peakKb} KB");
    }

    [Fact]
    public void One_two_gib_object_is_refused_by_the_object_cap()
    {
        using var dir = new TempDir();
        var bomb = Path.Join(dir.Path, "bomb.tar.gz");
        WriteBomb(bomb, [2L << 30]);

        var (exit, error, peakKb) = ImportInChild(dir, bomb);

        Assert.True(exit == 2, $"exit {exit}: {error}");
        Assert.Contains("limit for one archived file", error, StringComparison.Ordinal);
        Assert.True(peakKb < PeakRssLimitKb, $"peak RSS {peakKb} KB");
    }

    /// <summary>Runs <c>archive import</c> on a fresh tree; checks the tree and the child's temp folder stay empty.</summary>
    private static (int Exit, string Error, long PeakKb) ImportInChild(TempDir dir, string bomb)
    {
        if (!File.Exists("/usr/bin/time"))
        {
            Strace.Unavailable("/usr/bin/time (GNU time) is needed to measure the child's peak RSS (apt-get install time)");
        }

        var tree = Path.Join(dir.Path, "tree");
        var temp = Path.Join(dir.Path, "tmp");
        Directory.CreateDirectory(tree);
        Directory.CreateDirectory(temp);
        File.WriteAllText(Path.Join(tree, "compose.yaml"), "services: {}\n");
        var before = TreeSnapshot.Capture(tree);
        var rssFile = Path.Join(dir.Path, "rss");
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-f", "%M", "-o", rssFile, "dotnet", Path.Join(AppContext.BaseDirectory, "infradedup.dll"), "archive", "import", bomb, "--root", tree })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TMPDIR"] = temp;
        start.Environment["DOTNET_GCHeapHardLimit"] = "0xC800000"; // 200 MB: an implementation that buffers fails
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Empty(before.Diff(TreeSnapshot.Capture(tree)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        var peak = long.Parse(File.ReadAllLines(rssFile).Last(l => l.Trim().Length > 0).Trim(), CultureInfo.InvariantCulture);
        return (process.ExitCode, error.Result, peak);
    }

    /// <summary>An export-shaped .tar.gz: a manifest declaring the objects, then each object (zeros) under a well-formed name.</summary>
    private static void WriteBomb(string path, long[] sizes)
    {
        var names = sizes.Select((_, i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([(byte)i]))).ToList();
        var files = string.Join(",", sizes.Select((size, i) => $"{{\"path\":\"big{i}.bin\",\"size\":{size},\"mode\":\"0644\",\"sha256\":\"{names[i]}\"}}"));
        var manifest = $"{{\"schema\":\"infradedup/archive-manifest@1\",\"opId\":\"{OpId}\",\"created\":\"2025-01-01T12:00:00Z\",\"toolVersion\":\"test\",\"planSha256\":\"{new string('0', 64)}\",\"files\":[{files}]}}";
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal); // zeros compress about 1000:1
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{OpId}/manifest.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(manifest)) });
        for (var i = 0; i < sizes.Length; i++)
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{OpId}/objects/{names[i]}") { DataStream = new ZeroStream(sizes[i]) });
        }
    }

    /// <summary>A read-only stream of <c>length</c> zero bytes that allocates nothing.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true; // TarWriter reads Length from seekable data streams instead of buffering them

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => _position = value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
