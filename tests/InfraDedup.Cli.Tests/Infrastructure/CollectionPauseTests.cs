using InfraDedup.Cli.Infrastructure;

namespace InfraDedup.Cli.Tests.Infrastructure;

/// <summary>
/// The pause is process-wide GC state and other tests scan in parallel, so these tests assert what must hold whatever
/// else runs: ending a pause never throws, whether it ran out, was never granted, or was nested.
/// </summary>
public class CollectionPauseTests
{
    [Fact]
    public void A_pause_whose_budget_ran_out_ends_quietly()
    {
        var kept = new List<byte[]>();
        using (CollectionPause.Begin(1 << 20))
        {
            for (var i = 0; i < 64; i++)
            {
                kept.Add(new byte[64 * 1024]); // 4 MiB: four times the budget, so the runtime ends the pause itself
            }
        }

        Assert.Equal(64, kept.Count);
    }

    [Fact]
    public void A_nested_pause_is_a_no_op_and_both_end_quietly()
    {
        using var outer = CollectionPause.Begin(8 << 20);
        using var inner = CollectionPause.Begin(8 << 20);
        GC.KeepAlive(new byte[1024]);
    }

    [Fact]
    public void A_budget_the_heap_cannot_grant_is_declined_not_thrown()
    {
        using var pause = CollectionPause.Begin(long.MaxValue / 2);
        GC.KeepAlive(new byte[1024]);
    }
}
