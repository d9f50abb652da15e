namespace InfraDedup.Core.Apply;

/// <summary>
/// Every entry of a tree (files with SHA-256 and mode, links with their target, folders with their mode), outside
/// <c>.git/</c> and <c>.infradedup/</c>. Two snapshots are equal exactly when the trees are byte- and mode-identical,
/// which is how tests and the demo show that apply + rollback left nothing behind.
/// </summary>
public sealed class TreeSnapshot
{
    private TreeSnapshot(SortedDictionary<string, PathState> entries) => Entries = entries;

    /// <summary>Path → state, sorted by path (ordinal).</summary>
    public IReadOnlyDictionary<string, PathState> Entries { get; }

    /// <summary>Reads the whole tree under <paramref name="root"/> (never following links).</summary>
    public static TreeSnapshot Capture(string root)
    {
        var entries = new SortedDictionary<string, PathState>(StringComparer.Ordinal);
        Walk(Path.GetFullPath(root), string.Empty, entries);
        return new TreeSnapshot(entries);
    }

    /// <summary>The differences from <paramref name="other"/>, one line each ("changed a/b: …"); empty when identical.</summary>
    public IReadOnlyList<string> Diff(TreeSnapshot other)
    {
        var lines = new List<string>();
        foreach (var (path, state) in Entries)
        {
            if (!other.Entries.TryGetValue(path, out var theirs))
            {
                lines.Add($"only before: {path} ({state.Describe()})");
            }
            else if (state != theirs)
            {
                lines.Add($"changed: {path} ({state.Describe()} → {theirs.Describe()})");
            }
        }

        lines.AddRange(other.Entries.Keys.Where(p => !Entries.ContainsKey(p)).Select(p => $"only after: {p} ({other.Entries[p].Describe()})"));
        return lines;
    }

    public bool SameAs(TreeSnapshot other) => Diff(other).Count == 0;

    private static void Walk(string root, string relative, SortedDictionary<string, PathState> entries)
    {
        var full = relative.Length == 0 ? root : Path.Join(root, relative);
        foreach (var entry in Directory.EnumerateFileSystemEntries(full).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            var path = relative.Length == 0 ? name : relative + "/" + name;
            if (relative.Length == 0 && name is ".git" or TreePath.StateFolder)
            {
                continue;
            }

            var state = PathState.Probe(entry);
            if (state.Kind == EntryKind.Directory)
            {
                entries[path] = state with { Mode = FileModes.Format(FileModes.Get(entry)) };
                Walk(root, path, entries);
            }
            else
            {
                entries[path] = state;
            }
        }
    }
}
