using CsCheck;
using InfraDedup.Core.Scripts;
using Xunit;

namespace InfraDedup.Core.Tests.Scripts;

/// <summary>Never throws and round-trips exactly. INFRADEDUP_FUZZ_ITERATIONS overrides the 10,000 cases per property.</summary>
public class TokenizerPropertyTests
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 10_000;

    private const string ShellSeed = """
        #!/usr/bin/env bash
        set -euo pipefail
        x="$(dirname "$(readlink -f "$0")")" # comment
        cat <<-'EOF' > "${out:-/tmp/x}"
        	body $x `y`
        	EOF
        for f in *.sh; do bash "$f" 2>&1 | tee -a log; done
        case $1 in a|b) echo $'\t' ;; *) exit $((1+2)) ;; esac
        arr=(a "b c") && echo ${arr[@]} <(ls) \
          || true
        """;

    private const string PythonSeed = """
        import os  # c
        def f(a: int = 0x_1F, *args, **kw) -> str:
            '''doc
            string'''
            if (a := a + 1e-3j):
                return f"{a!r:>{w}} {kw["k"]}" + rb'\x00'

        class C:
            x = [1,
          2]; y = ...
        """;

    private const string Alphabet = " \t\n\r\\'\"`$(){}[]<>|&;#-=:!@%^*+,./?~0123456789abcdefEOFxrbfu_\0é";

    private static readonly Gen<string> RandomText =
        Gen.Char[Alphabet].Array[0, 60].Select(a => new string(a));

    private static readonly Gen<string> AnyText = Gen.OneOf(RandomText, Gen.String, Gen.Byte.Array[0, 40].Select(b => System.Text.Encoding.UTF8.GetString(b)));

    private static Gen<string> Mutated(string seed) =>
        Gen.Select(Gen.Int[0, seed.Length], Gen.Int[0, 8], Gen.Int[0, 2], RandomText)
            .Array[1, 4]
            .Select(ops =>
            {
                var s = seed;
                foreach (var (pos, len, op, insert) in ops)
                {
                    var p = Math.Min(pos, s.Length);
                    var l = Math.Min(len, s.Length - p);
                    s = op switch
                    {
                        0 => s.Remove(p, l),
                        1 => s.Insert(p, insert),
                        _ => s.Remove(p, l).Insert(p, insert),
                    };
                }

                return s;
            });

    private static void CheckShell(string text)
    {
        var t = ShellTokenizer.Tokenize(text);
        Assert.Equal(text, string.Concat(t.Tokens.Select(x => x.Text)));
        var offset = 0;
        foreach (var tok in t.Tokens)
        {
            Assert.Equal(offset, tok.Span.Offset);
            offset = tok.Span.End;
        }

        _ = ShellCommand.Split(t);
        _ = TokenNormalizer.ShingleHashes(TokenNormalizer.Normalize(t, TokenNormalizerOptions.Type2));
        foreach (var tok in t.Tokens)
        {
            _ = ShellWords.GetLiteralValue(tok);
        }
    }

    private static void CheckPython(string text)
    {
        var t = PythonTokenizer.Tokenize(text);
        Assert.Equal(text, string.Concat(t.Tokens.Select(x => x.Text)));
        Assert.Equal(PythonTokenKind.EndMarker, t.Tokens[^1].Kind);
        Assert.Equal(t.Tokens.Count(x => x.Kind == PythonTokenKind.Indent), t.Tokens.Count(x => x.Kind == PythonTokenKind.Dedent));
        _ = TokenNormalizer.ShingleHashes(TokenNormalizer.Normalize(t, TokenNormalizerOptions.Type2));
    }

    [Fact]
    public void Shell_random_text_round_trips() => AnyText.Sample(CheckShell, iter: Iterations, threads: 1);

    [Fact]
    public void Shell_mutated_script_round_trips() => Mutated(ShellSeed).Sample(CheckShell, iter: Iterations, threads: 1);

    [Fact]
    public void Python_random_text_round_trips() => AnyText.Sample(CheckPython, iter: Iterations, threads: 1);

    [Fact]
    public void Python_mutated_script_round_trips() => Mutated(PythonSeed).Sample(CheckPython, iter: Iterations, threads: 1);

    [Fact]
    public void Seeds_tokenize_cleanly()
    {
        Assert.Empty(ShellTokenizer.Tokenize(ShellSeed).Diagnostics);
        Assert.Empty(PythonTokenizer.Tokenize(PythonSeed).Diagnostics);
    }
}
