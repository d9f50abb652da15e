using System.Text.Json;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Compose;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Validation;

/// <summary>Options of <see cref="Validator"/>.</summary>
public sealed record ValidateOptions
{
    /// <summary>The operation to validate; null: the latest applied one (or the service mapping when there is none).</summary>
    public string? OpId { get; init; }

    /// <summary>How compose files are found (the usual tree options).</summary>
    public WalkOptions Walk { get; init; } = new();
}

/// <summary>How one side builds a service: in which tree, with which Dockerfile, context, args and target.</summary>
public sealed record BuildSide(ITreeView Tree, string Dockerfile, string Context, IReadOnlyDictionary<string, string> Args, string? Target);

/// <summary>
/// A service to compare: how it was built before the operation (<see cref="Original"/>) and how it is built now
/// (<see cref="Consolidated"/>). A compose service has its <see cref="ComposeFile"/>, and <see cref="Line"/>/<see cref="Column"/>
/// locate its <c>build</c> entry. A generated Dockerfile no compose file builds has no compose file: it is built on its
/// own, and <see cref="Line"/>/<see cref="Column"/> are the start of that Dockerfile.
/// </summary>
public sealed record ServicePair(string? ComposeFile, string Service, BuildSide Original, BuildSide Consolidated, int Line, int Column)
{
    /// <summary>Where the service is declared: its compose file, or the Dockerfile itself when it is built on its own.</summary>
    public string DeclaredIn => ComposeFile ?? Consolidated.Dockerfile;
}

/// <summary>
/// What validate works on, resolved once: the operation (or the mapping), both tree views, the service pairs and the
/// compose files. Problems found while resolving pairs (a build that vanished, args from the environment) are checks
/// in <see cref="Findings"/>.
/// </summary>
public sealed class ValidationSubject
{
    public required string Root { get; init; }

    public required string? OpId { get; init; }

    /// <summary>"operation ID" or "service mapping".</summary>
    public required string Basis { get; init; }

    public required CurrentTree Current { get; init; }

    public required OriginalTree? Original { get; init; }

    /// <summary>The mapping in the current tree, when there is one.</summary>
    public required ServiceMapping? Mapping { get; init; }

    public required IReadOnlyList<ServicePair> Pairs { get; init; }

    public required IReadOnlyList<ValidationCheck> Findings { get; init; }

    /// <summary>Every compose file of the current tree (repository paths, sorted).</summary>
    public required IReadOnlyList<string> ComposeFiles { get; init; }

    /// <summary>Paths whose content or presence the operation changed (for the build-context leak check).</summary>
    public IReadOnlyList<string> ChangedPaths =>
        Original is null
            ? []
            : [.. Original.Steps.Values.Where(s => s.Before?.Sha256 != s.After?.Sha256 || s.Before?.Mode != s.After?.Mode).Select(s => s.Path)];

    /// <summary>Resolves the operation, the trees and the pairs of <paramref name="root"/>.</summary>
    public static ValidationSubject Resolve(string root, ValidateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var realRoot = TreePath.ResolveRoot(root);
        var current = new CurrentTree(realRoot);
        var state = new StateFolder(realRoot, new DurableFs(FaultInjection.None, sync: false));
        var journal = FindOperation(state, options.OpId);
        var mapping = ReadMapping(current);
        var files = Scanner.Inventory(realRoot, options.Walk, cancellationToken: cancellationToken).Files;
        var composeFiles = files
            .Select(f => f.RelativePath)
            .Where(p => FileClassifier.IsComposeName(RepoPaths.NameOf(p)))
            .Order(StringComparer.Ordinal)
            .ToList();

        if (journal is not null)
        {
            VerifyArchive(state, journal);
            var original = new OriginalTree(current, journal, state.Archive);
            var findings = new List<ValidationCheck>();
            var pairs = PairsOfOperation(current, original, composeFiles, mapping, findings);
            pairs.AddRange(StandalonePairs(current, original, mapping, pairs, files, cancellationToken));
            return new ValidationSubject
            {
                Root = realRoot,
                OpId = journal.OpId,
                Basis = "operation " + journal.OpId,
                Current = current,
                Original = original,
                Mapping = mapping,
                Pairs = pairs,
                Findings = findings,
                ComposeFiles = composeFiles,
            };
        }

        if (mapping is null)
        {
            throw NothingToValidate(state, realRoot);
        }

        var mappingFindings = new List<ValidationCheck>();
        var mappingPairs = PairsOfMapping(current, mapping, mappingFindings);
        return new ValidationSubject
        {
            Root = realRoot,
            OpId = null,
            Basis = "service mapping " + ServiceMapping.RepoPath,
            Current = current,
            Original = null,
            Mapping = mapping,
            Pairs = mappingPairs,
            Findings = mappingFindings,
            ComposeFiles = composeFiles,
        };
    }

