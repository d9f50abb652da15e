using InfraDedup.Core.Scripts;
using Xunit;

namespace InfraDedup.Core.Tests.Scripts;

public class ShellTokenizerTests
{
    private static string Concat(ShellTokenization t) => string.Concat(t.Tokens.Select(x => x.Text));

    private static ShellToken[] Significant(string text) =>
        ShellTokenizer.Tokenize(text).Tokens.Where(t => t.Kind is not ShellTokenKind.Whitespace).ToArray();

    [Theory]
    [InlineData("echo \"$(dirname \"$(readlink -f \"$0\")\")\"", 2)]
    [InlineData("x=$(echo $(echo \"a)b\"))", 1)]
    [InlineData("echo `echo \\`x\\``", 2)]
    [InlineData("echo $((1 + (2 * 3)))", 2)]
    [InlineData("echo ${x:-${y:-\"}\"}}", 2)]
    [InlineData("echo $'a\\'b' c", 3)]
    [InlineData("v=$(case $x in a) echo a;; esac)", 1)]
    [InlineData("echo $(cat <<'E'\n)(\nE\n)", 2)]
    [InlineData("diff <(sort a) >(tee b)", 3)]
    [InlineData("arr=(one \"two three\" $(four)) next", 2)]
    public void Nested_constructs_stay_in_one_word(string text, int words)
    {
        var t = ShellTokenizer.Tokenize(text);
        Assert.Equal(text, Concat(t));
        Assert.Empty(t.Diagnostics);
        Assert.Equal(words, t.Tokens.Count(x => x.Kind == ShellTokenKind.Word));
    }

    [Fact]
    public void Word_parts_expose_quoting()
    {
        var w = Significant("a'b'\"c$d${e}\"$(f)`g`$((1))\\h$'\\n'")[0];
        var kinds = w.Parts.Select(p => p.Kind).ToArray();
        Assert.Equal(
            [ShellWordPartKind.Literal, ShellWordPartKind.SingleQuoted, ShellWordPartKind.DoubleQuoted, ShellWordPartKind.CommandSubstitution,
             ShellWordPartKind.Backtick, ShellWordPartKind.Arithmetic, ShellWordPartKind.Escape, ShellWordPartKind.AnsiCQuoted],
            kinds);
        Assert.Equal(
            [ShellWordPartKind.Literal, ShellWordPartKind.Parameter, ShellWordPartKind.ParameterExpansion],
            w.Parts[2].Children.Select(p => p.Kind).ToArray());
        Assert.Equal("f", w.Source.Substring(w.Parts[3].ContentOffset, w.Parts[3].ContentLength));
    }

    [Theory]
    [InlineData("echo a#b", "echo|a#b")]
    [InlineData("echo ${#x} $# #c", "echo|${#x}|$#|#c")]
    [InlineData("echo x;#c", "echo|x|;|#c")]
    [InlineData("echo 'a #b' \"#c\" \\#d", "echo|'a #b'|\"#c\"|\\#d")]
    public void Comments_only_where_hash_starts_a_word(string text, string expected)
    {
        var tokens = Significant(text);
        Assert.Equal(expected, string.Join('|', tokens.Select(t => t.Text)));
        Assert.Equal(expected.EndsWith("#c", StringComparison.Ordinal) && !expected.EndsWith("\"#c\"", StringComparison.Ordinal),
            tokens[^1].Kind == ShellTokenKind.Comment);
    }

    [Theory]
    [InlineData("a||b&&c;;d|&e;&f", "||,&&,;;,|&,;&")]
    [InlineData("a>>b<<<c 2>&1 &>d <&3 >|e <>f &>>g", ">>,<<<,>&,&>,<&,>|,<>,&>>")]
    [InlineData("(a);b&", "(,),;,&")]
    public void Operators_longest_match(string text, string ops)
    {
        var t = ShellTokenizer.Tokenize(text);
        Assert.Equal(ops, string.Join(',', t.Tokens.Where(x => x.Kind == ShellTokenKind.Operator).Select(x => x.Text)));
    }

