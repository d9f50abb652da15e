using CsCheck;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Scripts;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.References;

/// <summary>
/// <see cref="PythonSource.Extract"/> reads tokens straight from the lexer; it must name exactly what reading the
/// token list of <see cref="PythonTokenizer.Tokenize(string)"/> names (the reader below, kept as the reference).
/// </summary>
public sealed class PythonSourceTests
{
    private static readonly CommandSite Site = new("tools/run.py", ReferenceKind.Script, ["tools", string.Empty]);

    private static readonly Gen<string> Line = Gen.Select(
        Gen.Int[0, 2].Select(n => new string(' ', n * 4)),
        Gen.OneOf(
            Gen.Const("subprocess.run([\"bash\", \"scripts/build.sh\", x])"), Gen.Const("os.system(\"docker build -f a/Dockerfile a\")"),
            Gen.Const("call(['python', 'tools/x.py'],"), Gen.Const("  'sh ./run.sh')"), Gen.Const("x = (\"./a.sh\" if y else f\"{z}.sh\")"),
            Gen.Const("def f(a):"), Gen.Const("return \"source env.sh\""), Gen.Const("# ./nope.sh"), Gen.Const("'''docker"),
            Gen.Const("compose -f c.yml up'''"), Gen.Const("r'bash b.sh' + \"\\\\x\""), Gen.Const("]"), Gen.Const("{\"k\": \"./v.sh\"}")),
        (indent, text) => indent + text);

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 2_000;

    [Fact]
    public void Streamed_reader_names_what_the_token_list_reader_names() =>
        Line.Array[0, 25].Select(lines => string.Join('\n', lines)).Sample(AssertSame, iter: Iterations);

    [Fact]
    public void Streamed_reader_matches_on_real_modules()
    {
        var root = RealCorpora.Require("esphome-esphome");
        var files = Directory.EnumerateFiles(root, "*.py", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files.Where((_, i) => i % 4 == 0))
        {
            AssertSame(File.ReadAllText(file));
        }
    }

    private static void AssertSame(string text)
    {
        var tree = new RepoTree([]);
        Assert.Equal(
            CommandReferences.RecordPython(text, Site, tree, TokenListReader),
            CommandReferences.RecordPython(text, Site, tree, PythonSource.Extract));
    }

    /// <summary>The reader before tokens were streamed: the same rules over the whole token list.</summary>
    private static void TokenListReader(string text, CommandReferences commands, CommandSite site)
    {
        if (!PythonSource.HasMarkers(text))
        {
            return;
        }

        var groups = new Stack<(List<string?> Words, int Line)>();
        groups.Push(([], 1));
        foreach (var token in PythonTokenizer.Tokenize(text).Tokens)
        {
            switch (token.Kind)
            {
                case PythonTokenKind.Op when token.TextSpan is "(" or "[" or "{":
                    groups.Push(([], token.Span.Line));
                    break;
                case PythonTokenKind.Op when token.TextSpan is ")" or "]" or "}":
                    if (groups.Count > 1)
                    {
                        var (words, line) = groups.Pop();
                        if (words.Count > 0 && words[0] is not null)
                        {
                            commands.Words(words, line, site);
                        }

                        groups.Peek().Words.Add(null);
                    }

                    break;
                case PythonTokenKind.Op when token.TextSpan is ",":
                    break;
                case PythonTokenKind.String:
                    var value = PythonSource.Unquote(token.Text);
                    groups.Peek().Words.Add(value);
                    if (value is not null && value.Contains(' ', StringComparison.Ordinal) && CommandReferences.MayBeCommand(value))
                    {
                        commands.Text(value, token.Span.Line, site, 1);
                    }

                    break;
                case PythonTokenKind.Newline when groups.Count == 1:
                    groups.Peek().Words.Clear();
                    break;
                case PythonTokenKind.Whitespace or PythonTokenKind.Comment or PythonTokenKind.NL or PythonTokenKind.LineContinuation
                    or PythonTokenKind.Indent or PythonTokenKind.Dedent or PythonTokenKind.Newline:
                    break;
                default:
                    groups.Peek().Words.Add(null);
                    break;
            }
        }
    }
}
