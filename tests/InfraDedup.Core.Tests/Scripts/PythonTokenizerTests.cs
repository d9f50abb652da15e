using InfraDedup.Core.Scripts;
using Xunit;
using K = InfraDedup.Core.Scripts.PythonTokenKind;

namespace InfraDedup.Core.Tests.Scripts;

public class PythonTokenizerTests
{
    private static PythonToken[] Meaningful(string text) => PythonTokenizer.Tokenize(text).Tokens
        .Where(t => t.Kind is not K.Whitespace and not K.LineContinuation).ToArray();

    private static string Kinds(string text) => string.Join(' ', Meaningful(text).Select(t => t.Kind));

    [Theory]
    [InlineData("f\"{x[\"a\"]!r:>{width}} {{lit}} {f'{y}'}\"")]
    [InlineData("rf'{a}\\{b}'")]
    [InlineData("F\"\"\"multi\n{x\n + 1}\nline\"\"\"")]
    [InlineData("b'\\x00' RB\"raw\" u'x' Br'q' t\"{tmpl}\"")]
    [InlineData("'''triple\nspanning ' \" lines'''")]
    [InlineData("f'{a:{b}.{c}f}' f'{x=}' f'{d[\"k\"]:%Y-%m}'")]
    public void Strings_are_single_tokens(string text)
    {
        var t = PythonTokenizer.Tokenize(text);
        Assert.Empty(t.Diagnostics);
        Assert.All(Meaningful(text).Where(x => x.Kind is not K.Newline and not K.EndMarker), x => Assert.Equal(K.String, x.Kind));
        Assert.Equal(text, string.Concat(t.Tokens.Select(x => x.Text)));
    }

    [Theory]
    [InlineData("1_000 0x_FF 0o17 0b1010 1.5e-3 .5 1. 3j 1_0.0_1E+1_0J 0")]
    public void Number_forms(string text)
    {
        var numbers = Meaningful(text).Where(t => t.Kind != K.Newline && t.Kind != K.EndMarker).ToArray();
        Assert.All(numbers, n => Assert.Equal(K.Number, n.Kind));
        Assert.Equal(text.Split(' '), numbers.Select(n => n.Text));
    }

    [Fact]
    public void Multi_character_operator_switch_matches_the_operator_lists()
    {
        // Every triple over the operator characters (and a few others): the switch gives the longest listed operator.
        const string chars = "*/<>=!:+-%&|^@.~,;a0\0";
        foreach (var a in chars)
        {
            foreach (var b in chars)
            {
                foreach (var c in chars)
                {
                    var text = new string([a, b, c]);
                    var expected = PythonTokenizer.Ops3.Contains(text) ? 3
                        : PythonTokenizer.Ops2.Contains(text[..2]) ? 2
                        : 0;
                    Assert.Equal(expected, PythonTokenizer.MultiCharOperatorLength(a, b, c));
                }
            }
        }
    }

    [Fact]
    public void Operators_longest_match()
    {
        var ops = Meaningful("a **= b // c := d -> e ... f != g <<= h @= i >>= j")
            .Where(t => t.Kind == K.Op).Select(t => t.Text);
        Assert.Equal(["**=", "//", ":=", "->", "...", "!=", "<<=", "@=", ">>="], ops);
    }

    [Fact]
    public void Indent_dedent_ignore_blank_and_comment_lines()
    {
        var text = "def f():\n    x = 1\n\n# comment at col 0\n        # deeper comment\n    if x:\n        y = (1,\n  2)\n    return y\nz = 2\n";
        Assert.Equal(
            "Name Name Op Op Op Newline Indent Name Op Number Newline NL Comment NL Comment NL " +
            "Name Name Op Newline Indent Name Op Op Number Op NL Number Op Newline Dedent Name Name Newline Dedent " +
            "Name Op Number Newline EndMarker",
            Kinds(text));
        var indent = PythonTokenizer.Tokenize(text).Tokens.First(t => t.Kind == K.Indent);
        Assert.Equal("    ", indent.Indentation);
        Assert.Equal(0, indent.Span.Length);
        Assert.Equal((2, 5), (indent.Span.Line, indent.Span.Column));
    }

    [Fact]
    public void Backslash_continuation_is_not_a_newline()
    {
        Assert.Equal("Name Op Number Op Number Newline EndMarker", Kinds("x = 1 + \\\n    2\n"));
        Assert.Equal("Name Op Number Newline Dedent EndMarker", Kinds("if x:\n  y = 1").Replace("Name Name Op Newline Indent ", string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("s = 'abc\nx = 1", "unterminated string literal", 1)]
    [InlineData("s = '''abc", "unterminated triple-quoted string literal", 1)]
    [InlineData("x = (1,\n", "'(' was never closed", 1)]
    [InlineData("a $ b", "invalid character U+0024", 1)]
    [InlineData("if x:\n    a\n  b\n", "unindent does not match any outer indentation level", 3)]
    public void Errors_are_diagnostics(string text, string message, int line)
    {
        var t = PythonTokenizer.Tokenize(text);
        var d = Assert.Single(t.Diagnostics);
        Assert.Equal(message, d.Message);
        Assert.Equal(line, d.Line);
        Assert.Equal(text, string.Concat(t.Tokens.Select(x => x.Text)));
    }

    [Fact]
    public void Crlf_and_unicode_names()
    {
        Assert.Equal("Name Op Name Newline Name Newline EndMarker", Kinds("café = naïve\r\nπ\r\n"));
    }
}
