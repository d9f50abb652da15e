using System.Collections.Concurrent;
using System.Text;
using CsCheck;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Similarity;

/// <summary>
/// The fast paths of the Python fingerprints must equal the plain ones: the radix sort equals <c>Array.Sort</c>, a file
/// read and decoded into reused buffers equals <c>Encoding.UTF8.GetString(File.ReadAllBytes)</c> (whatever was read
/// before on the thread), a scan's Python fingerprint loaded that way equals the one from the file's bytes, and the
/// LSH candidates listed through the bit set equal the brute-force band comparison.
/// </summary>
public sealed class PythonScratchPathTests
{
    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 2_000;

    [Fact]
    public void Radix_sort_equals_array_sort() =>
        Gen.OneOf(Gen.ULong.Array[0, 600], Gen.ULong[0, 300].Array[0, 600], Gen.ULong[ulong.MaxValue - 5, ulong.MaxValue].Array[0, 200])
            .Sample(values =>
            {
                var expected = (ulong[])values.Clone();
                Array.Sort(expected);
                ShingleSet.SortAscending(values);
                Assert.Equal(expected, values);
            }, iter: Iterations);

    [Fact]
    public void Decoded_file_equals_reading_the_bytes_and_decoding_them()
    {
        using var folder = new TempTree();
        // Samples run on several threads: each writes a file of its own.
        Gen.OneOf(
                Gen.Byte.Array[0, 3000],
                Gen.Char["aé€\uFEFF\n\t(\"x"].Array[0, 2000].Select(c => Encoding.UTF8.GetBytes(new string(c))),
                Gen.Const(Encoding.UTF8.GetBytes(new string('y', (1 << 20) + 7))))
            .Sample(bytes =>
            {
                var path = Path.Combine(folder.Root, Guid.NewGuid().ToString("N") + ".py");
                File.WriteAllBytes(path, bytes);
                Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(path)), DecodedFile.Read(path).ToString());
            }, iter: Iterations / 10);
    }

    [Fact]
    public void Decoded_file_fails_like_reading_the_bytes()
    {
        using var folder = new TempTree();
        var missing = Path.Combine(folder.Root, "missing.py");
        var plain = Assert.ThrowsAny<IOException>(() => File.ReadAllBytes(missing));
        var scratch = Assert.ThrowsAny<IOException>(() => DecodedFile.Read(missing));
        Assert.Equal(plain.GetType(), scratch.GetType());
        Assert.Equal(plain.Message, scratch.Message);

        var locked = Path.Combine(folder.Root, "locked.py");
        File.WriteAllText(locked, "x = 1\n");
        using (ReadFaults.MakeUnreadable(locked))
        {
            Assert.Throws<UnauthorizedAccessException>(() => DecodedFile.Read(locked));
        }
    }

    [Fact]
    public void Loaded_python_fingerprint_equals_the_one_from_bytes()
    {
        using var folder = new TempTree();
        var line = Gen.OneOf(Gen.Const("def f(x):"), Gen.Const("    return x + 'é'"), Gen.Const("if a == 1:"), Gen.Const("  pass"), Gen.Const("y = [1, 2]"));
        Gen.Select(line.Array[0, 40], Gen.Bool).Sample(t =>
        {
            var bytes = Encoding.UTF8.GetBytes(string.Join('\n', t.Item1) + "\n");
            var path = Path.Combine(folder.Root, Guid.NewGuid().ToString("N") + ".py");
            File.WriteAllBytes(path, bytes);
            var options = new SimilarityOptions { KeepLiterals = t.Item2, MembersOnly = true };
            var file = new RepoFile("m.py", path, bytes.Length, UnixFileMode.UserRead) { Kind = FileKind.PythonScript };
            var loaded = Fingerprint.Load(file, options, new ConcurrentBag<SkippedEntry>())!;
            var fromBytes = Fingerprint.FromBytes("m.py", FamilyKind.Python, bytes, options, path);
            Assert.Equal(fromBytes.ViewHash, loaded.ViewHash);
            Assert.Equal(fromBytes.ConcreteHash, loaded.ConcreteHash);
            Assert.Equal(fromBytes.AbstractHash, loaded.AbstractHash);
            Assert.Equal(fromBytes.Shingles, loaded.Shingles);
            Assert.Equal(fromBytes.IsEmpty, loaded.IsEmpty);
            Assert.Equal(fromBytes.AlignProfile(!t.Item2).Views, loaded.AlignProfile(!t.Item2).Views);
        }, iter: Iterations / 10);
    }

    [Fact]
    public void Later_candidates_with_one_shared_bit_set_equal_the_band_comparison() =>
        Gen.Select(Gen.Int[2, 150], Gen.Int[1, 4], Gen.Int[1, 3], Gen.Int[0, 3]).Sample(t =>
        {
            var (count, bands, rows, values) = t;
            var random = new Random(count * 31 + (bands * 7) + rows);
            var signatures = Enumerable.Range(0, count)
                .Select(_ => Enumerable.Range(0, bands * rows).Select(_ => (ulong)random.Next(values + 1)).ToArray())
                .ToArray();
            var index = new LshIndex(bands, rows);
            for (var i = 0; i < count; i++)
            {
                index.Add(i, signatures[i]);
            }

            var seen = new int[count];
            var later = new List<int>();
            for (var a = 0; a < count; a++)
            {
                later.Clear();
                index.LaterCandidates(a, later, seen);
                var expected = Enumerable.Range(a + 1, count - a - 1)
                    .Where(b => Enumerable.Range(0, bands).Any(band => signatures[a].AsSpan(band * rows, rows).SequenceEqual(signatures[b].AsSpan(band * rows, rows))));
                Assert.Equal(expected, later);
                Assert.All(seen, slot => Assert.Equal(0, slot));
            }
        }, iter: Iterations / 10);
    [Fact]
    public void Bit_parallel_token_credit_equals_the_table() =>
        Gen.Select(Gen.ULong[0, 3].Array[0, 150], Gen.ULong[0, 3].Array[0, 150]).Sample(t =>
        {
            var (x, y) = t;
            var table = new int[x.Length + 1, y.Length + 1];
            for (var i = 1; i <= x.Length; i++)
            {
                for (var j = 1; j <= y.Length; j++)
                {
                    table[i, j] = x[i - 1] == y[j - 1] ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
                }
            }

            var expected = x.Length + y.Length == 0 ? 1 : Math.Max(0.05, 2.0 * table[x.Length, y.Length] / (x.Length + y.Length));
            Assert.Equal(expected, UnitAligner.TokenCredit(x, y, new AlignedCheck.Scratch()));
        }, iter: Iterations);

    [Fact]
    public void Early_stopped_key_multiset_bound_equals_the_full_merge() =>
        Gen.Select(Gen.ULong[0, 6].Array[0, 120], Gen.ULong[0, 6].Array[0, 120], Gen.Double[0.05, 1]).Sample(t =>
        {
            var (a, b, threshold) = t;
            Array.Sort(a);
            Array.Sort(b);
            var full = a.Length + b.Length == 0 || !(2.0 * AlignedCheck.KeyMultisetOverlap(a, b) / (a.Length + b.Length) < threshold - 1e-9);
            Assert.Equal(full, a.Length + b.Length == 0 || AlignedCheck.KeyMultisetMayReach(a, b, threshold));
        }, iter: Iterations);
}
