using InfraDedup.Core;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Deploy;
using InfraDedup.Ops.Docker;
using InfraDedup.Ops.Tests.Support;

namespace InfraDedup.Ops.Tests.Deploy;

public sealed class BuildGraphTests
{
    private static TempDir Repo(params (string Path, string Content)[] files)
    {
        var dir = new TempDir();
        foreach (var (path, content) in files)
        {
            dir.Write(path, content);
        }

        return dir;
    }

    [Fact]
    public void In_repo_bases_come_first_and_independent_images_share_a_level()
    {
        using var dir = Repo(
            ("docker-compose.yml", "services:\n  base:\n    build: ./base\n    image: acme/base:1\n  api:\n    build:\n      context: ./api\n      args:\n        BASE: acme/base:1\n  web:\n    build: ./web\n    image: acme/web\n  worker:\n    build: ./worker\n"),
            ("base/Dockerfile", "FROM debian:12\n"),
            ("api/Dockerfile", "ARG BASE=debian:12\nFROM ${BASE} AS build\nFROM build\n"),
            ("web/Dockerfile", "FROM docker.io/acme/base:1\n"),
            ("worker/Dockerfile", "FROM acme/web:latest AS w\nFROM scratch\nCOPY --from=w / /\n"));
        var graph = BuildGraph.Create(ComposeProject.Load(dir.Path, null));
        var name = ComposeProject.ProjectName(dir.Path);
        Assert.Equal(
            [["acme/base:1"], ["acme/web", $"{name}-api:latest"], [$"{name}-worker:latest"]],
            graph.Levels.Select(l => l.Select(n => n.Tag).ToArray()).ToArray());
        var api = graph.Nodes.Single(n => n.Services.Contains("api"));
        Assert.Equal(["acme/base:1"], api.DependsOn);
        Assert.Equal(2, api.Bases[0].Line);
    }

    [Fact]
    public void A_service_named_in_additional_contexts_is_built_first()
    {
        using var dir = Repo(
            ("docker-compose.yml", "services:\n  app:\n    build:\n      context: ./app\n      additional_contexts:\n        tools: service:tools\n    image: acme/app\n  tools:\n    build: ./tools\n    image: acme/tools:1\n"),
            ("app/Dockerfile", "FROM debian:12\nCOPY --from=tools /bin/t /bin/t\n"),
            ("tools/Dockerfile", "FROM debian:12\n"));
        var graph = BuildGraph.Create(ComposeProject.Load(dir.Path, null), ["app"]);
        Assert.Equal([["acme/tools:1"], ["acme/app"]], graph.Levels.Select(l => l.Select(n => n.Tag).ToArray()).ToArray());
        Assert.Equal(["acme/tools:1"], graph.Nodes.Single(n => n.Tag == "acme/app").DependsOn);
    }

