using System.Collections.Concurrent;
using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Inventory;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InfraDedup.Core.References;

/// <summary>
/// Which files refer to each Dockerfile and script, and how: compose builds, CI workflows, Makefile recipes,
/// shell/Python scripts, Dockerfile RUN/COPY. Relative paths resolve against: the compose file's folder
/// (and the context for <c>dockerfile</c>); the repository root for CI (or a step's <c>working-directory</c>);
/// the Makefile's folder for recipes; both the script's own folder and the root for scripts (a script's
/// callers are unknown: every existing match is recorded and marked <see cref="FileReference.Ambiguous"/>
/// when both exist); the build context for Dockerfile instructions.
/// </summary>
public sealed class ReferenceIndex
{
    private readonly Dictionary<string, FileReference[]> _byTarget;

    private ReferenceIndex(
        IReadOnlyList<ComposeFile> composeFiles,
        IReadOnlyList<FileReference> references,
        IReadOnlyList<BuildUse> builds,
        IReadOnlyList<string> roots)
    {
        ComposeFiles = composeFiles;
        References = references;
        Builds = builds;
        Roots = roots;
        _byTarget = references.GroupBy(r => r.Target, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every compose file read, in path order.</summary>
    public IReadOnlyList<ComposeFile> ComposeFiles { get; }

    /// <summary>Every reference found, sorted by target, source, line.</summary>
    public IReadOnlyList<FileReference> References { get; }

    /// <summary>Every (Dockerfile, context) build found, sorted.</summary>
    public IReadOnlyList<BuildUse> Builds { get; }

    /// <summary>Files that are in use by definition: compose files, CI workflows, Makefiles.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>Compose files that do not parse or have sections of the wrong shape, sorted by path and position.</summary>
    public IReadOnlyList<ComposeError> ComposeErrors =>
        [.. ComposeFiles.SelectMany(f => f.Errors).OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column)];

    /// <summary>The references to one file (empty when none).</summary>
    public IReadOnlyList<FileReference> ReferencesTo(string path) => _byTarget.TryGetValue(path, out var refs) ? refs : [];

    /// <summary>GitHub Actions workflows and GitLab CI files.</summary>
    public static bool IsWorkflow(string path)
    {
        var name = RepoPaths.NameOf(path);
        var yaml = name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
        return (yaml && RepoPaths.DirectoryOf(path) is var dir && (dir == ".github/workflows" || dir.EndsWith("/.github/workflows", StringComparison.Ordinal)))
            || name.Equals(".gitlab-ci.yml", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".gitlab-ci.yml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><c>Makefile</c>, <c>makefile</c>, <c>GNUmakefile</c>, <c>*.mk</c>.</summary>
    public static bool IsMakefile(string path)
    {
        var name = RepoPaths.NameOf(path);
        return name is "Makefile" or "makefile" or "GNUmakefile" || name.EndsWith(".mk", StringComparison.Ordinal);
    }

    /// <summary>Files that could not be read or parsed completely, with the reason, sorted by path: references they hold may be missing.</summary>
    public IReadOnlyList<IncompleteSource> Incomplete { get; private init; } = [];

    /// <summary>The SHA-256 of every file whose content decided references (compose files, the <c>.env</c> files they used, workflows, Makefiles, scripts), by path.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; private init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Builds that name a Dockerfile the tree does not have (a <c>.env</c> variable pointing at a missing file), sorted.</summary>
    public IReadOnlyList<IncompleteSource> MissingBuilds { get; private init; } = [];

    /// <summary>Reads every compose file, workflow, Makefile, script and Dockerfile of the inventory once (in parallel).</summary>
    public static ReferenceIndex Build(IReadOnlyList<RepoFile> inventory, CancellationToken cancellationToken = default) =>
        Build(inventory, SourceReader.ReadText, cancellationToken);

    /// <summary>
    /// As <see cref="Build(IReadOnlyList{RepoFile}, CancellationToken)"/>, taking the facts of the Dockerfiles in
    /// <paramref name="knownDockerfileFacts"/> (by path) from the scan's own parse instead of reading and parsing them again.
    /// </summary>
    internal static ReferenceIndex Build(IReadOnlyList<RepoFile> inventory, IReadOnlyDictionary<string, IReadOnlyList<DockerfileFact>>? knownDockerfileFacts, CancellationToken cancellationToken) =>
        Build(inventory, SourceReader.ReadText, cancellationToken, knownDockerfileFacts);

    /// <summary>As <see cref="Build(IReadOnlyList{RepoFile}, CancellationToken)"/> with a text source (tests; null = unreadable).</summary>
    internal static ReferenceIndex Build(IReadOnlyList<RepoFile> inventory, Func<RepoFile, string?> read, CancellationToken cancellationToken) =>
        Build(inventory, f => read(f) is { } text ? new SourceText(text, Planning.Planner.Sha256(text), null) : new SourceText(null, null, "unreadable"), cancellationToken);

    /// <summary>As <see cref="Build(IReadOnlyList{RepoFile}, CancellationToken)"/> with a reader that says why a file could not be read.</summary>
    internal static ReferenceIndex Build(IReadOnlyList<RepoFile> inventory, Func<RepoFile, SourceText> readSource, CancellationToken cancellationToken, IReadOnlyDictionary<string, IReadOnlyList<DockerfileFact>>? knownDockerfileFacts = null)
    {
        var timings = StageTimings.FromEnvironment();
        var incomplete = new ConcurrentBag<IncompleteSource>();
        var inputs = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var missing = new ConcurrentBag<IncompleteSource>();
        var sourceBytes = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        string? read(RepoFile file)
        {
            var source = readSource(file);
            if (source.Bytes is { } bytes)
            {
                sourceBytes.TryAdd(file.RelativePath, bytes);
            }

            if (source.Problem is { } problem)
            {
                incomplete.Add(new IncompleteSource(file.RelativePath, problem));
            }

            if (source.Sha256 is { } sha && file.Kind != FileKind.Dockerfile)
            {
                inputs.TryAdd(file.RelativePath, sha);
            }

            return source.Text;
        }

        var env = new ComposeEnvironment(inventory, readSource, incomplete, inputs);
        var tree = new RepoTree(inventory);
        var sources = inventory
            .Where(f => f.Kind is FileKind.Compose or FileKind.ShellScript or FileKind.PythonScript or FileKind.Dockerfile
                || IsWorkflow(f.RelativePath) || IsMakefile(f.RelativePath))
            .OrderByDescending(f => f.Size) // big files (a fleet's compose file) first, so the cores finish together
            .ThenBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToArray();
        var dockerfileFacts = new ConcurrentBag<DockerfileFacts>();
        var compose = new ConcurrentBag<ComposeFile>();
        var refs = new ConcurrentBag<FileReference>();
        var builds = new ConcurrentBag<BuildUse>();
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        var scriptTargets = new ConcurrentDictionary<(bool Shell, string Text), Lazy<CommandTarget[]>>();
        Parallel.ForEach(sources, options, file =>
        {
            if (file.Kind == FileKind.Dockerfile && knownDockerfileFacts is not null && knownDockerfileFacts.TryGetValue(file.RelativePath, out var known))
            {
                dockerfileFacts.Add(new DockerfileFacts(file.RelativePath, known));
                return;
            }

            if (read(file) is not { } text)
            {
                return;
            }

            var localRefs = new List<FileReference>();
            var localBuilds = new List<BuildUse>();
            var commands = new CommandReferences(tree, localRefs, localBuilds)
            {
                // A workflow or Makefile that is also a shell script (by its shebang) resolves with its own variables.
                Variables = file.Kind == FileKind.ShellScript && (IsWorkflow(file.RelativePath) || IsMakefile(file.RelativePath)) ? ShellVariables.Parse(text) : null,
            };
            if (file.Kind == FileKind.Dockerfile)
            {
                if (DockerfileSource.Collect(file.RelativePath, text) is { } facts)
                {
                    dockerfileFacts.Add(facts);
                }

                return;
            }

            if (file.Kind == FileKind.Compose)
            {
                var parsed = ComposeReader.Read(file.RelativePath, text, env.For(file.RelativePath));
                compose.Add(parsed);
                ComposeReferences(parsed, tree, localRefs, incomplete, missing);
            }
            else if (IsWorkflow(file.RelativePath))
            {
                if (WorkflowSource.Extract(file.RelativePath, text, commands, localRefs, localBuilds, tree) is { } problem)
                {
                    incomplete.Add(new IncompleteSource(file.RelativePath, problem));
                }
            }
            else if (IsMakefile(file.RelativePath))
            {
                MakefileSource.Extract(file.RelativePath, text, commands);
            }
            else
            {
                // Scripts are often vendored many times (a library copied into every image folder): each distinct text
                // is analysed once, and what it names is resolved from each copy's own folder.
                var site = ScriptSite(file.RelativePath);
                var shell = file.Kind == FileKind.ShellScript;
                var targets = scriptTargets.GetOrAdd((shell, text), key => new Lazy<CommandTarget[]>(() => CommandReferences.Record(key.Text, key.Shell, site, tree)));
                commands.Replay(targets.Value, site);
            }

            Add(refs, localRefs, file.RelativePath);
            foreach (var b in localBuilds)
            {
                builds.Add(b);
            }
        });

        timings.Mark("  references: compose files, workflows, Makefiles, scripts");
        ReadLinkedComposeFiles(compose, tree, read, env, refs, incomplete, missing);
        var composeFiles = compose.OrderBy(c => c.Path, StringComparer.Ordinal).ToArray();
        ResolveExtends(composeFiles, tree, refs, builds);

        // Dockerfiles last: COPY and RUN resolve against the contexts the other files build them with.
        var contexts = builds
            .GroupBy(b => b.Dockerfile, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(b => b.Context).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        timings.Mark("  references: linked compose files, extends");
        var ignores = new DockerIgnoreCache(tree, read);
        Parallel.ForEach(dockerfileFacts, options, facts =>
        {
            var ctxs = contexts.TryGetValue(facts.Path, out var known) ? known : [RepoPaths.DirectoryOf(facts.Path)];
            var localRefs = new List<FileReference>();
            DockerfileSource.Resolve(facts, ctxs, tree, ignores, localRefs);
            Add(refs, localRefs, facts.Path);
        });

        timings.Mark("  references: Dockerfiles");
        var roots = inventory
            .Where(f => f.Kind == FileKind.Compose || IsWorkflow(f.RelativePath) || IsMakefile(f.RelativePath))
            .Select(f => f.RelativePath)
            .Concat(composeFiles.Select(c => c.Path))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var sorted = SortedDistinct(refs.ToArray(), CompareReferences);
        var sortedBuilds = SortedDistinct(builds.ToArray(), CompareBuilds);
        var result = new ReferenceIndex(composeFiles, sorted, sortedBuilds, roots)
        {
            Ignores = ignores,
            Tree = tree,
            Incomplete = Sorted(incomplete),
            MissingBuilds = Sorted(missing),
            Inputs = new SortedDictionary<string, string>(inputs, StringComparer.Ordinal),
            SourceBytes = sourceBytes,
        };
        timings.Mark("  references: sort and index");
        return result;
    }

    /// <summary>
    /// The bytes of every file this index read, by path, for the mention search that follows (it reads every file of the
    /// tree); the scan drops them once that search is done (<see cref="ReleaseSourceBytes"/>).
    /// </summary>
    internal IReadOnlyDictionary<string, byte[]>? SourceBytes { get; private set; }

    /// <summary>Lets the bytes of <see cref="SourceBytes"/> be collected.</summary>
    internal void ReleaseSourceBytes() => SourceBytes = null;

    internal DockerIgnoreCache? Ignores { get; private init; }

    /// <summary>The <c>.dockerignore</c> rules a build of <paramref name="dockerfile"/> with <paramref name="context"/> uses (empty when none).</summary>
    public DockerIgnore DockerIgnoreFor(string context, string dockerfile) => Ignores?.For(context, dockerfile).Rules ?? DockerIgnore.Empty;

    internal RepoTree? Tree { get; private init; }

    /// <summary>
    /// <paramref name="items"/> sorted by <paramref name="compare"/> with equal items kept once: a comparison that orders
    /// by every member leaves equal items side by side, so one sort replaces a hashing pass and a multi-key ordering.
    /// </summary>
    private static T[] SortedDistinct<T>(T[] items, Comparison<T> compare)
        where T : IEquatable<T>
    {
        Array.Sort(items, compare);
        var count = 0;
        foreach (var item in items)
        {
            if (count == 0 || !item.Equals(items[count - 1]))
            {
                items[count++] = item;
            }
        }

        Array.Resize(ref items, count);
        return items;
    }

    /// <summary>By target, source, line, kind, detail (the order of <see cref="References"/>), then ambiguity.</summary>
    private static int CompareReferences(FileReference a, FileReference b)
    {
        var c = string.CompareOrdinal(a.Target, b.Target);
        c = c != 0 ? c : string.CompareOrdinal(a.Source, b.Source);
        c = c != 0 ? c : a.Line.CompareTo(b.Line);
        c = c != 0 ? c : ((int)a.Kind).CompareTo((int)b.Kind);
        c = c != 0 ? c : string.CompareOrdinal(a.Detail, b.Detail);
        return c != 0 ? c : a.Ambiguous.CompareTo(b.Ambiguous);
    }

    /// <summary>By Dockerfile, context, source, line (the order of <see cref="Builds"/>).</summary>
    private static int CompareBuilds(BuildUse a, BuildUse b)
    {
        var c = string.CompareOrdinal(a.Dockerfile, b.Dockerfile);
        c = c != 0 ? c : string.CompareOrdinal(a.Context, b.Context);
        c = c != 0 ? c : string.CompareOrdinal(a.Source, b.Source);
        return c != 0 ? c : a.Line.CompareTo(b.Line);
    }

    private static IncompleteSource[] Sorted(IEnumerable<IncompleteSource> items) =>
        [.. items.Distinct().OrderBy(i => i.Path, StringComparer.Ordinal).ThenBy(i => i.Reason, StringComparer.Ordinal)];

    private static void Add(ConcurrentBag<FileReference> bag, List<FileReference> local, string source)
    {
        foreach (var r in local)
        {
            if (r.Target != source)
            {
                bag.Add(r);
            }
        }
    }

    private static CommandSite ScriptSite(string path)
    {
        var folder = RepoPaths.DirectoryOf(path);
        return new CommandSite(path, ReferenceKind.Script, folder.Length == 0 ? [string.Empty] : [folder, string.Empty]);
    }

    private static void ComposeReferences(ComposeFile file, RepoTree tree, List<FileReference> refs, ConcurrentBag<IncompleteSource> incomplete, ConcurrentBag<IncompleteSource> missing)
    {
        foreach (var error in file.Errors)
        {
            incomplete.Add(new IncompleteSource(file.Path, $"{error.Line}:{error.Column}: {error.Message}"));
        }

        foreach (var service in file.Services)
        {
            if (service.Build is { } b && b.Dockerfile is null && b.DockerfileInline is null
                && (b.ContextValue?.UnresolvedVariables.Count > 0 || b.DockerfileValue?.UnresolvedVariables.Count > 0))
            {
                var names = (b.ContextValue?.UnresolvedVariables ?? []).Concat(b.DockerfileValue?.UnresolvedVariables ?? []).Distinct(StringComparer.Ordinal);
                var at = b.DockerfileSpan ?? b.ContextSpan ?? b.KeySpan;
                incomplete.Add(new IncompleteSource(file.Path, $"{at.Start.Line}:{at.Start.Column}: service {service.Name} builds a Dockerfile named by ${{{string.Join("}, ${", names)}}}, which has no value in .env and no default"));
            }
            else if (service.Build is { Dockerfile: { } named } nb && !tree.IsFile(named) && (nb.DockerfileValue?.EnvVariables.Count > 0 || nb.ContextValue?.EnvVariables.Count > 0))
            {
                var at = nb.DockerfileSpan ?? nb.ContextSpan ?? nb.KeySpan;
                missing.Add(new IncompleteSource(file.Path, $"{at.Start.Line}:{at.Start.Column}: service {service.Name} builds {named} (from .env), which is not in the tree"));
            }

            if (service.Build is { Dockerfile: { } dockerfile } build && tree.IsFile(dockerfile))
            {
                var line = build.DockerfileSpan?.Start.Line ?? build.ContextSpan?.Start.Line ?? build.KeySpan.Start.Line;
                var fromEnv = (build.DockerfileValue?.EnvVariables ?? []).Concat(build.ContextValue?.EnvVariables ?? []).Distinct(StringComparer.Ordinal).ToArray();
                var how = fromEnv.Length == 0 ? string.Empty : $" ({build.DockerfileValue?.Raw ?? build.ContextValue?.Raw} from .env)";
                refs.Add(new FileReference(dockerfile, file.Path, line, ReferenceKind.ComposeBuild, $"service {service.Name}: build {RepoPaths.Display(build.Context ?? "")}{how}"));
            }

            if (service.Extends is { File: { } other } extends && other != file.Path && tree.IsFile(other))
            {
                refs.Add(new FileReference(other, file.Path, extends.Span.Start.Line, ReferenceKind.ComposeFile, $"service {service.Name}: extends {extends.Service}"));
            }
        }

        foreach (var include in file.Includes)
        {
            if (include.Path is { } path && tree.IsFile(path))
            {
                refs.Add(new FileReference(path, file.Path, include.Value.Span.Start.Line, ReferenceKind.ComposeFile, $"include {include.Value.Raw}"));
            }
        }
    }

    /// <summary>
    /// Files that <c>extends.file</c> or <c>include</c> name are compose files whatever their name
    /// (<c>common/base.yml</c>): read those the classifier did not, until no new one appears.
    /// </summary>
    private static void ReadLinkedComposeFiles(
        ConcurrentBag<ComposeFile> compose,
        RepoTree tree,
        Func<RepoFile, string?> read,
        ComposeEnvironment env,
        ConcurrentBag<FileReference> refs,
        ConcurrentBag<IncompleteSource> incomplete,
        ConcurrentBag<IncompleteSource> missing)
    {
        var done = new HashSet<string>(compose.Select(c => c.Path), StringComparer.Ordinal);
        var pending = new Queue<ComposeFile>(compose);
        while (pending.Count > 0)
        {
            var file = pending.Dequeue();
            var linked = file.Services.Select(s => s.Extends?.File).Concat(file.Includes.Select(i => i.Path));
            foreach (var path in linked)
            {
                if (path is null || !done.Add(path) || tree.Get(path) is not { } repoFile || read(repoFile) is not { } text)
                {
                    continue;
                }

                var parsed = ComposeReader.Read(path, text, env.For(path));
                compose.Add(parsed);
                pending.Enqueue(parsed);
                var local = new List<FileReference>();
                ComposeReferences(parsed, tree, local, incomplete, missing);
                Add(refs, local, path);
            }
        }
    }

    /// <summary>Build uses from compose (own build sections, and builds inherited through <c>extends</c>).</summary>
    private static void ResolveExtends(ComposeFile[] files, RepoTree tree, ConcurrentBag<FileReference> refs, ConcurrentBag<BuildUse> builds)
    {
        var byKey = new Dictionary<(string, string), ComposeService>();
        foreach (var service in files.SelectMany(f => f.Services))
        {
            byKey.TryAdd((service.File, service.Name), service);
        }

        foreach (var service in byKey.Values)
        {
            var build = service.Build;
            var seen = new HashSet<(string, string)> { (service.File, service.Name) };
            var current = service;
            while (build is null && current.Extends is { File: { } f } ext && seen.Add((f, ext.Service)) && byKey.TryGetValue((f, ext.Service), out var parent))
            {
                build = parent.Build;
                current = parent;
            }

            if (build is { Dockerfile: { } dockerfile, Context: { } context } && tree.IsFile(dockerfile))
            {
                builds.Add(new BuildUse(dockerfile, context, service.File, service.NameSpan.Start.Line));
                if (!ReferenceEquals(build, service.Build))
                {
                    refs.Add(new FileReference(dockerfile, service.File, service.Extends!.Span.Start.Line, ReferenceKind.ComposeBuild, $"service {service.Name}: build inherited through extends"));
                }
            }
        }
    }
}

/// <summary>
/// The variables compose interpolates a file with: the <c>.env</c> in the compose file's folder (the project
/// directory when compose runs from there), read once per folder and recorded as an input.
/// </summary>
internal sealed class ComposeEnvironment(IReadOnlyList<RepoFile> inventory, Func<RepoFile, SourceText> read, ConcurrentBag<IncompleteSource> incomplete, ConcurrentDictionary<string, string> inputs)
{
    private readonly Dictionary<string, RepoFile> _envFiles = inventory
        .Where(f => RepoPaths.NameOf(f.RelativePath) == ".env")
        .ToDictionary(f => f.RelativePath, StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>?> _byFolder = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string>? For(string composePath) =>
        _byFolder.GetOrAdd(RepoPaths.DirectoryOf(composePath), Load);

    private IReadOnlyDictionary<string, string>? Load(string folder)
    {
        var path = RepoPaths.Combine(folder, ".env");
        if (path is null || !_envFiles.TryGetValue(path, out var file))
        {
            return null;
        }

        var source = read(file);
        if (source.Problem is { } problem)
        {
            incomplete.Add(new IncompleteSource(path, problem));
        }

        if (source.Sha256 is { } sha)
        {
            inputs.TryAdd(path, sha);
        }

        return source.Text is { } text ? ComposeInterpolation.ReadEnvFile(text).Values : null;
    }
}

/// <summary><c>.dockerignore</c> per (context, Dockerfile): <c>&lt;Dockerfile&gt;.dockerignore</c> beside the Dockerfile wins over <c>&lt;context&gt;/.dockerignore</c>.</summary>
internal sealed class DockerIgnoreCache(RepoTree tree, Func<RepoFile, string?> read)
{
    private readonly ConcurrentDictionary<string, (string? Path, DockerIgnore Rules)> _cache = new(StringComparer.Ordinal);

    public (string? Path, DockerIgnore Rules) For(string context, string dockerfile)
    {
        var specific = dockerfile + ".dockerignore";
        var path = tree.IsFile(specific) ? specific : RepoPaths.Combine(context, ".dockerignore")!;
        return _cache.GetOrAdd(path, p => tree.Get(p) is { } file && read(file) is { } text ? (p, DockerIgnore.Parse(text)) : (null, DockerIgnore.Empty));
    }
}

/// <summary>Command lines of GitHub Actions (<c>run</c>, <c>docker/build-push-action</c>) and GitLab CI (<c>script</c>, <c>before_script</c>, <c>after_script</c>).</summary>
internal static class WorkflowSource
{
    private static readonly HashSet<string> ScriptKeys = new(StringComparer.Ordinal) { "run", "script", "before_script", "after_script" };

    /// <summary>Extracts the workflow's references; returns why it could not be read completely (null when it could).</summary>
    public static string? Extract(string path, string text, CommandReferences commands, List<FileReference> refs, List<BuildUse> builds, RepoTree tree)
    {
        YamlNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                return null;
            }

            root = stream.Documents[0].RootNode;
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException)
        {
            // a broken workflow refers to nothing we can trust: the caller reports it
            var mark = e is YamlException y ? $"{y.Start.Line}:{y.Start.Column}: " : string.Empty;
            var message = e.Message.Split('\n')[0].Trim();
            return $"{mark}the workflow does not parse ({message})";
        }

        Walk(root, path, commands, refs, builds, tree, 0);
        return null;
    }

    private static void Walk(YamlNode node, string path, CommandReferences commands, List<FileReference> refs, List<BuildUse> builds, RepoTree tree, int depth)
    {
        if (depth > 64)
        {
            return;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var cwd = mapping.Children.TryGetValue(new YamlScalarNode("working-directory"), out var wd) && wd is YamlScalarNode { Value: { } dir }
                    ? RepoPaths.Combine(string.Empty, dir) ?? string.Empty
                    : string.Empty;
                var site = new CommandSite(path, ReferenceKind.Workflow, [cwd]);
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name } && ScriptKeys.Contains(name))
                    {
                        IEnumerable<YamlScalarNode> scalars = value is YamlSequenceNode seq ? seq.Children.OfType<YamlScalarNode>() : value is YamlScalarNode one ? [one] : [];
                        foreach (var scalar in scalars)
                        {
                            if (scalar.Value is { } script)
                            {
                                commands.Text(script, FirstContentLine(scalar), site);
                            }
                        }
                    }
                    else
                    {
                        Walk(value, path, commands, refs, builds, tree, depth + 1);
                    }
                }

                BuildPushAction(mapping, path, refs, builds, tree);
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    Walk(child, path, commands, refs, builds, tree, depth + 1);
                }

                break;
        }
    }

    /// <summary><c>uses: docker/build-push-action@vN</c> with <c>with: { context, file }</c> (file defaults to <c>{context}/Dockerfile</c>).</summary>
    private static void BuildPushAction(YamlMappingNode step, string path, List<FileReference> refs, List<BuildUse> builds, RepoTree tree)
    {
        if (!step.Children.TryGetValue(new YamlScalarNode("uses"), out var uses) || uses is not YamlScalarNode { Value: { } action }
            || !action.StartsWith("docker/build-push-action", StringComparison.Ordinal))
        {
            return;
        }

        var with = step.Children.TryGetValue(new YamlScalarNode("with"), out var w) ? w as YamlMappingNode : null;
        string? Get(string key) => with is not null && with.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode { Value: { } s } ? s : null;
        var context = RepoPaths.Combine(string.Empty, Get("context") ?? ".");
        var file = Get("file");
        if (context is null || !tree.IsDirectory(context))
        {
            return;
        }

        var dockerfile = file is null ? RepoPaths.Combine(context, "Dockerfile") : RepoPaths.Combine(string.Empty, file);
        if (dockerfile is not null && tree.IsFile(dockerfile))
        {
            refs.Add(new FileReference(dockerfile, path, (int)uses.Start.Line, ReferenceKind.Workflow, $"uses {action}"));
            builds.Add(new BuildUse(dockerfile, context, path, (int)uses.Start.Line));
        }
    }

    /// <summary>The line where a scalar's text starts (block scalars <c>|</c>/<c>&gt;</c> start on the line after the indicator).</summary>
    private static int FirstContentLine(YamlScalarNode scalar) =>
        (int)scalar.Start.Line + (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded ? 1 : 0);
}

