namespace InfraDedup.Core.Inventory;

/// <summary>The patterns of one ignore file, relative to the directory that holds it.</summary>
/// <param name="BaseDirectory">Directory of the ignore file relative to the scan root ("" for the root).</param>
/// <param name="Patterns">Patterns in file order; the last matching one decides.</param>
public sealed record IgnoreFile(string BaseDirectory, IReadOnlyList<GlobPattern> Patterns)
{
    /// <summary>Parses ignore-file text (gitignore syntax).</summary>
    public static IgnoreFile Parse(string baseDirectory, string text) =>
        new(baseDirectory, text.Split('\n').Select(GlobPattern.Parse).OfType<GlobPattern>().ToArray());

    /// <summary>
    /// The verdict of this file for a path relative to the scan root: true (ignored), false (re-included
    /// by a negation) or null (no pattern matched).
    /// </summary>
    public bool? Verdict(string relativePath, bool isDirectory)
    {
        string local;
        if (BaseDirectory.Length == 0)
        {
            local = relativePath;
        }
        else if (relativePath.StartsWith(BaseDirectory + "/", StringComparison.Ordinal))
        {
            local = relativePath[(BaseDirectory.Length + 1)..];
        }
        else
        {
            return null;
        }

        for (var i = Patterns.Count - 1; i >= 0; i--)
        {
            if (Patterns[i].Matches(local, isDirectory))
            {
                return !Patterns[i].IsNegated;
            }
        }

        return null;
    }
}

/// <summary>
/// A stack of ignore files in effect at one point of the walk: root first, deepest last. Deeper files
/// take precedence, as in git. Excluded directories are never entered, so (as in git) a file inside
/// an excluded directory cannot be re-included.
/// </summary>
public sealed class IgnoreRules
{
    /// <summary>File names whose patterns the walker honours in every directory.</summary>
    public static readonly IReadOnlyList<string> IgnoreFileNames = [".gitignore", ".infradedupignore"];

    private readonly List<IgnoreFile> _files = [];

    /// <summary>Adds a layer (entering a directory that has an ignore file).</summary>
    public void Push(IgnoreFile file) => _files.Add(file);

    /// <summary>Removes the deepest layer (leaving its directory).</summary>
    public void Pop() => _files.RemoveAt(_files.Count - 1);

    /// <summary>How many layers are in effect.</summary>
    public int Depth => _files.Count;

    /// <summary>Whether the path (relative to the scan root) is ignored.</summary>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        for (var i = _files.Count - 1; i >= 0; i--)
        {
            if (_files[i].Verdict(relativePath, isDirectory) is { } verdict)
            {
                return verdict;
            }
        }

        return false;
    }
}
