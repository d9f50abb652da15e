using InfraDedup.Core.Apply;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Apply;

/// <summary>
/// Crash and failure at every durable step of apply (and of rollback): afterwards rollback must give back the
/// original tree and resume the applied one, every file equal in content and mode, with no temp file left. fsync is
/// skipped in these trials: it guards against power loss, which an in-process crash cannot simulate, and the trials
/// are about what the tree and the journal hold at each point.
/// </summary>
public class FaultInjectionTests
{
    private static readonly TreeSnapshot Original = Snapshot(ApplyFixture.CreateTree());
    private static readonly TreeSnapshot Applied = ApplyFixture.Expected();

    [Fact]
    public void Crash_at_every_fault_point_then_rollback_gives_back_the_original_tree()
    {
        var points = CountApplyPoints();
        Assert.True(points.Count > 40, $"only {points.Count} fault points");
        for (var n = 1; n <= points.Count; n++)
        {
            using var tree = ApplyFixture.CreateTree();
            Assert.Throws<SimulatedCrashException>(() => Apply(tree, CountingFaults.CrashAt(n)));

            if (HasJournal(tree))
            {
                var result = ApplyEngine.Rollback(tree.Root, null, new RollbackOptions { NoFsync = true });
                Assert.Empty(result.Mismatches);
            }

            AssertTree(Original, tree, $"rollback after a crash at point {n} ({points[n - 1]})");
        }
    }

    [Fact]
    public void Crash_at_every_fault_point_then_resume_finishes_the_apply()
    {
        var points = CountApplyPoints();
        for (var n = 1; n <= points.Count; n++)
        {
            using var tree = ApplyFixture.CreateTree();
            Assert.Throws<SimulatedCrashException>(() => Apply(tree, CountingFaults.CrashAt(n)));

            if (HasJournal(tree))
            {
                ApplyEngine.Resume(tree.Root, LastOp(tree), new ApplyOptions { NoFsync = true });
            }
            else
            {
                Apply(tree, FaultInjection.None); // crashed while archiving: the tree is untouched, apply again
            }

            AssertTree(Applied, tree, $"resume after a crash at point {n} ({points[n - 1]})");
        }
    }

    [Fact]
    public void Crash_at_every_fault_point_of_a_rollback_then_rollback_again_completes_it()
    {
        var counter = new CountingFaults();
        using (var probe = ApplyFixture.CreateTree())
        {
            Apply(probe, FaultInjection.None);
            ApplyEngine.Rollback(probe.Root, null, new RollbackOptions { Faults = counter, NoFsync = true });
        }

        Assert.True(counter.Count > 10);
        for (var n = 1; n <= counter.Count; n++)
        {
            using var tree = ApplyFixture.CreateTree();
            Apply(tree, FaultInjection.None);
            Assert.Throws<SimulatedCrashException>(() => ApplyEngine.Rollback(tree.Root, null, new RollbackOptions { Faults = CountingFaults.CrashAt(n), NoFsync = true }));

            Assert.Empty(ApplyEngine.Rollback(tree.Root, null, new RollbackOptions { NoFsync = true }).Mismatches);
            AssertTree(Original, tree, $"second rollback after a crash at rollback point {n} ({counter.Points[n - 1]})");
        }
    }

    [Fact]
    public void Disk_full_at_every_fault_point_stops_apply_with_a_message_and_the_tree_unchanged()
    {
        var points = CountApplyPoints();
        for (var n = 1; n <= points.Count; n++)
        {
            using var tree = ApplyFixture.CreateTree();
            var error = Assert.Throws<UserInputException>(() => Apply(tree, CountingFaults.DiskFullAt(n)));

            Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
            Assert.Matches("rolled back|no file of the tree was changed|cannot create the tool's folder", error.Message);
            AssertTree(Original, tree, $"disk full at point {n} ({points[n - 1]})");
            ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions { NoFsync = true, AllowDirty = true }); // and it can be applied afterwards
            AssertTree(Applied, tree, $"apply after disk full at point {n}");
        }
    }

    [Fact]
    public void A_read_only_target_folder_stops_apply_and_the_tree_is_restored()
    {
        using var tree = ApplyFixture.CreateTree();
        var points = CountApplyPoints();
        var firstStep = points.ToList().FindIndex(p => p.StartsWith("write-temp ", StringComparison.Ordinal) && p.Contains("/services/b/", StringComparison.Ordinal));
        var denied = new CountingFaults(firstStep + 1, p => throw new UnauthorizedAccessException($"Access to the path '{p[11..]}' is denied."));

        var error = Assert.Throws<UserInputException>(() => Apply(tree, denied));

        Assert.Contains("is denied", error.Message, StringComparison.Ordinal);
        Assert.Contains("rolled back", error.Message, StringComparison.Ordinal);
        AssertTree(Original, tree, "read-only target");
    }

    [Fact]
    public void A_torn_last_line_of_the_step_log_is_ignored_and_cut_off_before_the_next_append()
    {
        using var tree = ApplyFixture.CreateTree();
        var points = CountApplyPoints();
        var crashAt = points.ToList().FindIndex(p => p.StartsWith("rename ", StringComparison.Ordinal) && p.EndsWith("compose.yaml", StringComparison.Ordinal)) + 1;
        Assert.Throws<SimulatedCrashException>(() => Apply(tree, CountingFaults.CrashAt(crashAt)));
        var log = Directory.GetFiles(tree.PathOf(".infradedup/journal"), "*.log").Single();
        File.AppendAllText(log, "{\"started\":7,\"createdDirec"); // torn by a crash

        ApplyEngine.Resume(tree.Root, null, new ApplyOptions { NoFsync = true });

        AssertTree(Applied, tree, "resume with a torn log line");
        Assert.DoesNotContain("createdDirec\"", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.All(File.ReadAllLines(log), l => Assert.StartsWith("{\"started\":", l, StringComparison.Ordinal));
    }

    private static List<string> CountApplyPoints()
    {
        var counter = new CountingFaults();
        using var tree = ApplyFixture.CreateTree();
        Apply(tree, counter);
        return [.. counter.Points];
    }

    private static void Apply(TempTree tree, IFaultInjector faults) =>
        ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions { Faults = faults, NoFsync = true, AllowDirty = true });

    private static bool HasJournal(TempTree tree) =>
        Directory.Exists(tree.PathOf(".infradedup/journal")) && Directory.GetFiles(tree.PathOf(".infradedup/journal"), "*.json").Length > 0;

    private static string LastOp(TempTree tree) =>
        Directory.GetFiles(tree.PathOf(".infradedup/journal"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).Last()!;

    private static TreeSnapshot Snapshot(TempTree tree)
    {
        using (tree)
        {
            return TreeSnapshot.Capture(tree.Root);
        }
    }

    private static void AssertTree(TreeSnapshot expected, TempTree tree, string trial)
    {
        var diff = expected.Diff(TreeSnapshot.Capture(tree.Root));
        Assert.True(diff.Count == 0, $"{trial}:\n  " + string.Join("\n  ", diff));
        Assert.True(!ApplyFixture.Leftovers(tree.Root).Any(), $"{trial}: temp files left: " + string.Join(", ", ApplyFixture.Leftovers(tree.Root)));
    }
}
