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
        else if (relativePath.Length > BaseDirectory.Length
                 && relativePath[BaseDirectory.Length] == '/'
                 && relativePath.StartsWith(BaseDirectory, StringComparison.Ordinal))
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
/// The ignore files in effect at one point of the walk, as an immutable stack: root first, deepest
/// last. Deeper files take precedence, as in git. Immutable so that directories can be walked in
/// parallel, each with the rules of its own ancestors. Excluded directories are never entered, so (as
/// in git) a file inside an excluded directory cannot be re-included.
/// </summary>
public sealed class IgnoreRules
{
    /// <summary>File names whose patterns the walker honours in every directory.</summary>
    public static readonly IReadOnlyList<string> IgnoreFileNames = [".gitignore", ".infradedupignore"];

    /// <summary>No rules.</summary>
    public static readonly IgnoreRules Empty = new(null, null, 0);

    private readonly IgnoreRules? _parent;
    private readonly IgnoreFile? _file;

    private IgnoreRules(IgnoreRules? parent, IgnoreFile? file, int depth)
    {
        _parent = parent;
        _file = file;
        Depth = depth;
    }

    /// <summary>How many ignore files are in effect.</summary>
    public int Depth { get; }

    /// <summary>These rules plus a deeper ignore file (entering a directory that has one).</summary>
    public IgnoreRules With(IgnoreFile file) => new(this, file, Depth + 1);

    /// <summary>Whether the path (relative to the scan root) is ignored.</summary>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        for (var rules = this; rules._file is not null; rules = rules._parent!)
        {
            if (rules._file.Verdict(relativePath, isDirectory) is { } verdict)
            {
                return verdict;
            }
        }

        return false;
    }
}
