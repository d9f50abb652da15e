namespace InfraDedup.Core.Apply;

/// <summary>
/// Checks repository-relative paths taken from plans, journals and manifests before anything touches the disk:
/// '/'-separated, relative, no '.', '..' or empty segments, nothing inside the tool's own folder or .git, and no
/// existing parent folder that is a symbolic link leading out of the tree.
/// </summary>
public static class TreePath
{
    /// <summary>The tool's own folder at the root of a tree (skipped by the walker; holds journal, archive and lock).</summary>
    public const string StateFolder = ".infradedup";

    /// <summary>Why <paramref name="path"/> is not an acceptable repository-relative path, or null when it is.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "the path is empty";
        }

        if (path[0] == '/')
        {
            return $"'{path}' is an absolute path (paths must be relative to the tree)";
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return $"'{path.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return $"'{path}' contains '\\' (paths use '/' separators)";
        }

        var segments = path.Split('/');
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case "":
                    return $"'{path}' has an empty segment ('//' or a trailing '/')";
                case ".":
                    return $"'{path}' has a '.' segment";
                case "..":
                    return $"'{path}' has a '..' segment (paths may not leave the tree)";
            }
        }

        if (segments[0] == StateFolder)
        {
            return $"'{path}' is inside {StateFolder}/, the tool's own folder";
        }

        return segments[0] == ".git" ? $"'{path}' is inside .git/" : null;
    }

    /// <summary>The absolute path of a (validated) relative path under <paramref name="root"/>.</summary>
    public static string Full(string root, string relative) => Path.Join(root, relative);

    /// <summary>
    /// Why writing <paramref name="relative"/> would leave the tree through a symbolic link, or null when it would not:
    /// the deepest existing parent folder, with every link resolved, must be the root or inside it.
    /// <paramref name="realRoot"/> is the root with its own links resolved.
    /// </summary>
    public static string? EscapesThroughLink(string realRoot, string relative)
    {
        var parent = Path.GetDirectoryName(Full(realRoot, relative));
        while (parent is not null && parent.Length >= realRoot.Length)
        {
            var info = new DirectoryInfo(parent);
            if (info.LinkTarget is not null || info.Exists)
            {
                var resolved = NativeFs.RealPath(parent);
                if (resolved is null)
                {
                    return $"'{relative}': its folder '{Relative(realRoot, parent)}' is a broken symbolic link";
                }

                return resolved == realRoot || resolved.StartsWith(realRoot + "/", StringComparison.Ordinal)
                    ? null
                    : $"'{relative}': its folder '{Relative(realRoot, parent)}' is a symbolic link leading out of the tree (to {resolved})";
            }

            if (File.Exists(parent))
            {
                return $"'{relative}': '{Relative(realRoot, parent)}' is a file, not a folder";
            }

            parent = Path.GetDirectoryName(parent);
        }

        return null;
    }

    /// <summary>The root as an absolute path with symbolic links resolved; a user error when it is not a folder.</summary>
    public static string ResolveRoot(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new UserInputException($"'{root}' does not exist or is not a folder; give the root of the tree the plan was made for.", root);
        }

        return NativeFs.RealPath(root) ?? Path.GetFullPath(root);
    }

    private static string Relative(string root, string full) => full.Length > root.Length ? full[(root.Length + 1)..] : ".";
}
