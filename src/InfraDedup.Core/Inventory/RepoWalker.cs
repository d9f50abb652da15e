namespace InfraDedup.Core.Inventory;

/// <summary>Options shared by every command that walks a tree.</summary>
public sealed record WalkOptions
{
    /// <summary>Do not honour <c>.gitignore</c>/<c>.infradedupignore</c>/<c>.git/info/exclude</c>.</summary>
    public bool NoIgnore { get; init; }

    /// <summary>When not empty, only files matching one of these globs are taken.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Files and directories matching any of these globs are left out (even with <see cref="NoIgnore"/>).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
}

/// <summary>What a walk found.</summary>
/// <param name="Root">Absolute path of the walked directory.</param>
/// <param name="Files">Regular files, sorted by relative path (ordinal).</param>
/// <param name="Skipped">Entries that were seen but not taken (links, special files, unreadable, …).</param>
/// <param name="IgnoredCount">Entries left out by ignore rules or <c>--exclude</c>/<c>--include</c>.</param>
public sealed record WalkResult(string Root, IReadOnlyList<RepoFile> Files, IReadOnlyList<SkippedEntry> Skipped, int IgnoredCount);

/// <summary>
/// Walks a directory tree: never follows symbolic links (reports them), never opens special files,
/// skips <c>.git</c> and the tool's own <c>.infradedup</c> state, honours ignore files unless told not to,
/// and reports everything it could not read instead of failing.
/// </summary>
public static class RepoWalker
{
    /// <summary>Directory names that are never walked: VCS data and this tool's own state.</summary>
    public static readonly IReadOnlyList<string> AlwaysSkipped = [".git", ".infradedup"];

    /// <summary>Walks <paramref name="root"/>.</summary>
    /// <exception cref="UserInputException">The root does not exist or is not a directory.</exception>
    public static WalkResult Walk(string root, WalkOptions options, CancellationToken cancellationToken = default)
    {
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw File.Exists(fullRoot)
                ? new UserInputException($"'{root}' is a file; pass the directory to scan.")
                : new UserInputException($"'{root}' does not exist; pass an existing directory to scan.");
        }

        var walk = new TreeWalk(fullRoot, options, cancellationToken);
        walk.Run();
        walk.Files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        walk.Skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new WalkResult(fullRoot, walk.Files, walk.Skipped, walk.Ignored);
    }

    private sealed class TreeWalk(string root, WalkOptions options, CancellationToken cancellationToken)
    {
        private readonly IgnoreRules _ignores = new();
        private readonly IgnoreFile _excludes = new("", options.Exclude.Select(GlobPattern.Parse).OfType<GlobPattern>().ToArray());
        private readonly GlobPattern[] _includes = options.Include.Select(GlobPattern.Parse).OfType<GlobPattern>().ToArray();

        public List<RepoFile> Files { get; } = [];

        public List<SkippedEntry> Skipped { get; } = [];

        public int Ignored { get; private set; }

        public void Run()
        {
            if (!options.NoIgnore)
            {
                PushIgnoreFile("", Path.Combine(root, ".git", "info", "exclude"));
            }

            WalkDirectory("", root);
        }

        private void WalkDirectory(string relativeDir, string fullDir)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FileSystemInfo[] entries;
            try
            {
                entries = new DirectoryInfo(fullDir).GetFileSystemInfos();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Skipped.Add(new SkippedEntry(relativeDir.Length == 0 ? "." : relativeDir, $"directory unreadable: {e.Message}"));
                return;
            }

            Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var depth = _ignores.Depth;
            if (!options.NoIgnore)
            {
                foreach (var name in IgnoreRules.IgnoreFileNames)
                {
                    PushIgnoreFile(relativeDir, Path.Combine(fullDir, name));
                }
            }

            foreach (var entry in entries)
            {
                VisitEntry(relativeDir, entry);
            }

            while (_ignores.Depth > depth)
            {
                _ignores.Pop();
            }
        }

        private void VisitEntry(string relativeDir, FileSystemInfo entry)
        {
            var relative = relativeDir.Length == 0 ? entry.Name : relativeDir + "/" + entry.Name;
            try
            {
                if (entry.LinkTarget is { } target)
                {
                    Skipped.Add(new SkippedEntry(relative, DescribeLink(entry, target)));
                    return;
                }

                var isDirectory = entry is DirectoryInfo;
                if (isDirectory && AlwaysSkipped.Contains(entry.Name))
                {
                    return;
                }

                if (!isDirectory && entry.Name == ".git")
                {
                    return; // a worktree or submodule pointer, VCS data
                }

                if (IsLeftOut(relative, isDirectory))
                {
                    Ignored++;
                    return;
                }

                if (isDirectory)
                {
                    WalkDirectory(relative, entry.FullName);
                }
                else
                {
                    AddFile(relative, (FileInfo)entry);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Skipped.Add(new SkippedEntry(relative, DescribeFailure(entry.Name, e)));
            }
        }

        private void AddFile(string relative, FileInfo file)
        {
            var size = file.Length;
            if (size == 0 && UnixFileType.DescribeIfSpecial(file.FullName) is { } special)
            {
                Skipped.Add(new SkippedEntry(relative, $"{special}, not a regular file"));
                return;
            }

            var mode = OperatingSystem.IsWindows() ? (UnixFileMode)0 : file.UnixFileMode;
            Files.Add(new RepoFile(relative, file.FullName, size, mode));
        }

        private bool IsLeftOut(string relative, bool isDirectory)
        {
            if (_excludes.Verdict(relative, isDirectory) == true)
            {
                return true;
            }

            if (!options.NoIgnore && _ignores.IsIgnored(relative, isDirectory))
            {
                return true;
            }

            return !isDirectory && _includes.Length > 0 && !_includes.Any(p => p.Matches(relative, false));
        }

        private void PushIgnoreFile(string relativeDir, string path)
        {
            try
            {
                if (File.Exists(path) && new FileInfo(path).LinkTarget is null)
                {
                    _ignores.Push(IgnoreFile.Parse(relativeDir, File.ReadAllText(path)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                Skipped.Add(new SkippedEntry(relative, $"ignore file unreadable, its rules were not applied: {e.Message}"));
            }
        }

        private static string DescribeLink(FileSystemInfo entry, string target)
        {
            var resolved = Path.IsPathRooted(target) ? target : Path.Combine(Path.GetDirectoryName(entry.FullName) ?? "", target);
            var dangling = !File.Exists(resolved) && !Directory.Exists(resolved);
            return dangling
                ? $"broken or looping symbolic link to '{target}' (not followed)"
                : $"symbolic link to '{target}' (not followed)";
        }

        private static string DescribeFailure(string name, Exception e) => e switch
        {
            FileNotFoundException or DirectoryNotFoundException when name.Contains('\uFFFD', StringComparison.Ordinal) =>
                "file name is not valid UTF-8 and cannot be opened by name; rename it to scan it",
            FileNotFoundException or DirectoryNotFoundException => "vanished during the scan",
            UnauthorizedAccessException => $"permission denied: {e.Message}",
            _ => $"unreadable: {e.Message}",
        };
    }
}
