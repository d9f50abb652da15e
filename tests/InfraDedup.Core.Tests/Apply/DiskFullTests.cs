using System.Text;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Apply;

/// <summary>
/// A real full disk: the tree on a small tmpfs (needs root to mount; skipped, and reported as skipped, otherwise).
/// The archive fits, the large new file does not: apply stops with ENOSPC, rolls back and the tree is unchanged.
/// </summary>
public class DiskFullTests
{
    [Fact]
    public void Apply_on_a_full_tmpfs_stops_rolls_back_and_loses_nothing()
    {
        using var mount = new TempTree();
        if (!Tmpfs.Mount(mount.Root, "size=320k"))
        {
            Assert.Skip("mounting a small tmpfs needs root (and mount); the disk-full case is covered by the injected ENOSPC trials");
        }

        try
        {
            using (var source = ApplyFixture.CreateTree())
            {
                Tmpfs.Run("cp", "-a", source.Root + "/.", mount.Root);
            }

            var original = TreeSnapshot.Capture(mount.Root);
            var big = new string('x', 200 * 1024) + "\n";
            var plan = ApplyFixture.CreatePlan(mount.Root);
            plan = plan with
            {
                Actions =
                [
                    .. plan.Actions,
                    new PlanAction { Kind = PlanActionKind.Create, Path = "docker/big.txt", Content = big, Sha256 = Hashing.Sha256(Encoding.UTF8.GetBytes(big)), Mode = "0644", Reason = "large" },
                ],
            };

            var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(mount.Root, plan, new ApplyOptions { AllowDirty = true }));

            Assert.True(error.Message.Contains("No space left on device", StringComparison.Ordinal), error.Message);
            var diff = original.Diff(TreeSnapshot.Capture(mount.Root));
            Assert.True(diff.Count == 0, error.Message + "\n" + string.Join("\n", diff));
            Assert.Empty(original.Diff(TreeSnapshot.Capture(mount.Root)));
            Assert.Empty(ApplyFixture.Leftovers(mount.Root));
        }
        finally
        {
            Tmpfs.Unmount(mount.Root);
        }
    }
}
