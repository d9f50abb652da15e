using InfraDedup.Core.Compose;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Tests.Compose;

public class ComposeReaderTests
{
    private static ComposeService Service(ComposeFile file, string name) => Assert.Single(file.Services, s => s.Name == name);

    [Fact]
    public void Short_build_form_is_the_context_with_the_default_Dockerfile()
    {
        var file = ComposeReader.Read("deploy/compose.yml", "services:\n  api:\n    build: ../services/api\n");

        var build = Service(file, "api").Build!;
        Assert.True(build.IsShortForm);
        Assert.Equal("services/api", build.Context);
        Assert.Equal("services/api/Dockerfile", build.Dockerfile);
        Assert.Null(build.DockerfileValue);
        Assert.Equal(new YamlMark(28, 3, 12), build.ContextSpan!.Value.Start);
        Assert.Empty(file.Errors);
    }

    [Fact]
    public void Long_build_form_resolves_dockerfile_against_the_context_and_keeps_positions()
    {
        const string text = """
            services:
              web:
                build:
                  context: ./svc/web
                  dockerfile: docker/Dockerfile.prod
                  target: runtime
                  args:
                    PY: "3.12"
                    EMPTY:
            """;
        var build = Service(ComposeReader.Read("compose.yaml", text), "web").Build!;

        Assert.False(build.IsShortForm);
        Assert.Equal("svc/web", build.Context);
        Assert.Equal("svc/web/docker/Dockerfile.prod", build.Dockerfile);
        Assert.Equal("runtime", build.Target!.Value);
        Assert.Equal(4, build.ContextSpan!.Value.Start.Line);
        Assert.Equal(16, build.ContextSpan!.Value.Start.Column);
        Assert.Equal(5, build.DockerfileSpan!.Value.Start.Line);
        Assert.Equal(19, build.DockerfileSpan!.Value.Start.Column);
        Assert.Equal(8, build.ArgsSpan!.Value.Start.Line);
        Assert.Equal(3, build.KeySpan.Start.Line);
        Assert.Equal([("PY", "3.12"), ("EMPTY", (string?)null)], build.Args.Select(a => (a.Name, a.Value?.Value)));
    }

    [Fact]
    public void Args_in_list_form_split_at_the_first_equals_sign()
    {
        const string text = "services:\n  a:\n    build:\n      context: .\n      args:\n        - A=1\n        - B=x=y\n        - C\n";
        var build = Service(ComposeReader.Read("compose.yml", text), "a").Build!;

        Assert.Equal([("A", "1"), ("B", "x=y"), ("C", (string?)null)], build.Args.Select(a => (a.Name, a.Value?.Value)));
        Assert.Equal(6, build.Args[0].Span.Start.Line);
        Assert.Equal("", build.Context);
        Assert.Equal("Dockerfile", build.Dockerfile);
    }

    [Fact]
    public void Anchors_and_merge_keys_apply_with_explicit_keys_winning()
    {
        const string text = """
            x-build: &build
              context: ./base
              dockerfile: Dockerfile.base
            x-common: &common
              image: example/common
              build: *build
            services:
              one:
                <<: *common
              two:
                <<: *common
                build:
                  <<: *build
                  dockerfile: Dockerfile.two
              three:
                <<: [*common]
                image: example/three
            """;
        var file = ComposeReader.Read("compose.yml", text);

        var one = Service(file, "one");
        Assert.Equal("base/Dockerfile.base", one.Build!.Dockerfile);
        Assert.True(one.Build.Span.Shared); // edits there change every user of the anchor
        Assert.Equal("example/common", one.Image!.Value);
        var two = Service(file, "two").Build!;
        Assert.Equal("base/Dockerfile.two", two.Dockerfile);
        Assert.False(two.DockerfileSpan!.Value.Shared);
        Assert.True(two.ContextSpan!.Value.Shared);
        Assert.Equal("example/three", Service(file, "three").Image!.Value);
        Assert.Empty(file.Errors);
    }

