using CsCheck;
using InfraDedup.Core.References;
using InfraDedup.Core.Scripts;
using InfraDedup.Core.Similarity;
using Xunit;

namespace InfraDedup.Core.Tests.Scripts;

/// <summary>
/// The scan's cheaper ways through shell text must give what the plain ways give: literal values taken from the
/// source, the tokenizer's reused lists, commands that refer to ranges of the token array, the allocation-free
/// rejection of words a script's variables cannot resolve, and shared token texts.
/// </summary>
public sealed class ShellFastPathTests
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 5_000;

    private const string Seed = """
        #!/usr/bin/env bash
        SERVICE=web-1; IMAGE="reg/${SERVICE}"; CTX='ctx dir'; arr=(a "b c")
        for d in api worker; do docker build -f "services/$d/Dockerfile" "services/$d"; done
        TAG="${1:-$(git rev-parse --short HEAD)}"
        docker build -t "${IMAGE}:${TAG}" -f $SERVICE/Dockerfile ${CTX} ~/x "a"'b'\ c $'\t' "$SERVICE" `echo x`
        gen() { bash "scripts/$1.sh"; }; gen deploy
        cat <<EOF > out.txt
        $SERVICE
        EOF
        """;

    private const string Alphabet = " \t\n\\'\"`$(){}<>|&;#-=:~/.0123456789abcdSERVICEx_[]@!";

    private static readonly Gen<string> Scripts = Gen.OneOf(
        Gen.Char[Alphabet].Array[0, 80].Select(c => new string(c)),
        Gen.Select(Gen.Int[0, Seed.Length], Gen.Int[0, 6], Gen.Char[Alphabet].Array[0, 6])
            .Array[1, 4]
            .Select(edits =>
            {
                var s = Seed;
                foreach (var (at, remove, insert) in edits)
                {
                    var p = Math.Min(at, s.Length);
                    s = s.Remove(p, Math.Min(remove, s.Length - p)).Insert(p, new string(insert));
                }

                return s;
            }));

    [Fact]
    public void Literal_value_as_memory_is_the_literal_value() =>
        Scripts.Sample(text =>
        {
            foreach (var token in ShellTokenizer.Tokenize(text).Tokens)
            {
                var expected = ShellWords.GetLiteralValue(token);
                var found = ShellWords.TryGetLiteralValue(token, out var value);
                Assert.Equal(expected is not null, found);
                Assert.Equal(expected ?? string.Empty, value.ToString());
            }
        }, iter: Iterations);

    [Fact]
    public void Tokenizing_again_after_other_text_gives_the_same_tokens() =>
        Gen.Select(Scripts, Scripts).Sample((a, b) =>
        {
            var first = Describe(ShellTokenizer.Tokenize(a));
            _ = ShellTokenizer.Tokenize(b);
            Assert.Equal(first, Describe(ShellTokenizer.Tokenize(a)));
        }, iter: Iterations);

    [Fact]
    public void A_commands_tokens_are_its_range_of_the_source() =>
        Scripts.Sample(text =>
        {
            var tokenization = ShellTokenizer.Tokenize(text);
            foreach (var command in ShellCommand.Split(tokenization).Where(c => c.Depth == 0))
            {
                Assert.Equal(text.Substring(command.Span.Offset, command.Span.Length), string.Concat(command.Tokens.Select(t => t.Text)));
                var first = tokenization.Tokens.ToList().FindIndex(t => t.Span.Offset == command.Span.Offset);
                Assert.Equal(tokenization.Tokens.Skip(first).Take(command.Tokens.Count), command.Tokens);
            }
        }, iter: Iterations);

    [Fact]
    public void Resolving_a_word_is_resolving_its_text() =>
        Gen.Select(Scripts, Scripts).Sample((variablesFrom, words) =>
        {
            var variables = ShellVariables.Parse(variablesFrom + "\n" + Seed);
            var withArguments = variables.WithArguments(["one", null, "three"]);
            foreach (var command in ShellCommand.Parse(words))
            {
                foreach (var word in command.Words)
                {
                    Assert.Equal(variables.Resolve(word.Text), variables.Resolve(word));
                    Assert.Equal(withArguments.Resolve(word.Text), withArguments.Resolve(word));
                }
            }
        }, iter: Iterations);

    [Fact]
    public void A_long_word_is_resolved_as_written()
    {
        var variables = ShellVariables.Parse("X=value\n");
        var word = ShellCommand.Parse("echo \"" + new string('a', 300) + "$X\"")[0].Words[1];
        Assert.Equal([new string('a', 300) + "value"], variables.Resolve(word)!);
    }

    [Fact]
    public void Shared_token_texts_equal_their_spans() =>
        Gen.String[0, 80].Array[1, 20].Sample(texts =>
        {
            foreach (var text in texts.Concat(texts))
            {
                Assert.Equal(text, TokenTexts.Of(text.AsSpan()));
            }
        }, iter: Iterations);

    private static List<string> Describe(ShellTokenization t) =>
        [.. t.Tokens.Select(x => $"{x.Kind} {x.Span} {string.Join(",", x.Parts.Select(Part))}"), .. t.Heredocs.Select(h => h.ToString()), .. t.Diagnostics.Select(d => d.ToString())];

    private static string Part(ShellWordPart p) => $"{p}/{p.ContentOffset}+{p.ContentLength}/{p.IsTerminated}({string.Join(",", p.Children.Select(Part))})";
}
