using CsCheck;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Tests.Scripts;

/// <summary>
/// The tokenizer stores no part for a word that is one unquoted literal (<see cref="ShellToken.IsPlainWord"/>): every
/// word's <see cref="ShellToken.Parts"/>, literal value and static-ness must be what scanning the word with its parts
/// made explicitly gives.
/// </summary>
public sealed class PlainWordTests
{
    private const string Alphabet = " \t\n\\'\"`$(){}<>|&;#-=:!*~./0123456789abcxyz_+";

    private static Gen<string> Pick(params string[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static readonly Gen<string> Words = Pick(
        "echo", "a=b", "x+=1", "~/bin", "~", "-fsSL", "'q'", "\"$HOME\"", "a\\ b", "$(id -u)", "`pwd`", "arr=(1 2)", "${A:-b}",
        "*.sh", "a'b'c", "$'\\t'", "<(ls)", "x=~", "#c", "<<EOF", "EOF", "$", "a$", "\\").Array[0, 12].Select(w => string.Join(' ', w));

    private static readonly Gen<string> Text = Gen.OneOf(
        Words.Array[1, 6].Select(lines => string.Join('\n', lines)),
        Gen.Char[Alphabet].Array[0, 100].Select(chars => new string(chars)));

    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 5_000;

    [Fact]
    public void Word_parts_equal_the_explicitly_scanned_parts() =>
        Text.Sample(text =>
        {
            var tokenization = ShellTokenizer.Tokenize(text);
            foreach (var token in tokenization.Tokens.Where(t => t.Kind == ShellTokenKind.Word))
            {
                var explicitParts = new List<ShellWordPart>();
                var end = new ShellTokenizer.Scanner(text, text.Length, null).ScanWord(token.Span.Offset, explicitParts);
                Assert.Equal(token.Span.End, end);
                Assert.Equal(Describe(explicitParts), Describe(token.Parts));
                if (token.IsPlainWord)
                {
                    Assert.Equal([ShellWordPartKind.Literal], explicitParts.Select(p => p.Kind));
                }

                // The plain-word shortcuts of the readers give what the parts give.
                var reference = new ShellToken(text, token.Kind, token.Span, [.. explicitParts]);
                Assert.Equal(ShellWords.GetLiteralValue(reference), ShellWords.GetLiteralValue(token));
                Assert.Equal(ShellWords.IsStatic(reference), ShellWords.IsStatic(token));
                Assert.Equal(CommandSplitter.IsAssignment(reference), CommandSplitter.IsAssignment(token));
                Assert.Equal(ShellWords.TryGetLiteralValue(reference, out var a), ShellWords.TryGetLiteralValue(token, out var b));
                Assert.Equal(a.ToString(), b.ToString());
            }
        }, iter: Iterations);

    private static string Describe(IEnumerable<ShellWordPart> parts) =>
        string.Join(' ', parts.Select(p => $"{p.Kind}[{p.Offset},{p.Length},{p.ContentOffset},{p.ContentLength},{p.IsTerminated}]({Describe(p.Children)})"));
}
