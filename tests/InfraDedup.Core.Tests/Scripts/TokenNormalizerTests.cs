using InfraDedup.Core.Scripts;
using Xunit;

namespace InfraDedup.Core.Tests.Scripts;

public class TokenNormalizerTests
{
    private static string Shell(string text, TokenNormalizerOptions? o = null) =>
        string.Join(' ', TokenNormalizer.Normalize(ShellTokenizer.Tokenize(text), o).Select(t => t.Text));

    private static string Python(string text, TokenNormalizerOptions? o = null) =>
        string.Join(' ', TokenNormalizer.Normalize(PythonTokenizer.Tokenize(text), o).Select(t => t.Text));

    [Fact]
    public void Shell_drops_noise_and_unifies_separators()
    {
        Assert.Equal(Shell("if true; then\n  apt-get install -y \"curl\" # c\nfi"), Shell("if true\nthen apt-get \\\n install -y curl\n\n\nfi\n"));
        Assert.Equal("if true ; then apt-get install -y curl ; fi", Shell("if true; then\n  apt-get install -y \"curl\" # c\nfi"));
    }

    [Fact]
    public void Shell_type2_keeps_keywords_commands_and_operators()
    {
        var o = TokenNormalizerOptions.Type2;
        Assert.Equal("for $str in $str $str ; do curl $str $id > $str ; done", Shell("for u in a b; do curl -fsSL \"$u\" > out; done", o));
        Assert.Equal("$id = $str wget $str $num", Shell("X=1 wget 'http://h/x' 3", o));
        Assert.Equal("$id = $str $id $str $num", Shell("X=1 wget 'http://h/x' 3", o with { KeepCommandNames = false }));
        Assert.Equal("echo $id $( cat $str )", Shell("echo ${v} \"$(cat f)\"", o));
        Assert.Equal("echo $v $( cat f )", Shell("echo ${v} \"$(cat f)\""));
    }

    [Fact]
    public void Python_type2()
    {
        Assert.Equal("def $id ( $id ) : ; <INDENT> return $id + $num * $str ; <DEDENT>",
            Python("def f(x):  # c\n\n    return x + 1 * 'a'\n", TokenNormalizerOptions.Type2));
    }

    [Fact]
    public void Hashes_match_for_type2_clones_and_shingles_count()
    {
        var a = TokenNormalizer.Normalize(PythonTokenizer.Tokenize("def f(x):\n    return x + 1\n"), TokenNormalizerOptions.Type2);
        var b = TokenNormalizer.Normalize(PythonTokenizer.Tokenize("def g(y):  # other\n    return y + 2\n"), TokenNormalizerOptions.Type2);
        Assert.Equal(TokenNormalizer.TokenHashes(a), TokenNormalizer.TokenHashes(b));
        var shingles = TokenNormalizer.ShingleHashes(a, 5);
        Assert.Equal(a.Count - 4, shingles.Length);
        Assert.Equal(shingles, TokenNormalizer.ShingleHashes(b, 5));
        Assert.Single(TokenNormalizer.ShingleHashes(a.Take(3).ToList(), 5));
        Assert.Empty(TokenNormalizer.ShingleHashes(ReadOnlySpan<ulong>.Empty, 5));
        Assert.NotEqual(TokenNormalizer.TokenHashes(a), TokenNormalizer.TokenHashes(TokenNormalizer.Normalize(PythonTokenizer.Tokenize("def g(y):\n    return y + 2\n"))));
    }
}
