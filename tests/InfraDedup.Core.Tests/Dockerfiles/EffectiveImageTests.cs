using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using Xunit;

namespace InfraDedup.Core.Tests.Dockerfiles;

public class EffectiveImageTests
{
    private static readonly Dictionary<string, string> NoArgs = [];

    internal static EffectiveImageSpec Spec(string text, IReadOnlyDictionary<string, string>? args = null, string? target = null, IBaseImageResolver? resolver = null) =>
        EffectiveImage.Compute(DockerfileParser.Parse(text, "Dockerfile"), args ?? NoArgs, target, resolver);

    private static string Env(EffectiveImageSpec s, string name) =>
        s.Target.Config.Env.FirstOrDefault(e => e.Name == name)?.Value ?? "<unset>";

    private static Dictionary<string, string> Args(params string[] kvs) =>
        kvs.Select(kv => kv.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    // ---- ARG / ENV scoping ----

    [Theory]
    [InlineData("ARG TAG=3.20\nFROM alpine:${TAG}\nENV T=${TAG}x\n", "", "alpine:3.20", "x")]
    [InlineData("ARG TAG=3.20\nFROM alpine:${TAG}\nARG TAG\nENV T=${TAG}x\n", "", "alpine:3.20", "3.20x")]
    [InlineData("ARG TAG=3.20\nFROM alpine:${TAG}\nARG TAG\nENV T=${TAG}x\n", "TAG=4", "alpine:4", "4x")]
    [InlineData("ARG TAG=3.20\nFROM alpine:${TAG}\nARG TAG=own\nENV T=${TAG}x\n", "", "alpine:3.20", "ownx")]
    [InlineData("ARG TAG=3.20\nFROM alpine:${TAG}\nARG TAG=own\nENV T=${TAG}x\n", "TAG=9", "alpine:9", "9x")]
    [InlineData("FROM alpine\nENV T=${X}x\nARG X=1\n", "", "alpine", "x")]
    [InlineData("FROM alpine\nARG X=1\nENV T=${X}x\n", "X=7", "alpine", "7x")]
    [InlineData("FROM alpine\nENV T=${Y}x\n", "Y=7", "alpine", "x")]
    [InlineData("FROM alpine:${UNDECLARED}\nENV T=x\n", "UNDECLARED=1", "alpine:", "x")]
    [InlineData("FROM alpine\nARG V=arg\nENV V=env\nENV T=$V\n", "", "alpine", "env")]
    [InlineData("FROM alpine\nARG V=arg\nENV V=env\nARG V\nENV T=$V\n", "", "alpine", "env")]

    // BuildKit writes ARG values into the same LLB env as ENV, so a later ARG wins over an earlier ENV.
    [InlineData("FROM alpine\nENV V=env\nARG V=arg\nENV T=$V\n", "V=cli", "alpine", "cli")]
    [InlineData("FROM alpine\nENV A=1\nENV A=2 T=$A\n", "", "alpine", "1")]
    [InlineData("ARG A=1\nARG B=${A}2\nFROM x:$B\nARG B\nENV T=$B\n", "", "x:12", "12")]
    // A FROM <stage> child starts from the parent's LLB state, ARG values included (BuildKit dispatchState.init).
    [InlineData("FROM alpine AS one\nARG X=1\nFROM one\nENV T=${X}x\n", "", "alpine", "1x")]
    [InlineData("FROM alpine AS one\nARG X=1\nFROM alpine\nENV T=${X}x\n", "", "alpine", "x")]
    [InlineData("FROM scratch\nENV T=$PATH\n", "", "scratch", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")]
    public void Arg_and_env_scoping(string text, string buildArgs, string image, string t)
    {
        var s = Spec(text, buildArgs.Length == 0 ? NoArgs : Args(buildArgs.Split(';')));
        Assert.False(s.HasErrors, string.Join("; ", s.Diagnostics));
        Assert.Equal(image, s.Target.BaseImage);
        Assert.Equal(t, Env(s, "T"));
    }

    [Fact]
    public void Run_sees_args_but_they_do_not_persist()
    {
        var s = Spec("FROM alpine\nARG X=1\nARG NOVALUE\nENV E=2\nRUN make\n", Args("HTTP_PROXY=http://p", "UNDECLARED=3", "Ftp_Proxy=f"));
        var run = Assert.Single(s.Target.Steps);
        Assert.Equal(["E=2", "Ftp_Proxy=f", "HTTP_PROXY=http://p", "X=1"], run.Context.Env.Select(e => e.ToString()));
        Assert.Equal(["E=2"], s.Target.Config.Env.Select(e => e.ToString()));

        // A different ARG value changes the RUN step even though the image config is the same.
        var other = Spec("FROM alpine\nARG X=2\nARG NOVALUE\nENV E=2\nRUN make\n", Args("HTTP_PROXY=http://p"));
        Assert.Equal(s.Target.Config, other.Target.Config);
        Assert.NotEqual(s, other);
        Assert.Equal("Steps[0]", SpecDiff.FirstDifference(s, other)!.Key);
    }

    [Fact]
    public void Env_overrides_in_place_and_keeps_order()
    {
        var s = Spec("FROM a\nENV A=1 B=2\nENV C=3\nENV A=4\nENV legacy value with spaces\n");
        Assert.Equal(["A=4", "B=2", "C=3", "legacy=value with spaces"], s.Target.Config.Env.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("COPY $SRC /dst/", "src/a", "/dst/")]
    [InlineData("WORKDIR /app\nCOPY [\"./x\", \"rel\"]", "x", "/app/rel")]
    [InlineData("WORKDIR /app\nCOPY x ./", "x", "/app/")]
    [InlineData("WORKDIR /app\nWORKDIR sub/../w\nCOPY x .", "x", "/app/w/")]
    public void Copy_sources_and_dest_are_expanded_and_resolved(string body, string contextSource, string dest)
    {
        var s = Spec("FROM a\nARG SRC=src/a\n" + body + "\n");
        var copy = s.Target.Steps[^1];
        Assert.Equal(StepKind.Copy, copy.Kind);
        Assert.Equal([contextSource], copy.ContextSources);
        Assert.Equal(dest, copy.Dest);
    }

    [Fact]
    public void Copy_flags_from_stage_and_remote_add()
    {
        var s = Spec("""
            FROM golang AS build
            RUN go build
            FROM alpine
            ARG OWNER=app
            COPY --from=build --chown=${OWNER}:app --chmod=755 --link /out/app /usr/bin/
            ADD https://example.com/x.tgz local.txt /opt/
            RUN --mount=type=cache,target=/root/.cache --network=none --mount=from=build,target=/b make
            """);
        var copy = s.Target.Steps[0];
        Assert.Equal("app:app", copy.Chown);
        Assert.Equal("755", copy.Chmod);
        Assert.True(copy.Link);
        Assert.Empty(copy.ContextSources);
        Assert.Equal("golang", copy.From!.Stage!.BaseImage);
        Assert.Equal(["local.txt"], s.Target.Steps[1].ContextSources);
        var run = s.Target.Steps[2];
        Assert.Equal("none", run.Network);
        Assert.Equal(["target=/root/.cache,type=cache", "target=/b"], run.Mounts.Select(m => m.Options));
        Assert.NotNull(run.Mounts[1].From!.Stage);

        // The stage is compared by content, not by name.
        var renamed = Spec("""
            FROM golang AS compile
            RUN go build
            FROM alpine
            ARG OWNER=app
            COPY --from=compile --chown=${OWNER}:app --chmod=755 --link /out/app /usr/bin/
            ADD https://example.com/x.tgz local.txt /opt/
            RUN --mount=type=cache,target=/root/.cache --network=none --mount=from=0,target=/b make
            """);
        Assert.Equal(s, renamed);
    }

    [Fact]
    public void All_context_sources_follow_stage_references()
    {
        var s = Spec("""
            FROM node AS assets
            COPY web/ /web/
            FROM golang AS deps
            COPY go.mod go.sum ./
            FROM deps AS build
            COPY ./cmd/ ./cmd/
            RUN --mount=type=bind,from=assets,target=/a go build
            FROM alpine
            COPY --from=build /out /out
            COPY LICENSE /
            """);
        Assert.False(s.HasErrors, string.Join("; ", s.Diagnostics));
        Assert.Equal(["LICENSE", "cmd", "go.mod", "go.sum", "web"], s.Target.AllContextSources());
        Assert.Contains("COPY --from=stage build", s.Target.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_heredoc_is_expanded_unless_quoted()
    {
        var s = Spec("FROM a\nENV N=world\nCOPY <<EOF /hello\nhi $N\nEOF\nCOPY <<'EOF' /raw\nhi $N\nEOF\n");
        Assert.Equal("hi world\n", s.Target.Steps[0].Heredocs[0].Content);
        Assert.Equal("hi $N\n", s.Target.Steps[1].Heredocs[0].Content);
        Assert.Empty(s.Target.Steps[0].ContextSources);
    }

    [Theory]
    [InlineData("RUN <<EOF\nmake\nEOF", "RUN <<END\nmake\nEND")]
    [InlineData("RUN <<EOF\nmake\nEOF", "RUN [\"/bin/sh\", \"-c\", \"make\\n\"]")]
    [InlineData("RUN <<-EOF\n\t\tmake\n\tEOF", "RUN <<EOF\nmake\nEOF")]
    [InlineData("COPY <<-EOF /f\n\tx\nEOF", "COPY <<EOF /f\nx\nEOF")]
    public void Heredocs_compare_as_buildkit_runs_them(string a, string b) =>
        Assert.Equal(Spec("FROM a\n" + a + "\n"), Spec("FROM a\n" + b + "\n"));

    [Fact]
    public void Run_heredoc_forms()
    {
        var script = Spec("FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n").Target.Steps[0];
        Assert.Equal(["/bin/sh", "-c", "/dev/pipes/EOF"], script.Command);
        Assert.Equal("#!/usr/bin/env python3\nprint(1)\n", Assert.Single(script.Heredocs).Content);
        var complex = Spec("FROM a\nRUN cat <<EOF > /f\nx\nEOF\n").Target.Steps[0];
        Assert.Equal(["/bin/sh", "-c", "cat <<EOF > /f\nx\nEOF"], complex.Command);
        Assert.NotEqual(Spec("FROM a\nRUN <<EOF\nmake\nEOF\n"), Spec("FROM a\nRUN <<EOF\nmake all\nEOF\n"));
    }

    // ---- CMD / ENTRYPOINT / SHELL ----

    [Theory]
    [InlineData("FROM a\nCMD echo hi\n", null, "[\"/bin/sh\", \"-c\", \"echo hi\"]")]
    [InlineData("FROM a\nSHELL [\"bash\", \"-eu\", \"-c\"]\nCMD echo hi\n", null, "[\"bash\", \"-eu\", \"-c\", \"echo hi\"]")]
    [InlineData("FROM a\nCMD [\"x\"]\nENTRYPOINT [\"e\"]\n", "[\"e\"]", "[\"x\"]")]
    [InlineData("FROM a\nENTRYPOINT [\"e\"]\nCMD [\"x\"]\n", "[\"e\"]", "[\"x\"]")]
    [InlineData("FROM a AS base\nCMD [\"x\"]\nFROM base\nENTRYPOINT e\n", "[\"/bin/sh\", \"-c\", \"e\"]", "(not set)")]
    [InlineData("FROM a AS base\nCMD [\"x\"]\nFROM base\nENTRYPOINT [\"e\"]\nCMD [\"y\"]\n", "[\"e\"]", "[\"y\"]")]
    [InlineData("FROM a AS base\nSHELL [\"pwsh\", \"-c\"]\nFROM base\nCMD x\n", null, "[\"pwsh\", \"-c\", \"x\"]")]
    public void Cmd_entrypoint_and_shell(string text, string? entrypoint, string cmd)
    {
        var c = Spec(text).Target.Config;
        Assert.Equal(entrypoint ?? "(not set)", ImageConfig.Show(c.Entrypoint));
        Assert.Equal(cmd, ImageConfig.Show(c.Cmd));
    }

    [Fact]
    public void Run_shell_form_is_wrapped_with_current_shell()
    {
        var s = Spec("FROM a\nRUN make\nSHELL [\"bash\", \"-c\"]\nRUN make\nRUN [\"make\"]\n");
        Assert.Equal(["/bin/sh", "-c", "make"], s.Target.Steps[0].Command);
        Assert.Equal(["bash", "-c", "make"], s.Target.Steps[1].Command);
        Assert.Equal(["make"], s.Target.Steps[2].Command);
    }

    // ---- EXPOSE / VOLUME / LABEL / HEALTHCHECK / misc config ----

    [Theory]
    [InlineData("EXPOSE 80", "80/tcp")]
    [InlineData("EXPOSE 80/tcp", "80/tcp")]
    [InlineData("EXPOSE 080/TCP", "80/tcp")]
    [InlineData("EXPOSE 80/", "80/tcp")]
    [InlineData("EXPOSE 53/udp 80", "53/udp 80/tcp")]
    [InlineData("EXPOSE 8000-8002", "8000/tcp 8001/tcp 8002/tcp")]
    [InlineData("ENV P=\"81 82/udp\"\nEXPOSE $P", "81/tcp 82/udp")]
    [InlineData("EXPOSE 80\nEXPOSE 80/tcp", "80/tcp")]
    public void Expose_is_normalized(string body, string ports) =>
        Assert.Equal(ports, string.Join(" ", Spec("FROM a\n" + body + "\n").Target.Config.ExposedPorts));

    [Theory]
    [InlineData("HEALTHCHECK CMD curl -f x", "HEALTHCHECK --interval=30s --timeout=30s --start-period=0s --retries=3 CMD curl -f x")]
    [InlineData("HEALTHCHECK --interval=1m30s CMD curl -f x", "HEALTHCHECK --interval=90s CMD curl -f x")]
    [InlineData("HEALTHCHECK --timeout=500ms CMD [\"curl\"]", "HEALTHCHECK --timeout=0.5s CMD [\"curl\"]")]
    [InlineData("HEALTHCHECK --retries=0 CMD x", "HEALTHCHECK CMD x")]
    [InlineData("HEALTHCHECK CMD x\nHEALTHCHECK NONE", "HEALTHCHECK none")]
    public void Healthcheck_defaults_are_normalized(string left, string right)
    {
        var a = Spec("FROM a\n" + left + "\n");
        var b = Spec("FROM a\n" + right + "\n");
        Assert.False(a.HasErrors);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Healthcheck_values()
    {
        var h = Spec("FROM a\nHEALTHCHECK --interval=5s --retries=2 CMD curl x\n").Target.Config.Healthcheck!;
        Assert.Equal(["CMD-SHELL", "curl x"], h.Test);
        Assert.Equal(TimeSpan.FromSeconds(5), h.Interval);
        Assert.Equal(TimeSpan.FromSeconds(30), h.Timeout);
        Assert.Equal(2, h.Retries);
        Assert.True(Spec("FROM a\nHEALTHCHECK NONE\n").Target.Config.Healthcheck!.IsNone);
        Assert.True(Spec("FROM a\nHEALTHCHECK --interval=fast CMD x\n").HasErrors);
    }

    [Fact]
    public void Config_entries_are_expanded_where_buildkit_expands()
    {
        var c = Spec("""
            FROM a
            ARG U=app
            ENV D=/srv
            USER $U
            WORKDIR $D
            STOPSIGNAL ${SIG:-SIGTERM}
            LABEL "org.x"="$U" b=2
            VOLUME ["$D/data", "/tmp"]
            MAINTAINER $U
            ONBUILD   run   echo $U
            """).Target.Config;
        Assert.Equal("app", c.User);
        Assert.Equal("/srv", c.WorkingDir);
        Assert.Equal("SIGTERM", c.StopSignal);
        Assert.Equal(["b=2", "org.x=app"], c.Labels.Select(l => l.ToString()));
        Assert.Equal(["/srv/data", "/tmp"], c.Volumes);
        Assert.Equal("$U", c.Author);
        Assert.Equal(["RUN echo $U"], c.OnBuild);
    }

    [Fact]
    public void Workdir_creates_directories_once()
    {
        var s = Spec("FROM a\nUSER app\nWORKDIR /\nWORKDIR /app/sub\nWORKDIR /app\nWORKDIR /app\nRUN x\nWORKDIR /app\n");
        Assert.Equal(["WORKDIR /app/sub", "RUN", "WORKDIR /app"], s.Target.Steps.Select(st => st.Kind == StepKind.Workdir ? "WORKDIR " + st.Dest : "RUN"));
        Assert.Equal("app", s.Target.Steps[0].Context.User);
        Assert.Equal("/app", s.Target.Steps[1].Context.WorkingDir);
    }

    [Fact]
    public void Onbuild_triggers_run_in_the_child_stage()
    {
        var s = Spec("FROM a AS base\nONBUILD COPY . /src\nFROM base\nRUN make\n");
        Assert.Equal([StepKind.Copy, StepKind.Run], s.Target.Steps.Select(x => x.Kind));
        Assert.Empty(s.Target.Config.OnBuild);
        Assert.Single(s.ReachableStages[0].Config.OnBuild);
    }

    [Fact]
    public void Steps_keep_back_references()
    {
        var s = Spec("FROM a\nENV A=1\nRUN make \\\n  all\n");
        Assert.Equal(3, s.Target.Steps[0].Origin!.Line);
        Assert.Equal(4, s.Target.Steps[0].Origin!.EndLine);
        Assert.Equal(2, s.Target.ConfigOrigins["Env.A"].Line);
    }

    [Fact]
    public void Target_selects_stage_and_unknown_target_is_an_error()
    {
        const string Text = "FROM a AS one\nENV X=1\nFROM b AS two\n";
        Assert.Equal("a", Spec(Text, target: "ONE").Target.BaseImage);
        Assert.Equal("b", Spec(Text).Target.BaseImage);
        Assert.True(Spec(Text, target: "three").HasErrors);
        Assert.True(Spec("# nothing\n").HasErrors);
    }

    [Theory]
    [InlineData("ARG V=20\nFROM node:$V\n", "FROM node:20\n")]
    [InlineData("FROM node:20 AS x\n", "FROM node:20\n")]
    [InlineData("FROM a\nRUN   make  \n", "from a\nrun make\n")]
    [InlineData("FROM a\nENV A=1 B=2\n", "FROM a\nENV A=1\nENV B=2\n")]
    [InlineData("FROM a\nLABEL b=2 a=1\n", "FROM a\nLABEL a=1\nLABEL b=2\n")]
    [InlineData("FROM a\nVOLUME /x /y\n", "FROM a\nVOLUME [\"/y\", \"/x\"]\n")]
    public void Equivalent_spellings_are_equal(string a, string b)
    {
        var x = Spec(a);
        Assert.Equal(x, Spec(b));
        Assert.Equal(x.GetHashCode(), Spec(b).GetHashCode());
        Assert.Null(SpecDiff.FirstDifference(x, Spec(b)));
    }

    [Theory]
    [InlineData("FROM node:20\n", "FROM node:22\n", "BaseImage")]
    [InlineData("FROM a\nRUN make\n", "FROM --platform=linux/arm64 a\nRUN make\n", "Platform")]
    [InlineData("FROM a\nENV A=1 B=2\n", "FROM a\nENV B=2 A=1\n", "Env")]
    [InlineData("FROM a\nUSER app\n", "FROM a\nUSER root\n", "User")]
    [InlineData("FROM a\nCMD [\"a\"]\n", "FROM a\nCMD a\n", "Cmd")]
    [InlineData("FROM a\nLABEL a=1\n", "FROM a\nLABEL a=2\n", "Labels.a")]
    [InlineData("FROM a\nEXPOSE 80\n", "FROM a\nEXPOSE 80/udp\n", "ExposedPorts")]
    [InlineData("FROM a\nSTOPSIGNAL 9\n", "FROM a\n", "StopSignal")]
    [InlineData("FROM a\nRUN a\n", "FROM a\nRUN a\nRUN b\n", "Steps[1]")]
    public void Different_specs_report_first_difference(string a, string b, string key)
    {
        var d = SpecDiff.FirstDifference(Spec(a), Spec(b));
        Assert.NotNull(d);
        Assert.Equal(key, d.Key);
        Assert.NotEqual(Spec(a), Spec(b));
    }

    // ---- base inheritance and resolver ----

    private const string Original = """
        ARG ALPINE=3.20
        FROM alpine:${ALPINE}
        ENV LANG=C.UTF-8 PATH=/opt/bin:/usr/bin
        RUN apk add --no-cache curl
        USER app
        WORKDIR /app
        COPY go.mod go.sum ./
        RUN go mod download
        COPY . .
        EXPOSE 8080
        CMD ["/app/server"]
        """;

    private const string Base = """
        ARG ALPINE=3.20
        FROM alpine:${ALPINE}
        ENV LANG=C.UTF-8 PATH=/opt/bin:/usr/bin
        RUN apk add --no-cache curl
        USER app
        WORKDIR /app
        """;

    private const string Member = """
        FROM project/base:abc123
        COPY go.mod go.sum ./
        RUN go mod download
        COPY . .
        EXPOSE 8080
        CMD ["/app/server"]
        """;

    internal static DictionaryBaseImageResolver Resolver(string reference, string baseText, IReadOnlyDictionary<string, string>? args = null) =>
        new(new Dictionary<string, BaseImageDefinition>
        {
            [reference] = new(DockerfileParser.Parse(baseText, "base/Dockerfile"), args ?? NoArgs),
        });

    [Fact]
    public void Base_prefix_extraction_is_equivalent()
    {
        var original = Spec(Original);
        var member = Spec(Member, resolver: Resolver("project/base:abc123", Base));
        Assert.False(member.HasErrors);
        Assert.Equal(original, member);
        Assert.Null(SpecDiff.FirstDifference(original, member));
        Assert.Equal("base/Dockerfile", member.Target.Steps[0].Origin!.Path);
        Assert.Equal("Dockerfile", member.Target.Steps[2].Origin!.Path);

        // Unresolved, the base is an opaque leaf and the specs differ.
        var opaque = Spec(Member);
        Assert.Equal("BaseImage", SpecDiff.FirstDifference(original, opaque)!.Key);
    }

    [Theory]
    [InlineData("COPY go.mod go.sum ./", "COPY go.mod go.work ./", "Steps[2]", "go.sum", "go.work")]
    [InlineData("ENV LANG=C.UTF-8 PATH", "ENV LANG=C PATH", "Steps[0]", "LANG=C.UTF-8", "LANG=C,")]
    [InlineData("EXPOSE 8080", "EXPOSE 8081", "ExposedPorts", "8080/tcp", "8081/tcp")]
    [InlineData("RUN go mod download\nCOPY . .", "COPY . .\nRUN go mod download", "Steps[3]", "RUN", "COPY")]
    public void Planted_difference_is_reported(string find, string replace, string key, string left, string right)
    {
        var original = Spec(Original);
        var resolver = Resolver("project/base:abc123", Base.Replace(find, replace, StringComparison.Ordinal));
        var member = Spec(Member.Replace(find, replace, StringComparison.Ordinal), resolver: resolver);
        Assert.NotEqual(original, member);
        var d = SpecDiff.FirstDifference(original, member)!;
        Assert.Equal(key, d.Key);
        Assert.Contains(left, d.Left, StringComparison.Ordinal);
        Assert.Contains(right, d.Right, StringComparison.Ordinal);
        Assert.NotNull(d.LeftOrigin);
    }

    [Fact]
    public void Final_env_difference_names_the_variable()
    {
        var d = SpecDiff.FirstDifference(Spec("FROM a\nRUN x\nENV A=1\n"), Spec("FROM a\nRUN x\nENV A=2\n"))!;
        Assert.Equal("Env.A", d.Key);
        Assert.Equal("1", d.Left);
        Assert.Equal("2", d.Right);
        Assert.Equal(3, d.LeftOrigin!.Line);
    }

    [Fact]
    public void Base_build_args_and_target_are_honoured()
    {
        var baseText = "ARG V=1\nFROM alpine AS first\nARG V\nENV V=$V\nFROM first AS second\nRUN make\nFROM scratch\n";
        var resolver = new DictionaryBaseImageResolver(new Dictionary<string, BaseImageDefinition>
        {
            ["b"] = new(DockerfileParser.Parse(baseText), Args("V=2"), "second"),
        });
        var s = Spec("FROM b\n", resolver: resolver);
        Assert.Equal("alpine", s.Target.BaseImage);
        Assert.Equal("2", Env(s, "V"));
        Assert.Single(s.Target.Steps);
    }

    [Fact]
    public void Resolver_cycles_are_errors_not_stack_overflows()
    {
        var resolver = new DictionaryBaseImageResolver(new Dictionary<string, BaseImageDefinition>
        {
            ["a"] = new(DockerfileParser.Parse("FROM b\nRUN a\n"), NoArgs),
            ["b"] = new(DockerfileParser.Parse("FROM a\nRUN b\n"), NoArgs),
        });
        var s = Spec("FROM a\n", resolver: resolver);
        Assert.True(s.HasErrors);
        Assert.Contains(s.Diagnostics, d => d.Message.Contains("cycle", StringComparison.Ordinal));
        Assert.True(Spec("FROM x AS x\n").HasErrors);
        Assert.True(Spec("FROM a AS one\nCOPY --from=two / /\nFROM b AS two\nCOPY --from=one / /\n").HasErrors);
    }

    [Fact]
    public void Args_do_not_cross_a_resolved_base()
    {
        var original = Spec("FROM alpine\nARG V=1\nRUN make\n");
        var member = Spec("FROM b\nRUN make\n", resolver: Resolver("b", "FROM alpine\nARG V=1\n"));
        var d = SpecDiff.FirstDifference(original, member)!;
        Assert.Equal("Steps[0]", d.Key);
        Assert.Contains("V=1", d.Left, StringComparison.Ordinal);
        Assert.DoesNotContain("V=1", d.Right, StringComparison.Ordinal);
        Assert.True(Spec("FROM a AS first\nCOPY --from=later / /\nFROM b AS later\n", target: "first").HasErrors);
    }

    [Fact]
    public void Copy_from_external_image_is_opaque_or_resolved()
    {
        var s = Spec("FROM a\nCOPY --from=nginx:1 /etc/nginx /etc/nginx\n");
        Assert.Equal("nginx:1", s.Target.Steps[0].From!.Image);
        var r = Spec("FROM a\nCOPY --from=nginx:1 /etc/nginx /etc/nginx\n", resolver: Resolver("nginx:1", "FROM debian\nRUN build\n"));
        Assert.Equal("debian", r.Target.Steps[0].From!.Stage!.BaseImage);
    }

    [Fact]
    public void Equatable_list_has_structural_equality()
    {
        EquatableList<string> a = ["x", "y"];
        var b = new[] { "x", "y" }.ToEquatableList();
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ["y", "x"]);
        Assert.Equal("[x, y]", a.ToString());
    }

    [Theory]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("300ms", 300)]
    [InlineData("0", 0)]
    public void Go_durations(string text, long ms)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), d);
    }

    [Fact]
    public void Go_duration_errors_and_format()
    {
        Assert.False(GoDuration.TryParse("5", out _));
        Assert.False(GoDuration.TryParse("1x", out _));
        Assert.False(GoDuration.TryParse("99999999999999999999999999h", out _));
        Assert.False(GoDuration.TryParse(string.Concat(Enumerable.Repeat("9999999999999h", 3000)), out _));
        Assert.Equal("1m30s", GoDuration.Format(TimeSpan.FromSeconds(90)));
        Assert.Equal("500ms", GoDuration.Format(TimeSpan.FromMilliseconds(500)));
    }
}