    /// <summary>Says why there is nothing to compare, naming the operation a rollback undid when that is the reason.</summary>
    private static UserInputException NothingToValidate(StateFolder state, string root)
    {
        var last = state.JournalIds().Select(state.ReadJournal).LastOrDefault();
        return last?.State == OperationState.RolledBack
            ? new UserInputException(
                $"nothing to validate: the last operation, {last.OpId}, was rolled back, so the tree holds its originals again and no {ServiceMapping.RepoPath}; apply a plan again ('infradedup apply') to have something to validate.",
                root)
            : new UserInputException(
                $"nothing to validate: {TreePath.StateFolder}/journal holds no applied operation and there is no {ServiceMapping.RepoPath}; run 'infradedup apply' first (or give --op).",
                root);
    }

    /// <summary>The operation asked for (it must be complete), or the latest complete one, or null when there is none.</summary>
    private static Journal? FindOperation(StateFolder state, string? opId)
    {
        if (opId is not null)
        {
            if (!OperationId.IsValid(opId))
            {
                throw new UserInputException($"'{opId}' is not an operation id (like 20250101T120000123Z-a1b2c3); 'infradedup archive list' shows them.");
            }

            var journal = state.ReadJournal(opId);
            return journal.State == OperationState.Complete
                ? journal
                : throw new UserInputException(
                    $"operation {opId} is {StateName(journal.State)}, not applied; validate compares the tree after a complete apply. 'infradedup archive list' shows the operations.",
                    state.JournalPath(opId));
        }

        var journals = state.JournalIds().Select(state.ReadJournal).ToList();
        if (journals.LastOrDefault(j => j.State is OperationState.Applying or OperationState.RollingBack) is { } interrupted)
        {
            throw new UserInputException(
                $"operation {interrupted.OpId} was interrupted ({StateName(interrupted.State)}); finish it with 'infradedup apply --resume' or undo it with 'infradedup rollback --op {interrupted.OpId}', then validate.",
                state.JournalPath(interrupted.OpId));
        }

        return journals.LastOrDefault(j => j.State == OperationState.Complete);
    }

    private static string StateName(OperationState state) => state switch
    {
        OperationState.Applying => "applying",
        OperationState.RollingBack => "rolling back",
        OperationState.RolledBack => "rolled back",
        _ => "complete",
    };

    /// <summary>Every archived original the comparison may read must be intact, or nothing is claimed.</summary>
    private static void VerifyArchive(StateFolder state, Journal journal)
    {
        var problems = state.Archive.VerifyObjects(journal.Steps.Where(s => s.Before?.Kind == EntryKind.File).Select(s => (s.Path, s.Before!.Sha256)));
        if (problems.Count > 0)
        {
            var more = problems.Count > 1 ? $" (and {problems.Count - 1} more)" : string.Empty;
            throw new UserInputException(
                $"the archive of operation {journal.OpId} is damaged, so the originals cannot be compared: {problems[0]}{more}. Import an export of it ('infradedup archive import') and validate again.",
                state.Archive.ManifestPath(journal.OpId));
        }
    }

