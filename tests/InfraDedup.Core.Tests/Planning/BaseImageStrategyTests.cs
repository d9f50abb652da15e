using System.Text;
using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;
using InfraDedup.Core.Templates;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning;

/// <summary>Base images across strategies: a shared Dockerfile and a template starting alike share one base.</summary>
public sealed class BaseImageStrategyTests
{
    private const string Prefix = """
        FROM python:3.11-slim
        RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
        RUN pip install --no-cache-dir --upgrade pip

        """;

    private static string Api(int port) => Prefix + $"""
        WORKDIR /app
        COPY app.py .
        ENV PORT={port}
        EXPOSE {port}
        CMD ["python", "app.py"]

        """;

    private static string Worker(string queue, string user) => Prefix + $"""
        RUN useradd --create-home {user}
        USER {user}
        COPY worker.py /home/{user}/
        ENV QUEUE={queue}
        CMD ["python", "/home/{user}/worker.py", "--queue", "{queue}"]

        """;

    /// <summary>Two API services built by compose (a shared Dockerfile) and two workers no compose file builds (a template).</summary>
    private static TempTree Fleet()
    {
        var tree = new TempTree()
            .File("docker-compose.yml", "services:\n  api-a:\n    build: ./api/a\n  api-b:\n    build:\n      context: ./api/b\n    image: fleet/api-b:1\n")
            .File("api/a/Dockerfile", Api(8001)).File("api/a/app.py", "print('a')\n")
            .File("api/b/Dockerfile", Api(8002)).File("api/b/app.py", "print('b')\n")
            .File("workers/mail/Dockerfile", Worker("mail", "mailer")).File("workers/mail/worker.py", "print('m')\n")
            .File("workers/jobs/Dockerfile", Worker("jobs", "runner")).File("workers/jobs/worker.py", "print('j')\n");
        return tree;
    }

