using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.References;

/// <summary>A Dockerfile or script nothing in use refers to, or that no image can contain.</summary>
/// <param name="Path">Repository path.</param>
/// <param name="Kind"><c>dockerfile</c> or <c>script</c>.</param>
/// <param name="Reason">Why it is reported.</param>
public sealed record DeadFile(string Path, string Kind, string Reason);

/// <summary>Whether one Dockerfile or script is in use, with what refers to it.</summary>
public sealed record FileUse(string Path, string Kind, bool IsLive, IReadOnlyList<FileReference> References, string? DeadReason);

/// <summary>
/// Decides which Dockerfiles and scripts are dead. Compose files, CI workflows and Makefiles are in use by
/// definition; a Dockerfile or script is live when something live refers to it (found by walking the
/// references from those roots, so a script only a dead Dockerfile copies is dead too). A dead script
/// inside a build context whose <c>.dockerignore</c> excludes it gets that reason instead: it is not
/// part of any image. Scripts run by hand (nothing calls them) are reported as unreferenced, kind
/// <c>script</c>, so a human can decide.
/// </summary>
public static class DeadFiles
{
    public const string DockerfileKind = "dockerfile";
    public const string ScriptKind = "script";

    /// <summary>The use of every Dockerfile and script in the inventory, sorted by path.</summary>
    public static IReadOnlyList<FileUse> Analyze(IReadOnlyList<RepoFile> inventory, ReferenceIndex index)
    {
        var candidates = inventory
            .Where(f => f.Kind is FileKind.Dockerfile or FileKind.ShellScript or FileKind.PythonScript)
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToArray();

        // Walk forward from the roots over "source refers to target" edges.
        var bySource = index.References.GroupBy(r => r.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var live = new HashSet<string>(index.Roots, StringComparer.Ordinal);
        var queue = new Queue<string>(index.Roots);
        while (queue.Count > 0)
        {
            if (!bySource.TryGetValue(queue.Dequeue(), out var edges))
            {
                continue;
            }

            foreach (var edge in edges)
            {
                if (live.Add(edge.Target))
                {
                    queue.Enqueue(edge.Target);
                }
            }
        }

        var exclusions = Exclusions(index);
        var result = new List<FileUse>(candidates.Length);
        foreach (var file in candidates)
        {
            var kind = file.Kind == FileKind.Dockerfile ? DockerfileKind : ScriptKind;
            var refs = index.ReferencesTo(file.RelativePath);
            var isLive = live.Contains(file.RelativePath);
            string? reason = null;
            if (!isLive)
            {
                if (kind == ScriptKind && exclusions.TryGetValue(file.RelativePath, out var excluded))
                {
                    reason = excluded;
                }
                else if (refs.Count == 0)
                {
                    reason = kind == DockerfileKind
                        ? "no compose service, workflow, Makefile or script refers to it"
                        : "no compose file, workflow, Makefile, Dockerfile or other script refers to it (run by hand?)";
                }
                else
                {
                    var users = refs.Select(r => r.Source).Distinct(StringComparer.Ordinal).Take(3);
                    reason = "only unused files refer to it: " + string.Join(", ", users) + (refs.Select(r => r.Source).Distinct(StringComparer.Ordinal).Count() > 3 ? ", …" : "");
                }
            }

            result.Add(new FileUse(file.RelativePath, kind, isLive, refs, reason));
        }

        return result;
    }

    /// <summary>The dead files (what <c>scan</c> reports as <c>deadFiles</c>), sorted by path.</summary>
    public static IReadOnlyList<DeadFile> Find(IReadOnlyList<RepoFile> inventory, ReferenceIndex index) =>
        [.. Analyze(inventory, index).Where(u => !u.IsLive).Select(u => new DeadFile(u.Path, u.Kind, u.DeadReason!))];

    /// <summary>Scripts inside a build context that its ignore file leaves out (in no context that keeps them), with the reason.</summary>
    private static Dictionary<string, string> Exclusions(ReferenceIndex index)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        if (index.Ignores is not { } ignores || index.Tree is not { } tree)
        {
            return result;
        }

        foreach (var build in index.Builds.DistinctBy(b => (b.Context, b.Dockerfile)))
        {
            var (ignorePath, rules) = ignores.For(build.Context, build.Dockerfile);
            foreach (var script in tree.FilesUnder(build.Context))
            {
                if (tree.KindOf(script) is not (FileKind.ShellScript or FileKind.PythonScript))
                {
                    continue;
                }

                var local = build.Context.Length == 0 ? script : script[(build.Context.Length + 1)..];
                if (ignorePath is not null && rules.MatchingPattern(local) is { } pattern)
                {
                    result.TryAdd(script, $"excluded from the build context {RepoPaths.Display(build.Context)} by {ignorePath} ('{pattern}'): not part of any image");
                }
                else
                {
                    kept.Add(script);
                }
            }
        }

        foreach (var path in kept)
        {
            result.Remove(path);
        }

        return result;
    }
}
