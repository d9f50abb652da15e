namespace InfraDedup.Core.Inventory;

/// <summary>
/// Counts the tree walks made in the current logical flow (the caller's thread and the tasks it starts), so tests can
/// check that a command walks its tree once and every later stage reuses that scan. Counting is off unless started.
/// </summary>
public static class WalkCounter
{
    private static readonly AsyncLocal<Counter?> Active = new();

    /// <summary>Starts counting walks until the returned counter is disposed.</summary>
    public static Counter Start()
    {
        var counter = new Counter(Active.Value);
        Active.Value = counter;
        return counter;
    }

    internal static void Walked() => Active.Value?.Add();

    /// <summary>Walks counted since <see cref="Start"/>.</summary>
    public sealed class Counter : IDisposable
    {
        private readonly Counter? _outer;
        private int _walks;

        internal Counter(Counter? outer) => _outer = outer;

        public int Walks => Volatile.Read(ref _walks);

        internal void Add()
        {
            Interlocked.Increment(ref _walks);
            _outer?.Add();
        }

        public void Dispose() => Active.Value = _outer;
    }
}