    [Fact]
    public void A_shared_Dockerfile_and_a_template_that_start_alike_share_one_base_and_stay_equivalent()
    {
        using var tree = Fleet();
        var originals = new[] { "api/a/Dockerfile", "api/b/Dockerfile", "workers/mail/Dockerfile", "workers/jobs/Dockerfile" }
            .ToDictionary(p => p, p => EffectiveImage.Compute(DockerfileParser.Parse(File.ReadAllBytes(tree.PathOf(p))), new Dictionary<string, string>()), StringComparer.Ordinal);
        var result = Planner.Make(tree.Root, new PlanOptions { Project = "fleet", RemoveDeadFiles = false });
        var plan = result.Plan;

        Assert.True(result.Mapping.BaseImages.Count == 1, plan.BaseImagesNote);
        var baseImage = result.Mapping.BaseImages[0];
        Assert.Equal(1, plan.Summary.BaseImages);
        Assert.Null(plan.BaseImagesNote);
        Assert.Equal(0, plan.Summary.EquivalenceFailures);
        Assert.Equal(2, baseImage.UsedBy.Count);
        Assert.Contains(baseImage.UsedBy, u => u.StartsWith("docker/shared/", StringComparison.Ordinal));
        Assert.Contains(baseImage.UsedBy, u => u.StartsWith("docker/templates/", StringComparison.Ordinal));
        var baseText = plan.Actions.Single(a => a.Path == baseImage.Dockerfile).Content!;
        Assert.Contains("RUN pip install --no-cache-dir --upgrade pip", baseText, StringComparison.Ordinal);
        Assert.Equal("docker/base", baseImage.Context); // the prefix copies nothing, so the base needs no files of its own

        PlanByHand.Apply(tree, plan);
        var resolver = new DictionaryBaseImageResolver(new Dictionary<string, BaseImageDefinition>(StringComparer.Ordinal)
        {
            [baseImage.Tag] = new(DockerfileParser.Parse(File.ReadAllBytes(tree.PathOf(baseImage.Dockerfile))), new Dictionary<string, string>()),
        });

        // Templated workers: the generated files start FROM the base and keep their images; generate --check is clean.
        foreach (var worker in new[] { "workers/mail/Dockerfile", "workers/jobs/Dockerfile" })
        {
            var text = File.ReadAllText(tree.PathOf(worker));
            Assert.Contains("FROM " + baseImage.Tag, text, StringComparison.Ordinal);
            Assert.DoesNotContain("apt-get", text, StringComparison.Ordinal);
            var spec = EffectiveImage.Compute(DockerfileParser.Parse(text), new Dictionary<string, string>(), null, resolver);
            Assert.Null(SpecDiff.FirstDifference(originals[worker], spec));
        }

        var mapping = TemplateGenerator.LoadMapping(tree.PathOf(ServiceMapping.RepoPath), ServiceMapping.RepoPath);
        Assert.False(TemplateGenerator.Run(tree.Root, mapping, ServiceMapping.RepoPath, new GenerateOptions { Check = true }).HasDifferences);

        // Compose: the base is a service tagged with the base ref; both API services map that ref onto it.
        var compose = ComposeReader.Read("docker-compose.yml", File.ReadAllText(tree.PathOf("docker-compose.yml")));
        Assert.Empty(compose.Errors);
        var baseService = Assert.Single(compose.Services, s => s.Image?.Value == baseImage.Tag);
        Assert.Equal(baseImage.Dockerfile, baseService.Build!.Dockerfile);
        foreach (var api in new[] { "api-a", "api-b" })
        {
            var build = compose.Services.Single(s => s.Name == api).Build!;
            var context = Assert.Single(build.AdditionalContexts);
            Assert.Equal((baseImage.Tag, "service:" + baseService.Name), (context.Name, context.Value!.Value));
            var args = build.Args.ToDictionary(a => a.Name, a => a.Value!.Value!, StringComparer.Ordinal);
            var spec = EffectiveImage.Compute(DockerfileParser.Parse(File.ReadAllBytes(tree.PathOf(build.Dockerfile!))), args, null, resolver);
            Assert.Null(SpecDiff.FirstDifference(originals[api.Replace("api-", "api/", StringComparison.Ordinal) + "/Dockerfile"], spec));
        }

        // Bake: the base target, one target per consolidated build, members depending on the base through contexts.
        var bake = BakeHcl.Parse(File.ReadAllText(tree.PathOf(BakeFile.FileName)));
        var baseTarget = bake.Targets.Single(t => t.Value.Tags.Contains(baseImage.Tag));
        Assert.Equal(5, bake.Targets.Count);
        Assert.Equal(bake.Targets.Keys.Order(StringComparer.Ordinal), bake.DefaultGroup.Order(StringComparer.Ordinal));
        foreach (var (name, target) in bake.Targets.Where(t => t.Key != baseTarget.Key))
        {
            Assert.Equal("target:" + baseTarget.Key, target.Contexts[baseImage.Tag]);
            Assert.True(File.Exists(Path.Combine(tree.PathOf(target.Context), target.Dockerfile)), name + ": " + target.Dockerfile);
        }

        Assert.Contains(bake.Targets.Values, t => t.Tags.SequenceEqual(["fleet/api-b:1"]) && t.Args.Count > 0);
    }

    [Fact]
    public void A_prefix_only_one_template_shares_gets_no_base_because_it_would_only_add_a_file()
    {
        using var tree = new TempTree()
            .File("workers/mail/Dockerfile", Worker("mail", "mailer")).File("workers/mail/worker.py", "print('m')\n")
            .File("workers/jobs/Dockerfile", Worker("jobs", "runner")).File("workers/jobs/worker.py", "print('j')\n")
            .File("workers/sms/Dockerfile", Worker("sms", "texter")).File("workers/sms/worker.py", "print('s')\n");
        var plan = Planner.Make(tree.Root, new PlanOptions { Project = "fleet", RemoveDeadFiles = false }).Plan;

        Assert.Equal(1, plan.Summary.Templates);
        Assert.Equal(0, plan.Summary.BaseImages);
        Assert.Equal(1, plan.Summary.MaintainedSourcesAfter);
        Assert.StartsWith("no base image: the plan writes only one maintained source", plan.BaseImagesNote, StringComparison.Ordinal);
        Assert.Contains("share a sound prefix of up to 3 instructions among themselves (FROM python:3.11-slim, RUN, RUN", plan.BaseImagesNote, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Actions, a => a.Path == BakeFile.FileName);
    }

