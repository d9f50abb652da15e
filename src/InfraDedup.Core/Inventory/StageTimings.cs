using System.Diagnostics;

namespace InfraDedup.Core.Inventory;

/// <summary>
/// Prints how long each stage took to standard error when INFRADEDUP_TIMINGS=1, for profiling
/// real trees without a profiler. Does nothing otherwise.
/// </summary>
internal sealed class StageTimings
{
    private readonly Stopwatch? _clock;

    /// <summary>The process's CPU time at the last mark: on a loaded machine wall time says little, CPU time what a stage costs.</summary>
    private TimeSpan _cpu;

    private StageTimings(bool enabled)
    {
        _clock = enabled ? Stopwatch.StartNew() : null;
        _cpu = enabled ? Environment.CpuUsage.TotalTime : TimeSpan.Zero;
    }

    public static StageTimings FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("INFRADEDUP_TIMINGS") == "1");

    public void Mark(string stage)
    {
        if (_clock is null)
        {
            return;
        }

        // Allocation and collection counts show what a stage costs the GC (fresh heap pages are page faults).
        var allocated = GC.GetTotalAllocatedBytes() / (1024.0 * 1024.0);
        var cpu = Environment.CpuUsage.TotalTime;
        Console.Error.WriteLine($"timing: {stage}: {_clock.Elapsed.TotalMilliseconds:F1} ms (cpu {(cpu - _cpu).TotalMilliseconds:F0} ms, allocated so far {allocated:F1} MiB, gen0 collections {GC.CollectionCount(0)})");
        _cpu = cpu;
        _clock.Restart();
    }
}
