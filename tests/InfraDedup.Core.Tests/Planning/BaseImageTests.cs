using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning;

public sealed class BaseImageTests
{
    private static string Service(string name, int port, string entry) => $"""
        FROM python:3.11-slim
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        COPY {entry} .
        ENV AGENT_NAME={name} PORT={port}
        EXPOSE {port}
        CMD ["python", "{entry}"]

        """;

    private static TempTree Fleet(string gammaRequirements = "flask==3.0.3\n")
    {
        var tree = new TempTree();
        var compose = new System.Text.StringBuilder("services:\n");
        var services = new[] { ("alpha", "app.py"), ("beta", "app.py"), ("gamma", "main.py"), ("delta", "main.py") };
        var port = 8001;
        foreach (var (name, entry) in services)
        {
            tree.File($"services/{name}/Dockerfile", Service(name, port++, entry))
                .File($"services/{name}/{entry}", "print('hi')\n")
                .File($"services/{name}/requirements.txt", name == "gamma" ? gammaRequirements : "flask==3.0.3\n");
            compose.Append($"  {name}:\n    build: ./services/{name}\n");
        }

        return tree.File("docker-compose.yml", compose.ToString());
    }

    [Fact]
    public void Shared_Dockerfiles_with_a_common_prefix_start_from_an_extracted_base_and_stay_equivalent()
    {
        using var tree = Fleet();
        var before = Specs(tree.Root, null);
        var result = Planner.Make(tree.Root, new PlanOptions { Project = "fleet" });
        var plan = result.Plan;

        var baseImage = Assert.Single(result.Mapping.BaseImages);
        Assert.StartsWith("fleet/python-3-11-slim-base:", baseImage.Tag, StringComparison.Ordinal);
        Assert.Equal(1, plan.Summary.BaseImages);
        Assert.Equal(2, plan.Summary.SharedDockerfiles);
        Assert.Contains(plan.Actions, a => a.Path == baseImage.Context + "/requirements.txt" && a.Content == "flask==3.0.3\n");
        var baseText = plan.Actions.Single(a => a.Path == baseImage.Dockerfile).Content!;
        Assert.Contains("RUN pip install --no-cache-dir -r requirements.txt", baseText, StringComparison.Ordinal);

        PlanByHand.Apply(tree, plan);
        var after = Specs(tree.Root, baseImage);
        foreach (var (service, spec) in before)
        {
            Assert.Null(SpecDiff.FirstDifference(spec, after[service]));
        }
    }

    [Fact]
    public void A_prefix_whose_COPY_sources_differ_is_refused()
    {
        using var tree = Fleet(gammaRequirements: "flask==2.0.0\n");
        var result = Planner.Make(tree.Root, new PlanOptions { Project = "fleet" });
        Assert.Empty(result.Mapping.BaseImages);
        Assert.Equal(0, result.Plan.Summary.BaseImages);
    }

    [Fact]
    public void The_extractor_names_the_differing_files()
    {
        var docs = new[] { "a", "b" }.Select(n => new BaseCandidate(n, DockerfileParser.Parse(Service(n, 1, "app.py")), [$"svc/{n}"])).ToList();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["svc/a/requirements.txt"] = "x==1\n"u8.ToArray(),
            ["svc/b/requirements.txt"] = "x==2\n"u8.ToArray(),
        };
        var extracted = BaseImageExtractor.Extract(docs, "p", "py", p => files.GetValueOrDefault(p), out var refusal);
        Assert.Null(extracted);
        Assert.Contains("svc/a/requirements.txt and svc/b/requirements.txt differ", refusal, StringComparison.Ordinal);

        files["svc/b/requirements.txt"] = "x==1\n"u8.ToArray();
        extracted = BaseImageExtractor.Extract(docs, "p", "py", p => files.GetValueOrDefault(p), out refusal);
        Assert.NotNull(extracted);
        Assert.Null(refusal);
        Assert.Equal(4, extracted.Instructions); // FROM, WORKDIR, COPY requirements.txt, RUN pip; COPY app.py stops it (no such file in the contexts given)
        Assert.StartsWith("FROM p/py-base:", extracted.RewrittenConsumers["a"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FROM python:3.11-slim\nARG V=1\nRUN echo $V\nRUN true\nCMD x\n", "ARG")]
    [InlineData("FROM python:3.11-slim AS build\nRUN a\nRUN b\nCMD x\n", "stage name")]
    [InlineData("FROM python:3.11-slim\nCOPY --chown=app x .\nRUN a\nCMD x\n", "flags")]
    [InlineData("FROM python:3.11-slim\nCOPY src/ .\nRUN a\nCMD x\n", "not a file")]
    public void Unsound_prefixes_are_cut_before_the_offending_instruction(string text, string reason)
    {
        var docs = new[] { "a", "b" }.Select(n => new BaseCandidate(n, DockerfileParser.Parse(text), [$"svc/{n}"])).ToList();
        var extracted = BaseImageExtractor.Extract(docs, "p", "py", _ => null, out var refusal);
        Assert.Null(extracted);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    private static Dictionary<string, EffectiveImageSpec> Specs(string root, BaseImageEntry? baseImage)
    {
        IBaseImageResolver? resolver = baseImage is null ? null : new DictionaryBaseImageResolver(new Dictionary<string, BaseImageDefinition>(StringComparer.Ordinal)
        {
            [baseImage.Tag] = new(DockerfileParser.Parse(File.ReadAllBytes(Path.Combine(root, baseImage.Dockerfile))), new Dictionary<string, string>()),
        });
        var compose = ComposeReader.Read("docker-compose.yml", File.ReadAllText(Path.Combine(root, "docker-compose.yml")));
        var specs = new Dictionary<string, EffectiveImageSpec>(StringComparer.Ordinal);
        foreach (var service in compose.Services)
        {
            var build = service.Build!;
            var args = build.Args.ToDictionary(a => a.Name, a => a.Value!.Value!, StringComparer.Ordinal);
            var spec = EffectiveImage.Compute(DockerfileParser.Parse(File.ReadAllBytes(Path.Combine(root, build.Dockerfile!))), args, null, resolver);
            Assert.False(spec.HasErrors, service.Name + ": " + string.Join("; ", spec.Diagnostics));
            specs[service.Name] = spec;
        }

        return specs;
    }
}
