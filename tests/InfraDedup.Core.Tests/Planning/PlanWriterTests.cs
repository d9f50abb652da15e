using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning;

public sealed class PlanWriterTests
{
    private static TempTree Fleet() => new TempTree()
        .File("docker-compose.yml", "services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n")
        .File("a/Dockerfile", "FROM alpine:3.20\nENV NAME=a\nEXPOSE 1\n")
        .File("b/Dockerfile", "FROM alpine:3.20\nENV NAME=b\nEXPOSE 2\n");

    [Fact]
    public void A_folder_that_is_not_a_plan_folder_is_refused_and_left_untouched()
    {
        using var tree = Fleet();
        tree.File("docs/guide.md", "keep me\n");
        var result = Planner.Make(tree.Root, new PlanOptions());

        var error = Assert.Throws<UserInputException>(() => PlanWriter.Write(Path.Combine(tree.Root, "docs"), result));

        Assert.Contains("guide.md", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep me\n", File.ReadAllText(Path.Combine(tree.Root, "docs", "guide.md")));
        Assert.Throws<UserInputException>(() => PlanWriter.Write(tree.Root, result));
        Assert.True(File.Exists(Path.Combine(tree.Root, "a", "Dockerfile")), "the repository given as --out must survive");
    }

    [Fact]
    public void An_earlier_plan_folder_is_replaced_and_the_new_one_is_ignored_by_scans_of_the_tree()
    {
        using var tree = Fleet();
        var result = Planner.Make(tree.Root, new PlanOptions());
        var outDir = Path.Combine(tree.Root, "plan");

        PlanWriter.Write(outDir, result);
        File.WriteAllText(Path.Combine(outDir, "files", "stale.txt"), "from an older plan");
        PlanWriter.Write(outDir, result);

        Assert.True(File.Exists(Path.Combine(outDir, "plan.json")));
        Assert.False(File.Exists(Path.Combine(outDir, "files", "stale.txt")));
        var scan = Scanner.Scan(tree.Root, new WalkOptions());
        Assert.Equal(2, scan.Files.Dockerfiles);
        Assert.Equal(1, scan.Files.ComposeFiles);
    }

    [Fact]
    public void An_empty_folder_is_fine_and_a_file_is_refused()
    {
        using var tree = Fleet();
        Directory.CreateDirectory(Path.Combine(tree.Root, "empty"));
        PlanWriter.CheckTarget(Path.Combine(tree.Root, "empty"));
        PlanWriter.CheckTarget(Path.Combine(tree.Root, "new", "folder"));
        Assert.Throws<UserInputException>(() => PlanWriter.CheckTarget(Path.Combine(tree.Root, "a", "Dockerfile")));
    }

    /// <summary>
    /// service-mapping.json and the mapping file the plan creates are the mapping's one serialisation (written once,
    /// to both places), byte for byte what serialising the mapping gives; summary.md is what Write hands back.
    /// </summary>
    [Fact]
    public void The_mapping_is_written_from_its_one_text_and_the_summary_is_handed_back()
    {
        using var tree = Fleet();
        var result = Planner.Make(tree.Root, new PlanOptions { Project = "p" });
        var outDir = Path.Combine(tree.Root, "plan");

        var written = PlanWriter.Write(outDir, result, Core.Secrets.SecretRedactor.None);

        var expected = System.Text.Encoding.UTF8.GetBytes(PlanJsonContext.Serialize(result.Mapping));
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(outDir, "service-mapping.json")));
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(outDir, "files", ServiceMapping.RepoPath)));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(PlanJsonContext.Serialize(result.Plan)), File.ReadAllBytes(Path.Combine(outDir, "plan.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(outDir, "summary.md")), written.Summary);
        Assert.Equal(PlanWriter.SummaryFor(result.Plan, outDir, Core.Secrets.SecretRedactor.None), written.Summary);
        Assert.Empty(written.SecretCarriers);
        foreach (var (path, content) in result.ProposedFiles)
        {
            Assert.Equal(content, File.ReadAllText(Path.Combine(outDir, "files", path)));
        }
    }
}
