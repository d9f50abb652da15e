using System.Text;
using CsCheck;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Tests.References;

/// <summary>
/// The mention index jumps from word to word with vectorised searches and rules segments out by length before a
/// lookup; it must find exactly the words (and first lines) of the byte-by-byte reading kept below as the reference.
/// </summary>
public sealed class MentionWordsTests
{
    private const string Alphabet = "ab./-_/\n \t\"'=:xyz0\r~";

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 5_000;

    [Fact]
    public void Word_search_matches_the_byte_by_byte_reading() =>
        Gen.Select(
                Gen.Char[Alphabet].Array[0, 120].Select(c => new string(c)),
                Gen.OneOf(Gen.Const("a"), Gen.Const("ab"), Gen.Const("x.y"), Gen.Const("b-a"), Gen.Const("z_0"), Gen.Const(new string('a', 70))).Array[0, 4])
            .Sample(t =>
            {
                var keys = t.Item2.ToHashSet(StringComparer.Ordinal);
                var bytes = Encoding.ASCII.GetBytes(t.Item1.Replace("~", new string('a', 70), StringComparison.Ordinal));
                var expected = ByteByByte(bytes, keys);
                var actual = new MentionIndex.WordScratch(keys).KeyWords(bytes);
                Assert.Equal(expected, actual ?? []);
            }, iter: Iterations);

    /// <summary>The reading before the vectorised search.</summary>
    private static List<(string Word, int Line)> ByteByByte(byte[] bytes, HashSet<string> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(string, int)>();
        var line = 1;
        var start = -1;
        for (var i = 0; i <= bytes.Length; i++)
        {
            var b = i < bytes.Length ? bytes[i] : (byte)' ';
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'_' or (byte)'-' or (byte)'/')
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0)
            {
                var word = Encoding.ASCII.GetString(bytes, start, i - start);
                while (word.StartsWith("./", StringComparison.Ordinal))
                {
                    word = word[2..];
                }

                word = word.Trim('/');
                if (word.Length > 0 && word.Split('/').Any(s => s.Length > 0 && s is not "." and not ".." && keys.Contains(s)) && seen.Add(word))
                {
                    result.Add((word, line));
                }
            }

            start = -1;
            if (b == (byte)'\n')
            {
                line++;
            }
        }

        return result;
    }
}
