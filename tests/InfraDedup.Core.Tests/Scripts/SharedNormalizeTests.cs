using CsCheck;
using InfraDedup.Core.Scripts;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Tests.Scripts;

/// <summary>
/// <see cref="TokenNormalizer.NormalizeShared"/> reuses one token list per thread for the similarity fingerprints: each
/// use must give exactly the stream <see cref="TokenNormalizer.Normalize(ShellTokenization, TokenNormalizerOptions?)"/>
/// gives, whatever the list held before.
/// </summary>
public sealed class SharedNormalizeTests
{
    private const string Alphabet = " \t\n\\'\"`$(){}<>|&;#-=:!*./~0123456789abcfiontdEOF_";

    private static Gen<string> Pick(params string[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static readonly Gen<string> ShellLine = Gen.Select(
        Pick("echo", "curl -fsSL", "if [ -f x ]; then", "fi", "for f in *.sh; do", "done", "X=1", "cat <<EOF", "EOF", "# note", "cd /tmp &&", "case $1 in", "a) ;;", "esac"),
        Pick("alpha", "'quoted words'", "42", "$HOME/bin", "\"${A:-b}\"", "| grep x", "; ls", "$(date +%s)", "`id -u`", string.Empty),
        (a, b) => a + " " + b);

    private static readonly Gen<string> Script = Gen.OneOf(
        ShellLine.Array[0, 25].Select(lines => string.Join('\n', lines)),
        Gen.Char[Alphabet].Array[0, 120].Select(chars => new string(chars)));

    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) ? n * 10 : 500;

    [Fact]
    public void Shared_stream_equals_a_fresh_one_after_any_earlier_script() =>
        Script.Array[1, 4].Sample(scripts =>
        {
            foreach (var text in scripts)
            {
                var tokens = ShellTokenizer.Tokenize(text);
                var expected = Texts(TokenNormalizer.Normalize(tokens));
                var shared = TokenNormalizer.NormalizeShared(tokens);
                Assert.Equal(expected, Texts(shared));
                TokenNormalizer.ReturnShared(shared);

                // The tokens left in the tokenizer's list are the tokenization's.
                var listed = ShellTokenizer.TokenizeShared(text);
                Assert.Equal(Describe(tokens.Tokens), Describe(listed));
                var fromList = TokenNormalizer.NormalizeShared(listed);
                ShellTokenizer.ReturnShared(listed);
                Assert.Equal(expected, Texts(fromList));
                TokenNormalizer.ReturnShared(fromList);
            }
        }, iter: Iterations);

    [Fact]
    public void Script_streams_from_the_shared_list_equal_the_plain_ones() =>
        Script.Array[1, 3].Sample(scripts =>
        {
            foreach (var text in scripts)
            {
                var tokens = ShellTokenizer.Tokenize(text);
                var expected = UnitBuilder.ScriptStreams(TokenNormalizer.Normalize(tokens));
                var actual = UnitBuilder.ShellScriptStreams(text);
                Assert.Equal(expected.Concrete, actual.Concrete);
                Assert.Equal(expected.Abstract, actual.Abstract);
                Assert.Equal(expected.Keys, actual.Keys);
                Assert.Equal(expected.Starts, actual.Starts);
                Assert.Equal(expected.Ends, actual.Ends);
            }
        }, iter: Iterations);

    [Fact]
    public void A_list_taken_and_not_returned_leaves_the_next_call_its_own()
    {
        var first = TokenNormalizer.NormalizeShared(ShellTokenizer.Tokenize("echo a b\n"));
        var second = TokenNormalizer.NormalizeShared(ShellTokenizer.Tokenize("ls -l\n"));
        Assert.NotSame(first, second);
        Assert.Equal(Texts(TokenNormalizer.Normalize(ShellTokenizer.Tokenize("echo a b\n"))), Texts(first));
        TokenNormalizer.ReturnShared(second);
        TokenNormalizer.ReturnShared(first);
    }

    /// <summary>Tokens by kind, place and parts (parts are compared by value).</summary>
    private static string[] Describe(IReadOnlyList<ShellToken> tokens) =>
        [.. tokens.Select(t => $"{t.Kind} {t.Span} {string.Join(',', t.Parts.Select(p => $"{p.Kind}{p.Offset}/{p.Length}/{p.Children.Count}"))}")];

    /// <summary>Tokens by value (a value can be a fresh string each time, such as a quoted word's value).</summary>
    private static (NormalizedTokenKind, string, SourceSpan)[] Texts(IReadOnlyList<NormalizedToken> stream) =>
        [.. stream.Select(t => (t.Kind, t.Text, t.Span))];
}
