using System.Diagnostics;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Lint;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Inventory;

/// <summary>Issue 19, item 4 (and the unreadable-file part of 5): paths the user names must be regular, readable files.</summary>
public class InputFileTests
{
    [Fact]
    public void A_fifo_is_refused_without_opening_it()
    {
        using var tree = new TempTree();
        var fifo = tree.PathOf("Dockerfile");
        MakeFifo(fifo);

        var error = Assert.Throws<UserInputException>(() => InputFile.ReadAllBytes(fifo, "a Dockerfile"));

        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_or_a_missing_file_is_refused()
    {
        using var tree = new TempTree().Dir("svc");

        Assert.Contains("is a directory", Assert.Throws<UserInputException>(() => InputFile.RequireRegular(tree.PathOf("svc"), "a Dockerfile")).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<UserInputException>(() => InputFile.RequireRegular(tree.PathOf("nope"), "a Dockerfile")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_to_a_regular_file_is_fine()
    {
        using var tree = new TempTree().File("Dockerfile", "FROM alpine\n").Symlink("link", "Dockerfile");

        Assert.Equal("FROM alpine\n"u8.ToArray(), InputFile.ReadAllBytes(tree.PathOf("link"), "a Dockerfile"));
    }

    [Fact]
    public void Lint_of_a_fifo_or_an_unreadable_file_is_an_input_error()
    {
        using var tree = new TempTree().File("Dockerfile", "FROM alpine\n");
        MakeFifo(tree.PathOf("pipe"));

        Assert.Contains("FIFO", Assert.Throws<UserInputException>(() => Linter.LintPaths([tree.PathOf("pipe")], new WalkOptions())).Message, StringComparison.Ordinal);

        // Root reads any file whatever its mode, so unreadability is simulated at the read seam (see docs/security.md).
        using (ReadFaults.MakeUnreadable(tree.PathOf("Dockerfile")))
        {
            var error = Assert.Throws<UserInputException>(() => Linter.LintPaths([tree.PathOf("Dockerfile")], new WalkOptions()));
            Assert.Contains("cannot read", error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Linter.LintPaths([tree.PathOf("Dockerfile")], new WalkOptions()).Skipped);
    }

    [Fact]
    public void Scan_lists_unreadable_compose_files_and_scripts_as_skipped()
    {
        using var tree = new TempTree()
            .File("compose.yaml", "services:\n  a:\n    build: .\n")
            .File("run.sh", "#!/bin/sh\necho hi\n")
            .File("tool.py", "print('hi')\n")
            .File("Dockerfile", "FROM alpine\n");
        using var compose = ReadFaults.MakeUnreadable(tree.PathOf("compose.yaml"));
        using var script = ReadFaults.MakeUnreadable(tree.PathOf("run.sh"));
        using var python = ReadFaults.MakeUnreadable(tree.PathOf("tool.py"));

        var report = Scanner.Scan(tree.Root, new WalkOptions());

        Assert.Equal(["compose.yaml", "run.sh", "tool.py"], report.Skipped.Select(s => s.Path).Order(StringComparer.Ordinal));
        Assert.All(report.Skipped, s => Assert.Contains("denied", s.Reason, StringComparison.Ordinal));
    }

    private static void MakeFifo(string path)
    {
        using var process = Process.Start("mkfifo", [path])!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
