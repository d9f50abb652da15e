using System.Globalization;
using System.IO.Enumeration;
using System.Text;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Planning;

/// <summary>
/// Files copied into many build contexts (entrypoints, helper scripts, config files a COPY/ADD takes from the
/// context) get one canonical source, and every context copy becomes a generated file of the mapping, the way
/// docker-library's <c>apply-templates.sh</c> copies its entrypoint into each version folder. Copies stay real files
/// (a build context does not follow links out of itself) and keep their bytes and mode, so no image changes:
/// <c>generate --check</c> and <c>validate</c> guard them from then on.
/// <list type="bullet">
/// <item>Identical copies: the source is an existing original outside every context with the same name and bytes
/// (php's root <c>docker-php-ext-install</c>, postgres' root <c>docker-entrypoint.sh</c>), else a new file
/// <c>docker/shared/files/&lt;path in the context&gt;</c>; the entries are <c>verbatim</c>.</item>
/// <item>Copies in a few variants (per-variant edits): one inferred Scriban template
/// <c>docker/shared/files/&lt;path&gt;.sbn</c> with parameters, when every variant renders byte-exact; variants no
/// template reproduces get verbatim sources of their own (<c>&lt;path&gt;.2</c>, ...).</item>
/// </list>
/// Only paths that are copies: the same path inside two or more build contexts, with one content shared by two of
/// them and at most three variants (more only at about eight copies per variant), so per-image data is left alone;
/// application source code (<c>.py</c>, <c>.js</c>, <c>.go</c>, ...) is never treated as a copy.
/// </summary>
internal sealed class CopiedFileStage(PlanContext context)
{
    /// <summary>Where canonical sources and templates of copied files live.</summary>
    public const string Folder = "docker/shared/files";

    private const long MaxFileBytes = 1024 * 1024;

    /// <summary>Variants a copied file may always have (more only when each variant has about eight copies).</summary>
    private const int MaxVariants = 3;

