using InfraDedup.Core.Apply;
using InfraDedup.Core.Archive;
using InfraDedup.Core.Tests.Apply;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Archive;

/// <summary>Issue 19, item 2 (the fast part; the gigabyte bombs run against the built CLI in the CLI tests).</summary>
public class ArchiveImportLimitsTests
{
    [Fact]
    public void An_export_within_the_limits_is_imported_streaming_and_can_be_rolled_back()
    {
        using var tree = ApplyFixture.CreateTree();
        var original = TreeSnapshot.Capture(tree.Root);
        var op = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions { AllowDirty = true }).OpId!;
        using var outDir = new TempTree();
        var tarball = Path.Join(outDir.Root, "op.tar.gz");
        ArchiveOperations.Export(tree.Root, op, tarball);
        Directory.Delete(Path.Join(tree.Root, ".infradedup"), recursive: true);

        var result = ArchiveOperations.Import(tree.Root, tarball);

        Assert.True(result.Objects > 0);
        ApplyEngine.Rollback(tree.Root, op, new RollbackOptions());
        Assert.DoesNotContain(original.Diff(TreeSnapshot.Capture(tree.Root)), d => !d.Contains(".infradedup", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(10, 1_000_000, "limit for one archived file")]
    [InlineData(1_000_000, 1, "would expand to more than")]
    public void An_export_beyond_a_limit_is_refused_and_nothing_is_written(long maxObject, long maxTotal, string message)
    {
        using var tree = ApplyFixture.CreateTree();
        var op = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions { AllowDirty = true }).OpId!;
        using var outDir = new TempTree();
        var tarball = Path.Join(outDir.Root, "op.tar.gz");
        ArchiveOperations.Export(tree.Root, op, tarball);
        Directory.Delete(Path.Join(tree.Root, ".infradedup"), recursive: true);
        var before = TreeSnapshot.Capture(tree.Root);
        var limits = new ArchiveImportLimits { MaxObjectBytes = maxObject, MaxTotalBytes = maxTotal, MinimumBudgetBytes = 0 };

        var error = Assert.Throws<UserInputException>(() => ArchiveOperations.Import(tree.Root, tarball, limits: limits));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", error.Message, StringComparison.Ordinal);
        Assert.Empty(before.Diff(TreeSnapshot.Capture(tree.Root)));
    }

    [Fact]
    public void The_expansion_budget_scales_with_the_compressed_size_within_bounds()
    {
        var limits = ArchiveImportLimits.Default;

        Assert.Equal(64L << 20, limits.ExpansionBudget(1000));
        Assert.Equal(300_000_000, limits.ExpansionBudget(3_000_000));
        Assert.Equal(8L << 30, limits.ExpansionBudget(1L << 40));
    }
}
