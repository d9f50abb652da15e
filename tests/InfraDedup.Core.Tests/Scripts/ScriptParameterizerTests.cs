using CsCheck;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Tests.Scripts;

public class ScriptParameterizerTests
{
    private const string Api = "#!/bin/sh\nset -e\n# deploy the api\nSERVICE=api\ndocker compose -f deploy/compose.yaml up -d --build api\ncurl -fsS http://127.0.0.1:8001/health\necho \"done\"\n";
    private const string Web = "#!/bin/sh\nset -e\n# deploy the web front end\nSERVICE=web\ndocker compose -f deploy/compose.yaml up -d --build web\ncurl -fsS http://127.0.0.1:8002/health\necho \"done\"\n";

    [Fact]
    public void Near_copies_that_differ_in_literal_words_become_one_script_with_parameters()
    {
        var result = ScriptParameterizer.Parameterize([Api, Web], out var reason);
        Assert.True(result is not null, reason);
        Assert.Equal("#!/bin/sh", result.Shebang);
        Assert.Equal(["SERVICE_VALUE", "SCRIPT_VALUE"], result.Parameters.Select(p => p.Name));
        Assert.Equal(["api", "web"], result.Parameters[0].Values);
        Assert.Equal(["http://127.0.0.1:8001/health", "http://127.0.0.1:8002/health"], result.Parameters[1].Values);
        Assert.Contains("SERVICE=\"${SERVICE_VALUE}\"\n", result.Text, StringComparison.Ordinal);
        Assert.Contains("up -d --build \"${SERVICE_VALUE}\"\n", result.Text, StringComparison.Ordinal);
        Assert.Contains("# deploy the api\n", result.Text, StringComparison.Ordinal); // the canonical member's comments stay
    }

    [Theory]
    [InlineData("#!/bin/sh\necho a && echo b\n", "#!/bin/sh\necho a || echo b\n", "a place a variable cannot stand")]
    [InlineData("#!/bin/sh\nrm -f /tmp/*.log\n", "#!/bin/sh\nrm -f /tmp/*.tmp\n", "a place a variable cannot stand")]
    [InlineData("#!/bin/sh\necho \"$HOME/a\"\n", "#!/bin/sh\necho \"$HOME/b\"\n", "a place a variable cannot stand")]
    [InlineData("#!/bin/sh\nif true; then echo a; fi\n", "#!/bin/sh\nwhile true; do echo a; done\n", "")]
    [InlineData("#!/bin/sh\necho a\n", "#!/bin/bash\necho b\n", "different #! lines")]
    [InlineData("echo a\n", "echo b\n", "no #! line")]
    [InlineData("#!/bin/sh\ncd \"$(dirname \"$0\")\"\necho a\n", "#!/bin/sh\ncd \"$(dirname \"$0\")\"\necho b\n", "own location")]
    [InlineData("#!/bin/sh\nstart() { echo a; }\n", "#!/bin/sh\nbegin() { echo a; }\n", "a place a variable cannot stand")]
    [InlineData("#!/bin/sh\n# one\necho a\n", "#!/bin/sh\n# two\necho a\n", "only in comments")]
    public void Anything_but_literal_words_is_left_alone_with_the_reason(string a, string b, string expected)
    {
        Assert.Null(ScriptParameterizer.Parameterize([a, b], out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoting_round_trips_any_value()
    {
        Gen.String[Gen.Char.AlphaNumeric.Select(c => c), 0, 5].Select(Gen.Int[0, 6].Select(i => new[] { "'", " ", "\"", "$x", "\\", "\n", "é" }[i]), (s, t) => s + t + s)
            .Sample(value =>
            {
                var token = Assert.Single(ShellTokenizer.Tokenize(ScriptParameterizer.Quote(value)).Tokens);
                Assert.Equal(value, ShellWords.GetLiteralValue(token));
            });
    }

    [Fact]
    public void Substituting_each_members_values_gives_back_its_token_stream()
    {
        // Values with spaces and quotes are single- or double-quoted words in the members; the expansion reproduces them.
        // Words the shell may read as syntax ("do", "in", …) are left alone on purpose (see the theory above), so the
        // literal words drawn here are never one of them.
        var word = Gen.String[Gen.Char.AlphaNumeric, 1, 6].Where(w => !ScriptParameterizer.ReservedWords.Contains(w));
        var gen = Gen.Select(word, Gen.Int[0, 3].Select(i => new[] { "x y", "it's", "a=b", "" }[i]), (w, q) => (w, q));
        gen.Sample(v =>
        {
            var a = $"#!/bin/sh\nNAME={v.w}\necho \"{v.q.Replace("\"", "\\\"", StringComparison.Ordinal)}\" {v.w}\n";
            var b = "#!/bin/sh\nNAME=fixed\necho 'other value' fixed\n";
            var result = ScriptParameterizer.Parameterize([a, b], out var reason);
            if (v.w == "fixed" && v.q == "other value")
            {
                return;
            }

            Assert.True(result is not null, reason);
            foreach (var (text, m) in new[] { (a, 0), (b, 1) })
            {
                var rendered = result.Text;
                foreach (var p in result.Parameters)
                {
                    rendered = rendered.Replace("\"${" + p.Name + "}\"", ScriptParameterizer.Quote(p.Values[m]), StringComparison.Ordinal);
                }

                Assert.Equal(Values(text), Values(rendered));
            }
        });
    }

    private static List<string?> Values(string script) =>
        [.. ShellTokenizer.Tokenize(script).Tokens.Where(t => !t.IsTrivia).Select(t => t.Kind == ShellTokenKind.Word ? ShellWords.GetLiteralValue(t) : t.Text)];
}
