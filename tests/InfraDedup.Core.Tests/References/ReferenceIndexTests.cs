using System.Text;
using InfraDedup.Core.Compose;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Tests.References;

public class ReferenceIndexTests
{
    /// <summary>Builds the index over an in-memory tree (path → text), classified like the scanner does.</summary>
    internal static ReferenceIndex Index(IReadOnlyDictionary<string, string> tree, out IReadOnlyList<RepoFile> inventory)
    {
        inventory = tree
            .Select(kv =>
            {
                var bytes = Encoding.UTF8.GetBytes(kv.Value);
                return new RepoFile(kv.Key, "/mem/" + kv.Key, bytes.Length, 0)
                {
                    Kind = FileClassifier.Classify(kv.Key, bytes.AsSpan(0, Math.Min(bytes.Length, FileClassifier.HeadLength))),
                };
            })
            .ToArray();
        return ReferenceIndex.Build(inventory, f => tree[f.RelativePath], TestContext.Current.CancellationToken);
    }

    private static readonly Dictionary<string, string> Targets = new()
    {
        ["services/api/Dockerfile"] = "FROM alpine\n",
        ["services/api/Dockerfile.prod"] = "FROM alpine\n",
        ["services/api/entry.sh"] = "#!/bin/sh\necho\n",
        ["scripts/deploy.sh"] = "#!/bin/sh\necho deploy\n",
        ["scripts/lib.sh"] = "#!/bin/sh\nx=1\n",
        ["tools/report.py"] = "print(1)\n",
        ["tools/pkg/__main__.py"] = "print(2)\n",
        ["bin/release"] = "#!/usr/bin/env bash\necho\n",
        ["docker-compose.yml"] = "services: {}\n",
    };

