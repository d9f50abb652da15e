using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CsCheck;
using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Output;

namespace InfraDedup.Core.Tests.Lint;

/// <summary>Linting never throws, never reports a rule crash, and every output format stays well-formed, whatever the input.</summary>
public class LintPropertyTests
{
    // Linting runs every rule (and the effective-image model) per input: a tenth of the parser's fuzz budget.
    private static long Iterations =>
        (long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 10_000) / 10;

    private static readonly string[] Fragments =
    [
        "FROM debian:12 AS build", "FROM build", "FROM scratch", "FROM --platform=$BUILDPLATFORM x:1", "ARG V=1", "ARG TOKEN=abc",
        "RUN apt-get update && apt-get install -y curl=1 git && rm -rf /var/lib/apt/lists/*", "RUN pip install -r r.txt x y==1",
        "RUN curl -fsSL https://x | sh", "RUN cd /x; sudo make | tee log", "RUN <<EOF", "set -e", "apk add x", "EOF",
        "RUN [\"sh\", \"-c\", \"npm i x\"]", "RUN [\"bash\"]", "RUN --mount=type=cache,target=/var/cache/apk apk add x",
        "COPY --from=build / /", "COPY --from=0 a b c", "COPY --chmod=777 . .", "ADD x.tar.gz /", "ADD . /app", "ENV A=1 B=$A",
        "ENV PASSWORD=hunter2", "LABEL Bad..Key=v", "USER root", "USER 0:0", "WORKDIR rel", "EXPOSE 99999 80/tcp 1-2",
        "HEALTHCHECK CMD true", "HEALTHCHECK NONE", "CMD python app.py", "ENTRYPOINT [\"x\"]", "ONBUILD RUN sudo x", "ONBUILD FROM x",
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]", "SHELL [\"pwsh\"]", "VOLUME /proc", "MAINTAINER me",
        "# hadolint ignore=DL3008,ID2003", "# hadolint global ignore=DL3006", "# infradedup ignore=", "# hadolint shell=pwsh",
        "useradd -u 1234567 x", "RUN chmod a+w x && ln -s /bin/bash /bin/sh", "RUN go install x.io/y@latest", "", "  \\", "RUN a \\",
    ];

    private static readonly Gen<string> GenLine = Gen.OneOf(
        Gen.Int[0, Fragments.Length - 1].Select(i => Fragments[i]),
        Gen.String[Gen.Char["FROMRUN \\`\"'<>|&;-=#$\t{}[]:,aE/"], 0, 14]);

    private static readonly Gen<string> GenDockerfile = GenLine.Array[0, 14].Select(lines => string.Join('\n', lines) + "\n");

    [Fact]
    public void Linting_never_crashes_and_outputs_stay_well_formed() =>
        GenDockerfile.Sample(text =>
        {
            var findings = Linter.LintText(text, "dir/Dockerfile");
            if (findings.Any(f => f.Message.Contains("internal error", StringComparison.Ordinal) || f.Line < 1 || f.Column < 1 || f.EndLine < f.Line))
            {
                return false;
            }

            using var json = JsonDocument.Parse(LintFormatter.Json(findings));
            using var sarif = JsonDocument.Parse(LintFormatter.Sarif(findings, LintRegistry.All, "0"));
            var xml = XDocument.Parse(LintFormatter.Checkstyle(findings));
            return json.RootElement.GetArrayLength() == findings.Count && xml.Root!.Descendants("error").Count() == findings.Count
                && LintFormatter.Tty(findings).Count(c => c == '\n') == findings.Count;
        }, iter: Iterations);

    [Fact]
    public void Linting_is_deterministic() =>
        GenDockerfile.Sample(text => Linter.LintText(text).SequenceEqual(Linter.LintText(text)), iter: Iterations / 10);

    [Fact]
    public void Arbitrary_bytes_never_crash() =>
        Gen.Byte.Array[0, 200].Sample(bytes =>
            Linter.Lint(InfraDedup.Core.Dockerfiles.DockerfileParser.Parse(bytes, "x"), "x").All(f => !f.Message.Contains("internal error", StringComparison.Ordinal)),
            iter: Iterations);

    [Fact]
    public void Pragma_parsing_round_trips_rule_lists() =>
        Gen.Select(Gen.String["DL0123456789ID"].Where(s => s.Length > 0).Array[1, 5], Gen.Bool, (ids, global) => (ids, global)).Sample(x =>
        {
            var text = new StringBuilder("hadolint ").Append(x.global ? "global " : string.Empty).Append("ignore=").AppendJoin(',', x.ids).ToString();
            var pragma = LintPragmas.TryParse(text, 1, 1);
            return pragma is not null && pragma.IsGlobal == x.global && pragma.IgnoredRules.SequenceEqual(x.ids);
        }, iter: Iterations);
}
