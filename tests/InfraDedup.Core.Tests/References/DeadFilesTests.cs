using InfraDedup.Core.Compose;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Tests.Sample;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.References;

public class DeadFilesTests
{
    [Theory]
    [InlineData(120, 42)]
    [InlineData(300, 7)]
    public void Sample_dead_Dockerfiles_and_directory_copies_equal_the_ground_truth(int services, long seed)
    {
        using var dir = new TempDir();
        var truth = SampleGenerator.Generate(dir.Path, services, seed);

        var report = Scanner.Scan(dir.Path, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken);

        var found = report.DeadFiles.Where(d => d.Kind == DeadFiles.DockerfileKind).Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        var expected = truth.DeadFiles.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        var truePositives = found.Intersect(expected).Count();
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"Dockerfiles: {found.Count} dead found, {expected.Count} expected, recall {truePositives}/{expected.Count}, precision {truePositives}/{found.Count}");
        var scripts = report.DeadFiles.Where(d => d.Kind == DeadFiles.ScriptKind).ToArray();
        output?.WriteLine($"scripts reported (not asserted: the sample lists Dockerfiles only): {scripts.Length}");
        foreach (var group in scripts.GroupBy(s => s.Reason.Split(':')[0]))
        {
            output?.WriteLine($"  {group.Count()} × {group.Key}");
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Equal(
            truth.DirectoryCopies.Select(c => string.Join(" ≡ ", c.Paths)),
            report.DirectoryCopies.Select(c => string.Join(" ≡ ", c.Paths)));
        Assert.Empty(report.ComposeErrors);

        // Every compose build in the ground truth is found as a reference with the compose file's line.
        foreach (var service in truth.ComposeServices)
        {
            Assert.Contains(report.References!.ReferencesTo(service.Dockerfile), r => r.Source == service.ComposeFile && r.Kind == ReferenceKind.ComposeBuild);
        }
    }

    [Fact]
    public void Every_file_gets_a_status_with_evidence_and_only_unreferenced_ones_are_dead()
    {
        using var tree = new TempTree()
            .File("docker-compose.yml", "services:\n  api:\n    build: ./svc/api\n")
            .File("Makefile", "health:\n\tbash scripts/health.sh\n")
            .File("svc/api/Dockerfile", "FROM alpine\nCOPY entry.sh /\n")
            .File("svc/api/entry.sh", "#!/bin/sh\n")
            .File("svc/api/Dockerfile.old", "FROM alpine\nCOPY old.sh /\n")
            .File("svc/api/old.sh", "#!/bin/sh\n")
            .File("scripts/health.sh", "#!/bin/sh\n. scripts/lib.sh\n")
            .File("scripts/lib.sh", "#!/bin/sh\n")
            .File("scripts/manual.sh", "#!/bin/sh\n")
            .File("tools/release/Dockerfile", "FROM alpine\n")
            .File("docs/release.md", "Build the image in `tools/release` by hand.\n");

        var report = Scanner.Scan(tree.Root, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken);
        var status = report.FileReferences.ToDictionary(u => u.Path);

        Assert.Equal(ReferenceStatus.Built, status["svc/api/Dockerfile"].Status);
        Assert.Equal(new ReferenceEvidence("docker-compose.yml", 3, "compose-build", "service api: build svc/api"), status["svc/api/Dockerfile"].Evidence[0]);
        Assert.Equal(ReferenceStatus.Built, status["svc/api/entry.sh"].Status);
        Assert.Equal(ReferenceStatus.Built, status["scripts/lib.sh"].Status); // sourced by a script the Makefile runs
        Assert.Equal(ReferenceStatus.Built, status["svc/api/old.sh"].Status); // copied by a Dockerfile: in use as far as the tool can tell
        var release = status["tools/release/Dockerfile"];
        Assert.Equal(ReferenceStatus.Mentioned, release.Status);
        Assert.Equal(new ReferenceEvidence("docs/release.md", 1, "mention", "names its folder path: tools/release"), release.Evidence[0]);

        // The compose line that builds svc/api/Dockerfile names the folder, but that is explained by the build:
        // it does not make the stale Dockerfile.old beside it mentioned.
        Assert.Equal(
            ["scripts/manual.sh", "svc/api/Dockerfile.old"],
            report.DeadFiles.Select(d => d.Path));
        Assert.All(report.DeadFiles, d => Assert.Equal(ReferenceStatus.Unreferenced, status[d.Path].Status));
        Assert.True(report.DeadFilesComplete);
    }

    [Fact]
    public void A_folder_name_used_as_a_path_segment_anywhere_makes_a_Dockerfile_mentioned()
    {
        using var tree = new TempTree()
            .File("8.4/bookworm/cli/Dockerfile", "FROM debian\n")
            .File("8.4/bookworm/zts/Dockerfile", "FROM debian\n")
            .File("versions.json", "{ \"8.4\": { \"variants\": [ \"bookworm/cli\" ] } }\n");

        var report = Scanner.Scan(tree.Root, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken);
        var status = report.FileReferences.ToDictionary(u => u.Path);

        Assert.Equal(ReferenceStatus.Mentioned, status["8.4/bookworm/cli/Dockerfile"].Status);
        Assert.Equal("versions.json", status["8.4/bookworm/cli/Dockerfile"].Evidence[0].Source);
        Assert.Equal(ReferenceStatus.Unreferenced, status["8.4/bookworm/zts/Dockerfile"].Status);
    }

    [Fact]
    public void Scripts_a_build_context_dockerignore_excludes_are_dead_for_that_reason()
    {
        using var tree = new TempTree()
            .File("compose.yaml", "services:\n  api:\n    build:\n      context: svc/api\n")
            .File("svc/api/Dockerfile", "FROM alpine\nCOPY . /app\n")
            .File("svc/api/.dockerignore", "# not in the image\ntests/\n")
            .File("svc/api/run.sh", "#!/bin/sh\n")
            .File("svc/api/tests/smoke.sh", "#!/bin/sh\n");

        var report = Scanner.Scan(tree.Root, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken);

        var dead = Assert.Single(report.DeadFiles);
        Assert.Equal("svc/api/tests/smoke.sh", dead.Path);
        Assert.EndsWith("; excluded from the build context svc/api by svc/api/.dockerignore ('tests/'): not part of any image", dead.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_output_with_references_is_deterministic()
    {
        using var dir = new TempDir();
        SampleGenerator.Generate(dir.Path, 60, 3);

        string Json() => JsonText.Document(
            Scanner.Scan(dir.Path, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken), ReportJsonContext.Default.ScanReport);

        Assert.Equal(Json(), Json());
    }
}