/// <summary>Makefile recipes (tab-indented lines), with <c>$(VAR)</c> expanded from the Makefile's own assignments; run in the Makefile's folder.</summary>
internal static class MakefileSource
{
    public static void Extract(string path, string text, CommandReferences commands)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var recipes = new List<(int Line, string Text)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var line = lines[i];
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = line[..^1] + " " + lines[++i].TrimStart();
            }

            if (line.StartsWith('\t'))
            {
                recipes.Add((start + 1, line[1..]));
                continue;
            }

            Assignment(line, variables);
        }

        var site = new CommandSite(path, ReferenceKind.Makefile, [RepoPaths.DirectoryOf(path)]);
        foreach (var (number, recipe) in recipes)
        {
            var expanded = Expand(recipe, variables, 0).TrimStart().TrimStart('@', '-', '+').TrimStart();
            commands.Text(expanded, number, site);
        }
    }

    private static void Assignment(string line, Dictionary<string, string> variables)
    {
        var text = line.StartsWith("export ", StringComparison.Ordinal) ? line[7..] : line;
        foreach (var op in new[] { "::=", ":=", "?=", "+=", "!=", "=" })
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var name = text[..at].Trim();
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return;
            }

            var value = text[(at + op.Length)..].Trim();
            if (op == "+=")
            {
                variables[name] = variables.TryGetValue(name, out var old) ? old + " " + value : value;
            }
            else if (op == "?=")
            {
                variables.TryAdd(name, value);
            }
            else if (op != "!=")
            {
                variables[name] = value;
            }

            return;
        }
    }

    private static string Expand(string text, Dictionary<string, string> variables, int depth)
    {
        if (depth > 8 || !text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                sb.Append(text[i]);
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i++;
            }
            else if (next is '(' or '{')
            {
                var close = text.IndexOf(next == '(' ? ')' : '}', i + 2);
                var name = close < 0 ? null : text[(i + 2)..close];
                if (name is not null && variables.TryGetValue(name, out var value))
                {
                    sb.Append(Expand(value, variables, depth + 1));
                    i = close;
                }
                else
                {
                    sb.Append(text[i]);
                }
            }
            else
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }
}
