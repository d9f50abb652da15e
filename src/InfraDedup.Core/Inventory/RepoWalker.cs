using System.Collections.Concurrent;
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
    public static WalkResult Walk(string root, WalkOptions options, CancellationToken cancellationToken = default) =>
        Walk(root, options, DirectoryListing.Fastest, cancellationToken);

    /// <summary>How directories are listed; tests compare the two.</summary>
    internal enum DirectoryListing
    {
        /// <summary>The Linux descriptor-relative lister where it works, .NET's enumerator elsewhere.</summary>
        Fastest,

        /// <summary>.NET's portable enumerator only.</summary>
        Managed,
    }

    /// <summary>Walks <paramref name="root"/>, listing directories as <paramref name="listing"/> says.</summary>
    internal static WalkResult Walk(string root, WalkOptions options, DirectoryListing listing, CancellationToken cancellationToken = default)
    {
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw File.Exists(fullRoot)
                ? new UserInputException($"'{root}' is a file; pass the directory to scan.")
                : new UserInputException($"'{root}' does not exist; pass an existing directory to scan.");
        }

        WalkCounter.Walked();
        var walk = new TreeWalk(fullRoot, options, listing == DirectoryListing.Fastest, cancellationToken);
        walk.Run();
        var files = walk.Files.ToArray();
        Array.Sort(files, (a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        var skipped = walk.Skipped.ToArray();
        Array.Sort(skipped, (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new WalkResult(fullRoot, files, skipped, walk.Ignored);
    }

    private sealed class TreeWalk(string root, WalkOptions options, bool useFastLister, CancellationToken cancellationToken)
    {
        /// <summary>Directories this close to the root fan their subdirectories out over cores.</summary>
        private const int ParallelDepth = 3;

        private readonly IgnoreFile _excludes = new("", options.Exclude.Select(GlobPattern.Parse).OfType<GlobPattern>().ToArray());
        private readonly GlobPattern[] _includes = options.Include.Select(GlobPattern.Parse).OfType<GlobPattern>().ToArray();

        private int _ignored;

        /// <summary>Entries listed so far: a walk fans out over cores only once the tree has proved big enough.</summary>
        private int _listed;

        public ConcurrentBag<RepoFile> Files { get; } = [];

        public ConcurrentBag<SkippedEntry> Skipped { get; } = [];

        public int Ignored => _ignored;

        public void Run()
        {
            var rules = IgnoreRules.Empty;
            if (!options.NoIgnore)
            {
                rules = WithIgnoreFile(rules, "", Path.Combine(root, ".git", "info", "exclude"));
            }

            WalkDirectory("", root, rules, 0);
        }

        private void WalkDirectory(string relativeDir, string fullDir, IgnoreRules rules, int depth)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<WalkEntry> entries = [];
            try
            {
                if (!(useFastLister && LinuxDirectoryLister.TryList(fullDir, entries)))
                {
                    entries = WalkEntry.ListManaged(fullDir);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Skipped.Add(new SkippedEntry(relativeDir.Length == 0 ? "." : relativeDir, $"directory unreadable: {e.Message}"));
                return;
            }

            var listedSoFar = Interlocked.Add(ref _listed, entries.Count);
            if (!options.NoIgnore)
            {
                foreach (var name in IgnoreRules.IgnoreFileNames)
                {
                    if (entries.Exists(e => e.Name == name && e.Type == WalkEntryType.File))
                    {
                        rules = WithIgnoreFile(rules, relativeDir, Path.Combine(fullDir, name));
                    }
                }
            }

            var subdirectories = new List<(string Relative, string Full)>();
            foreach (var entry in entries)
            {
                if (VisitEntry(relativeDir, entry, rules) is { } subdirectory)
                {
                    subdirectories.Add(subdirectory);
                }
            }

            if (depth < ParallelDepth && subdirectories.Count > 1 && listedSoFar >= FileLoop.ParallelFrom)
            {
                Parallel.ForEach(subdirectories, new ParallelOptions { CancellationToken = cancellationToken }, d => WalkDirectory(d.Relative, d.Full, rules, depth + 1));
            }
            else
            {
                foreach (var (relative, full) in subdirectories)
                {
                    WalkDirectory(relative, full, rules, depth + 1);
                }
            }
        }

        /// <summary>Takes a file, or returns a directory to walk; reports everything else.</summary>
        private (string Relative, string Full)? VisitEntry(string relativeDir, WalkEntry entry, IgnoreRules rules)
        {
            var relative = relativeDir.Length == 0 ? entry.Name : relativeDir + "/" + entry.Name;
            if (entry.Error is { } error)
            {
                Skipped.Add(new SkippedEntry(relative, DescribeFailure(entry.Name, error)));
                return null;
            }

            var isDirectory = entry.Type == WalkEntryType.Directory;
            if (entry.Type == WalkEntryType.Link)
            {
                Skipped.Add(new SkippedEntry(relative, DescribeLink(entry.FullPath)));
            }
            else if (entry.Name == ".git" || (isDirectory && AlwaysSkipped.Contains(entry.Name)))
            {
                // VCS data (a folder, or a worktree/submodule pointer file) and the tool's own state
            }
            else if (IsLeftOut(relative, isDirectory, rules))
            {
                Interlocked.Increment(ref _ignored);
            }
            else if (isDirectory)
            {
                return (relative, entry.FullPath);
            }
            else if (entry.Length == 0 && UnixFileType.DescribeIfSpecial(entry.FullPath) is { } special)
            {
                Skipped.Add(new SkippedEntry(relative, $"{special}, not a regular file"));
            }
            else
            {
                Files.Add(new RepoFile(relative, entry.FullPath, entry.Length, entry.Mode));
            }

            return null;
        }

        private bool IsLeftOut(string relative, bool isDirectory, IgnoreRules rules)
        {
            if (_excludes.Verdict(relative, isDirectory) == true)
            {
                return true;
            }

            if (!options.NoIgnore && rules.IsIgnored(relative, isDirectory))
            {
                return true;
            }

            return !isDirectory && _includes.Length > 0 && !_includes.Any(p => p.Matches(relative, false));
        }

        private IgnoreRules WithIgnoreFile(IgnoreRules rules, string relativeDir, string path)
        {
            try
            {
                // Only a regular file: reading a FIFO named .gitignore would block the scan forever.
                if (File.Exists(path) && new FileInfo(path).LinkTarget is null && UnixFileType.DescribeIfSpecial(path) is null)
                {
                    return rules.With(IgnoreFile.Parse(relativeDir, File.ReadAllText(path)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                Skipped.Add(new SkippedEntry(relative, $"ignore file unreadable, its rules were not applied: {e.Message}"));
            }

            return rules;
        }

        private static string DescribeLink(string fullPath)
        {
            string? target;
            try
            {
                target = new FileInfo(fullPath).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"symbolic link (not followed; target unreadable: {e.Message})";
            }

            var resolved = target is null || Path.IsPathRooted(target) ? target : Path.Combine(Path.GetDirectoryName(fullPath) ?? "", target);
            var dangling = resolved is null || (!File.Exists(resolved) && !Directory.Exists(resolved));
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
