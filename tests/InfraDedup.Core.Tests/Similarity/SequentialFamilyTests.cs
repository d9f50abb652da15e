using CsCheck;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Tests.Similarity;

/// <summary>
/// A small run of <see cref="FamilyFinder"/> works on the calling thread instead of the thread pool: the report must be
/// the one the parallel loops give, byte for byte, for every run shape (the scan's members-only run and the full one).
/// </summary>
public sealed class SequentialFamilyTests
{
    private static Gen<string> Pick(params string[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static readonly Gen<string> ShellLine = Gen.Select(
        Pick("echo", "curl -fsSL", "rm -rf", "apt-get install -y", "mkdir -p", "X=1", "cd /tmp &&"),
        Pick("alpha", "beta", "42", "$HOME/bin", "\"${A:-b}\"", "| grep x", string.Empty),
        (a, b) => a + " " + b);

    private static readonly Gen<string> Script = ShellLine.Array[3, 12].Select(lines => "#!/bin/sh\n" + string.Join('\n', lines) + "\n");

    private static readonly Gen<string> Dockerfile = Gen.Select(
        Pick("FROM debian:12", "FROM alpine:3.20"),
        ShellLine.Array[2, 8],
        (from, lines) => from + "\n" + string.Join('\n', lines.Select(l => "RUN " + l)) + "\nCMD [\"sh\"]\n");

    /// <summary>Distinct files, and copies of some with one line changed, so that families form.</summary>
    private static readonly Gen<(string[] Scripts, string[] Dockerfiles, int[] Edits)> Trees =
        Gen.Select(Script.Array[1, 8], Dockerfile.Array[1, 8], Gen.Int[0, 100].Array[0, 10]);

    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_FUZZ_ITERATIONS"), out var n) ? n : 40;

    [Fact]
    public void Sequential_and_parallel_runs_give_the_same_report() =>
        Trees.Sample(t =>
        {
            using var tree = new TestSupport.TempTree();
            for (var i = 0; i < t.Scripts.Length; i++)
            {
                tree.File($"s{i}/run.sh", t.Scripts[i]);
            }

            for (var i = 0; i < t.Dockerfiles.Length; i++)
            {
                tree.File($"d{i}/Dockerfile", t.Dockerfiles[i]);
            }

            for (var i = 0; i < t.Edits.Length; i++)
            {
                // A near copy: the same file with one more line.
                var e = t.Edits[i];
                var (path, text) = e % 2 == 0
                    ? ($"c{i}/run.sh", t.Scripts[e % t.Scripts.Length] + "echo extra\n")
                    : ($"c{i}/Dockerfile", t.Dockerfiles[e % t.Dockerfiles.Length] + "RUN echo extra\n");
                tree.File(path, text);
            }

            var scan = Core.Inventory.Scanner.Scan(tree.Root, new Core.Inventory.WalkOptions(), Core.Inventory.ScanParts.None);
            foreach (var options in new[] { new SimilarityOptions { MembersOnly = true }, SimilarityOptions.Default, new SimilarityOptions { ReportPairs = true, Threshold = 0.7 } })
            {
                var sequential = FamilyFinder.Find(scan.Root, scan.Inventory, options, null, parallel: false, CancellationToken.None);
                var parallel = FamilyFinder.Find(scan.Root, scan.Inventory, options, null, parallel: true, CancellationToken.None);
                Assert.Equal(Json(parallel), Json(sequential));
            }
        }, iter: Iterations);

    private static string Json(SimilarityReport report) =>
        System.Text.Json.JsonSerializer.Serialize(report, ReportJsonContext.Default.SimilarityReport);
}
