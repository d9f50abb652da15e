using InfraDedup.Core.Apply;
using InfraDedup.Core.Compose;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Validation;

/// <summary>
/// A read-only view of a tree by repository path ('/'-separated, "" is the root). Validation reads the tree as it is
/// now and as it was before an operation through the same interface, so neither side needs the other on disk.
/// </summary>
public interface ITreeView
{
    /// <summary>The content of a regular file (links followed), or null when there is none at <paramref name="path"/>.</summary>
    byte[]? Read(string path);

    /// <summary>Whether a folder exists at <paramref name="path"/>.</summary>
    bool DirectoryExists(string path);

    /// <summary>
    /// A build context folder and Dockerfile on disk for this side: the real ones for the current tree, copies under
    /// <paramref name="scratch"/> (a new empty folder the caller deletes) for any other view. The tree is never written.
    /// </summary>
    (string ContextDirectory, string DockerfilePath) PrepareBuild(string context, string dockerfile, string scratch);
}

/// <summary>The tree on disk, as it is now.</summary>
public sealed class CurrentTree(string root) : ITreeView
{
    public string Root { get; } = root;

    public byte[]? Read(string path)
    {
        var full = TreePath.Full(Root, path);
        try
        {
            return File.Exists(full) ? File.ReadAllBytes(full) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read '{path}': {IoErrors.Reason(e)}", full);
        }
    }

    public bool DirectoryExists(string path) => Directory.Exists(TreePath.Full(Root, path));

    public (string ContextDirectory, string DockerfilePath) PrepareBuild(string context, string dockerfile, string scratch) =>
        (TreePath.Full(Root, context), TreePath.Full(Root, dockerfile));
}

/// <summary>
/// The tree as it was before an operation: the current tree with every journalled path put back to its state before
/// the step (archived content, or absent when the operation created it). Archived objects are verified on read.
/// </summary>
public sealed class OriginalTree : ITreeView
{
    private readonly CurrentTree _current;
    private readonly Archive.ArchiveStore _archive;
    private readonly Dictionary<string, JournalStep> _steps;
    private readonly HashSet<string> _createdDirectories;

    public OriginalTree(CurrentTree current, Journal journal, Archive.ArchiveStore archive)
    {
        ArgumentNullException.ThrowIfNull(journal);
        _current = current;
        _archive = archive;
        _steps = journal.Steps.ToDictionary(s => s.Path, StringComparer.Ordinal);
        _createdDirectories = journal.Steps.SelectMany(s => s.CreatedDirectories ?? []).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The journal steps by path (what differs from the current tree).</summary>
    public IReadOnlyDictionary<string, JournalStep> Steps => _steps;

    public byte[]? Read(string path) => Read(path, 0);

    public bool DirectoryExists(string path) =>
        (_current.DirectoryExists(path) && !_createdDirectories.Contains(path))
        || _steps.Values.Any(s => s.Before is not null && RepoPaths.IsUnder(s.Path, path) && s.Path != path);

    /// <summary>
    /// Copies the current context folder into <paramref name="scratch"/>, then puts every journalled path under it back
    /// to its state before the operation (archived bytes and mode, links, or removed when the operation created it).
    /// A Dockerfile outside the context is written next to the copy.
    /// </summary>
    public (string ContextDirectory, string DockerfilePath) PrepareBuild(string context, string dockerfile, string scratch)
    {
        var contextCopy = Path.Join(scratch, "context");
        Directory.CreateDirectory(contextCopy);
        var source = TreePath.Full(_current.Root, context);
        if (_current.DirectoryExists(context))
        {
            CopyFolder(source, contextCopy, skipStateFolder: context.Length == 0);
        }

        foreach (var step in _steps.Values.Where(s => RepoPaths.IsUnder(s.Path, context) && s.Path != context))
        {
            var relative = context.Length == 0 ? step.Path : step.Path[(context.Length + 1)..];
            var target = Path.Join(contextCopy, relative);
            if (File.Exists(target) || new FileInfo(target).LinkTarget is not null)
            {
                File.Delete(target);
            }

            if (step.Before is null)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (step.Before.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else
            {
                File.WriteAllBytes(target, _archive.Read(step.Before.Sha256, step.Path));
                FileModes.Set(target, FileModes.Parse(step.Before.Mode) ?? (UnixFileMode)0b110_100_100);
            }
        }

        if (RepoPaths.IsUnder(dockerfile, context) && dockerfile != context)
        {
            return (contextCopy, Path.Join(contextCopy, context.Length == 0 ? dockerfile : dockerfile[(context.Length + 1)..]));
        }

        var outside = Path.Join(scratch, "Dockerfile.original");
        File.WriteAllBytes(outside, Read(dockerfile) ?? throw new UserInputException($"the original Dockerfile '{dockerfile}' is in neither the tree nor the archive."));
        return (contextCopy, outside);
    }

    /// <summary>Copies files, folders and links (not followed) with their modes; special files are left out.</summary>
    private static void CopyFolder(string from, string to, bool skipStateFolder)
    {
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            if (skipStateFolder && entry.Name is TreePath.StateFolder or ".git")
            {
                continue;
            }

            var target = Path.Join(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                Directory.CreateDirectory(target);
                CopyFolder(entry.FullName, target, skipStateFolder: false);
                FileModes.Set(target, FileModes.Get(entry.FullName));
            }
            else if (Inventory.UnixFileType.DescribeIfSpecial(entry.FullName) is null)
            {
                File.Copy(entry.FullName, target);
                FileModes.Set(target, FileModes.Get(entry.FullName));
            }
        }
    }

    private byte[]? Read(string path, int depth)
    {
        if (!_steps.TryGetValue(path, out var step))
        {
            return _current.Read(path);
        }

        return step.Before switch
        {
            null => null,
            { Kind: EntryKind.File } before => _archive.Read(before.Sha256, path),

            // A link the operation replaced: read what it pointed to, in the original tree (bounded: links may loop).
            { LinkTarget: { } target } when depth < 8 && RepoPaths.Combine(RepoPaths.DirectoryOf(path), target) is { } resolved => Read(resolved, depth + 1),
            _ => null,
        };
    }
}
