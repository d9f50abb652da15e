using System.Text;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Tests.Sample;

namespace InfraDedup.Core.Tests.References;

/// <summary>
/// The scan hands the reference stages what it has already read (each Dockerfile's parse from the survey, the bytes of
/// Dockerfiles and sources for the mention search). The reference results must be exactly those of the reference stages
/// reading and parsing every file themselves, including for the Dockerfiles the survey leaves to them (a byte-order mark,
/// invalid UTF-8).
/// </summary>
public class SharedReadsTests
{
    [Theory]
    [InlineData(24, 3)]
    [InlineData(60, 11)]
    public void Scan_references_equal_the_stages_reading_every_file_themselves(int services, long seed)
    {
        using var dir = new TempDir();
        SampleGenerator.Generate(dir.Path, services, seed);
        AddAwkwardDockerfiles(dir.Path);

        var report = Scanner.Scan(dir.Path, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken);
        var alone = ReferenceScan.Run(report.Inventory, report.ExactDuplicates, TestContext.Current.CancellationToken);

        Assert.NotEmpty(report.FileReferences);
        Assert.Contains(report.References!.References, r => r.Source == "odd/bom/Dockerfile" && r.Target == "odd/bom/start.sh");
        Assert.Contains(report.References!.References, r => r.Source == "odd/latin1/Dockerfile" && r.Target == "odd/latin1/start.sh");
        Assert.Equal(Lines(alone.Index.References), Lines(report.References!.References));
        Assert.Equal(Lines(alone.Index.Builds), Lines(report.References!.Builds));
        Assert.Equal(Statuses(alone.Statuses), Statuses(report.FileReferences));
        Assert.Equal(Lines(alone.DeadFiles), Lines(report.DeadFiles));
        Assert.Equal(Lines(alone.Incomplete), Lines(report.IncompleteReferenceSources));
    }

    /// <summary>Dockerfiles the survey parses but does not share: a byte-order mark, invalid UTF-8; and byte-identical copies.</summary>
    private static void AddAwkwardDockerfiles(string root)
    {
        void Write(string path, byte[] bytes)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }

        var script = Encoding.UTF8.GetBytes("#!/bin/sh\necho start\n");
        var dockerfile = "FROM alpine:3.20\nCOPY start.sh /start.sh\nRUN sh ./start.sh\n";
        Write("odd/bom/start.sh", script);
        Write("odd/bom/Dockerfile", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(dockerfile)]);
        Write("odd/latin1/start.sh", script);
        Write("odd/latin1/Dockerfile", [.. Encoding.UTF8.GetBytes("# caf"), 0xE9, .. Encoding.UTF8.GetBytes("\n" + dockerfile)]);
        Write("odd/copy1/start.sh", script);
        Write("odd/copy1/Dockerfile", Encoding.UTF8.GetBytes(dockerfile));
        Write("odd/copy2/start.sh", script);
        Write("odd/copy2/Dockerfile", Encoding.UTF8.GetBytes(dockerfile));
    }

    private static string[] Lines<T>(IEnumerable<T> items) => [.. items.Select(i => i!.ToString()!)];

    private static string[] Statuses(IEnumerable<FileReferences> statuses) =>
        [.. statuses.Select(s => $"{s.Path} {s.Kind} {s.Status} {string.Join(" | ", s.Evidence)}")];
}
