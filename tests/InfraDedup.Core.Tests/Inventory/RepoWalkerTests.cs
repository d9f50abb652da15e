using InfraDedup.Core.Inventory;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Inventory;

public class RepoWalkerTests
{
    private static string[] Paths(WalkResult result) => result.Files.Select(f => f.RelativePath).ToArray();

    [Fact]
    public void Honours_nested_gitignore_files_and_skips_vcs_and_tool_state()
    {
        using var tree = new TempTree()
            .File(".gitignore", "*.pyc\n__pycache__/\n.env\n")
            .File(".env", "SECRET=1")
            .File("app.py", "print(1)")
            .File("__pycache__/app.cpython-311.pyc", "x")
            .File("svc/.gitignore", "!keep.pyc\nlocal/\n")
            .File("svc/keep.pyc", "k")
            .File("svc/drop.pyc", "d")
            .File("svc/local/x.txt", "x")
            .File(".git/config", "[core]")
            .File(".infradedup/archive/obj", "o");

        var result = RepoWalker.Walk(tree.Root, new WalkOptions());

        Assert.Equal([".gitignore", "app.py", "svc/.gitignore", "svc/keep.pyc"], Paths(result));
        Assert.Equal(4, result.IgnoredCount); // .env, __pycache__/, svc/drop.pyc, svc/local/ (.git and .infradedup are not "ignored")
    }

    [Fact]
    public void No_ignore_takes_everything_but_vcs_and_tool_state()
    {
        using var tree = new TempTree()
            .File(".gitignore", "*.log\n")
            .File("a.log", "x")
            .File(".git/HEAD", "ref")
            .File(".infradedup/lock", "l");

        var result = RepoWalker.Walk(tree.Root, new WalkOptions { NoIgnore = true });

        Assert.Equal([".gitignore", "a.log"], Paths(result));
    }

    [Fact]
    public void Git_info_exclude_is_honoured()
    {
        using var tree = new TempTree().File(".git/info/exclude", "secret.txt\n").File("secret.txt", "s").File("a.txt", "a");
        Assert.Equal(["a.txt"], Paths(RepoWalker.Walk(tree.Root, new WalkOptions())));
    }

    [Fact]
    public void Include_and_exclude_globs_filter_files_and_prune_folders()
    {
        using var tree = new TempTree()
            .File("svc/a/Dockerfile", "FROM a")
            .File("svc/a/run.sh", "echo")
            .File("backups/svc/a/Dockerfile", "FROM a")
            .File("Dockerfile", "FROM b");

        var result = RepoWalker.Walk(tree.Root, new WalkOptions { Include = ["Dockerfile"], Exclude = ["backups/"] });

        Assert.Equal(["Dockerfile", "svc/a/Dockerfile"], Paths(result));
    }

    [Fact]
    public void Exclude_applies_even_without_ignore_files()
    {
        using var tree = new TempTree().File("a.txt", "a").File("b.txt", "b");
        var result = RepoWalker.Walk(tree.Root, new WalkOptions { NoIgnore = true, Exclude = ["b.*"] });
        Assert.Equal(["a.txt"], Paths(result));
    }

    [Fact]
    public void Symlinks_are_reported_never_followed()
    {
        using var tree = new TempTree()
            .File("real/file.txt", "content")
            .Symlink("link-to-file", "real/file.txt")
            .Symlink("link-to-dir", "real")
            .Symlink("broken", "does-not-exist")
            .Symlink("loop/self", ".");

        var result = RepoWalker.Walk(tree.Root, new WalkOptions());

        Assert.Equal(["real/file.txt"], Paths(result));
        var reasons = result.Skipped.ToDictionary(s => s.Path, s => s.Reason);
        Assert.Contains("symbolic link to 'real/file.txt'", reasons["link-to-file"], StringComparison.Ordinal);
        Assert.Contains("not followed", reasons["link-to-dir"], StringComparison.Ordinal);
        Assert.Contains("broken", reasons["broken"], StringComparison.Ordinal);
        Assert.Contains("not followed", reasons["loop/self"], StringComparison.Ordinal);
    }

    [Fact]
    public void Special_files_are_reported_and_never_opened()
    {
        using var tree = new TempTree().File("a.txt", "a");
        tree.Shell("mkfifo pipe");

        var result = RepoWalker.Walk(tree.Root, new WalkOptions());

        Assert.Equal(["a.txt"], Paths(result));
        Assert.Contains(result.Skipped, s => s.Path == "pipe" && s.Reason.Contains("FIFO", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fifo_named_like_an_ignore_file_is_reported_not_read()
    {
        using var tree = new TempTree().File("a.txt", "a");
        tree.Shell("mkfifo .gitignore");

        var result = RepoWalker.Walk(tree.Root, new WalkOptions());

        Assert.Equal(["a.txt"], Paths(result));
        Assert.Contains(result.Skipped, s => s.Path == ".gitignore" && s.Reason.Contains("FIFO", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_utf8_names_are_reported()
    {
        using var tree = new TempTree().File("ok.txt", "a");
        tree.Shell("printf data > \"$(printf 'bad\\377name')\"");

        var result = RepoWalker.Walk(tree.Root, new WalkOptions());

        Assert.Equal(["ok.txt"], Paths(result));
        var skipped = Assert.Single(result.Skipped);
        Assert.Contains("not valid UTF-8", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_size_and_mode()
    {
        using var tree = new TempTree().File("run.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(tree.PathOf("run.sh"), (UnixFileMode)0b111_101_101);

        var file = Assert.Single(RepoWalker.Walk(tree.Root, new WalkOptions()).Files);

        Assert.Equal(10, file.Size);
        Assert.Equal((UnixFileMode)0b111_101_101, file.Mode);
    }

    [Fact]
    public void Missing_root_is_a_user_error_naming_the_path()
    {
        var error = Assert.Throws<UserInputException>(() => RepoWalker.Walk("/no/such/dir", new WalkOptions()));
        Assert.Contains("/no/such/dir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_as_root_is_a_user_error()
    {
        using var tree = new TempTree().File("a.txt", "a");
        Assert.Throws<UserInputException>(() => RepoWalker.Walk(tree.PathOf("a.txt"), new WalkOptions()));
    }
}