    public static TheoryData<string, string, string, string, int, ReferenceKind> Cases() => new()
    {
        // source path, source text, expected target, expected source, line, kind
        { "compose.yaml", "services:\n  api:\n    build: services/api\n", "services/api/Dockerfile", "compose.yaml", 3, ReferenceKind.ComposeBuild },
        { "deploy/compose.yaml", "services:\n  api:\n    build:\n      context: ../services/api\n      dockerfile: Dockerfile.prod\n", "services/api/Dockerfile.prod", "deploy/compose.yaml", 5, ReferenceKind.ComposeBuild },
        { "deploy/compose.yaml", "include:\n  - ../docker-compose.yml\n", "docker-compose.yml", "deploy/compose.yaml", 2, ReferenceKind.ComposeFile },
        { ".github/workflows/ci.yml", "jobs:\n  b:\n    steps:\n      - run: |\n          echo hi\n          docker build -f services/api/Dockerfile.prod services/api\n", "services/api/Dockerfile.prod", ".github/workflows/ci.yml", 6, ReferenceKind.Workflow },
        { ".github/workflows/ci.yml", "jobs:\n  b:\n    steps:\n      - run: ./deploy.sh\n        working-directory: scripts\n", "scripts/deploy.sh", ".github/workflows/ci.yml", 4, ReferenceKind.Workflow },
        { ".github/workflows/ci.yml", "jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: services/api\n", "services/api/Dockerfile", ".github/workflows/ci.yml", 4, ReferenceKind.Workflow },
        { ".gitlab-ci.yml", "build:\n  script:\n    - docker buildx build --push -t x services/api\n", "services/api/Dockerfile", ".gitlab-ci.yml", 3, ReferenceKind.Workflow },
        { ".gitlab-ci.yml", "test:\n  before_script:\n    - source scripts/lib.sh\n", "scripts/lib.sh", ".gitlab-ci.yml", 3, ReferenceKind.Workflow },
        { "Makefile", "DEPLOY := bash scripts/deploy.sh\n\nrelease:\n\t@$(DEPLOY) --prod\n", "scripts/deploy.sh", "Makefile", 4, ReferenceKind.Makefile },
        { "Makefile", "up:\n\tdocker compose -f docker-compose.yml up\n", "docker-compose.yml", "Makefile", 2, ReferenceKind.Makefile },
        { "Makefile", "report:\n\tpython3 -u tools/report.py \\\n\t  --all\n", "tools/report.py", "Makefile", 2, ReferenceKind.Makefile },
        { "Makefile", "pkg:\n\tpython -m tools.pkg\n", "tools/pkg/__main__.py", "Makefile", 2, ReferenceKind.Makefile },
        { "scripts/all.sh", "#!/bin/sh\nset -e\n. ./lib.sh\n", "scripts/lib.sh", "scripts/all.sh", 3, ReferenceKind.Script },
        { "scripts/all.sh", "#!/bin/sh\nsudo -u app env A=1 exec bin/release now\n", "bin/release", "scripts/all.sh", 2, ReferenceKind.Script },
        { "scripts/all.sh", "#!/bin/sh\nbash -c 'sh scripts/deploy.sh'\n", "scripts/deploy.sh", "scripts/all.sh", 2, ReferenceKind.Script },
        { "scripts/all.sh", "#!/bin/sh\nfor s in a b; do\n  docker build --build-arg X=1 -t \"img:$s\" services/api\ndone\n", "services/api/Dockerfile", "scripts/all.sh", 3, ReferenceKind.Script },
        { "tools/run.py", "import subprocess\nsubprocess.run(\n    [\"bash\", \"scripts/deploy.sh\"], check=True)\n", "scripts/deploy.sh", "tools/run.py", 3, ReferenceKind.Script },
        { "tools/run.py", "import os\nos.system(\"docker build -f services/api/Dockerfile.prod services/api\")\n", "services/api/Dockerfile.prod", "tools/run.py", 2, ReferenceKind.Script },
        { "services/api/Dockerfile.dev", "FROM alpine\nCOPY entry.sh /usr/local/bin/\n", "services/api/entry.sh", "services/api/Dockerfile.dev", 2, ReferenceKind.DockerfileCopy },
        { "services/api/Dockerfile.dev", "FROM alpine\nCOPY *.sh /x/\n", "services/api/entry.sh", "services/api/Dockerfile.dev", 2, ReferenceKind.DockerfileCopy },
        { "services/api/Dockerfile.dev", "FROM alpine\nWORKDIR /app\nRUN sh ./entry.sh\n", "services/api/entry.sh", "services/api/Dockerfile.dev", 3, ReferenceKind.DockerfileRun },
        { "services/api/Dockerfile.dev", "FROM alpine\nRUN --mount=type=bind,source=entry.sh,target=/e.sh sh /e.sh\n", "services/api/entry.sh", "services/api/Dockerfile.dev", 2, ReferenceKind.DockerfileRun },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_reference_kind_is_found_with_its_line(string sourcePath, string sourceText, string target, string source, int line, ReferenceKind kind)
    {
        var tree = new Dictionary<string, string>(Targets) { [sourcePath] = sourceText };

        var index = Index(tree, out _);

        var found = index.ReferencesTo(target).Where(r => r.Source == source).ToArray();
        Assert.Contains(found, r => r.Line == line && r.Kind == kind);
    }

    [Fact]
    public void Linters_and_unknown_programs_are_not_uses()
    {
        var tree = new Dictionary<string, string>(Targets)
        {
            ["scripts/lint.sh"] = "#!/bin/sh\nshellcheck scripts/deploy.sh\nhadolint services/api/Dockerfile\necho bash scripts/deploy.sh\n",
        };

        var index = Index(tree, out _);

        Assert.DoesNotContain(index.References, r => r.Source == "scripts/lint.sh");
    }

    [Fact]
    public void Scripts_resolve_paths_from_their_folder_and_the_root_and_flag_ambiguity()
    {
        var tree = new Dictionary<string, string>
        {
            ["ops/run.sh"] = "#!/bin/sh\nbash deploy.sh\n",
            ["ops/deploy.sh"] = "#!/bin/sh\n",
            ["deploy.sh"] = "#!/bin/sh\n",
        };

        var index = Index(tree, out _);

        var refs = index.References.Where(r => r.Source == "ops/run.sh").ToArray();
        Assert.Equal(["deploy.sh", "ops/deploy.sh"], refs.Select(r => r.Target));
        Assert.All(refs, r => Assert.True(r.Ambiguous));
    }

    [Fact]
    public void Docker_build_without_f_uses_the_context_Dockerfile_and_f_is_relative_to_the_working_directory()
    {
        var tree = new Dictionary<string, string>(Targets)
        {
            ["Makefile"] = "a:\n\tdocker build services/api\nb:\n\tdocker build -f Dockerfile.prod services/api\n",
        };

        var index = Index(tree, out _);

        Assert.Contains(index.ReferencesTo("services/api/Dockerfile"), r => r.Source == "Makefile" && r.Line == 2);
        // No Dockerfile.prod at the root: the CLI's working directory does not have it, the context does.
        Assert.Contains(index.ReferencesTo("services/api/Dockerfile.prod"), r => r.Source == "Makefile" && r.Line == 4);
        Assert.Equal(["services/api"], index.Builds.Where(b => b.Source == "Makefile").Select(b => b.Context).Distinct());
    }

    [Fact]
    public void A_script_build_pairs_its_context_and_its_f_file_from_the_same_working_directory()
    {
        var tree = new Dictionary<string, string>(Targets)
        {
            // Run from the root, this builds services/api with the root as context. From scripts/ (the other
            // working directory a script may have) scripts/services/api/Dockerfile does not exist: no build there.
            ["scripts/build-api.sh"] = "#!/bin/sh\ndocker build -f services/api/Dockerfile -t api .\n",
            // From ops/: context ops/ and ops/Dockerfile; from the root: context . and ./Dockerfile, which does not exist.
            ["ops/build.sh"] = "#!/bin/sh\ndocker build -t ops .\n",
            ["ops/Dockerfile"] = "FROM alpine:3.20\n",
        };

        var index = Index(tree, out _);

        var api = Assert.Single(index.Builds, b => b.Source == "scripts/build-api.sh");
        Assert.Equal(("services/api/Dockerfile", string.Empty), (api.Dockerfile, api.Context));
        Assert.False(Assert.Single(index.References, r => r.Source == "scripts/build-api.sh").Ambiguous);
        var ops = Assert.Single(index.Builds, b => b.Source == "ops/build.sh");
        Assert.Equal(("ops/Dockerfile", "ops"), (ops.Dockerfile, ops.Context));
    }

    [Fact]
    public void Compose_builds_inherited_through_extends_count()
    {
        var tree = new Dictionary<string, string>(Targets)
        {
            ["common/base.yml"] = "services:\n  py:\n    build: ../services/api\n",
            ["compose.yml"] = "services:\n  worker:\n    extends:\n      file: common/base.yml\n      service: py\n",
        };

        var index = Index(tree, out _);

        Assert.Contains(index.ReferencesTo("common/base.yml"), r => r.Source == "compose.yml" && r.Kind == ReferenceKind.ComposeFile);
        Assert.Contains(index.ReferencesTo("services/api/Dockerfile"), r => r.Source == "compose.yml" && r.Kind == ReferenceKind.ComposeBuild);
    }

    [Fact]
    public void Copy_skips_files_the_context_dockerignore_excludes()
    {
        var tree = new Dictionary<string, string>(Targets)
        {
            ["compose.yml"] = "services:\n  api:\n    build: services/api\n",
            ["services/api/Dockerfile"] = "FROM alpine\nCOPY . /app\n",
            ["services/api/.dockerignore"] = "tests\n*.md\n",
            ["services/api/tests/run.sh"] = "#!/bin/sh\n",
        };

        var index = Index(tree, out _);

        Assert.Contains(index.ReferencesTo("services/api/entry.sh"), r => r.Kind == ReferenceKind.DockerfileCopy);
        Assert.Empty(index.ReferencesTo("services/api/tests/run.sh"));
    }

    [Fact]
    public void Broken_compose_files_are_reported_with_position()
    {
        var tree = new Dictionary<string, string> { ["docker-compose.yml"] = "services:\n  a:\n    build: [x\n" };

        var index = Index(tree, out _);

        var error = Assert.Single(index.ComposeErrors);
        Assert.Equal("docker-compose.yml", error.Path);
        Assert.True(error.Line >= 3);
    }
}
