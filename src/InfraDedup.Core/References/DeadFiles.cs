using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.References;

/// <summary>An <c>unreferenced</c> Dockerfile or script: nothing in the tree names it.</summary>
/// <param name="Path">Repository path.</param>
/// <param name="Kind"><c>dockerfile</c> or <c>script</c>.</param>
/// <param name="Reason">What was looked for.</param>
public sealed record DeadFile(string Path, string Kind, string Reason);

/// <summary>
/// Gives every Dockerfile and script one <see cref="ReferenceStatus"/> with file:line evidence:
/// <c>built</c> when a reference the tool understands uses it (<see cref="ReferenceIndex"/>: compose builds, CI
/// workflows, Makefile recipes, script command lines, Dockerfile COPY/RUN), else <c>mentioned</c> when its path, its
/// folder's path or its folder's name appears as a word of another text file (<see cref="MentionIndex"/>), else
/// <c>unreferenced</c>. Only unreferenced files are dead. Words that name the folder count unless something else
/// explains them (see <see cref="FolderContext"/>): a stale <c>api/Dockerfile.old</c> beside the built
/// <c>api/Dockerfile</c>, or a backup copy of a service folder, is not mentioned by the service's own name.
/// </summary>
public static class DeadFiles
{
    public const string DockerfileKind = "dockerfile";
    public const string ScriptKind = "script";

    private const int MaxEvidence = 5;

    /// <summary>The files <see cref="Analyze"/> looks up in the mention index: Dockerfiles and scripts nothing builds or runs.</summary>
    internal static IEnumerable<string> MentionQueries(IReadOnlyList<RepoFile> inventory, ReferenceIndex index) =>
        inventory
            .Where(f => (f.Kind is FileKind.Dockerfile or FileKind.ShellScript or FileKind.PythonScript) && index.ReferencesTo(f.RelativePath).Count == 0)
            .Select(f => f.RelativePath);

