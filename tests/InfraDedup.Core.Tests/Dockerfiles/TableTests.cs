using InfraDedup.Core.Dockerfiles;
using Xunit;

namespace InfraDedup.Core.Tests.Dockerfiles;

public class TableTests
{
    private static readonly Dictionary<string, string> Env = new() { ["PWD"] = "/home", ["E"] = "", ["S"] = "a b" };

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("$PWD", "/home")]
    [InlineData("${PWD}/x", "/home/x")]
    [InlineData("${NOPE:-def}", "def")]
    [InlineData("${E:-def}", "def")]
    [InlineData("${E-def}", "")]
    [InlineData("${NOPE-def}", "def")]
    [InlineData("${PWD:+alt}", "alt")]
    [InlineData("${E:+alt}", "")]
    [InlineData("${E+alt}", "alt")]
    [InlineData("'$PWD'", "$PWD")]
    [InlineData("\"$PWD x\"", "/home x")]
    [InlineData("\\$PWD", "$PWD")]
    [InlineData("$NOPE", "")]
    [InlineData("$", "$")]
    [InlineData("${PWD#/h}", "ome")]
    [InlineData("${PWD%me}", "/ho")]
    [InlineData("${PWD/o/0}", "/h0me")]
    public void Expand_vectors(string word, string expected) =>
        Assert.Equal(expected, VariableExpander.Expand(word, Env).Value);

    [Theory]
    [InlineData("${NOPE:?must be set}", "NOPE: must be set")]
    [InlineData("${E:?}", "E: is not allowed to be empty")]
    [InlineData("${NOPE?}", "NOPE: is not allowed to be unset")]
    [InlineData("${PWD", "unsupported modifier")]
    [InlineData("${", "missing '}'")]
    [InlineData("'open", "matching single-quote")]
    public void Expand_errors(string word, string fragment)
    {
        var r = VariableExpander.Expand(word, Env);
        Assert.False(r.Success);
        Assert.Contains(fragment, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtick_escape_and_word_splitting()
    {
        Assert.Equal("$PWD", VariableExpander.Expand("`$PWD", Env, '`').Value);
        Assert.Equal(["a", "b", "c d"], VariableExpander.ExpandWords("$S \"c d\"", Env).Words);
    }

    [Theory]
    [InlineData("<<EOF", "EOF", true, false)]
    [InlineData("<<-EOF", "EOF", true, true)]
    [InlineData("<<'EOF'", "EOF", false, false)]
    [InlineData("<<\"EOF\"", "EOF", false, false)]
    [InlineData("3<<EOF", "EOF", true, false)]
    public void Heredoc_words(string word, string name, bool expand, bool chomp)
    {
        var hd = Assert.IsType<DockerfileHeredoc>(DockerfileParserTestAccess.ParseHeredoc(word));
        Assert.Equal((name, expand, chomp), (hd.Name, hd.Expand, hd.Chomp));
    }

    [Fact]
    public void Heredocs_are_read_and_unterminated_is_an_error()
    {
        var doc = DockerfileParser.Parse("FROM x\nRUN <<A cat && <<-B cat\nline1\nA\n\tb\n\tB\nRUN echo done\n");
        Assert.False(doc.HasErrors);
        var run = Assert.IsType<RunInstruction>(doc.Instructions[1]);
        Assert.Equal(["A", "B"], run.Heredocs.Select(h => h.Name));
        Assert.Equal("line1\n", run.Heredocs[0].Content);
        Assert.Equal((2, 6), (run.Span.StartLine, run.Span.EndLine));
        Assert.True(DockerfileParser.Parse("FROM x\nRUN <<EOF\nno end\n").HasErrors);
    }

    [Theory]
    [InlineData("# escape=`\n# escape=`\nFROM x\n", "only one escape parser directive can be used")]
    [InlineData("# escape=x\nFROM x\n", "invalid escape token 'x' does not match ` or \\")]
    [InlineData("FROM x\nENV A\n", "ENV must have two arguments")]
    [InlineData("FROM x\nCMD [\"a\", 1]\n", "when using JSON array syntax, arrays must be comprised of strings only")]
    [InlineData("", "file with no instructions")]
    public void Errors_are_values(string text, string message)
    {
        var doc = DockerfileParser.Parse(text, "Dockerfile");
        var err = Assert.Single(doc.Errors);
        Assert.Equal(message, err.Message);
        Assert.StartsWith("Dockerfile:", err.ToString(), StringComparison.Ordinal);
        Assert.Equal(text, doc.Print());
    }

    [Theory]
    [InlineData("# ESCAPE = `\nFROM `\n x\n", "(from \"x\")")]
    [InlineData("\n# escape=`\nRUN a \\\n b\n", "(run \"a  b\")")]
    [InlineData("FROM x AS y\n", "(from \"x\" \"AS\" \"y\")")]
    [InlineData("RUN [\"a\", \"b\"] x\n", "(run \"[\\\"a\\\", \\\"b\\\"] x\")")]
    [InlineData("ONBUILD RUN [\"x\"]\n", "(onbuild (run \"x\"))")]
    [InlineData("FOO bar\n", "(foo \"\")")]
    [InlineData("RUN echo \u00e9\u0001\n", "(run \"echo \u00e9\\x01\")")]
    [InlineData("COPY --chmod=\u00e9 a b\n", "(copy [\"--chmod=\u00c3\u00a9\"] \"a\" \"b\")")]
    public void Dump_vectors(string text, string dump) =>
        Assert.Equal(dump, DockerfileAstDumper.Dump(DockerfileParser.Parse(text)));

    [Fact]
    public void Typed_accessors()
    {
        var doc = DockerfileParser.Parse("ARG V=1\nFROM --platform=linux/amd64 img:${V} AS build\nCOPY --from=build a b /d/\nENV K=v L=\"w x\"\nFROM scratch\n");
        Assert.Single(doc.GlobalInstructions);
        Assert.Equal(2, doc.Stages.Count);
        var from = doc.Stages[0].From;
        Assert.Equal(("img:${V}", "build", "linux/amd64"), (from.Image, from.StageName, from.Platform));
        var copy = Assert.IsType<CopyInstruction>(doc.Stages[0].Instructions[0]);
        Assert.Equal(("build", "/d/"), (copy.From, copy.Dest));
        Assert.Equal(["a", "b"], copy.Sources);
        var env = Assert.IsType<EnvInstruction>(doc.Stages[0].Instructions[1]);
        Assert.Equal(["K", "L"], env.Pairs.Select(p => p.Key));
    }

    [Fact]
    public void Invalid_utf8_round_trips_via_latin1_fallback()
    {
        byte[] input = [0xEF, 0xBB, 0xBF, (byte)'F', (byte)'R', (byte)'O', (byte)'M', (byte)' ', 0xFF, (byte)'\r', (byte)'\n'];
        var doc = DockerfileParser.Parse(input);
        Assert.Equal(DockerfileEncoding.Latin1Fallback, doc.Encoding);
        Assert.Equal(input, doc.PrintBytes());
        Assert.Equal("(from \"\\xff\")", DockerfileAstDumper.Dump(doc));
    }
}

internal static class DockerfileParserTestAccess
{
    public static DockerfileHeredoc? ParseHeredoc(string word) => HeredocParsing.Parse(word);
}