    private static ServiceMapping? ReadMapping(CurrentTree current)
    {
        var bytes = current.Read(ServiceMapping.RepoPath);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, PlanJsonContext.Default.ServiceMapping)
                ?? throw new UserInputException("the service mapping is empty (null); make it again with 'infradedup plan'.", ServiceMapping.RepoPath, 1, 1);
        }
        catch (JsonException e)
        {
            throw new UserInputException(
                $"the service mapping is not valid JSON for its schema ({e.Message.Split(" Path:")[0]}); fix it or make it again with 'infradedup plan'.",
                ServiceMapping.RepoPath,
                (int)(e.LineNumber ?? 0) + 1,
                (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }

    /// <summary>
    /// Every compose service the operation touched: its compose file, or its Dockerfile before or after, is a path the
    /// operation changed. Compose files the operation removed are read from the archive.
    /// </summary>
    private static List<ServicePair> PairsOfOperation(CurrentTree current, OriginalTree original, IReadOnlyList<string> composeFiles, ServiceMapping? mapping, List<ValidationCheck> findings)
    {
        var steps = original.Steps;
        var files = composeFiles.Concat(steps.Keys.Where(p => FileClassifier.IsComposeName(RepoPaths.NameOf(p)))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var pairs = new List<ServicePair>();
        foreach (var file in files)
        {
            var before = ReadCompose(original, file);
            var after = ReadCompose(current, file);
            var names = before.Keys.Union(after.Keys).Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                before.TryGetValue(name, out var b);
                after.TryGetValue(name, out var a);
                var touched = steps.ContainsKey(file) || (b?.Dockerfile is { } bd && steps.ContainsKey(bd)) || (a?.Dockerfile is { } ad && steps.ContainsKey(ad));
                if (!touched)
                {
                    continue;
                }

                if (b is null && a?.Dockerfile is { } added && mapping?.BaseImages.Any(m => m.Dockerfile == added) == true)
                {
                    continue; // a base image service the plan added: built first from the mapping, proven through its users
                }

                var (line, column) = a is null ? (1, 1) : (a.KeySpan.Start.Line, a.KeySpan.Start.Column);
                if (b is null || a is null)
                {
                    findings.Add(new ValidationCheck(CheckKind.Static, name, file, CheckStatus.Fail, b is null ? "the service has a build now but had none before the operation" : "the service had a build before the operation and has none now", file, line, column));
                    continue;
                }

                var originalSide = Side(original, b, file, name, findings);
                var currentSide = Side(current, a, file, name, findings);
                if (originalSide is not null && currentSide is not null)
                {
                    pairs.Add(new ServicePair(file, name, originalSide, currentSide, line, column));
                }
            }
        }

        return pairs;
    }

    /// <summary>
    /// Generated Dockerfiles that no compose pair builds, each compared on its own (no args): once per build context
    /// the repository used for it before the operation (<see cref="OriginalBuildContexts"/>: <c>docker build</c> in a
    /// script, Makefile or workflow), or with its own folder as context (how <c>docker build &lt;folder&gt;</c> builds it)
    /// when nothing in the tree builds it. A Dockerfile built with several contexts is one pair per context.
    /// </summary>
    private static List<ServicePair> StandalonePairs(CurrentTree current, OriginalTree original, ServiceMapping? mapping, List<ServicePair> composePairs, IReadOnlyList<RepoFile> files, CancellationToken cancellationToken)
    {
        var paired = composePairs.Select(p => p.Consolidated.Dockerfile).ToHashSet(StringComparer.Ordinal);
        var standalone = (mapping?.Generated ?? [])
            .Select(g => (Dockerfile: g.Output, Service: g.Service ?? g.Output))
            .Where(g => paired.Add(g.Dockerfile)
                && original.Steps.TryGetValue(g.Dockerfile, out var step)
                && step.Before?.Kind == EntryKind.File
                && step.After?.Kind == EntryKind.File)
            .OrderBy(g => g.Dockerfile, StringComparer.Ordinal)
            .ToList();
        if (standalone.Count == 0)
        {
            return [];
        }

        var builtWith = OriginalBuildContexts(current, original, files, cancellationToken);
        var noArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var pairs = new List<ServicePair>();
        foreach (var (dockerfile, service) in standalone)
        {
            var contexts = builtWith[dockerfile].Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (contexts.Count == 0)
            {
                contexts.Add(RepoPaths.DirectoryOf(dockerfile));
            }

            foreach (var context in contexts)
            {
                var name = contexts.Count == 1 ? service : $"{service} (context {(context.Length == 0 ? "." : context)})";
                pairs.Add(new ServicePair(
                    null,
                    name,
                    new BuildSide(original, dockerfile, context, noArgs, null),
                    new BuildSide(current, dockerfile, context, noArgs, null),
                    1,
                    1));
            }
        }

        return pairs;
    }

    /// <summary>
    /// The context every Dockerfile was built with before the operation, by Dockerfile path: the builds reference
    /// analysis finds (as <c>scan</c> does) in the tree as it was, read through the journal and archive, so a build
    /// script the operation turned into a wrapper still counts with the command it held.
    /// </summary>
    private static ILookup<string, string> OriginalBuildContexts(CurrentTree current, OriginalTree original, IReadOnlyList<RepoFile> files, CancellationToken cancellationToken)
    {
        var inventory = new List<RepoFile>(files.Count);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            present.Add(file.RelativePath);
            if (!original.Steps.TryGetValue(file.RelativePath, out var step))
            {
                inventory.Add(file);
            }
            else if (step.Before is { Kind: EntryKind.File } before)
            {
                inventory.Add(file with { Size = before.Size, Kind = FileClassifier.Classify(file.RelativePath, Head(original.Read(file.RelativePath))) });
            }
        }

        foreach (var step in original.Steps.Values.Where(s => s.Before?.Kind == EntryKind.File && !present.Contains(s.Path)).OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            // A file the operation removed: it was part of the tree the builds ran in.
            var kind = FileClassifier.Classify(step.Path, Head(original.Read(step.Path)));
            inventory.Add(new RepoFile(step.Path, TreePath.Full(current.Root, step.Path), step.Before!.Size, FileModes.Parse(step.Before.Mode) ?? (UnixFileMode)0b110_100_100) { Kind = kind });
        }

        // Read as the scan reads them: the same decoding, the same size cap.
        var index = ReferenceIndex.Build(
            inventory,
            file => original.Read(file.RelativePath) is not { } bytes ? new SourceText(null, null, "absent before the operation")
                : bytes.Length > SourceReader.MaxParsedBytes ? new SourceText(null, null, "over the size cap: not parsed")
                : SourceReader.Decode(bytes),
            cancellationToken);
        return index.Builds.ToLookup(b => b.Dockerfile, b => b.Context, StringComparer.Ordinal);
    }

    private static ReadOnlySpan<byte> Head(byte[]? content) =>
        content is null ? default : content.AsSpan(0, Math.Min(content.Length, FileClassifier.HeadLength));

    /// <summary>
    /// Without an operation: every service of the mapping, compared with its original Dockerfile when that is still in
    /// the tree (args: the compose args without the mapping's parameters), after checking compose and mapping agree.
    /// </summary>
    private static List<ServicePair> PairsOfMapping(CurrentTree current, ServiceMapping mapping, List<ValidationCheck> findings)
    {
        var pairs = new List<ServicePair>();
        var composeCache = new Dictionary<string, Dictionary<string, ComposeBuild>>(StringComparer.Ordinal);
        foreach (var entry in mapping.Services)
        {
            if (!composeCache.TryGetValue(entry.ComposeFile, out var builds))
            {
                composeCache[entry.ComposeFile] = builds = ReadCompose(current, entry.ComposeFile);
            }

            if (!builds.TryGetValue(entry.Service, out var build))
            {
                findings.Add(new ValidationCheck(CheckKind.Static, entry.Service, entry.ComposeFile, CheckStatus.Fail, $"the mapping names service '{entry.Service}', but {entry.ComposeFile} has no build for it", ServiceMapping.RepoPath));
                continue;
            }

            var (line, column) = (build.KeySpan.Start.Line, build.KeySpan.Start.Column);
            if (Disagreement(entry, build) is { } why)
            {
                findings.Add(new ValidationCheck(CheckKind.Static, entry.Service, entry.ComposeFile, CheckStatus.Fail, why, entry.ComposeFile, line, column));
                continue;
            }

            var currentSide = Side(current, build, entry.ComposeFile, entry.Service, findings);
            if (currentSide is null)
            {
                continue;
            }

            if (entry.OriginalDockerfile == currentSide.Dockerfile || current.Read(entry.OriginalDockerfile) is null)
            {
                var why2 = entry.OriginalDockerfile == currentSide.Dockerfile
                    ? $"{entry.OriginalDockerfile} is generated in place (see its generated check); without an operation there is no older version to compare"
                    : $"the original {entry.OriginalDockerfile} is not in the tree and no operation archived it; compose and mapping agree";
                findings.Add(new ValidationCheck(CheckKind.Static, entry.Service, entry.ComposeFile, CheckStatus.Skipped, why2, entry.ComposeFile, line, column));
                continue;
            }

            var originalArgs = currentSide.Args.Where(kv => !entry.Parameters.ContainsKey(kv.Key) || entry.Strategy == FamilyStrategy.Template)
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var originalSide = new BuildSide(current, entry.OriginalDockerfile, entry.Context, originalArgs, currentSide.Target);
            pairs.Add(new ServicePair(entry.ComposeFile, entry.Service, originalSide, currentSide, line, column));
        }

        return pairs;
    }

    /// <summary>Where the compose build and the mapping entry disagree (Dockerfile, build-arg values), or null.</summary>
    private static string? Disagreement(ServiceMappingEntry entry, ComposeBuild build)
    {
        if (build.Dockerfile != entry.Dockerfile)
        {
            return $"compose builds {build.Dockerfile ?? "(no Dockerfile in the tree)"}, but the mapping says {entry.Dockerfile}";
        }

        if (entry.Strategy == FamilyStrategy.Template)
        {
            return null;
        }

        foreach (var (name, value) in entry.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var arg = build.Args.FirstOrDefault(a => a.Name == name);
            if (arg?.Value?.Value != value)
            {
                return $"build arg {name}: the mapping says '{value}', compose passes {(arg is null ? "nothing" : arg.Value?.Value is { } v ? $"'{v}'" : "a value from the environment")}";
            }
        }

        return null;
    }

    private static BuildSide? Side(ITreeView tree, ComposeBuild build, string file, string service, List<ValidationCheck> findings)
    {
        var (line, column) = (build.KeySpan.Start.Line, build.KeySpan.Start.Column);
        if (build.Dockerfile is null || build.Context is null)
        {
            var why = build.Context is null ? Validator.UncheckableContext(build.ContextValue) : "the build's Dockerfile is not in the tree (inline, outside it or an unset variable)";
            findings.Add(new ValidationCheck(CheckKind.Static, service, file, CheckStatus.Skipped, why, file, line, column));
            return null;
        }

        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var arg in build.Args)
        {
            if (arg.Value?.Value is not { } value)
            {
                findings.Add(new ValidationCheck(CheckKind.Static, service, file, CheckStatus.Skipped, $"build arg {arg.Name} takes its value from the environment; its image cannot be known from the tree", file, arg.Span.Start.Line, arg.Span.Start.Column));
                return null;
            }

            args[arg.Name] = value;
        }

        return new BuildSide(tree, build.Dockerfile, build.Context, args, build.Target?.Value);
    }

    /// <summary>The services with a build in a compose file of <paramref name="tree"/> (none when it is absent or unreadable).</summary>
    internal static Dictionary<string, ComposeBuild> ReadCompose(ITreeView tree, string file)
    {
        var bytes = tree.Read(file);
        var result = new Dictionary<string, ComposeBuild>(StringComparer.Ordinal);
        if (bytes is null)
        {
            return result;
        }

        foreach (var service in ComposeReader.Read(file, System.Text.Encoding.UTF8.GetString(bytes)).Services)
        {
            if (service.Build is { } build)
            {
                result[service.Name] = build;
            }
        }

        return result;
    }
}