    [Fact]
    public void Heredoc_with_quoted_delimiter_and_tab_stripping()
    {
        var text = "cat <<'EOF' >out; cat <<-\"END\"\n$not expanded\nEOF\n\tindented\n\tEND\necho done\n";
        var t = ShellTokenizer.Tokenize(text);
        Assert.Equal(text, Concat(t));
        Assert.Empty(t.Diagnostics);
        Assert.Equal(2, t.Heredocs.Count);
        var (a, b) = (t.Heredocs[0], t.Heredocs[1]);
        Assert.Equal("EOF", a.Delimiter);
        Assert.True(a.IsQuoted);
        Assert.False(a.StripTabs);
        Assert.Equal("$not expanded\n", t.Tokens[a.BodyIndex].Text);
        Assert.Equal("END", b.Delimiter);
        Assert.True(b.StripTabs);
        Assert.Equal("\tindented\n", t.Tokens[b.BodyIndex].Text);
        Assert.Equal("\tEND\n", t.Tokens[b.EndIndex].Text);
        Assert.Equal(ShellTokenKind.HeredocEnd, t.Tokens[b.EndIndex].Kind);
        Assert.Contains(t.Tokens, x => x.Kind == ShellTokenKind.Word && x.Text == "done");
    }

    [Theory]
    [InlineData("cat <<\\EOF\nx\nEOF\n", "EOF", true)]
    [InlineData("cat << EOF\nx\nEOF", "EOF", false)]
    [InlineData("cat <<E\"O\"F\nx\nEOF\n", "EOF", true)]
    public void Heredoc_delimiter_forms(string text, string delimiter, bool quoted)
    {
        var t = ShellTokenizer.Tokenize(text);
        Assert.Empty(t.Diagnostics);
        Assert.Equal(delimiter, t.Heredocs[0].Delimiter);
        Assert.Equal(quoted, t.Heredocs[0].IsQuoted);
        Assert.Equal("x\n", t.Tokens[t.Heredocs[0].BodyIndex].Text);
    }

    [Fact]
    public void Unterminated_heredoc_is_a_diagnostic()
    {
        var text = "cat <<EOF\nline1\nline2";
        var t = ShellTokenizer.Tokenize(text);
        Assert.Equal(text, Concat(t));
        Assert.Single(t.Diagnostics);
        Assert.Equal(2, t.Diagnostics[0].Line);
        Assert.Equal("line1\nline2", t.Tokens[^1].Text);
        Assert.Equal(ShellTokenKind.HeredocBody, t.Tokens[^1].Kind);
    }

    [Theory]
    [InlineData("echo 'abc", 1, 6)]
    [InlineData("echo ok\necho \"abc", 2, 6)]
    [InlineData("x=$(foo", 1, 3)]
    [InlineData("echo ${a", 1, 6)]
    public void Unterminated_constructs_report_position(string text, int line, int column)
    {
        var t = ShellTokenizer.Tokenize(text);
        Assert.Equal(text, Concat(t));
        var d = Assert.Single(t.Diagnostics);
        Assert.Equal((line, column), (d.Line, d.Column));
    }

    [Fact]
    public void Line_continuation_and_positions()
    {
        var t = ShellTokenizer.Tokenize("apt-get install \\\n  curl\n");
        var cont = Assert.Single(t.Tokens, x => x.Kind == ShellTokenKind.LineContinuation);
        Assert.Equal("\\\n", cont.Text);
        var curl = Assert.Single(t.Tokens, x => x.Text == "curl");
        Assert.Equal(new SourceSpan(20, 4, 2, 3), curl.Span);
    }

    [Fact]
    public void Substring_tokenizing_keeps_absolute_offsets()
    {
        var source = "RUN echo hi";
        var t = ShellTokenizer.Tokenize(source, 4, 7, line: 3, column: 5);
        Assert.Equal("echo", t.Tokens[0].Text);
        Assert.Equal(new SourceSpan(4, 4, 3, 5), t.Tokens[0].Span);
        Assert.Equal(new SourceSpan(9, 2, 3, 10), t.Tokens[^1].Span);
    }

    [Theory]
    [InlineData("'a b'\"c\\\"d\"e\\ f", "a bc\"de f")]
    [InlineData("$'x\\ty\\x41\\u00e9'", "x\tyAé")]
    [InlineData("\"a\\b\"", "a\\b")]
    [InlineData("path/to/x.sh", "path/to/x.sh")]
    public void Literal_value_after_quote_removal(string word, string expected)
        => Assert.Equal(expected, ShellWords.GetLiteralValue(Significant(word)[0]));

    [Theory]
    [InlineData("$HOME/x")]
    [InlineData("\"$(pwd)\"")]
    [InlineData("~/x.sh")]
    [InlineData("a`b`")]
    public void Literal_value_is_null_with_expansions(string word)
        => Assert.Null(ShellWords.GetLiteralValue(Significant(word)[0]));
}
