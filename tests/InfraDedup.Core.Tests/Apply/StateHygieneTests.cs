using System.Diagnostics;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Compose;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Apply;

/// <summary>Issue 19, item 5: the lock file after an operation, failures in read-only folders, compose error positions.</summary>
public class StateHygieneTests
{
    [Fact]
    public void A_finished_operation_leaves_the_lock_file_empty()
    {
        using var tree = ApplyFixture.CreateTree();
        var plan = ApplyFixture.CreatePlan(tree.Root);
        var lockPath = Path.Join(tree.Root, ".infradedup", "lock");

        var result = ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true });
        Assert.Equal(0, new FileInfo(lockPath).Length);

        ApplyEngine.Rollback(tree.Root, result.OpId, new RollbackOptions());
        Assert.Equal(0, new FileInfo(lockPath).Length);
    }

    [Fact]
    public void The_lock_file_names_the_holder_while_held()
    {
        using var tree = ApplyFixture.CreateTree();
        var state = new StateFolder(TreePath.ResolveRoot(tree.Root), new DurableFs(FaultInjection.None));
        using (OperationLock.Acquire(state, "apply"))
        {
            // Read by another program: .NET's own open would take a shared flock, which the held lock refuses.
            var start = new ProcessStartInfo("cat", [state.LockPath]) { RedirectStandardOutput = true };
            using var cat = Process.Start(start)!;
            var note = cat.StandardOutput.ReadToEnd();
            cat.WaitForExit();
            Assert.Contains($"pid {Environment.ProcessId} apply", note, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_write_into_a_read_only_folder_names_the_target_not_the_temp_file()
    {
        using var mount = new TempTree();
        if (!Tmpfs.Mount(mount.Root, "size=64k,ro"))
        {
            Assert.Skip("a read-only tmpfs needs root (and mount); root ignores file modes, so a mode-based test could not fail");
        }

        try
        {
            var target = Path.Join(mount.Root, "Dockerfile");
            var temp = Path.Join(mount.Root, ".Dockerfile.tmp");
            var fs = new DurableFs(FaultInjection.None);

            var error = Assert.ThrowsAny<IOException>(() => fs.WriteFile(target, temp, "FROM alpine\n"u8, (UnixFileMode)Convert.ToInt32("644", 8)));

            Assert.Contains(target, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(".tmp", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Tmpfs.Unmount(mount.Root);
        }
    }

    [Theory]
    [InlineData("services:\n\tapp:\n    build: .\n", 2, 1)]
    [InlineData("services:\n  app:\n    build: .\n\tx: 1\n", 4, 1)]
    public void A_tab_in_indentation_is_reported_where_it_is(string text, int line, int column)
    {
        var error = Assert.Single(ComposeReader.Read("compose.yaml", text).Errors);

        Assert.Equal((line, column), (error.Line, error.Column));
    }
}
