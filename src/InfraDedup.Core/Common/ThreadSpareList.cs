namespace InfraDedup.Core.Common;

/// <summary>
/// One spare <see cref="List{T}"/> per thread and element type, for a build that fills a list, reads it once and hands
/// it back: the list's growth (it doubles its array as it grows) is then paid once per thread rather than once per file
/// of a tree with thousands of scripts. A rent while the thread's list is out (a nested build) gets a fresh list.
/// </summary>
internal static class ThreadSpareList<T>
{
    /// <summary>Lists that grew past this many items are not kept: one huge file must not pin its array.</summary>
    public const int MaxKeptCapacity = 1 << 14;

    [ThreadStatic]
    private static List<T>? _spare;

    /// <summary>This thread's spare list, empty, or a new one.</summary>
    public static List<T> Rent()
    {
        var list = _spare ?? new List<T>(64);
        _spare = null;
        return list;
    }

    /// <summary>Takes a rented list back (emptied, which drops what its items referenced); the caller must not use it again.</summary>
    public static void Return(List<T> list)
    {
        list.Clear();
        if (list.Capacity <= MaxKeptCapacity)
        {
            _spare = list;
        }
    }
}
