namespace InfraDedup.Core.References;

/// <summary>Repository-relative path arithmetic: <c>/</c>-separated, <c>""</c> is the root, never leaves the root.</summary>
public static class RepoPaths
{
    /// <summary>The folder of a repository path (<c>""</c> for a file at the root).</summary>
    public static string DirectoryOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    /// <summary>The last segment of a path.</summary>
    public static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>
    /// Joins <paramref name="relative"/> to <paramref name="baseDirectory"/> and folds <c>.</c> and <c>..</c>.
    /// Null when the result would leave the repository, or when the path is absolute or home-relative
    /// (those name something outside the scanned tree).
    /// </summary>
    public static string? Combine(string baseDirectory, string relative)
    {
        if (relative.Length == 0)
        {
            return baseDirectory;
        }

        if (relative[0] is '/' or '~' || relative.Contains('\\', StringComparison.Ordinal) && relative.Length > 1 && relative[1] == ':')
        {
            return null;
        }

        if (IsPlainRelative(relative))
        {
            return baseDirectory.Length == 0 ? relative : baseDirectory + "/" + relative; // what the segment walk below gives
        }

        var parts = new List<string>();
        if (baseDirectory.Length > 0)
        {
            parts.AddRange(baseDirectory.Split('/'));
        }

        foreach (var segment in relative.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(segment);
            }
        }

        return string.Join('/', parts);
    }

    /// <summary>A relative path none of whose segments is empty, <c>.</c> or <c>..</c> (most paths a source names).</summary>
    private static bool IsPlainRelative(string relative)
    {
        foreach (var range in relative.AsSpan().Split('/'))
        {
            var segment = relative.AsSpan(range);
            if (segment.Length == 0 || segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> itself or lies below it.</summary>
    public static bool IsUnder(string path, string directory) =>
        directory.Length == 0
        || (path.StartsWith(directory, StringComparison.Ordinal) && (path.Length == directory.Length || path[directory.Length] == '/'));

    /// <summary>For display: <c>"."</c> for the root, the path otherwise.</summary>
    public static string Display(string path) => path.Length == 0 ? "." : path;
}