    [Fact]
    public void An_additional_context_naming_an_unknown_service_is_an_input_error()
    {
        using var dir = Repo(
            ("docker-compose.yml", "services:\n  app:\n    build:\n      context: ./app\n      additional_contexts:\n        - x=service:nope\n"),
            ("app/Dockerfile", "FROM debian:12\n"));
        var e = Assert.Throws<UserInputException>(() => BuildGraph.Create(ComposeProject.Load(dir.Path, null)));
        Assert.Contains("'service:nope'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_an_input_error_at_the_from_line()
    {
        using var dir = Repo(
            ("docker-compose.yml", "services:\n  a:\n    build: ./a\n    image: x/a\n  b:\n    build: ./b\n    image: x/b\n"),
            ("a/Dockerfile", "# a\nFROM x/b\n"),
            ("b/Dockerfile", "FROM x/a:latest\n"));
        var e = Assert.Throws<UserInputException>(() => BuildGraph.Create(ComposeProject.Load(dir.Path, null)));
        Assert.Contains("build cycle", e.Message, StringComparison.Ordinal);
        Assert.Equal((Path.Combine(dir.Path, "a", "Dockerfile"), 2, 1), (e.File, e.Line, e.Column));
        Assert.Contains("x/a (a/Dockerfile:2: FROM x/b) → x/b (b/Dockerfile:1: FROM x/a:latest) → x/a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Services_filter_keeps_needed_bases_and_rejects_unknown_names()
    {
        using var dir = Repo(
            ("docker-compose.yml", "services:\n  base:\n    build: ./base\n    image: acme/base\n  api:\n    build: ./api\n    image: acme/api\n  other:\n    build: ./other\n    image: acme/other\n"),
            ("base/Dockerfile", "FROM debian\n"),
            ("api/Dockerfile", "FROM acme/base\n"),
            ("other/Dockerfile", "FROM debian\n"));
        var project = ComposeProject.Load(dir.Path, null);
        Assert.Equal(["acme/api", "acme/base"], BuildGraph.Create(project, ["api"]).Nodes.Select(n => n.Tag));
        var e = Assert.Throws<UserInputException>(() => BuildGraph.Create(project, ["nope"]));
        Assert.Contains("'nope' is not a service", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker-compose.yml", "docker-compose.override.yml")]
    [InlineData("compose.yaml", "compose.override.yaml")]
    [InlineData("compose.yaml", "compose.override.yml")]
    public void Without_an_environment_the_override_file_is_merged_over_the_base_as_compose_does(string baseFile, string overrideFile)
    {
        using var dir = Repo(
            (baseFile, "services:\n  api:\n    build: ./api\n    image: acme/api\n    environment:\n      LEVEL: info\n      KEEP: yes\n"),
            (overrideFile, "services:\n  api:\n    build: ./api-dev\n    environment:\n      LEVEL: debug\n  extra:\n    image: redis:7\n"),
            ("api/Dockerfile", "FROM debian\n"),
            ("api-dev/Dockerfile", "FROM debian\n"));

        var project = ComposeProject.Load(dir.Path, null);

        Assert.Equal([baseFile, overrideFile], project.Files);
        Assert.Equal(["api", "extra"], project.Services.Select(s => s.Name));
        var api = project.Services[0];
        Assert.Equal(("debug", "yes"), (api.Environment["LEVEL"], api.Environment["KEEP"]));
        Assert.Equal(Path.Combine(dir.Path, "api-dev", "Dockerfile"), BuildGraph.Create(project).Nodes.Single().Dockerfile);
    }

    [Fact]
    public void An_environment_overlay_replaces_the_default_override_like_compose_with_explicit_files()
    {
        using var dir = Repo(
            ("docker-compose.yml", "services:\n  api:\n    image: acme/api\n"),
            ("docker-compose.override.yml", "services:\n  api:\n    image: acme/api-dev\n"),
            ("docker-compose.prod.yml", "services:\n  api:\n    image: acme/api-prod\n"));

        Assert.Equal(["docker-compose.yml", "docker-compose.prod.yml"], ComposeProject.Load(dir.Path, "prod").Files);
    }

    [Fact]
    public void Environment_overlays_and_config_mappings_choose_the_compose_files()
    {
        using var dir = Repo(
            ("docker-compose.yml", "services:\n  api:\n    image: acme/api\n    environment:\n      A: \"1\"\n      B: \"1\"\n"),
            ("docker-compose.prod.yml", "services:\n  api:\n    environment:\n      B: \"2\"\n    ports:\n      - \"127.0.0.1:8080:80\"\n"));
        var prod = ComposeProject.Load(dir.Path, "prod");
        Assert.Equal(["docker-compose.yml", "docker-compose.prod.yml"], prod.Files);
        var api = prod.Service("api")!;
        Assert.Equal(("1", "2"), (api.Environment["A"], api.Environment["B"]));
        Assert.Equal(new PortMapping("127.0.0.1", 8080, 80), Assert.Single(api.Ports));

        var missing = Assert.Throws<UserInputException>(() => ComposeProject.Load(dir.Path, "staging"));
        Assert.Contains("docker-compose.staging.yml", missing.Message, StringComparison.Ordinal);

        dir.Write(".infradedup.yaml", "environments:\n  staging: [docker-compose.yml]\n");
        Assert.Equal(["docker-compose.yml"], ComposeProject.Load(dir.Path, "staging").Files);
        var undefined = Assert.Throws<UserInputException>(() => ComposeProject.Load(dir.Path, "qa"));
        Assert.Contains("defines: staging", undefined.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_errors_name_file_line_and_column()
    {
        var e = Assert.Throws<UserInputException>(() => OpsConfig.Parse("deploy:\n  netwrok: none\n", "/x/.infradedup.yaml"));
        Assert.Equal(("/x/.infradedup.yaml", 2, 3), (e.File, e.Line, e.Column));
        Assert.Contains("unknown key 'netwrok'", e.Message, StringComparison.Ordinal);
        var t = Assert.Throws<UserInputException>(() => OpsConfig.Parse("monitor:\n  thresholds:\n    cpu: lots\n", "/x/c.yaml"));
        Assert.Equal(3, t.Line);
    }

    [Fact]
    public void Content_key_covers_sent_files_args_and_bases_but_not_ignored_files()
    {
        using var dir = Repo(("ctx/Dockerfile", "FROM busybox\nCOPY . /app\n"), ("ctx/app.sh", "echo 1\n"), ("ctx/.dockerignore", "*.log\ncache/\n!cache/keep\n"), ("ctx/x.log", "a"), ("ctx/cache/tmp", "a"), ("ctx/cache/keep", "k"));
        var node = new ImageNode { Tag = "t", Context = Path.Combine(dir.Path, "ctx"), Dockerfile = Path.Combine(dir.Path, "ctx", "Dockerfile"), DockerfileDisplay = "ctx/Dockerfile" };
        string Key(ImageNode n, string baseId = "sha256:1") => ContentKey.Compute(n, BuildContext.Collect(n.Context, n.Dockerfile), new Dictionary<string, string> { ["busybox"] = baseId });

        var context = BuildContext.Collect(node.Context, node.Dockerfile);
        Assert.Equal([".dockerignore", "Dockerfile", "app.sh", "cache/keep"], context.Entries.Select(e => e.RelativePath));
        var k0 = Key(node);
        Assert.Equal(k0, Key(node));
        dir.Write("ctx/x.log", "changed");
        dir.Write("ctx/cache/tmp", "changed");
        Assert.Equal(k0, Key(node));
        dir.Write("ctx/cache/keep", "changed");
        var k1 = Key(node);
        Assert.NotEqual(k0, k1);
        Assert.NotEqual(k1, Key(node with { Args = new Dictionary<string, string> { ["V"] = "1" } }));
        Assert.NotEqual(k1, Key(node with { Target = "prod" }));
        Assert.NotEqual(k1, Key(node, "sha256:2"));
        File.SetUnixFileMode(Path.Combine(dir.Path, "ctx", "app.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.NotEqual(k1, Key(node));
    }

    [Fact]
    public void A_dockerfile_outside_the_context_is_sent_under_a_fixed_name()
    {
        using var dir = Repo(("docker/app.Dockerfile", "FROM busybox\n"), ("src/main.sh", "x"));
        var context = BuildContext.Collect(Path.Combine(dir.Path, "src"), Path.Combine(dir.Path, "docker", "app.Dockerfile"));
        Assert.Equal(BuildContext.ExternalDockerfileName, context.DockerfileEntry);
        Assert.Equal([BuildContext.ExternalDockerfileName, "main.sh"], context.Entries.Select(e => e.RelativePath));
    }

    [Fact]
    public void Image_references_normalize_docker_hub_forms()
    {
        Assert.Equal("nginx:latest", ImageReference.Normalize("docker.io/library/nginx"));
        Assert.Equal("acme/x:1", ImageReference.Normalize("docker.io/acme/x:1"));
        Assert.Equal(("localhost:5000/x", "latest"), ImageReference.SplitTag("localhost:5000/x"));
        Assert.Equal(("localhost:5000/x", "2"), ImageReference.SplitTag("localhost:5000/x:2"));
    }
}
