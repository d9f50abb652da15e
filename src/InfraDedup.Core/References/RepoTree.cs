using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.References;

/// <summary>The inventory as a lookup: files by path, folders that contain files, files under a folder.</summary>
internal sealed class RepoTree
{
    private readonly Dictionary<string, RepoFile> _files;
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { string.Empty };
    private readonly string[] _sorted;

    public RepoTree(IReadOnlyList<RepoFile> inventory)
    {
        _files = new Dictionary<string, RepoFile>(inventory.Count, StringComparer.Ordinal);
        foreach (var file in inventory)
        {
            _files[file.RelativePath] = file;
            for (var dir = RepoPaths.DirectoryOf(file.RelativePath); dir.Length > 0 && _directories.Add(dir); dir = RepoPaths.DirectoryOf(dir))
            {
            }
        }

        _sorted = [.. _files.Keys.Order(StringComparer.Ordinal)];
    }

    public IReadOnlyCollection<RepoFile> Files => _files.Values;

    private Dictionary<string, string[]>? _directoriesByName;

    /// <summary>Every folder whose last segment is <paramref name="name"/>.</summary>
    public IReadOnlyList<string> DirectoriesNamed(string name)
    {
        // Built on first use, once even when the dead-file analysis asks from several threads at a time.
        var byName = LazyInitializer.EnsureInitialized(ref _directoriesByName, () => _directories
            .Where(d => d.Length > 0)
            .GroupBy(RepoPaths.NameOf, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal));
        return byName.TryGetValue(name, out var dirs) ? dirs : [];
    }

    public bool IsFile(string path) => _files.ContainsKey(path);

    public bool IsDirectory(string path) => _directories.Contains(path);

    public RepoFile? Get(string path) => _files.GetValueOrDefault(path);

    public FileKind KindOf(string path) => _files.TryGetValue(path, out var f) ? f.Kind : FileKind.Other;

    /// <summary>Files at any depth under <paramref name="directory"/> (all files for the root), in ordinal order.</summary>
    public IEnumerable<string> FilesUnder(string directory)
    {
        if (directory.Length == 0)
        {
            foreach (var path in _sorted)
            {
                yield return path;
            }

            yield break;
        }

        var prefix = directory + "/";
        var i = Array.BinarySearch(_sorted, prefix, StringComparer.Ordinal);
        if (i < 0)
        {
            i = ~i;
        }

        for (; i < _sorted.Length && _sorted[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            yield return _sorted[i];
        }
    }
}
