using System.Diagnostics;
using CsCheck;
using InfraDedup.Core.Sample;
using Xunit;

namespace InfraDedup.Core.Tests.Sample;

public sealed class SampleGeneratorTests
{
    [Fact]
    public void Same_seed_gives_a_byte_identical_tree_with_the_same_modes()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var truthA = SampleGenerator.Generate(new SampleOptions { OutputDirectory = a.Path, Services = 60, Seed = 7 });
        var truthB = SampleGenerator.Generate(new SampleOptions { OutputDirectory = b.Path, Services = 60, Seed = 7 });

        var filesA = SampleDisk.Files(a.Path);
        Assert.Equal(filesA, SampleDisk.Files(b.Path));
        foreach (var f in filesA)
        {
            Assert.Equal(File.ReadAllBytes(SampleDisk.Full(a.Path, f)), File.ReadAllBytes(SampleDisk.Full(b.Path, f)));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(File.GetUnixFileMode(SampleDisk.Full(a.Path, f)), File.GetUnixFileMode(SampleDisk.Full(b.Path, f)));
            }
        }

        Assert.Equal(Json(truthA), Json(truthB));
    }

    [Fact]
    public void Different_seed_gives_a_different_tree()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = a.Path, Services = 30, Seed = 1 });
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = b.Path, Services = 30, Seed = 2 });
        var filesA = SampleDisk.Files(a.Path);
        var filesB = SampleDisk.Files(b.Path);
        Assert.NotEqual(filesA, filesB);
        Assert.NotEqual(SampleDisk.Text(a.Path, "docker-compose.yml"), SampleDisk.Text(b.Path, "docker-compose.yml"));
    }

    [Fact]
    public void Refuses_a_non_empty_directory_unless_overwrite()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Path);
        File.WriteAllText(Path.Combine(dir.Path, "keep.txt"), "x");
        var ex = Assert.Throws<SampleOutputNotEmptyException>(() => SampleGenerator.Generate(new SampleOptions { OutputDirectory = dir.Path, Services = 10 }));
        Assert.Equal(Path.GetFullPath(dir.Path), ex.OutputDirectory);
        Assert.True(File.Exists(Path.Combine(dir.Path, "keep.txt")));

        Directory.CreateDirectory(Path.Combine(dir.Path, "stale", "deep"));
        File.WriteAllText(Path.Combine(dir.Path, "stale", "deep", "old.sh"), "x");
        var truth = SampleGenerator.Generate(dir.Path, services: 10, overwrite: true);
        Assert.False(File.Exists(Path.Combine(dir.Path, "keep.txt")));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "stale")));
        Assert.Equal(SampleDisk.ExactGroups(dir.Path), truth.ExactDuplicates.Select(g => g.Paths.ToList()).ToList());

        // Regenerating over its own output with overwrite gives the same tree again.
        var again = SampleGenerator.Generate(dir.Path, services: 10, overwrite: true);
        Assert.Equal(Json(truth), Json(again));
    }

    [Fact]
    public void Rejects_out_of_range_service_counts()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleGenerator.Generate(dir.Path, services: SampleOptions.MinServices - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleGenerator.Generate(dir.Path, services: SampleOptions.MaxServices + 1));
    }

    [Fact]
    public void Default_sample_has_the_specified_proportions()
    {
        using var dir = new TempDir();
        var truth = SampleGenerator.Generate(new SampleOptions { OutputDirectory = dir.Path });
        var files = SampleDisk.Files(dir.Path);
        var dockerfiles = files.Where(SampleDisk.IsDockerfile).ToList();
        var firstFrom = dockerfiles.ToDictionary(p => p, p => File.ReadLines(SampleDisk.Full(dir.Path, p)).First(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        var py311 = firstFrom.Values.Count(l => l.StartsWith("FROM python:3.11-slim", StringComparison.Ordinal));
        Assert.True(py311 >= 0.6 * dockerfiles.Count, $"{py311}/{dockerfiles.Count} FROM python:3.11-slim");
        var live = dockerfiles.Where(p => p.StartsWith("services/", StringComparison.Ordinal) && p.EndsWith("/Dockerfile", StringComparison.Ordinal)).ToList();
        Assert.Equal(120, live.Count);
        Assert.InRange(live.Count(p => firstFrom[p].StartsWith("FROM node:20-alpine", StringComparison.Ordinal) && !File.ReadAllText(SampleDisk.Full(dir.Path, p)).Contains(" AS build", StringComparison.Ordinal)), 12, 24);
        Assert.InRange(live.Count(p => File.ReadAllText(SampleDisk.Full(dir.Path, p)).Contains("COPY --from=build", StringComparison.Ordinal)), 2, 12);
        var shells = files.Count(p => p.EndsWith(".sh", StringComparison.Ordinal));
        Assert.InRange(shells, 84, 160);
        Assert.True(files.Count(p => p.StartsWith("tools/", StringComparison.Ordinal) && p.EndsWith(".py", StringComparison.Ordinal)) >= 4);
        Assert.True(truth.DockerfileFamilies.Count >= 4);
        Assert.True(truth.ScriptFamilies.Count >= 5);
        Assert.True(truth.ExactDuplicates.Count >= 10);
        Assert.True(truth.DeadFiles.Count >= 8);
        Assert.True(truth.ComposeServices.Count >= 120);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(400)]
    public void Scales_and_stays_consistent(int services)
    {
        // Speed at 10,000 services is measured in bench/ (docs/benchmarks.md), not timed here.
        using var dir = new TempDir();
        var truth = SampleGenerator.Generate(new SampleOptions { OutputDirectory = dir.Path, Services = services, Seed = 99 });
        AssertCoreConsistency(dir.Path, truth, services);
    }

    [Fact]
    public void Small_samples_are_consistent_for_any_seed()
    {
        Gen.Select(Gen.Int[SampleOptions.MinServices, 40], Gen.Long).Sample(
            t =>
            {
                using var dir = new TempDir();
                var truth = SampleGenerator.Generate(new SampleOptions { OutputDirectory = dir.Path, Services = t.Item1, Seed = t.Item2 });
                AssertCoreConsistency(dir.Path, truth, t.Item1);
            },
            iter: 12,
            threads: 1);
    }

    internal static void AssertCoreConsistency(string root, SampleGroundTruth truth, int services)
    {
        var files = SampleDisk.Files(root);
        var set = files.ToHashSet(StringComparer.Ordinal);
        Assert.Equal(services, truth.Services);
        Assert.Equal(services, files.Count(p => p.StartsWith("services/", StringComparison.Ordinal) && p.EndsWith("/Dockerfile", StringComparison.Ordinal) && p.Count(c => c == '/') == 2));
        Assert.Equal(SampleDisk.ExactGroups(root), truth.ExactDuplicates.Select(g => g.Paths.ToList()).ToList());
        var familyPaths = truth.DockerfileFamilies.SelectMany(f => f.Paths).Concat(truth.ScriptFamilies.SelectMany(f => f.Paths)).ToList();
        Assert.Equal(familyPaths.Count, familyPaths.Distinct(StringComparer.Ordinal).Count());
        Assert.All(familyPaths, p => Assert.Contains(p, set));
        Assert.All(truth.DeadFiles, d => Assert.Contains(d.Path, set));
        var dead = truth.DeadFiles.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        Assert.All(truth.ComposeServices, c => Assert.True(set.Contains(c.Dockerfile) && !dead.Contains(c.Dockerfile), c.Dockerfile));
        var patterns = SampleDisk.GitIgnorePatterns(root);
        Assert.Equal(files.Where(p => SampleDisk.IsIgnored(patterns, p)), truth.IgnoredPaths);
        Assert.NotEmpty(truth.DirectoryCopies);
        Assert.True(files.Count(p => SampleDisk.IsDockerfile(p) && File.ReadAllText(Path.Combine(root, p)).Contains("COPY --from=build", StringComparison.Ordinal)) >= 2);
        Assert.Contains(truth.DockerfileFamilies, f => f.Id == "python311-agent");
    }

    private static byte[] Json(SampleGroundTruth truth)
    {
        using var stream = new MemoryStream();
        truth.WriteJson(stream);
        return stream.ToArray();
    }
}
