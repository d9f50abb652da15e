using CsCheck;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using Xunit;

namespace InfraDedup.Core.Tests.Dockerfiles;

public class EffectiveImagePropertyTests
{
    private static readonly Dictionary<string, string> NoArgs = [];

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) && n > 0 ? Math.Max(n / 20, 100) : 500;

    // Stage-body lines; ARG and ONBUILD stay out of the split property (ARGs do not cross FROM, triggers fire in the child).
    private static readonly string[] Body =
    [
        "ENV A=1", "ENV A=2 B=$A", "ENV PATH=/opt/bin:$PATH", "RUN make", "RUN [\"make\", \"install\"]", "RUN --mount=type=cache,target=/c go build",
        "COPY src/ /src/", "COPY --chown=app:app . .", "ADD https://example.com/x.tgz /opt/", "WORKDIR /app", "WORKDIR sub", "USER app",
        "USER root", "LABEL v=$A", "EXPOSE 80", "EXPOSE 53/udp", "CMD [\"serve\"]", "CMD serve --port 80", "ENTRYPOINT [\"tini\", \"--\"]",
        "SHELL [\"bash\", \"-c\"]", "HEALTHCHECK CMD curl -f localhost", "HEALTHCHECK NONE", "STOPSIGNAL SIGINT", "VOLUME /data",
        "COPY <<EOF /etc/motd\nhello $A\nEOF", "RUN <<EOF\nset -e\nmake\nEOF",
    ];

    private static readonly string[] Extra = ["ARG X=1", "ARG A", "ONBUILD RUN echo", "ENV X=$X"];

    private static readonly Gen<string[]> GenBody = Gen.Int[0, Body.Length - 1].Select(i => Body[i]).Array[0, 14];

    private static readonly Gen<string> GenDockerfile =
        Gen.Select(Gen.Int[0, Body.Length + Extra.Length - 1].Array[0, 14], Gen.Bool, (ix, twoStages) =>
        {
            var lines = ix.Select(i => i < Body.Length ? Body[i] : Extra[i - Body.Length]).ToList();
            var text = "ARG BASE=alpine\nFROM $BASE AS first\n" + string.Join("\n", lines.Take(lines.Count / 2)) + "\n";
            text += twoStages ? "FROM first\n" : string.Empty;
            return text + string.Join("\n", lines.Skip(lines.Count / 2)) + "\n";
        });

    [Fact]
    public void Moving_a_prefix_into_a_resolved_base_keeps_the_spec() =>
        Gen.Select(GenBody, Gen.Int[0, 100]).Where(t =>
        {
            var (lines, at) = t;
            var k = at % (lines.Length + 1);
            // CMD set in the same stage survives a later ENTRYPOINT; across FROM it is reset (BuildKit's cmdSet).
            return !(lines.Take(k).Any(l => l.StartsWith("CMD", StringComparison.Ordinal)) && lines.Skip(k).Any(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));
        }).Sample(t =>
        {
            var (lines, at) = t;
            var k = at % (lines.Length + 1);
            var original = "FROM alpine:3.20\n" + string.Join("\n", lines) + "\n";
            var baseText = "FROM alpine:3.20\n" + string.Join("\n", lines.Take(k)) + "\n";
            var member = "FROM project/base:h\n" + string.Join("\n", lines.Skip(k)) + "\n";
            var a = EffectiveImageTests.Spec(original);
            var b = EffectiveImageTests.Spec(member, resolver: EffectiveImageTests.Resolver("project/base:h", baseText));
            return !a.HasErrors && a.Equals(b) && a.GetHashCode() == b.GetHashCode() && SpecDiff.FirstDifference(a, b) is null;
        }, iter: Iterations);

    [Fact]
    public void Print_parse_compute_is_stable() =>
        GenDockerfile.Sample(text =>
        {
            var doc = DockerfileParser.Parse(text);
            var spec = EffectiveImage.Compute(doc, NoArgs);
            var reparsed = EffectiveImage.Compute(DockerfileParser.Parse(doc.Print()), NoArgs);
            var canonical = EffectiveImage.Compute(DockerfileParser.Parse(CanonicalPrinter.Print(doc)), NoArgs);
            return spec.Equals(reparsed) && spec.Equals(canonical) && SpecDiff.FirstDifference(spec, canonical) is null;
        }, iter: Iterations);

    [Fact]
    public void Removing_dead_instructions_keeps_the_spec() =>
        GenDockerfile.Sample(text =>
        {
            var doc = DockerfileParser.Parse(text);
            var dead = DeadInstructionAnalyzer.Find(doc, NoArgs);
            return DeadInstructionAnalyzer.RemovalKeepsSpec(doc, dead, NoArgs)
                && DeadInstructionAnalyzer.RemovalKeepsSpec(doc, dead, new Dictionary<string, string> { ["X"] = "7", ["A"] = "8" });
        }, iter: Iterations / 2);

    private static readonly string[] Noise =
    [
        "FROM a AS b", "FROM b", "FROM scratch", "COPY --from=b x y", "COPY --from=0 x y", "COPY --from=zz x y", "ARG Q", "ARG Q=${Q:-1}",
        "ENV Q=$Q", "RUN --mount=from=b,target=/x y", "EXPOSE $Q", "EXPOSE 70000 a-b x/", "HEALTHCHECK --interval=1x CMD y",
        "HEALTHCHECK --retries=-1 CMD y", "HEALTHCHECK BOGUS", "SHELL sh", "ONBUILD ONBUILD RUN x", "ONBUILD", "WORKDIR ..", "WORKDIR ${Q:?}",
        "USER ${", "VOLUME [\"\"]", "STOPSIGNAL", "MAINTAINER", "UNKNOWN x", "COPY", "ADD --checksum=x http://h/a /", "CMD", "ENTRYPOINT []",
    ];

    [Fact]
    public void Compute_and_dead_analysis_never_throw() =>
        Gen.Int[0, Noise.Length + Body.Length - 1].Array[0, 10].Sample(ix =>
        {
            var text = string.Join("\n", ix.Select(i => i < Noise.Length ? Noise[i] : Body[i - Noise.Length])) + "\n";
            var doc = DockerfileParser.Parse(text);
            var spec = EffectiveImage.Compute(doc, new Dictionary<string, string> { ["Q"] = "9" }, target: "b");
            _ = SpecDiff.FirstDifference(spec, EffectiveImage.Compute(doc, NoArgs));
            _ = spec.Target.Describe();
            _ = spec.Target.AllContextSources();
            return DeadInstructionAnalyzer.RemovalKeepsSpec(doc, DeadInstructionAnalyzer.Find(doc, NoArgs), NoArgs);
        }, iter: Iterations);

    [Fact]
    public void A_planted_step_change_is_never_equal() =>
        Gen.Select(GenBody, Gen.Int[0, 100]).Sample(t =>
        {
            var (lines, at) = t;
            var k = at % (lines.Length + 1);
            var a = EffectiveImageTests.Spec("FROM alpine\n" + string.Join("\n", lines) + "\n");
            var planted = lines.Take(k).Append("RUN planted").Concat(lines.Skip(k));
            var b = EffectiveImageTests.Spec("FROM alpine\n" + string.Join("\n", planted) + "\n");
            var d = SpecDiff.FirstDifference(a, b);
            return !a.Equals(b) && d is not null && d.Key.StartsWith("Steps[", StringComparison.Ordinal);
        }, iter: Iterations);
}
