using System.Globalization;

namespace InfraDedup.Core.Apply;

/// <summary>
/// A seam for reliability tests: every durable step of apply and rollback (journal write, archive object, temp
/// file, rename, fsync, delete, mkdir) calls <see cref="Hit"/> first. Production code uses <see cref="None"/>.
/// </summary>
public interface IFaultInjector
{
    /// <summary>Called before a durable step; may throw (an I/O error, a simulated crash) or kill the process.</summary>
    void Hit(string point);
}

/// <summary>Fault injectors for tests and the CLI's test hook.</summary>
public static class FaultInjection
{
    /// <summary>The environment variable of the CLI's test hook: <c>kill@N</c> (SIGKILL itself at the N-th fault point).</summary>
    public const string EnvironmentVariable = "INFRADEDUP_TEST_FAULT";

    /// <summary>Does nothing.</summary>
    public static IFaultInjector None { get; } = new NoFaults();

    /// <summary>
    /// The test hook of the CLI: <c>INFRADEDUP_TEST_FAULT=kill@N</c> makes the process kill itself with SIGKILL at
    /// the N-th fault point (a real crash: no finally blocks, no flushes). Unset (always, outside tests): no faults.
    /// </summary>
    public static IFaultInjector FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(value))
        {
            return None;
        }

        if (value.StartsWith("kill@", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return new CountingFaults(n, _ => Environment.FailFast(null), killSelf: true);
        }

        throw new UserInputException($"{EnvironmentVariable}='{value}' is not understood (test hook; expected kill@N); unset it.");
    }

    private sealed class NoFaults : IFaultInjector
    {
        public void Hit(string point)
        {
        }
    }
}

/// <summary>Raised by <see cref="CountingFaults"/> to simulate a crash: apply and rollback never catch it.</summary>
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Counts fault points and fires once at the <c>n</c>-th (1-based; 0 = never): <paramref name="fire"/> receives the
/// point's label and usually throws. <see cref="Points"/> lists every label seen, for choosing trial points.
/// </summary>
public sealed class CountingFaults(int n, Action<string> fire, bool killSelf = false) : IFaultInjector
{
    private readonly List<string> _points = [];

    /// <summary>Only counts.</summary>
    public CountingFaults()
        : this(0, _ => { })
    {
    }

    public IReadOnlyList<string> Points => _points;

    public int Count => _points.Count;

    /// <summary>Throws <see cref="SimulatedCrashException"/> at the n-th point.</summary>
    public static CountingFaults CrashAt(int n) => new(n, point => throw new SimulatedCrashException($"simulated crash at fault point {n} ({point})"));

    /// <summary>Throws an ENOSPC <see cref="IOException"/> ("No space left on device") at the n-th point.</summary>
    public static CountingFaults DiskFullAt(int n) => new(n, _ => throw new IOException("No space left on device", 28));

    public void Hit(string point)
    {
        _points.Add(point);
        if (_points.Count != n)
        {
            return;
        }

        if (killSelf)
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            self.Kill(); // SIGKILL on Unix
        }

        fire(point);
    }
}