    [Fact]
    public void Interpolation_uses_defaults_and_marks_unresolved_variables()
    {
        const string text = """
            services:
              a:
                build:
                  context: ./svc/${NAME:-alpha}
                  dockerfile: ${DOCKERFILE}
              b:
                build: ./svc/$${literal}
            """;
        var file = ComposeReader.Read("compose.yml", text);

        var a = Service(file, "a").Build!;
        Assert.Equal("svc/alpha", a.Context);
        Assert.Null(a.Dockerfile);
        Assert.Equal(["DOCKERFILE"], a.DockerfileValue!.UnresolvedVariables);
        Assert.Equal("${DOCKERFILE}", a.DockerfileValue.Raw);
        Assert.Equal("svc/${literal}", Service(file, "b").Build!.Context);
    }

    [Fact]
    public void Extends_and_include_resolve_against_the_compose_folder()
    {
        const string text = """
            include:
              - ../common/compose.db.yml
              - path: [./extra.yml, sub/more.yml]
            services:
              worker:
                extends:
                  file: ../common/base.yml
                  service: python
              local:
                extends: worker
            """;
        var file = ComposeReader.Read("deploy/compose.yml", text);

        Assert.Equal(["common/compose.db.yml", "deploy/extra.yml", "deploy/sub/more.yml"], file.Includes.Select(i => i.Path));
        Assert.Equal(new ComposeExtends("common/base.yml", "python", Service(file, "worker").Extends!.Span), Service(file, "worker").Extends);
        Assert.Equal("deploy/compose.yml", Service(file, "local").Extends!.File);
    }

    [Fact]
    public void Remote_contexts_inline_Dockerfiles_and_paths_leaving_the_tree_locate_no_file()
    {
        const string text = """
            services:
              git:
                build: https://github.com/example/repo.git#main
              inline:
                build:
                  context: .
                  dockerfile_inline: |
                    FROM alpine
              outside:
                build: ../../elsewhere
              image-only:
                image: redis:7
            """;
        var file = ComposeReader.Read("deploy/compose.yml", text);

        Assert.Null(Service(file, "git").Build!.Context);
        Assert.Null(Service(file, "git").Build!.Dockerfile);
        Assert.Equal("FROM alpine\n", Service(file, "inline").Build!.DockerfileInline);
        Assert.Null(Service(file, "inline").Build!.Dockerfile);
        Assert.Null(Service(file, "outside").Build!.Context);
        Assert.Null(Service(file, "image-only").Build);
    }

    [Theory]
    [InlineData("services:\n  a:\n    build: [unclosed\n", 4, 1)]
    [InlineData("services:\n  a:\n  build: x\n   bad: indent\n", 4, 7)]
    [InlineData("services:\n  a: &x\n    image: *missing\n", 3, 12)]
    public void Bad_yaml_is_a_positioned_error_not_an_exception(string text, int line, int column)
    {
        var file = ComposeReader.Read("compose.yml", text);

        var error = Assert.Single(file.Errors);
        Assert.Equal("compose.yml", error.Path);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.NotEmpty(error.Message);
        Assert.Empty(file.Services);
    }

    [Fact]
    public void Wrongly_shaped_sections_are_errors_and_the_rest_is_read()
    {
        var file = ComposeReader.Read("compose.yml", "services:\n  a:\n    build: [1, 2]\n  b:\n    build: ./b\n");

        var error = Assert.Single(file.Errors);
        Assert.Equal((3, 12), (error.Line, error.Column));
        Assert.Equal("b/Dockerfile", Service(file, "b").Build!.Dockerfile);
    }

    [Fact]
    public void Empty_files_and_documents_without_services_have_nothing()
    {
        Assert.Empty(ComposeReader.Read("compose.yml", "").Services);
        Assert.Empty(ComposeReader.Read("compose.yml", "# nothing\n").Errors);
        Assert.Empty(ComposeReader.Read("compose.yml", "name: x\n").Services);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("${A:-x}/${B-y}", "x/y")]
    [InlineData("${A:-${B:-nested}}", "nested")]
    [InlineData("${A:+set}rest", "rest")]
    [InlineData("cost $$5", "cost $5")]
    [InlineData("$A", null)]
    [InlineData("${A:?required}", null)]
    public void Interpolation_table(string raw, string? expected)
    {
        var unresolved = new List<string>();
        Assert.Equal(expected, ComposeInterpolation.Interpolate(raw, unresolved));
        Assert.Equal(expected is null, unresolved.Count > 0);
    }
}
