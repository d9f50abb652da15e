using CsCheck;
using InfraDedup.Core.Scripts;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Similarity;

/// <summary>
/// The one-pass stream builders (scan's members-only fingerprints) must give exactly what tokenizing, normalizing and
/// <see cref="UnitBuilder.ScriptStreams"/> give: the same hashes in both views, unit keys and unit ranges.
/// </summary>
public sealed class FusedStreamsTests
{
    private const string Alphabet = " \t\n\r\f\\'\"`$(){}[]<>|&;#-=:!@%^*+,./?~0123456789abcdefxrbfuFNTinels_\0é\uFEFF";

    private const string PythonSeed = """
        import os  # c
        def f(a: int = 0x_1F, *args, **kw) -> str:
            '''doc
            string'''
            if (a := a + 1e-3j) and a in b or not a is None:
                return f"{a!r:>{w}} {kw["k"]}" + rb'\x00'
            else: yield from x |
        class C:
            x = [1,
          2]; y = ...
        	z = lambda q: q \
              + 1
        """;

    private static readonly Gen<string> PythonLine = Gen.Select(
        Gen.Int[0, 3].Select(n => new string(' ', n * 2)),
        Gen.OneOf(
            Gen.Const("def f(x):"), Gen.Const("return x + 1"), Gen.Const("if a == 'b':"), Gen.Const("else:"),
            Gen.Const("x in"), Gen.Const("y |"), Gen.Const("z = (1,"), Gen.Const("  2)"), Gen.Const("pass"),
            Gen.Const("print(f\"{a}\", 3)"), Gen.Const("# note"), Gen.Const("\"\"\"doc"), Gen.Const("more\"\"\""),
            Gen.Const("x = 1 \\"), Gen.Const("class C(Base):"), Gen.Const("$ ?"), Gen.Const("else"), Gen.Const("(")),
        (indent, line) => indent + line);

    private static readonly Gen<string> RandomText = Gen.Char[Alphabet].Array[0, 80].Select(a => new string(a));

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 5_000;

    [Fact]
    public void Python_streams_match_on_random_text() =>
        Gen.OneOf(RandomText, Gen.String).Sample(AssertPythonSame, iter: Iterations);

    [Fact]
    public void Python_streams_match_on_random_lines() =>
        PythonLine.Array[0, 30].Select(lines => string.Join('\n', lines)).Sample(AssertPythonSame, iter: Iterations);

    [Fact]
    public void Python_streams_match_on_a_mutated_module() =>
        Gen.Select(Gen.Int[0, PythonSeed.Length], Gen.Int[0, 6], RandomText)
            .Array[1, 4]
            .Select(ops =>
            {
                var s = PythonSeed;
                foreach (var (pos, len, insert) in ops)
                {
                    var p = Math.Min(pos, s.Length);
                    s = s.Remove(p, Math.Min(len, s.Length - p)).Insert(p, insert);
                }

                return s;
            })
            .Sample(AssertPythonSame, iter: Iterations);

    [Fact]
    public void Python_streams_match_on_real_modules()
    {
        var root = RealCorpora.Require("esphome-esphome");
        var files = Directory.EnumerateFiles(root, "*.py", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files.Where((_, i) => i % 5 == 0))
        {
            AssertPythonSame(File.ReadAllText(file));
        }
    }

    [Fact]
    public void Distinct_shingles_match_sorting_the_windows() =>
        Gen.Select(Gen.ULong[0, 40].Array[0, 300], Gen.Int[1, 8]).Sample(t =>
            Assert.Equal(ShingleSet.SortDistinct(TokenNormalizer.ShingleHashes(t.Item1, t.Item2)), ShingleSet.DistinctShingles(t.Item1, t.Item2)),
            iter: Iterations);

    [Fact]
    public void Minhash_signature_is_the_minimum_of_each_function() =>
        Gen.Select(Gen.ULong.Array[0, 200], Gen.Int[1, 11]).Sample(t =>
        {
            var hasher = new MinHasher(t.Item2, 7);
            var expected = new ulong[t.Item2];
            for (var i = 0; i < expected.Length; i++)
            {
                // Function i of a hasher seeded with x is the only function of a hasher seeded with x + i·γ (the seeds
                // advance by γ), computed by the plain one-function loop.
                var alone = new MinHasher(1, unchecked(7 + ((ulong)i * 0x9E3779B97F4A7C15UL)));
                expected[i] = alone.Signature(t.Item1)[0];
            }

            Assert.Equal(expected, hasher.Signature(t.Item1));
        }, iter: Iterations / 5);

    private static void AssertPythonSame(string text)
    {
        var expected = UnitBuilder.ScriptStreams(TokenNormalizer.Normalize(PythonTokenizer.Tokenize(text)));
        var actual = PythonStreams.Build(text);
        AssertSame(expected, actual);
        foreach (var abstractView in new[] { true, false })
        {
            // The members-only summary: the same hashes, shingles and profile as hashing the streams' arrays.
            var print = PythonStreams.Fingerprint(text, abstractView, 5, withProfile: true);
            var view = abstractView ? expected.Abstract : expected.Concrete;
            Assert.Equal(UnitBuilder.StreamHash(expected.Concrete), print.ConcreteHash);
            Assert.Equal(UnitBuilder.StreamHash(expected.Abstract), print.AbstractHash);
            Assert.Equal(UnitBuilder.StreamHash(view), print.ViewHash);
            Assert.Equal(expected.Keys.Length, print.UnitCount);
            Assert.Equal(ShingleSet.DistinctShingles(view, 5), print.Shingles);
            var profile = AlignProfile.FromStream(expected.Keys, view, expected.Starts, expected.Ends);
            Assert.Equal(profile.Keys, print.Profile!.Keys);
            Assert.Equal(profile.Views, print.Profile.Views);
            Assert.Null(PythonStreams.Fingerprint(text, abstractView, 5, withProfile: false).Profile);
        }
    }

    private static void AssertSame(ScriptStreamHashes expected, ScriptStreamHashes actual)
    {
        Assert.Equal(expected.Concrete, actual.Concrete);
        Assert.Equal(expected.Abstract, actual.Abstract);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Equal(expected.Starts, actual.Starts);
        Assert.Equal(expected.Ends, actual.Ends);
    }
}
