using InfraDedup.Core.Apply;

namespace InfraDedup.Core.Tests.Apply;

/// <summary>
/// The disk fills up in the middle of apply and stays full while the automatic rollback runs: the files come back,
/// but the journal cannot record it and still says "applying". The message must name the command that records the
/// rollback (the next apply is refused as interrupted until then), not just "fix the cause and apply again".
/// </summary>
public class DiskFullJournalTests
{
    [Fact]
    public void Journal_left_applying_after_a_full_disk_names_rollback_in_the_message()
    {
        using var tree = ApplyFixture.CreateTree();
        var original = TreeSnapshot.Capture(tree.Root);
        var plan = ApplyFixture.CreatePlan(tree.Root);
        var faults = new FullDiskAfterFirstTreeWrite();

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true, Faults = faults }));

        Assert.True(faults.Fired, "the fault never fired: the test no longer exercises the case");
        Assert.Empty(original.Diff(TreeSnapshot.Capture(tree.Root)));
        var opId = Path.GetFileNameWithoutExtension(Directory.GetFiles(Path.Join(tree.Root, ".infradedup", "journal"), "*.json").Single());
        Assert.Contains($"'infradedup rollback --op {opId}'", error.Message, StringComparison.Ordinal);

        // What the message says works: once there is space, rollback records it and apply runs again.
        var refused = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true }));
        Assert.Contains("interrupted", refused.Message, StringComparison.Ordinal);
        ApplyEngine.Rollback(tree.Root, opId, new RollbackOptions());
        ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true });
    }

    /// <summary>ENOSPC on the first rename into the tree, then on every later journal write.</summary>
    private sealed class FullDiskAfterFirstTreeWrite : IFaultInjector
    {
        public bool Fired { get; private set; }

        public void Hit(string point)
        {
            var stateWrite = point.Contains("/.infradedup/", StringComparison.Ordinal);
            if (!Fired && point.StartsWith("rename ", StringComparison.Ordinal) && !stateWrite)
            {
                Fired = true;
                throw new IOException("No space left on device", 28);
            }

            if (Fired && stateWrite && point.Contains("/journal/", StringComparison.Ordinal) && !point.StartsWith("delete", StringComparison.Ordinal))
            {
                throw new IOException("No space left on device", 28);
            }
        }
    }
}
