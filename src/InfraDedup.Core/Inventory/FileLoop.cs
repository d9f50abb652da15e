namespace InfraDedup.Core.Inventory;

/// <summary>
/// Runs a per-file loop of the scan on the calling thread when it is small, and over the thread pool when it is not.
/// </summary>
/// <remarks>
/// Starting the pool's workers, and their spinning while they wait for work, costs about a millisecond of CPU on each
/// core: more than a few hundred cached small files take to open, read and hash. A small tree (most real repositories'
/// container folders hold tens to a few hundred files) is therefore done sooner, and with less CPU, by one thread, as
/// jdupes does; past <see cref="ParallelFrom"/> items the second core pays for itself.
/// </remarks>
internal static class FileLoop
{
    /// <summary>Items from which a loop runs in parallel.</summary>
    public const int ParallelFrom = 256;

    /// <summary>Bytes to read from which a loop runs in parallel however few its items (a handful of large files).</summary>
    public const long ParallelFromBytes = 8L << 20;

    /// <summary>Whether a loop over <paramref name="count"/> items reading about <paramref name="bytes"/> is worth the thread pool.</summary>
    public static bool WorthParallel(int count, long bytes) => count >= ParallelFrom || bytes >= ParallelFromBytes;

    /// <summary>
    /// Runs <paramref name="body"/> for 0 ≤ i &lt; <paramref name="count"/>, at most <paramref name="parallelism"/> at once;
    /// <paramref name="bytes"/> is about what the loop reads.
    /// </summary>
    public static void For(int count, long bytes, int parallelism, Action<int> body, CancellationToken cancellationToken) =>
        For(WorthParallel(count, bytes) && parallelism > 1, count, body, cancellationToken, parallelism);

    /// <summary>
    /// Runs <paramref name="body"/> for 0 ≤ i &lt; <paramref name="count"/> over the thread pool (at most
    /// <paramref name="parallelism"/> at once, -1 for no limit) when <paramref name="parallel"/>, else on the calling
    /// thread: for a stage whose loops follow one decision taken for the whole stage (<see cref="WorthParallel"/>).
    /// </summary>
    public static void For(bool parallel, int count, Action<int> body, CancellationToken cancellationToken, int parallelism = -1)
    {
        if (!parallel || count <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(i);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, body);
    }
}
