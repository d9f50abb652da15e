namespace InfraDedup.Core.Inventory;

/// <summary>
/// Which folders hold real content: at least one file, at any depth, that is neither empty nor a placeholder kept
/// only so that git tracks the folder (<c>.gitkeep</c> and its relatives). Two folders that each hold just an empty
/// <c>.gitkeep</c> are identical but are not copies anyone made, so directory copies of such folders are not reported.
/// </summary>
public static class RealContent
{
    private static readonly HashSet<string> PlaceholderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ".gitkeep", ".keep", ".gitempty", ".empty", ".placeholder",
    };

    /// <summary>Whether a file is there only to keep its folder (by name), or holds nothing.</summary>
    public static bool IsPlaceholder(RepoFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Size == 0 || PlaceholderNames.Contains(file.RelativePath[(file.RelativePath.LastIndexOf('/') + 1)..]);
    }

    /// <summary>
    /// The groups of copied folders among <paramref name="copies"/> (folders given by <paramref name="folders"/>) that
    /// hold real content; the copies of a group agree on content, so its first folder decides.
    /// </summary>
    public static IReadOnlyList<T> Only<T>(IReadOnlyList<T> copies, Func<T, IReadOnlyList<string>> folders, IReadOnlyList<RepoFile> inventory)
    {
        ArgumentNullException.ThrowIfNull(copies);
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(inventory);
        if (copies.Count == 0)
        {
            return copies;
        }

        var real = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in inventory)
        {
            if (IsPlaceholder(file))
            {
                continue;
            }

            // Every ancestor folder holds it too; stop at the first one already known (its ancestors are known).
            for (var folder = DirectoryOf(file.RelativePath); folder.Length > 0 && real.Add(folder); folder = DirectoryOf(folder))
            {
                // the condition does the work
            }
        }

        return [.. copies.Where(c => folders(c) is { Count: > 0 } paths && real.Contains(paths[0]))];
    }

    private static string DirectoryOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }
}
