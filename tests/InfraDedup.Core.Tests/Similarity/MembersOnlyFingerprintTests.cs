using System.Text;
using CsCheck;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Tests.Similarity;

/// <summary>
/// A members-only run (<c>scan</c>) hashes scripts straight from their token stream instead of building units: its
/// fingerprints must be the ones the units give (stream hashes, shingles, and every array of the aligned check), in
/// both views, on random shell and Python text.
/// </summary>
public sealed class MembersOnlyFingerprintTests
{
    private static Gen<string> Pick(params string[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static readonly Gen<string> ShellLine = Gen.Select(
        Pick("echo", "curl -fsSL", "rm -rf", "if [ -f x ]; then", "fi", "for f in *.sh; do", "done", "X=1", "export Y=\"$X\"", "# note", "cd /tmp &&"),
        Pick("alpha", "'quoted words'", "42", "$HOME/bin", "\"${A:-b}\"", "| grep x", "; ls", string.Empty),
        (a, b) => a + " " + b);

    private static readonly Gen<string> PythonLine = Gen.Select(
        Pick(string.Empty, "    ", "        "),
        Pick("def f(x):", "return x + 1", "if a == 'b':", "y = [1, 2.5, \"s\"]", "import os", "# comment", "print(f\"{a}\", 3)", "else:", "pass", "class C(Base):", "x = (1,", "  2)"),
        (indent, line) => indent + line);

    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) ? n * 10 : 300;

    [Fact]
    public void Shell_fingerprints_are_the_same_without_units() =>
        Gen.Select(ShellLine.Array[0, 20], Gen.Bool).Sample(t => AssertSame(FamilyKind.Shell, string.Join('\n', t.Item1), t.Item2), iter: Iterations);

    [Fact]
    public void Python_fingerprints_are_the_same_without_units() =>
        Gen.Select(PythonLine.Array[0, 20], Gen.Bool).Sample(t => AssertSame(FamilyKind.Python, string.Join('\n', t.Item1) + "\n", t.Item2), iter: Iterations);

    private static readonly Gen<string> DockerfileLine = Gen.OneOf(
        Pick("FROM debian:12", "FROM python:3.12-slim AS build", "ARG V=1.2", "ARG NAME", "ENV A=b C=\"d e\"", "LABEL x=y",
            "EXPOSE 80 443/tcp", "COPY --chown=1:1 a.sh /usr/bin/", "ADD https://x/y.tgz /opt/", "COPY --from=build /a /b",
            "WORKDIR /app", "USER app", "CMD [\"python\", \"app.py\"]", "ENTRYPOINT [\"/entry.sh\"]", "SHELL [\"/bin/sh\", \"-c\"]",
            "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1", "HEALTHCHECK NONE", "VOLUME /data", "# comment"),
        Gen.Select(Pick("RUN ", "RUN --mount=type=cache,target=/root ", "CMD "), ShellLine, (a, b) => a + b),
        Gen.Const("RUN <<EOF\napt-get update\necho $(date)\nEOF"),
        Gen.Const("RUN set -e; \\\n  for f in a b; do echo \"$f\"; done"));

    [Fact]
    public void Dockerfile_fingerprints_are_the_same_without_units() =>
        Gen.Select(DockerfileLine.Array[0, 15], Gen.Bool).Sample(t =>
        {
            var text = string.Join('\n', t.Item1) + "\n";
            AssertSame(FamilyKind.Dockerfile, text, t.Item2);
            var bytes = Encoding.UTF8.GetBytes(text);
            var full = Fingerprint.FromBytes("d/Dockerfile", FamilyKind.Dockerfile, bytes, new SimilarityOptions { KeepLiterals = t.Item2 });
            var lean = Fingerprint.FromBytes("d/Dockerfile", FamilyKind.Dockerfile, bytes, new SimilarityOptions { KeepLiterals = t.Item2, MembersOnly = true });
            Assert.Equal(full.Signature, lean.Signature);
            Assert.Equal(full.CopySources, lean.CopySources);
        }, iter: Iterations);

    private static void AssertSame(FamilyKind kind, string text, bool keepLiterals)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var full = Fingerprint.FromBytes("s", kind, bytes, new SimilarityOptions { KeepLiterals = keepLiterals });
        var lean = Fingerprint.FromBytes("s", kind, bytes, new SimilarityOptions { KeepLiterals = keepLiterals, MembersOnly = true });
        Assert.Equal(full.ViewHash, lean.ViewHash);
        Assert.Equal(full.Shingles, lean.Shingles);
        Assert.Equal(full.ConcreteHash, lean.ConcreteHash);
        Assert.Equal(full.AbstractHash, lean.AbstractHash);
        Assert.Equal(full.IsEmpty, lean.IsEmpty);
        var (p, q) = (full.AlignProfile(!keepLiterals), lean.AlignProfile(!keepLiterals));
        Assert.Equal(p.Keys, q.Keys);
        Assert.Equal(p.Views, q.Views);
        Assert.Equal(p.SortedKeys, q.SortedKeys);
        for (var i = 0; i < p.Count; i++)
        {
            Assert.Equal(p.Tokens(i).ToArray(), q.Tokens(i).ToArray());
        }

        Assert.Equal(full.Units.Length, q.Count);
    }
}
