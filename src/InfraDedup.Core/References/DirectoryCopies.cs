using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.References;

/// <summary>Folders whose whole content (relative names and bytes of every file, at any depth) is identical.</summary>
/// <param name="Paths">The folders, sorted ordinally.</param>
public sealed record DirectoryCopy(IReadOnlyList<string> Paths);

/// <summary>
/// Finds copied folders Merkle-style, bottom-up: a file's identity is its exact-duplicate group (or itself
/// when its content is unique: nothing else can match it, so no file is read again), a folder's identity is
/// the sorted list of (name, child identity). Folders with equal identities are copies; a group is reported
/// only at the highest level (a group whose members all sit in folders that are themselves copies of each
/// other is implied by the parent group). The root is never compared.
/// </summary>
public static class DirectoryCopies
{
    /// <summary>Groups of identical folders, sorted by their first path.</summary>
    public static IReadOnlyList<DirectoryCopy> Find(IReadOnlyList<RepoFile> inventory, IReadOnlyList<DuplicateGroup> duplicates)
    {
        // File identities: the duplicate group's index, the empty content, or unique.
        var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < duplicates.Count; g++)
        {
            foreach (var path in duplicates[g].Paths)
            {
                groupOf[path] = g;
            }
        }

        var children = new Dictionary<string, List<(string Name, long Id)>>(StringComparer.Ordinal);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal); // folder path -> identity
        var interned = new Dictionary<string, long>(StringComparer.Ordinal); // folder signature -> identity
        long next = duplicates.Count + 1; // 0..Count-1: duplicate groups, Count: empty file
        const long Unique = -1;
        foreach (var file in inventory)
        {
            long id = file.Size == 0 ? duplicates.Count : groupOf.TryGetValue(file.RelativePath, out var g) ? g : Unique;
            Add(children, RepoPaths.DirectoryOf(file.RelativePath), RepoPaths.NameOf(file.RelativePath), id);
        }

        // Every folder that holds something, deepest first, so children are done before parents.
        var folders = new HashSet<string>(children.Keys, StringComparer.Ordinal);
        foreach (var folder in children.Keys.ToArray())
        {
            for (var f = folder; f.Length > 0; f = RepoPaths.DirectoryOf(f))
            {
                folders.Add(RepoPaths.DirectoryOf(f));
            }
        }

        foreach (var folder in folders.OrderByDescending(f => f.Length == 0 ? 0 : f.Count(c => c == '/') + 1).ThenBy(f => f, StringComparer.Ordinal))
        {
            if (folder.Length == 0)
            {
                continue;
            }

            var entries = children.TryGetValue(folder, out var list) ? list : [];
            long id;
            if (entries.Any(e => e.Id == Unique))
            {
                id = Unique;
            }
            else
            {
                entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                var signature = string.Join('\n', entries.Select(e => e.Name + "\0" + e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                if (!interned.TryGetValue(signature, out id))
                {
                    id = next++;
                    interned[signature] = id;
                }
            }

            ids[folder] = id;
            Add(children, RepoPaths.DirectoryOf(folder), RepoPaths.NameOf(folder), id);
        }

        var groups = ids
            .Where(kv => kv.Value != Unique)
            .GroupBy(kv => kv.Value)
            .Where(g => g.Count() > 1)
            .Select(g => g.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray())
            .ToArray();

        // Keep a group unless every member's parent folder is itself in one group with the others' parents.
        var copiedParents = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var path in group)
            {
                copiedParents[path] = ids[path];
            }
        }

        return groups
            .Where(group => !ImpliedByParents(group, copiedParents))
            .OrderBy(group => group[0], StringComparer.Ordinal)
            .Select(group => new DirectoryCopy(group))
            .ToArray();
    }

    private static bool ImpliedByParents(string[] group, Dictionary<string, long> copied)
    {
        long? parentId = null;
        foreach (var path in group)
        {
            var parent = RepoPaths.DirectoryOf(path);
            if (parent.Length == 0 || !copied.TryGetValue(parent, out var id) || (parentId is { } p && p != id))
            {
                return false;
            }

            parentId = id;
        }

        return true;
    }

    private static void Add(Dictionary<string, List<(string, long)>> children, string folder, string name, long id)
    {
        if (!children.TryGetValue(folder, out var list))
        {
            children[folder] = list = [];
        }

        list.Add((name, id));
    }
}