    /// <summary>
    /// A wildcard COPY in a template member reaches the member's own Dockerfile only when the pattern (BuildKit's
    /// rules) can match it: php's <c>COPY docker-php-* …</c> cannot, so the template still takes the base; a <c>*</c> can,
    /// so the template is left out (its file's bytes must not change) and the plan names the COPY.
    /// </summary>
    [Theory]
    [InlineData("worker-*", true)]
    [InlineData("*", false)]
    public void A_wildcard_COPY_keeps_a_template_off_the_base_only_when_it_can_copy_the_Dockerfile(string pattern, bool templateOnBase)
    {
        using var tree = new TempTree()
            .File("docker-compose.yml", "services:\n  api-a:\n    build: ./api/a\n  api-b:\n    build: ./api/b\n")
            .File("api/a/Dockerfile", Api(8001)).File("api/a/app.py", "print('a')\n")
            .File("api/b/Dockerfile", Api(8002)).File("api/b/app.py", "print('b')\n");
        foreach (var (queue, user) in new[] { ("mail", "mailer"), ("jobs", "runner") })
        {
            tree.File($"workers/{queue}/Dockerfile", Worker(queue, user).Replace("COPY worker.py", $"COPY {pattern}", StringComparison.Ordinal))
                .File($"workers/{queue}/worker-main.py", $"print('{queue}')\n");
        }

        var plan = Planner.Make(tree.Root, new PlanOptions { Project = "fleet", RemoveDeadFiles = false }).Plan;

        Assert.Equal(0, plan.Summary.EquivalenceFailures);
        Assert.Equal(1, plan.Summary.Templates);
        var workers = plan.Actions.Where(a => a.Path.StartsWith("workers/", StringComparison.Ordinal) && a.Content is not null).ToList();
        Assert.Equal(2, workers.Count);
        var onBase = workers.All(a => a.Content!.Contains("\nFROM fleet/", StringComparison.Ordinal) || a.Content!.StartsWith("FROM fleet/", StringComparison.Ordinal));
        Assert.Equal(templateOnBase, onBase);
        if (templateOnBase)
        {
            Assert.Equal(1, plan.Summary.BaseImages);
        }
        else
        {
            Assert.Equal(0, plan.Summary.BaseImages);
            Assert.Contains("is copied into its own image ('*' copies Dockerfile", plan.BaseImagesNote, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_base_images_the_plan_has_no_bake_file_and_no_note()
    {
        using var tree = Fleet();
        var plan = Planner.Make(tree.Root, new PlanOptions { Project = "fleet", BaseImages = false, RemoveDeadFiles = false }).Plan;
        Assert.Equal(0, plan.Summary.BaseImages);
        Assert.Null(plan.BaseImagesNote);
        Assert.DoesNotContain(plan.Actions, a => a.Path == BakeFile.FileName);
    }

    [Fact]
    public void When_no_prefix_is_shared_the_plan_says_where_each_prefix_ends()
    {
        using var tree = new TempTree()
            .File("a/Dockerfile", "FROM alpine:3.20\nARG V=1\nRUN echo $V\nRUN true\nCMD [\"sh\"]\n")
            .File("b/Dockerfile", "FROM alpine:3.20\nARG V=2\nRUN echo $V\nRUN true\nCMD [\"sh\"]\n")
            .File("c/Dockerfile", "FROM debian:12\nENV X=1\nRUN echo $X\nRUN apt-get update\nCMD [\"bash\"]\n")
            .File("d/Dockerfile", "FROM debian:12\nENV X=2\nRUN echo $X\nRUN apt-get update\nCMD [\"bash\"]\n");
        var plan = Planner.Make(tree.Root, new PlanOptions { Project = "p", RemoveDeadFiles = false }).Plan;
        Assert.Equal(0, plan.Summary.BaseImages);
        Assert.NotNull(plan.BaseImagesNote);
        Assert.StartsWith("no base image", plan.BaseImagesNote, StringComparison.Ordinal);
        Assert.Contains("ARG at line 2", plan.BaseImagesNote, StringComparison.Ordinal);
        Assert.Contains("no two of them have a sound prefix that starts FROM the same image", plan.BaseImagesNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Folders_copied_in_a_prefix_must_match_file_for_file_including_executable_bits()
    {
        var doc = DockerfileParser.Parse("FROM docker.io/bitnami/minideb:buster\nCOPY prebuildfs /\nRUN install_packages curl\nCMD [\"run.sh\"]\n");
        var source = new FakeSource();
        foreach (var app in new[] { "redis", "mysql" })
        {
            source.Add($"{app}/prebuildfs/opt/bitnami/scripts/libos.sh", "os\n", executable: false);
            source.Add($"{app}/prebuildfs/usr/sbin/install_packages", "#!/bin/sh\n", executable: true);
        }

        BaseUnit Unit(string app) => new(app, [new BaseUnitMember(app, doc, [app])]);
        var groups = BaseImageGrouping.Find([Unit("redis"), Unit("mysql")], source, out _);
        Assert.Equal(3, Assert.Single(groups).Instructions);
        var extracted = BaseImageExtractor.Extract([new("redis", doc, ["redis"]), new("mysql", doc, ["mysql"])], "p", "minideb", source, out _);
        Assert.NotNull(extracted);
        Assert.Equal(["prebuildfs/opt/bitnami/scripts/libos.sh", "prebuildfs/usr/sbin/install_packages"], extracted.ContextFiles.Keys);

        source.Add("mysql/prebuildfs/usr/sbin/install_packages", "#!/bin/sh\n", executable: false);
        Assert.Empty(BaseImageGrouping.Find([Unit("redis"), Unit("mysql")], source, out _));
        Assert.Null(BaseImageExtractor.Extract([new("redis", doc, ["redis"]), new("mysql", doc, ["mysql"])], "p", "minideb", source, out var refusal));
        Assert.Contains("copies different content", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bake_file_reads_back_as_the_documented_structure_in_HCL_and_JSON()
    {
        var bake = new BakeFile(
        [
            new BakeTarget("py-base", "docker/base", "py.Dockerfile", new Dictionary<string, string>(), ["p/py-base:abc"], new Dictionary<string, string>()),
            new BakeTarget("api", "svc/api", "../../docker/shared/api.Dockerfile", new Dictionary<string, string> { ["PORT"] = "80", ["CMD"] = "echo ${HOME} \"q\" %{x}" }, ["p/api:latest"], new Dictionary<string, string> { ["p/py-base:abc"] = "target:py-base" }, "prod"),
        ]);

        var fromHcl = BakeHcl.Parse(bake.ToHcl());
        using var json = System.Text.Json.JsonDocument.Parse(bake.ToJson());
        var root = json.RootElement;
        Assert.Equal(["group", "target"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(fromHcl.DefaultGroup, root.GetProperty("group").GetProperty("default").GetProperty("targets").EnumerateArray().Select(e => e.GetString()!));
        foreach (var target in root.GetProperty("target").EnumerateObject())
        {
            var hcl = fromHcl.Targets[target.Name];
            Assert.All(target.Value.EnumerateObject(), p => Assert.Contains(p.Name, (string[])["context", "dockerfile", "target", "args", "contexts", "tags"]));
            Assert.Equal(hcl.Context, target.Value.GetProperty("context").GetString());
            Assert.Equal(hcl.Dockerfile, target.Value.GetProperty("dockerfile").GetString());
            Assert.Equal(hcl.Tags, target.Value.GetProperty("tags").EnumerateArray().Select(e => e.GetString()!));
            Assert.Equal(hcl.Args, Map(target.Value, "args"));
            Assert.Equal(hcl.Contexts, Map(target.Value, "contexts"));
        }

        Assert.Equal("echo ${HOME} \"q\" %{x}", fromHcl.Targets["api"].Args["CMD"]);
        Assert.Equal("target:py-base", fromHcl.Targets["api"].Contexts["p/py-base:abc"]);
    }

    private static Dictionary<string, string> Map(System.Text.Json.JsonElement target, string name) =>
        target.TryGetProperty(name, out var map) ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal) : [];

    private sealed class FakeSource : IBaseContextSource
    {
        private readonly SortedDictionary<string, (byte[] Bytes, bool Executable)> _files = new(StringComparer.Ordinal);

        public void Add(string path, string content, bool executable) => _files[path] = (Encoding.UTF8.GetBytes(content), executable);

        public byte[]? ReadFile(string path) => _files.TryGetValue(path, out var f) ? f.Bytes : null;

        public bool IsExecutable(string path) => _files.TryGetValue(path, out var f) && f.Executable;

        public IReadOnlyList<string>? FilesUnder(string folder) => [.. _files.Keys.Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal))];

        public DockerIgnore IgnoreFor(string context) => DockerIgnore.Empty;
    }
}

/// <summary>
/// A reader for the HCL subset bake files use (blocks with one label, string / list / map attributes), written from
/// the Bake file reference to check what the planner writes; it rejects anything else.
/// </summary>
internal sealed class BakeHcl
{
    public sealed record Target(string Context, string Dockerfile, IReadOnlyList<string> Tags, Dictionary<string, string> Args, Dictionary<string, string> Contexts);

    public Dictionary<string, Target> Targets { get; } = new(StringComparer.Ordinal);

    public List<string> DefaultGroup { get; } = [];

    public static BakeHcl Parse(string text)
    {
        var result = new BakeHcl();
        var p = new Cursor(text);
        while (p.SkipSpace())
        {
            var kind = p.Word();
            var label = p.String();
            p.Expect('{');
            var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
            while (p.SkipSpace() && p.Peek != '}')
            {
                var key = p.Word();
                p.Expect('=');
                attributes[key] = p.Value();
            }

            p.Expect('}');
            if (kind == "group" && label == "default")
            {
                result.DefaultGroup.AddRange((List<string>)attributes["targets"]);
            }
            else if (kind == "target")
            {
                Assert.All(attributes.Keys, k => Assert.Contains(k, (string[])["context", "dockerfile", "target", "args", "contexts", "tags"]));
                result.Targets.Add(label, new Target(
                    (string)attributes["context"],
                    (string)attributes["dockerfile"],
                    (List<string>)attributes["tags"],
                    attributes.TryGetValue("args", out var a) ? (Dictionary<string, string>)a : [],
                    attributes.TryGetValue("contexts", out var c) ? (Dictionary<string, string>)c : []));
            }
            else
            {
                Assert.Fail($"unexpected block {kind} \"{label}\"");
            }
        }

        return result;
    }

    private sealed class Cursor(string text)
    {
        private int _at;

        public char Peek => text[_at];

        /// <summary>Skips blanks and '#' comments; false at the end.</summary>
        public bool SkipSpace()
        {
            while (_at < text.Length && (char.IsWhiteSpace(text[_at]) || text[_at] == '#' || text[_at] == ','))
            {
                if (text[_at] == '#')
                {
                    while (_at < text.Length && text[_at] != '\n')
                    {
                        _at++;
                    }
                }
                else
                {
                    _at++;
                }
            }

            return _at < text.Length;
        }

        public void Expect(char c)
        {
            SkipSpace();
            Assert.True(_at < text.Length && text[_at] == c, $"expected '{c}' at {_at}");
            _at++;
        }

        public string Word()
        {
            SkipSpace();
            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '-'))
            {
                _at++;
            }

            Assert.True(_at > start, $"expected a name at {start}");
            return text[start.._at];
        }

        public string String()
        {
            Expect('"');
            var sb = new StringBuilder();
            while (text[_at] != '"')
            {
                var c = text[_at++];
                if (c == '\\')
                {
                    var e = text[_at++];
                    sb.Append(e switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'u' => (char)Convert.ToInt32(text.Substring(_at, 4), 16), _ => e });
                    _at += e == 'u' ? 4 : 0;
                }
                else if (c is '$' or '%' && text[_at] == c && text[_at + 1] == '{')
                {
                    sb.Append(c); // "$${" is a literal "${" (and "%%{" a literal "%{")
                    _at++;
                }
                else
                {
                    Assert.False(c is '$' or '%' && text[_at] == '{', "an unescaped interpolation in a string");
                    sb.Append(c);
                }
            }

            _at++;
            return sb.ToString();
        }

        public object Value()
        {
            SkipSpace();
            switch (Peek)
            {
                case '"':
                    return String();
                case '[':
                    _at++;
                    var list = new List<string>();
                    while (SkipSpace() && Peek != ']')
                    {
                        list.Add(String());
                    }

                    _at++;
                    return list;
                case '{':
                    _at++;
                    var map = new Dictionary<string, string>(StringComparer.Ordinal);
                    while (SkipSpace() && Peek != '}')
                    {
                        var key = Peek == '"' ? String() : Word();
                        Expect('=');
                        map.Add(key, String());
                    }

                    _at++;
                    return map;
                default:
                    Assert.Fail($"unexpected value at {_at}");
                    return string.Empty;
            }
        }
    }
}