    /// <summary>The status of every Dockerfile and script in the inventory, sorted by path.</summary>
    internal static IReadOnlyList<FileReferences> Analyze(IReadOnlyList<RepoFile> inventory, ReferenceIndex index, MentionIndex mentions)
    {
        var tree = index.Tree ?? new RepoTree(inventory);
        var explained = index.References
            .Select(r => (r.Source, r.Line, Folder: RepoPaths.DirectoryOf(r.Target)))
            .Concat(index.Builds.Select(b => (b.Source, b.Line, Folder: RepoPaths.DirectoryOf(b.Dockerfile))))
            .ToHashSet();
        var builtDockerfiles = index.References
            .Select(r => r.Target)
            .Where(t => tree.KindOf(t) == FileKind.Dockerfile)
            .ToHashSet(StringComparer.Ordinal);
        var builtFolders = builtDockerfiles.GroupBy(RepoPaths.DirectoryOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

        // Each file's status depends on the shared, read-only lookups only: the files are decided in parallel, each into
        // its own slot, so the list comes out in path order whatever the scheduling.
        var files = inventory
            .Where(f => f.Kind is FileKind.Dockerfile or FileKind.ShellScript or FileKind.PythonScript)
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToArray();
        var result = new FileReferences[files.Length];
        FileLoop.For(files.Length, 0, Environment.ProcessorCount, i => result[i] = StatusOf(files[i], index, mentions, tree, builtFolders, explained), CancellationToken.None);
        return result;
    }

    private static FileReferences StatusOf(
        RepoFile file,
        ReferenceIndex index,
        MentionIndex mentions,
        RepoTree tree,
        Dictionary<string, string[]> builtFolders,
        HashSet<(string, int, string)> explained)
    {
        var kind = file.Kind == FileKind.Dockerfile ? DockerfileKind : ScriptKind;
        var refs = index.ReferencesTo(file.RelativePath);
        if (refs.Count > 0)
        {
            return new FileReferences(file.RelativePath, kind, ReferenceStatus.Built, [.. refs.Take(MaxEvidence).Select(Evidence)]);
        }

        var folder = new FolderContext(file.RelativePath, tree, builtFolders, explained);
        var found = mentions.Mentions(file.RelativePath)
            .Where(m => m.Site.Source != file.RelativePath && folder.Counts(m.Word, m.What, m.Site))
            .Take(MaxEvidence)
            .Select(m => new ReferenceEvidence(m.Site.Source, m.Site.Line, "mention", $"names its {m.What}: {m.Word}"))
            .ToArray();
        return new FileReferences(file.RelativePath, kind, found.Length > 0 ? ReferenceStatus.Mentioned : ReferenceStatus.Unreferenced, found);
    }

    /// <summary>
    /// Decides whether a word that names a file's folder (not the file's own path) is evidence for that file. It is
    /// not when: another Dockerfile of the folder is built (the folder is in use because of it, which says nothing
    /// about this file); the word is in a file inside the folder (a folder describing itself); the word's line is an
    /// understood reference to another file of the folder; the word, read as a path from the root or from its file's
    /// folder, names another existing folder; or it is just the folder's name, other folders have that name, and only
    /// those others hold built Dockerfiles (the name means the copy in use, not a backup or archive of it).
    /// </summary>
    private sealed class FolderContext(string path, RepoTree tree, Dictionary<string, string[]> builtFolders, HashSet<(string, int, string)> explained)
    {
        private readonly string _folder = RepoPaths.DirectoryOf(path);

        public bool Counts(string word, string what, MentionSite site)
        {
            if (what == "path")
            {
                return true;
            }

            if (builtFolders.TryGetValue(_folder, out var siblings) && siblings.Any(s => s != path))
            {
                return false;
            }

            if (RepoPaths.IsUnder(site.Source, _folder) || explained.Contains((site.Source, site.Line, _folder)))
            {
                return false;
            }

            return what != "folder name" || NameMeansThisFolder(word, site);
        }

        private bool NameMeansThisFolder(string word, MentionSite site)
        {
            var name = RepoPaths.NameOf(_folder);
            var segments = word.Split('/');
            var at = Array.IndexOf(segments, name);
            var prefix = string.Join('/', segments[..(at + 1)]);
            var resolved = new[] { RepoPaths.Combine(RepoPaths.DirectoryOf(site.Source), prefix), RepoPaths.Combine(string.Empty, prefix) }
                .OfType<string>()
                .Where(tree.IsDirectory)
                .ToArray();
            if (resolved.Length > 0)
            {
                return resolved.Contains(_folder, StringComparer.Ordinal);
            }

            var others = tree.DirectoriesNamed(name).Where(d => d != _folder).ToArray();
            return builtFolders.ContainsKey(_folder) || !others.Any(builtFolders.ContainsKey);
        }
    }

    /// <summary>The <c>unreferenced</c> files (what <c>scan</c> reports as <c>deadFiles</c>), sorted by path.</summary>
    public static IReadOnlyList<DeadFile> Find(IReadOnlyList<FileReferences> statuses, ReferenceIndex index)
    {
        var contexts = BuildsByContext(index.Builds);
        return [.. statuses.Where(s => s.Status == ReferenceStatus.Unreferenced).Select(s => new DeadFile(s.Path, s.Kind, Reason(s, index, contexts)))];
    }

    private static string Reason(FileReferences status, ReferenceIndex index, Dictionary<string, List<(int Order, BuildUse Build)>> contexts)
    {
        var what = status.Kind == DockerfileKind
            ? "no compose service, workflow, Makefile or script builds it"
            : "no compose file, workflow, Makefile, Dockerfile or script runs or copies it";
        var excluded = ExcludedBy(status.Path, index, contexts);
        return what + ", and no text file names its path or folder" + (excluded is null ? string.Empty : "; " + excluded);
    }

    /// <summary>For a script inside a build context whose ignore file leaves it out: that fact (it is in no image).</summary>
    private static string? ExcludedBy(string script, ReferenceIndex index, Dictionary<string, List<(int Order, BuildUse Build)>> contexts)
    {
        if (index.Ignores is not { } ignores)
        {
            return null;
        }

        string? reason = null;
        foreach (var build in BuildsContaining(script, contexts))
        {
            var (ignorePath, rules) = ignores.For(build.Context, build.Dockerfile);
            var local = build.Context.Length == 0 ? script : script[(build.Context.Length + 1)..];
            if (ignorePath is null || rules.MatchingPattern(local) is not { } pattern)
            {
                return null; // some context keeps it
            }

            reason ??= $"excluded from the build context {RepoPaths.Display(build.Context)} by {ignorePath} ('{pattern}'): not part of any image";
        }

        return reason;
    }

    /// <summary>
    /// The distinct (context, Dockerfile) builds grouped by context folder, each with its position in the index's list.
    /// Built once per scan: a tree with thousands of builds and thousands of dead files made the per-file walk over
    /// every build quadratic (the 10,000-service sample spent half a minute there).
    /// </summary>
    private static Dictionary<string, List<(int Order, BuildUse Build)>> BuildsByContext(IReadOnlyList<BuildUse> builds)
    {
        var seen = new HashSet<(string, string)>();
        var byContext = new Dictionary<string, List<(int Order, BuildUse Build)>>(StringComparer.Ordinal);
        for (var i = 0; i < builds.Count; i++)
        {
            var build = builds[i];
            if (!seen.Add((build.Context, build.Dockerfile)))
            {
                continue;
            }

            if (!byContext.TryGetValue(build.Context, out var list))
            {
                byContext[build.Context] = list = [];
            }

            list.Add((i, build));
        }

        return byContext;
    }

    /// <summary>
    /// The builds whose context holds <paramref name="path"/> (the folders <see cref="RepoPaths.IsUnder"/> accepts: the
    /// path itself, each folder above it, the root), in the index's order.
    /// </summary>
    private static IEnumerable<BuildUse> BuildsContaining(string path, Dictionary<string, List<(int Order, BuildUse Build)>> contexts)
    {
        var found = new List<(int Order, BuildUse Build)>();
        for (var folder = path; ; folder = RepoPaths.DirectoryOf(folder))
        {
            if (contexts.TryGetValue(folder, out var builds))
            {
                found.AddRange(builds);
            }

            if (folder.Length == 0)
            {
                break;
            }
        }

        return found.OrderBy(f => f.Order).Select(f => f.Build);
    }

    private static ReferenceEvidence Evidence(FileReference r) =>
        new(r.Source, r.Line, KindName(r.Kind), r.Ambiguous ? r.Detail + " (path resolves from more than one folder)" : r.Detail);

    /// <summary>The kebab-case name of a reference kind, as in JSON.</summary>
    public static string KindName(ReferenceKind kind) => kind switch
    {
        ReferenceKind.ComposeBuild => "compose-build",
        ReferenceKind.ComposeFile => "compose-file",
        ReferenceKind.Workflow => "workflow",
        ReferenceKind.Makefile => "makefile",
        ReferenceKind.Script => "script",
        ReferenceKind.DockerfileRun => "dockerfile-run",
        ReferenceKind.DockerfileCopy => "dockerfile-copy",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