    /// <summary>
    /// Application source code is left alone even when identical in many contexts: sharing it is a refactoring of the
    /// application (a library), not a build-infrastructure copy.
    /// </summary>
    private static readonly HashSet<string> SourceCodeExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".go", ".java", ".kt", ".rb", ".php", ".cs", ".rs",
        ".c", ".cc", ".cpp", ".h", ".hpp", ".swift", ".scala", ".ex", ".exs",
    };

    private readonly List<string> _warnings = [];

    /// <summary>The copies found and prepared while earlier stages ran (<see cref="StartMeanwhile"/>), or null.</summary>
    private Task<Candidates>? _meanwhile;

    /// <summary>
    /// Starts finding and preparing the copies (reading them, inferring their templates) on the thread pool, so the
    /// stages before <see cref="AddTo"/> (compose rewrite, base images, assembly, mostly on one core) run beside it.
    /// What the plan touches is not known yet, so no file is excluded; <see cref="AddTo"/> drops the touched ones then
    /// (which file goes under which key depends on that file alone) and prepares again only a key whose files changed.
    /// Only when every Dockerfile is loaded: then selecting the builds records nothing new (a Dockerfile's checks are
    /// remembered answers, and a read of one that failed before is left to <see cref="AddTo"/>, in its place).
    /// </summary>
    public void StartMeanwhile()
    {
        var dockerfiles = DockerfilePaths();
        if (dockerfiles.Any(d => !context.IsLoaded(d)))
        {
            return;
        }

        var builds = ContextBuilds(dockerfiles);
        _meanwhile = Task.Run(() => Find(builds, NothingTouched));
    }

    /// <summary>
    /// Adds the copy groups to an assembled plan: create actions, mapping entries, inputs, summary counts. When it adds
    /// to the mapping, the mapping file's action holds no text yet (<see cref="PlanAssembler.WithMappingText(PlanResult, string)"/> fills it in).
    /// </summary>
    public PlanResult AddTo(PlanResult result)
    {
        var touched = result.Plan.Actions.Select(a => a.Path).ToHashSet(StringComparer.Ordinal);
        var groups = new List<CopiedFileGroup>();
        var actions = new List<PlanAction>();
        var entries = new List<GeneratedFileEntry>();
        var found = _meanwhile?.GetAwaiter().GetResult() ?? Find(ContextBuilds(DockerfilePaths()), touched);
        var copies = CopiesByContextPath(found.KeyOf, touched).ToArray();
        // Reading the copies and inferring their templates depends on their bytes alone: both cores, results by index;
        // everything that records (inputs, warnings, names taken) runs below, in key order.
        var prepared = new Prepared[copies.Length];
        Parallel.For(0, copies.Length, i => prepared[i] = found.PreparedFor(copies[i].Key, copies[i].Value) ?? Prepare(copies[i].Value));
        for (var i = 0; i < copies.Length; i++)
        {
            var (key, paths) = copies[i];
            if (Consolidate(key, paths, touched, prepared[i]) is { } done)
            {
                groups.Add(done.Group);
                actions.AddRange(done.Actions);
                entries.AddRange(done.Entries);
            }
        }

        if (groups.Count == 0)
        {
            return _warnings.Count == 0 ? result : result with { Plan = result.Plan with { Warnings = [.. result.Plan.Warnings, .. _warnings] } };
        }

        var mapping = result.Mapping with { Generated = [.. result.Mapping.Generated.Concat(entries).OrderBy(e => e.Output, StringComparer.Ordinal)] };
        // The mapping's text is left for PlanAssembler.WithMappingText, made once the mapping is final (as Assemble left it).
        var planActions = result.Plan.Actions.ToList();
        var mappingAt = planActions.FindIndex(a => a.Path == ServiceMapping.RepoPath);
        var mappingAction = context.Create(ServiceMapping.RepoPath, string.Empty, PlanAssembler.MappingReason) with { Content = null, Sha256 = null };
        if (mappingAt >= 0)
        {
            planActions[mappingAt] = planActions[mappingAt] with { Content = null, Sha256 = null };
        }
        else
        {
            planActions.Insert(0, mappingAction);
        }

        // Creates go before replaces and removes: right after the last create of the assembled plan.
        var lastCreate = planActions.FindLastIndex(a => a.Kind == PlanActionKind.Create);
        planActions.InsertRange(lastCreate + 1, actions);
        var proposed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in result.ProposedFiles)
        {
            proposed[path] = content;
        }

        proposed.Remove(ServiceMapping.RepoPath);
        foreach (var action in actions)
        {
            proposed[action.Path] = action.Content!;
        }

        var plan = result.Plan with
        {
            Inputs = [.. context.Inputs.Select(kv => new PlanInput(kv.Key, kv.Value))],
            Actions = planActions,
            Warnings = [.. result.Plan.Warnings, .. _warnings],
            Summary = result.Plan.Summary with
            {
                GeneratedCopies = groups.Sum(g => g.Outputs.Count),
                CopySources = groups.Sum(g => g.Sources.Count),
            },
            Copies = groups,
        };
        return new PlanResult(plan, mapping, proposed);
    }

    private static readonly HashSet<string> NothingTouched = new(StringComparer.Ordinal);

    /// <summary>Every inventoried Dockerfile, in path order.</summary>
    private List<string> DockerfilePaths() =>
        [.. context.Files.Values.Where(f => f.Kind == FileKind.Dockerfile).Select(f => f.RelativePath).Order(StringComparer.Ordinal)];

    /// <summary>The build contexts of each valid Dockerfile (its compose builds, else its own folder), in path order.</summary>
    private List<DockerfileBuilds> ContextBuilds(List<string> dockerfiles)
    {
        // Loading, the instruction checks and the ignore files record what they read: one thread, in path order.
        var builds = new List<DockerfileBuilds>();
        foreach (var dockerfile in dockerfiles)
        {
            if (!context.TryLoad(dockerfile) || context.Invalid(dockerfile) is not null)
            {
                continue;
            }

            var configured = context.Configs.TryGetValue(dockerfile, out var configs) && configs.Count > 0
                ? configs.Where(c => c.Problem is null).Select(c => (c.Context, c.Args, c.Target))
                : [(RepoPaths.DirectoryOf(dockerfile), EffectiveImage.NoArgs, (string?)null)];
            var list = configured
                .Where(b => !b.Context.StartsWith("..", StringComparison.Ordinal) && !b.Context.Contains("://", StringComparison.Ordinal))
                .Select(b => new ContextBuild(b.Context, b.Args, b.Target, context.References.DockerIgnoreFor(b.Context, dockerfile)))
                .ToList();
            builds.Add(new DockerfileBuilds(dockerfile, context.Load(dockerfile).Doc, list));
        }

        return builds;
    }

    private sealed record DockerfileBuilds(string Dockerfile, DockerfileDocument Doc, List<ContextBuild> Builds);

    /// <summary>
    /// The context paths of the files the builds send (none of <paramref name="excluded"/>), and the copies of each
    /// path held by two or more of them read and prepared. Records nothing (safe on any thread).
    /// </summary>
    private Candidates Find(List<DockerfileBuilds> builds, HashSet<string> excluded)
    {
        var allFiles = context.Files.Keys.Order(StringComparer.Ordinal).ToList();
        // The effective images and the file matches of each Dockerfile are independent: both cores, results by index.
        var sent = new List<(string File, string Relative, int Depth)>[builds.Count];
        Parallel.For(0, builds.Count, i => sent[i] = FilesSent(builds[i].Dockerfile, builds[i].Doc, builds[i].Builds, allFiles, excluded));

        // Merged in path order as one loop would: the deepest context wins, the first of equal depth stays.
        var keyOf = new Dictionary<string, (string Key, int Depth)>(StringComparer.Ordinal);
        foreach (var matches in sent)
        {
            foreach (var (file, relative, depth) in matches)
            {
                if (!keyOf.TryGetValue(file, out var known) || known.Depth < depth)
                {
                    keyOf[file] = (relative, depth);
                }
            }
        }

        var copies = CopiesByContextPath(keyOf, NothingTouched).ToArray();
        var prepared = new Prepared[copies.Length];
        Parallel.For(0, copies.Length, i => prepared[i] = Prepare(copies[i].Value));
        return new Candidates(keyOf, copies.Select((c, i) => (c.Key, Files: c.Value, Prepared: prepared[i])).ToDictionary(c => c.Key, c => (c.Files, c.Prepared), StringComparer.Ordinal));
    }

    /// <summary>
    /// The files sent into build contexts with the context path each one takes (<see cref="Find"/>), and the copies of
    /// each path found there, prepared.
    /// </summary>
    private sealed record Candidates(Dictionary<string, (string Key, int Depth)> KeyOf, Dictionary<string, (List<string> Files, Prepared Prepared)> Copies)
    {
        /// <summary>The preparation of these very copies (same files, same order), or null when it was made for others.</summary>
        public Prepared? PreparedFor(string key, List<string> files) =>
            Copies.TryGetValue(key, out var found) && found.Files.SequenceEqual(files, StringComparer.Ordinal) ? found.Prepared : null;
    }

    /// <summary>
    /// The files sent into build contexts (but none of <paramref name="touched"/>), by their path inside the context
    /// (the deepest context wins, see <see cref="Find"/>); only keys held by two or more files, each list in path order.
    /// </summary>
    private static SortedDictionary<string, List<string>> CopiesByContextPath(Dictionary<string, (string Key, int Depth)> keyOf, HashSet<string> touched)
    {
        var byKey = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (file, (key, _)) in keyOf)
        {
            if (touched.Contains(file))
            {
                continue;
            }

            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
            }

            list.Add(file);
        }

        foreach (var key in byKey.Where(kv => kv.Value.Count < 2).Select(kv => kv.Key).ToList())
        {
            byKey.Remove(key);
        }

        foreach (var list in byKey.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }

        return byKey;
    }

    private sealed record ContextBuild(string Context, IReadOnlyDictionary<string, string> Args, string? Target, DockerIgnore Ignore);

    /// <summary>The files of each build context of a Dockerfile that a COPY/ADD (or bind mount) takes, in build and path order.</summary>
    private List<(string File, string Relative, int Depth)> FilesSent(string dockerfile, DockerfileDocument doc, List<ContextBuild> builds, List<string> allFiles, HashSet<string> excluded)
    {
        var found = new List<(string File, string Relative, int Depth)>();
        foreach (var (buildContext, args, target, ignore) in builds)
        {
            var sources = EffectiveImage.ContextSources(doc, args, target)
                .Select(s => s.TrimStart('/').TrimEnd('/')).Where(s => !s.Contains('$', StringComparison.Ordinal)).ToList();
            var depth = buildContext.Length == 0 ? 0 : buildContext.Count(c => c == '/') + 1;
            foreach (var file in FilesUnder(allFiles, buildContext).Where(f => f != dockerfile && !excluded.Contains(f)))
            {
                var relative = buildContext.Length == 0 ? file : file[(buildContext.Length + 1)..];
                if (Path.GetFileName(relative) == ".dockerignore" || IsApplicationCode(file) || ignore.IsExcluded(relative) || !sources.Any(s => Sends(s, relative)))
                {
                    continue;
                }

                found.Add((file, relative, depth));
            }
        }

        return found;
    }

    private bool IsApplicationCode(string path) =>
        context.Files[path].Kind == FileKind.PythonScript || SourceCodeExtensions.Contains(Path.GetExtension(path));

    /// <summary>The files under a folder, from the ordinally sorted list of every file (one contiguous range).</summary>
    private static IEnumerable<string> FilesUnder(List<string> sorted, string folder)
    {
        if (folder.Length == 0)
        {
            return sorted;
        }

        var prefix = folder + "/";
        var start = sorted.BinarySearch(prefix, StringComparer.Ordinal);
        start = start < 0 ? ~start : start;
        return sorted.Skip(start).TakeWhile(f => f.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Whether a COPY/ADD source (context-relative, no leading '/') takes the file at <paramref name="relative"/>.</summary>
    internal static bool Sends(string source, string relative)
    {
        if (source is "" or ".")
        {
            return true;
        }

        if (source.AsSpan().IndexOfAny("*?[") < 0)
        {
            return relative == source || relative.StartsWith(source + "/", StringComparison.Ordinal);
        }

        // A glob matches per path segment; a match on a folder takes what is inside it.
        var pattern = source.Split('/');
        var segments = relative.Split('/');
        return segments.Length >= pattern.Length
            && pattern.Select((p, i) => FileSystemName.MatchesSimpleExpression(p, segments[i], ignoreCase: false)).All(m => m);
    }

    private sealed record Copy(string Path, byte[] Bytes, string Sha256, string Mode);

    private sealed record Consolidation(CopiedFileGroup Group, List<PlanAction> Actions, List<GeneratedFileEntry> Entries);

    /// <summary>
    /// What one context path's copies give before anything is recorded: the copies read in path order up to the first
    /// that cannot be (<see cref="Failure"/>: why, when it is a read error), their contents most common first, and the
    /// template inference of the variants when there are several.
    /// </summary>
    private sealed record Prepared(List<Copy> Copies, Exception? Failure, bool Stopped, List<IGrouping<string, Copy>> Contents, TemplateInferenceResult? Inference);

    private static Prepared Prepare(List<string> paths, PlanContext context)
    {
        var copies = new List<Copy>();
        foreach (var path in paths)
        {
            var copy = ReadCopy(context, path, out var failure);
            if (copy is null)
            {
                return new Prepared(copies, failure, true, [], null);
            }

            copies.Add(copy);
        }

        var contents = copies.GroupBy(c => c.Sha256).OrderByDescending(g => g.Count()).ThenBy(g => g.First().Path, StringComparer.Ordinal).ToList();
        var inference = contents.Count > 1 && !TooVaried(contents, copies.Count)
            ? TemplateInferrer.Infer(
                [.. contents.Select(g => g.First()).Select(v => new TemplateInput(v.Path, v.Bytes))],
                new TemplateInferenceOptions { FamilyName = "copy", TemplateDirectory = Folder, VerifyEffectiveImage = false })
            : null;
        return new Prepared(copies, null, false, contents, inference);
    }

    private Prepared Prepare(List<string> paths) => Prepare(paths, context);

    /// <summary>Different in many contexts (per-image data): not copies of one file with a few edits.</summary>
    private static bool TooVaried(List<IGrouping<string, Copy>> contents, int copies) =>
        contents[0].Count() < 2 || contents.Count > Math.Max(MaxVariants, copies / 8);

    /// <summary>The sources, create actions and mapping entries for one context path, or null when it is left alone.</summary>
    private Consolidation? Consolidate(string key, List<string> paths, HashSet<string> touched, Prepared prepared)
    {
        if (prepared.Stopped)
        {
            if (prepared.Failure is { } e)
            {
                _warnings.Add($"skipped while planning: {paths[prepared.Copies.Count]}: {FileReads.Describe(e)}");
            }

            return null;
        }

        var copies = prepared.Copies;
        var contents = prepared.Contents;
        if (TooVaried(contents, copies.Count))
        {
            return null;
        }

        var original = FindOriginal(key, contents.Select(c => c.Key).ToHashSet(StringComparer.Ordinal), touched, paths);
        var actions = new List<PlanAction>();
        var entries = new List<GeneratedFileEntry>();
        var sources = new List<string>();
        if (contents.Count == 1)
        {
            var source = original?.Path ?? NewSource(key, contents[0].First(), actions, $"canonical source of {copies.Count} copies of {key} in build contexts");
            if (source is null)
            {
                return null;
            }

            sources.Add(source);
            entries.AddRange(copies.Select(c => Verbatim(c, source)));
        }
        else
        {
            var outputs = original is null ? copies : [.. copies, original];
            if (!Template(key, outputs, contents.Select(g => g.First()).ToList(), prepared.Inference!, actions, entries, sources))
            {
                return null;
            }
        }

        // Each copy was read and hashed just now: record that hash instead of reading the file again.
        foreach (var copy in copies)
        {
            context.RecordInput(copy.Path, copy.Sha256);
        }

        if (original is not null)
        {
            context.RecordInput(original.Path, original.Sha256);
        }

        var group = new CopiedFileGroup(key, sources, [.. entries.Select(e => e.Output).Order(StringComparer.Ordinal)], contents.Count)
        {
            SourcesCreated = [.. actions.Select(a => a.Path)],
        };
        return new Consolidation(group, actions, entries);
    }

    /// <summary>
    /// One template for the variants (each output bound to its variant's parameters), proven by rendering every output
    /// byte for byte; variants no template reproduces get verbatim sources of their own.
    /// </summary>
    private bool Template(string key, List<Copy> outputs, List<Copy> variants, TemplateInferenceResult inference, List<PlanAction> actions, List<GeneratedFileEntry> entries, List<string> sources)
    {
        var sourceOfVariant = new Dictionary<string, (string Source, TemplateBinding? Binding, CompiledTemplate? Compiled)>(StringComparer.Ordinal);
        var useful = inference.Templates.Where(t => t.MemberPaths.Count >= 2).ToList();
        for (var i = 0; i < useful.Count; i++)
        {
            var template = useful[i];
            var path = FreePath(Folder + "/" + key + (i == 0 ? string.Empty : "." + (i + 1).ToString(CultureInfo.InvariantCulture)) + ".sbn");
            if (path is null)
            {
                return false;
            }

            actions.Add(context.Create(path, template.Source, $"template for {key}, copied into build contexts in {template.MemberPaths.Count} variants ({template.Parameters.Count} parameters)"));
            sources.Add(path);
            var compiled = TemplateRenderer.Compile(template.Source, path);
            foreach (var binding in inference.Bindings.Where(b => b.TemplateName == template.Name))
            {
                sourceOfVariant[Sha(binding.Path, variants)] = (path, binding, compiled);
            }
        }

        var n = useful.Count;
        foreach (var variant in variants.Where(v => !sourceOfVariant.ContainsKey(v.Sha256)))
        {
            var name = Folder + "/" + key + (n == 0 ? string.Empty : "." + (n + 1).ToString(CultureInfo.InvariantCulture));
            n++;
            if (NewSource(key, variant, actions, $"canonical source of a variant of {key} copied into build contexts", name) is not { } source)
            {
                return false;
            }

            sources.Add(source);
            sourceOfVariant[variant.Sha256] = (source, null, null);
        }

        // Outputs with one SHA-256 have the same bytes and the same binding, so one rendering proves them all.
        var reproduces = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var output in outputs)
        {
            var (source, binding, compiled) = sourceOfVariant[output.Sha256];
            if (binding is null)
            {
                entries.Add(Verbatim(output, source));
                continue;
            }

            // The proof: every output renders to its own bytes, or the whole path is left alone.
            var layout = binding.Layout;
            if (!reproduces.TryGetValue(output.Sha256, out var same))
            {
                same = compiled!.Render(binding.Parameters, layout, HeaderMode.None).AsSpan().SequenceEqual(output.Bytes);
                reproduces[output.Sha256] = same;
            }

            if (!same)
            {
                _warnings.Add($"copies of {key} left alone: the template does not reproduce {output.Path} byte for byte");
                return false;
            }

            entries.Add(new GeneratedFileEntry
            {
                Template = source,
                Output = output.Path,
                Header = HeaderMode.None,
                Bom = layout.Bom ? true : null,
                LineEndings = layout.LineEnding == LineEnding.Crlf ? LineEnding.Crlf : null,
                FinalNewline = layout.FinalNewline ? null : false,
                Parameters = new Dictionary<string, TemplateValue>(binding.Parameters, StringComparer.Ordinal),
                Mode = output.Mode,
            });
        }

        return true;
    }

    private static string Sha(string path, List<Copy> variants) => variants.First(v => v.Path == path).Sha256;

    private static GeneratedFileEntry Verbatim(Copy copy, string source) =>
        new() { Template = source, Output = copy.Path, Header = HeaderMode.None, Verbatim = true, Mode = copy.Mode };

    /// <summary>A create action for a new canonical source with the copy's bytes and mode; null when the path is taken.</summary>
    private string? NewSource(string key, Copy copy, List<PlanAction> actions, string reason, string? path = null)
    {
        if (FreePath(path ?? Folder + "/" + key) is not { } free)
        {
            return null;
        }

        actions.Add(context.Create(free, Encoding.UTF8.GetString(copy.Bytes), reason) with { Mode = copy.Mode });
        return free;
    }

    private readonly HashSet<string> _created = new(StringComparer.Ordinal);

    private string? FreePath(string path)
    {
        if (context.Files.ContainsKey(path) || !_created.Add(path))
        {
            _warnings.Add($"copies left alone: {path} already exists; move it away to give them a canonical source there");
            return null;
        }

        return path;
    }

    /// <summary>
    /// The natural canonical source: a file that is not itself a context copy, at the copies' path inside the context
    /// taken from the repository root, or with their name at the root, holding the bytes of one of the variants.
    /// </summary>
    private Copy? FindOriginal(string key, HashSet<string> shas, HashSet<string> touched, List<string> copies)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        foreach (var candidate in new[] { key, name }.Distinct(StringComparer.Ordinal))
        {
            if (context.Files.ContainsKey(candidate) && !touched.Contains(candidate) && !copies.Contains(candidate)
                && Read(candidate) is { } copy && shas.Contains(copy.Sha256))
            {
                return copy;
            }
        }

        return null;
    }

    /// <summary>A regular UTF-8 file up to 1 MiB with its SHA-256 and mode; null otherwise (left alone).</summary>
    private Copy? Read(string path)
    {
        var copy = ReadCopy(context, path, out var failure);
        if (failure is not null)
        {
            _warnings.Add($"skipped while planning: {path}: {FileReads.Describe(failure)}");
        }

        return copy;
    }

    /// <summary>As <see cref="Read"/>, recording nothing (safe on any thread): a read error comes back in <paramref name="failure"/>.</summary>
    private static Copy? ReadCopy(PlanContext context, string path, out Exception? failure)
    {
        failure = null;
        if (!context.Files.TryGetValue(path, out var file) || file.Size > MaxFileBytes)
        {
            return null;
        }

        try
        {
            return context.ReadRepoFile(path) is { } bytes
                ? new Copy(path, bytes, Planner.Sha256(bytes), TemplateMapping.FormatMode(file.Mode))
                : null;
        }
        catch (Exception e) when (FileReads.IsReadFailure(e))
        {
            failure = e;
            return null;
        }
    }
}

/// <summary>
/// Copies of one file in many build contexts (<see cref="ContextPath"/>: its path inside each context), now generated
/// from <see cref="Sources"/> (existing originals, new canonical files or templates).
/// </summary>
public sealed record CopiedFileGroup(string ContextPath, IReadOnlyList<string> Sources, IReadOnlyList<string> Outputs, int DistinctContents)
{
    /// <summary>The sources this plan creates (the others are originals kept where they are).</summary>
    public IReadOnlyList<string> SourcesCreated { get; init; } = [];
}
