using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Similarity.References;

namespace InfraDedup.Core.Planning;

/// <summary>Which consolidation the planner may use for a family.</summary>
public enum StrategyChoice
{
    /// <summary>Shared Dockerfiles with build args where provable, templates for the rest (when available).</summary>
    Auto,

    /// <summary>Only shared Dockerfiles with build args (and exact copies).</summary>
    BuildArgs,

    /// <summary>Templates for every family.</summary>
    Template,
}

/// <summary>Options of <see cref="Planner.Make"/>.</summary>
public sealed record PlanOptions
{
    public StrategyChoice Strategy { get; init; } = StrategyChoice.Auto;

    /// <summary>Family similarity threshold (as in <c>similar</c>).</summary>
    public double Threshold { get; init; } = 0.85;

    /// <summary>Remove (archive) Dockerfiles nothing references.</summary>
    public bool RemoveDeadFiles { get; init; } = true;

    /// <summary>Extract shared instruction prefixes into base images where sound.</summary>
    public bool BaseImages { get; init; } = true;

    /// <summary>Project name used in base image tags; default: the root folder's name.</summary>
    public string? Project { get; init; }

    public WalkOptions Walk { get; init; } = new();

    /// <summary>Header of generated Dockerfiles: a one-line comment naming the template, or none (byte-identical output).</summary>
    public Templates.HeaderMode Header { get; init; } = Templates.HeaderMode.Comment;

    /// <summary>The tool version recorded in the plan.</summary>
    public string ToolVersion { get; init; } = "0.0.0";
}

/// <summary>The plan, the mapping, and the proposed files (repository path → content) for a user to read before applying.</summary>
public sealed record PlanResult(Plan Plan, ServiceMapping Mapping, IReadOnlyDictionary<string, string> ProposedFiles);

/// <summary>
/// The consolidation planner: scans a tree, finds Dockerfile families, and for each family chooses a consolidation it
/// can prove equivalent for every compose build configuration of every member. Members it cannot prove stay as they
/// are, with the reason. Output: a <see cref="Plan"/> of file operations with input hashes, and a service mapping.
/// </summary>
public static class Planner
{
    internal const string SharedFolder = "docker/shared";

    internal const string BaseFolder = "docker/base";

    public static PlanResult Make(string root, PlanOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timings = StageTimings.FromEnvironment();
        var scan = Scanner.Scan(root, options.Walk, ScanParts.References, progress, cancellationToken);
        timings.Mark("plan: scan");
        progress?.Report(new StageProgress("finding families", 0, 0));
        var similarity = FamilyFinder.Find(scan.Root, scan.Inventory, new SimilarityOptions { Threshold = options.Threshold, Kinds = FamilyKinds.Dockerfile }, progress, cancellationToken);
        timings.Mark("plan: families");
        progress?.Report(new StageProgress("planning", 0, 0));
        var result = new PlanBuilder(scan, options).Build(similarity.Families, cancellationToken);
        timings.Mark("plan: decide and prove");
        var accounting = PlanAccounting.Of(result.Plan, scan.Inventory, scan.DeadFiles, similarity.Families, options.Threshold);
        return result with { Plan = result.Plan with { Accounting = accounting } };
    }

    internal static string SharedFolderPath(string name) => SharedFolder + "/" + name + ".Dockerfile";

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Sha256(string text) => Sha256(Encoding.UTF8.GetBytes(text));
}

/// <summary>The state of one planning run (one per <see cref="Planner.Make"/> call).</summary>
internal sealed class PlanBuilder
{
    private readonly ScanReport _scan;
    private readonly PlanOptions _options;
    private readonly Dictionary<string, RepoFile> _files;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<BuildConfiguration>> _configs;
    private readonly Dictionary<string, (byte[] Bytes, DockerfileDocument Doc)> _dockerfiles = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _inputs = new(StringComparer.Ordinal);
    private readonly List<LeftAlone> _leftAlone = [];
    private readonly List<FamilyDecision> _decisions = [];
    private readonly HashSet<string> _reservedPaths = new(StringComparer.Ordinal);

    public PlanBuilder(ScanReport scan, PlanOptions options)
    {
        _scan = scan;
        _options = options;
        _files = scan.Inventory.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        _configs = BuildConfigurations.Collect(scan.References?.ComposeFiles ?? []);
    }

    private ReferenceIndex References => _scan.References!;

    public PlanResult Build(IReadOnlyList<Family> families, CancellationToken cancellationToken)
    {
        var dead = _options.RemoveDeadFiles
            ? _scan.DeadFiles.Where(d => d.Kind == "dockerfile" && _files.ContainsKey(d.Path)).OrderBy(d => d.Path, StringComparer.Ordinal).ToList()
            : [];
        var deadPaths = dead.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        var groups = new List<(Family Family, string Name, SharedDockerfile Shared)>();
        foreach (var family in families.Where(f => f.Kind == FamilyKind.Dockerfile))
        {
            List<string> notProvenList = [];
            cancellationToken.ThrowIfCancellationRequested();
            var name = UniqueName(FamilyName(family));
            var members = family.Paths.Where(p => !deadPaths.Contains(p)).ToList();
            var eligible = new List<SynthesisInput>();
            foreach (var path in members)
            {
                if (Ineligible(path) is { } why)
                {
                    _leftAlone.Add(new LeftAlone(path, why));
                }
                else
                {
                    eligible.Add(new SynthesisInput(path, Load(path).Doc));
                }
            }

            var proven = _options.Strategy == StrategyChoice.Template ? [] : ProveGroups(name, eligible, out notProvenList);
            var notProven = _options.Strategy == StrategyChoice.Template ? [.. members] : notProvenList;
            if (_options.Strategy != StrategyChoice.BuildArgs)
            {
                var rest = members.Where(m => !proven.Any(p => p.Members.Contains(m, StringComparer.Ordinal))).ToList();
                _currentFamily = family;
                TemplateRest(name, rest);
            }

            var decisionGroups = new List<ConsolidatedGroup>();
            var index = 0;
            foreach (var shared in proven)
            {
                var sourceName = proven.Count == 1 ? name : name + "-" + (++index).ToString(CultureInfo.InvariantCulture);
                groups.Add((family, sourceName, shared));
            }

            _decisions.Add(new FamilyDecision(
                name,
                proven.Count == 0 ? FamilyStrategy.None : proven.All(p => p.Parameters.Count == 0) ? FamilyStrategy.ExactCopies : FamilyStrategy.BuildArgs,
                [.. family.Paths],
                decisionGroups,
                [.. notProven.Concat(members.Where(m => Ineligible(m) is not null)).Order(StringComparer.Ordinal)],
                proven.Count == 0 ? "no group of members could be proven equivalent with one shared Dockerfile" : $"{proven.Count} shared Dockerfile(s) for {proven.Sum(p => p.Members.Count)} of {members.Count} live members"));
        }

        return Assemble(groups, dead);
    }

    /// <summary>Why a member cannot be consolidated by a shared Dockerfile; null when it can.</summary>
    private string? Ineligible(string path)
    {
        if (!_configs.TryGetValue(path, out var configs) || configs.Count == 0)
        {
            return "no compose service builds it, so no reference can be pointed at a shared file";
        }

        if (configs.FirstOrDefault(c => c.Problem is not null) is { } bad)
        {
            return bad.Problem!;
        }

        foreach (var reference in References.ReferencesTo(path))
        {
            if (reference.Kind != ReferenceKind.ComposeBuild)
            {
                return $"{reference.Source}:{reference.Line} refers to it ({reference.Kind}: {reference.Detail}); that reference cannot be rewritten";
            }
        }

        if (_files.ContainsKey(path + ".dockerignore"))
        {
            return $"it has its own {RepoPaths.NameOf(path)}.dockerignore, which a shared Dockerfile would not carry";
        }

        var doc = Load(path).Doc;
        if (doc.Encoding == DockerfileEncoding.Latin1Fallback)
        {
            return "it is not valid UTF-8";
        }

        return doc.HasErrors ? "it does not parse: " + doc.Errors[0] : null;
    }

    private readonly List<(Family Family, Templates.InferredTemplate Template)> _templates = [];
    private readonly List<(Templates.TemplateBinding Binding, string TemplatePath, string Rendered, Templates.HeaderMode Header)> _generated = [];
    private readonly HashSet<string> _templateNames = new(StringComparer.Ordinal);

    /// <summary>
    /// Strategy 3: infers templates for the members a shared Dockerfile did not cover. Each rendered file stays at its
    /// path (references keep working) and is proven like the others: for every compose build configuration (or, without
    /// one, with no build args), rendered and original must have equal effective image specs; a file whose own bytes a
    /// <c>COPY .</c> carries into the image gets no header, so it stays byte-identical.
    /// </summary>
    private void TemplateRest(string name, List<string> rest)
    {
        var inputs = rest.Where(p => Load(p).Doc.Encoding != DockerfileEncoding.Latin1Fallback && !Load(p).Doc.HasErrors)
            .Select(p => new Templates.TemplateInput(p, Load(p).Bytes)).ToList();
        if (inputs.Count < 2)
        {
            return;
        }

        var result = Templates.TemplateInferrer.Infer(inputs, new Templates.TemplateInferenceOptions { FamilyName = name, ReservedNames = _templateNames });
        foreach (var skipped in result.NotTemplated)
        {
            _leftAlone.Add(new LeftAlone(skipped.Path, "no template reproduces it: " + skipped.Reason));
        }

        foreach (var template in result.Templates)
        {
            _templateNames.Add(template.Name);
            var bindings = result.Bindings.Where(b => b.TemplateName == template.Name).ToList();
            if (bindings.Count < 2 || _files.ContainsKey(template.Path))
            {
                foreach (var b in bindings)
                {
                    _leftAlone.Add(new LeftAlone(b.Path, bindings.Count < 2 ? "structurally unlike every other member (a template of one file saves nothing)" : $"{template.Path} already exists"));
                }

                continue;
            }

            var kept = new List<(Templates.TemplateBinding, string, string, Templates.HeaderMode)>();
            foreach (var binding in bindings)
            {
                var header = CopiedIntoImage(binding.Path) ? Templates.HeaderMode.None : _options.Header;
                var rendered = Encoding.UTF8.GetString(Templates.TemplateRenderer.Render(template, binding, header));
                if (ProveRendering(binding.Path, rendered) is { } why)
                {
                    _leftAlone.Add(new LeftAlone(binding.Path, why));
                    continue;
                }

                kept.Add((binding, template.Path, rendered, header));
            }

            if (kept.Count >= 2)
            {
                _templates.Add((_currentFamily!, template with { MemberPaths = [.. kept.Select(k => k.Item1.Path)] }));
                _generated.AddRange(kept);
            }
            else
            {
                _leftAlone.AddRange(kept.Select(k => new LeftAlone(k.Item1.Path, "the only member of its template left after others failed the equivalence proof")));
            }
        }
    }

    private Family? _currentFamily;

    private bool CopiedIntoImage(string path)
    {
        var doc = Load(path).Doc;
        if (_configs.TryGetValue(path, out var configs) && configs.Count > 0)
        {
            return configs.Any(c => EquivalenceProver.ContextLeak(doc, c.Args, c.Target, c.Context, References.DockerIgnoreFor(c.Context, c.Dockerfile), [path]) is not null);
        }

        var folder = RepoPaths.DirectoryOf(path);
        return EquivalenceProver.ContextLeak(doc, NoArgs, null, folder, References.DockerIgnoreFor(folder, path), [path]) is not null;
    }

    private static readonly Dictionary<string, string> NoArgs = new(StringComparer.Ordinal);

    private string? ProveRendering(string path, string rendered)
    {
        var original = Load(path).Doc;
        var doc = DockerfileParser.Parse(rendered, path);
        var configs = _configs.TryGetValue(path, out var c) && c.Count > 0 ? c : [new BuildConfiguration(string.Empty, string.Empty, RepoPaths.DirectoryOf(path), path, NoArgs, null, null)];
        foreach (var config in configs)
        {
            var proof = EquivalenceProver.Prove(original, config.Args, doc, config.Args, config.Target);
            if (!proof.Equivalent)
            {
                return $"equivalence proof failed for the rendered template{(config.Service.Length > 0 ? $" ({config.ComposeFile}:{config.Service})" : string.Empty)}: {proof.Difference!.Replace('\n', ' ')}";
            }
        }

        return null;
    }

    /// <summary>
    /// Synthesizes shared Dockerfiles and proves every member's configurations; members that fail are dropped and the
    /// rest re-synthesized (defaults may change) until every group is fully proven or too small.
    /// </summary>
    private List<SharedDockerfile> ProveGroups(string name, List<SynthesisInput> eligible, out List<string> notProven)
    {
        notProven = [];
        var result = new List<SharedDockerfile>();
        var pending = new Queue<List<SynthesisInput>>([eligible]);
        while (pending.Count > 0)
        {
            var candidates = pending.Dequeue();
            var shared = SharedDockerfileSynthesizer.Synthesize(candidates, Header(name), 2, out var ungrouped);
            foreach (var path in ungrouped)
            {
                notProven.Add(path);
                _leftAlone.Add(new LeftAlone(path, "differs structurally from every other member (instructions, RUN/CMD text or unparameterisable values); needs the template strategy"));
            }

            foreach (var group in shared)
            {
                var failed = ProveGroup(group);
                if (failed.Count == 0)
                {
                    result.Add(group);
                    continue;
                }

                foreach (var (path, why) in failed)
                {
                    notProven.Add(path);
                    _leftAlone.Add(new LeftAlone(path, why));
                }

                var rest = candidates.Where(c => group.Members.Contains(c.Path, StringComparer.Ordinal) && !failed.ContainsKey(c.Path)).ToList();
                if (rest.Count >= 2)
                {
                    pending.Enqueue(rest);
                }
                else
                {
                    foreach (var r in rest)
                    {
                        notProven.Add(r.Path);
                        _leftAlone.Add(new LeftAlone(r.Path, "the only member of its group left after others failed the equivalence proof"));
                    }
                }
            }
        }

        return result;
    }

    private Dictionary<string, string> ProveGroup(SharedDockerfile group)
    {
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var sharedDoc = DockerfileParser.Parse(group.Text, "shared");
        foreach (var member in group.Members)
        {
            var original = Load(member).Doc;
            foreach (var config in _configs[member])
            {
                var args = Merge(config.Args, group.Arguments[member]);
                if (config.Args.Keys.Any(group.Arguments[member].ContainsKey))
                {
                    failed[member] = $"{config.ComposeFile}:{config.Service} already passes a build arg named like a new parameter";
                    break;
                }

                var proof = EquivalenceProver.Prove(original, config.Args, sharedDoc, args, config.Target);
                if (!proof.Equivalent)
                {
                    failed[member] = $"equivalence proof failed for {config.ComposeFile}:{config.Service}: {proof.Difference!.Replace('\n', ' ')}";
                    break;
                }

                var ignore = References.DockerIgnoreFor(config.Context, config.Dockerfile);
                if (EquivalenceProver.ContextLeak(original, config.Args, config.Target, config.Context, ignore, [member]) is { } leak)
                {
                    failed[member] = $"{config.ComposeFile}:{config.Service}: {leak}";
                    break;
                }
            }
        }

        return failed;
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        var result = new Dictionary<string, string>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
        {
            result[k] = v;
        }

        return result;
    }

    private PlanResult Assemble(List<(Family Family, string Name, SharedDockerfile Shared)> groups, List<DeadFile> dead)
    {
        // Compose edits can still be refused (anchors, flow style); members of refused services drop out and
        // their groups are re-checked until the set is stable.
        Dictionary<string, ComposeEditResult> composeResults;
        while (true)
        {
            composeResults = EditCompose(groups);
            var refusedMembers = RefusedMembers(groups, composeResults);
            if (refusedMembers.Count == 0)
            {
                break;
            }

            groups = DropMembers(groups, refusedMembers);
        }

        var actions = new List<PlanAction>();
        var proposed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var bases = _options.BaseImages ? ExtractBases(groups) : [];
        var baseOf = new Dictionary<string, (ExtractedBase Base, string Name)>(StringComparer.Ordinal);
        foreach (var (name, extracted) in bases)
        {
            foreach (var consumer in extracted.RewrittenConsumers.Keys)
            {
                baseOf[consumer] = (extracted, name);
            }

            var basePath = Planner.BaseFolder + "/" + name + ".Dockerfile";
            actions.Add(Create(basePath, extracted.Text, $"base image {extracted.Tag} shared by {extracted.RewrittenConsumers.Count} Dockerfiles"));
            proposed[basePath] = extracted.Text;
            foreach (var (rel, source) in extracted.ContextFiles)
            {
                RecordInput(source);
                var copy = Planner.BaseFolder + "/" + name + "/" + rel;
                var content = File.ReadAllText(_files[source].FullPath);
                actions.Add(Create(copy, content, $"build context of base image {name} (copy of {source}, identical in every user's context)"));
                proposed[copy] = content;
            }
        }

        var mappingEntries = new List<ServiceMappingEntry>();
        var proofs = new List<ServiceProof>();
        var removed = new SortedSet<string>(StringComparer.Ordinal);
        var decisionGroups = new Dictionary<Family, List<ConsolidatedGroup>>();
        foreach (var (family, name, shared) in groups)
        {
            var sharedPath = Planner.SharedFolderPath(name);
            var text = baseOf.TryGetValue(name, out var b) ? b.Base.RewrittenConsumers[name] : shared.Text;
            actions.Add(Create(sharedPath, text, $"shared Dockerfile for {shared.Members.Count} services"));
            proposed[sharedPath] = text;
            var baseTag = baseOf.TryGetValue(name, out var bb) ? bb.Base.Tag : null;
            var strategy = shared.Parameters.Count == 0 ? FamilyStrategy.ExactCopies : FamilyStrategy.BuildArgs;
            if (!decisionGroups.TryGetValue(family, out var list))
            {
                decisionGroups[family] = list = [];
            }

            list.Add(new ConsolidatedGroup(strategy, sharedPath, shared.Members, shared.Parameters, baseTag));
            foreach (var member in shared.Members)
            {
                RecordInput(member);
                removed.Add(member);
                foreach (var config in _configs[member])
                {
                    var args = shared.Arguments[member];
                    mappingEntries.Add(new ServiceMappingEntry(config.ComposeFile, config.Service, strategy, sharedPath, sharedPath, config.Context, member, args, baseTag));
                    proofs.Add(new ServiceProof(config.ComposeFile, config.Service, member, sharedPath, Merge(config.Args, args), true, null));
                }
            }
        }

        var templated = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (family, template) in _templates)
        {
            actions.Add(Create(template.Path, template.Source, $"template for {template.MemberPaths.Count} Dockerfiles ({template.Parameters.Count} parameters, {template.Conditionals} conditionals)"));
            proposed[template.Path] = template.Source;
            if (!decisionGroups.TryGetValue(family, out var list))
            {
                decisionGroups[family] = list = [];
            }

            list.Add(new ConsolidatedGroup(FamilyStrategy.Template, template.Path, template.MemberPaths, [.. template.Parameters.Select(p => new PlanParameter(p.Name, null, "template " + p.Kind.ToString().ToLowerInvariant()))], null));
        }

        var generatedEntries = new List<Templates.GeneratedFileEntry>();
        foreach (var (binding, templatePath, rendered, header) in _generated.OrderBy(g => g.Binding.Path, StringComparer.Ordinal))
        {
            RecordInput(binding.Path);
            templated.Add(binding.Path);
            actions.Add(new PlanAction
            {
                Kind = PlanActionKind.Replace,
                Path = binding.Path,
                ExpectedSha256 = _inputs[binding.Path],
                Content = rendered,
                Sha256 = Planner.Sha256(rendered),
                Reason = $"generated from {templatePath}" + (header == Templates.HeaderMode.None ? " (no header: the file is copied into its image)" : string.Empty),
            });
            proposed[binding.Path] = rendered;
            var configs = _configs.TryGetValue(binding.Path, out var c) ? c : [];
            generatedEntries.Add(Templates.GeneratedFileEntry.From(binding, templatePath, header, configs.Count == 1 ? configs[0].Service : null));
            var parameters = binding.Parameters.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
            foreach (var config in configs)
            {
                mappingEntries.Add(new ServiceMappingEntry(config.ComposeFile, config.Service, FamilyStrategy.Template, templatePath, binding.Path, config.Context, binding.Path, parameters, null));
                proofs.Add(new ServiceProof(config.ComposeFile, config.Service, binding.Path, binding.Path, new Dictionary<string, string>(config.Args, StringComparer.Ordinal), true, null));
            }
        }

        foreach (var (path, result) in composeResults.Where(r => r.Value.Edits.Count > 0).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            RecordInput(path);
            actions.Add(new PlanAction
            {
                Kind = PlanActionKind.Replace,
                Path = path,
                ExpectedSha256 = _inputs[path],
                Content = result.Text,
                Sha256 = Planner.Sha256(result.Text),
                Reason = $"point {result.Edits.Select(e => e.Service).Distinct().Count()} services at shared Dockerfiles",
                Edits = result.Edits,
            });
            proposed[path] = result.Text;
        }

        foreach (var member in removed)
        {
            actions.Add(new PlanAction { Kind = PlanActionKind.Remove, Path = member, ExpectedSha256 = _inputs[member], Reason = "replaced by a shared Dockerfile" });
        }

        foreach (var d in dead)
        {
            RecordInput(d.Path);
            actions.Add(new PlanAction { Kind = PlanActionKind.Remove, Path = d.Path, ExpectedSha256 = _inputs[d.Path], Reason = "dead: " + d.Reason });
        }

        var deadPaths = dead.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        var mapping = new ServiceMapping
        {
            Services = [.. mappingEntries.OrderBy(e => e.ComposeFile, StringComparer.Ordinal).ThenBy(e => e.Service, StringComparer.Ordinal)],
            Generated = generatedEntries,
            BaseImages = [.. bases.Select(kv => new BaseImageEntry(kv.Key, Planner.BaseFolder + "/" + kv.Key + ".Dockerfile", Planner.BaseFolder + "/" + kv.Key, kv.Value.Tag, [.. kv.Value.RewrittenConsumers.Keys.Select(Planner.SharedFolderPath).Order(StringComparer.Ordinal)]))],
        };
        var mappingText = PlanJsonContext.Serialize(mapping);
        if (mappingEntries.Count > 0 || generatedEntries.Count > 0)
        {
            actions.Insert(0, Create(ServiceMapping.RepoPath, mappingText, "which shared Dockerfile builds each service, with its parameters"));
            proposed[ServiceMapping.RepoPath] = mappingText;
        }

        var plan = new Plan
        {
            ToolVersion = _options.ToolVersion,
            Options = new PlanOptionsRecord(_options.Strategy switch { StrategyChoice.BuildArgs => "build-args", StrategyChoice.Template => "template", _ => "auto" }, _options.Threshold, _options.RemoveDeadFiles, _options.BaseImages, Project),
            Summary = Summarize(groups, removed.Count, dead.Count, composeResults.Count(r => r.Value.Edits.Count > 0), bases.Count, templated),
            Inputs = [.. _inputs.Select(kv => new PlanInput(kv.Key, kv.Value))],
            Actions = actions,
            Families = [.. _decisions.Select(d => Decide(d, FindGroups(decisionGroups, d), removed, templated, deadPaths))],
            Services = [.. proofs.OrderBy(p => p.ComposeFile, StringComparer.Ordinal).ThenBy(p => p.Service, StringComparer.Ordinal)],
            LeftAlone = [.. _leftAlone.Where(l => !removed.Contains(l.Path) && !templated.Contains(l.Path)).GroupBy(l => l.Path, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(l => l.Path, StringComparer.Ordinal)],
        };
        return new PlanResult(plan, mapping, proposed);
    }

    /// <summary>
    /// Base images for shared Dockerfiles that start alike (same FROM): extracted, then every member's every build
    /// configuration proven again through the base (resolved by tag); a base is used only if all of them hold.
    /// </summary>
    private SortedDictionary<string, ExtractedBase> ExtractBases(List<(Family Family, string Name, SharedDockerfile Shared)> groups)
    {
        var result = new SortedDictionary<string, ExtractedBase>(StringComparer.Ordinal);
        var docs = groups.ToDictionary(g => g.Name, g => DockerfileParser.Parse(g.Shared.Text, Planner.SharedFolderPath(g.Name)), StringComparer.Ordinal);
        var byFrom = groups
            .Where(g => docs[g.Name].Stages.Count == 1)
            .GroupBy(g => docs[g.Name].Stages[0].From.Image, StringComparer.Ordinal)
            .Where(x => x.Count() >= 2);
        foreach (var set in byFrom)
        {
            var candidates = set.Select(g => new BaseCandidate(
                g.Name, docs[g.Name], [.. g.Shared.Members.SelectMany(m => _configs[m]).Select(c => c.Context).Distinct(StringComparer.Ordinal)])).ToList();
            var name = UniqueName(SharedDockerfileSynthesizer.ArgName(set.Key.Replace(':', '-')).ToLowerInvariant().Replace('_', '-'));
            var extracted = BaseImageExtractor.Extract(candidates, Project, name, ReadRepoFile, out var refusal);
            if (extracted is null || !ProveThroughBase(set, extracted, out refusal))
            {
                foreach (var g in set)
                {
                    _baseRefusals[g.Name] = refusal!;
                }

                continue;
            }

            result[name] = extracted;
        }

        return result;
    }

    private readonly Dictionary<string, string> _baseRefusals = new(StringComparer.Ordinal);

    private bool ProveThroughBase(IEnumerable<(Family Family, string Name, SharedDockerfile Shared)> set, ExtractedBase extracted, out string? refusal)
    {
        var resolver = new Dockerfiles.Semantics.DictionaryBaseImageResolver(new Dictionary<string, Dockerfiles.Semantics.BaseImageDefinition>(StringComparer.Ordinal)
        {
            [extracted.Tag] = new(DockerfileParser.Parse(extracted.Text, "base"), new Dictionary<string, string>(StringComparer.Ordinal)),
        });
        foreach (var (_, name, shared) in set)
        {
            var consumer = DockerfileParser.Parse(extracted.RewrittenConsumers[name], Planner.SharedFolderPath(name));
            foreach (var member in shared.Members)
            {
                foreach (var config in _configs[member])
                {
                    var proof = EquivalenceProver.Prove(Load(member).Doc, config.Args, consumer, Merge(config.Args, shared.Arguments[member]), config.Target, resolver);
                    if (!proof.Equivalent)
                    {
                        refusal = $"base image refused: {config.ComposeFile}:{config.Service} would differ ({proof.Difference!.Replace('\n', ' ')})";
                        return false;
                    }
                }
            }
        }

        refusal = null;
        return true;
    }

    /// <summary>A regular file's bytes, or null for missing files, symlinks and files that are not UTF-8 (plan contents are text).</summary>
    private byte[]? ReadRepoFile(string path)
    {
        if (!_files.TryGetValue(path, out var f) || new FileInfo(f.FullPath).LinkTarget is not null)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(f.FullPath);
        try
        {
            _ = StrictUtf8.GetString(bytes);
            return bytes;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private static List<ConsolidatedGroup> FindGroups(Dictionary<Family, List<ConsolidatedGroup>> groups, FamilyDecision decision) =>
        groups.FirstOrDefault(kv => kv.Key.Paths.SequenceEqual(decision.Members, StringComparer.Ordinal)).Value ?? [];

    private Dictionary<string, ComposeEditResult> EditCompose(List<(Family Family, string Name, SharedDockerfile Shared)> groups)
    {
        var byFile = new Dictionary<string, List<BuildEdit>>(StringComparer.Ordinal);
        foreach (var (_, name, shared) in groups)
        {
            var sharedPath = Planner.SharedFolderPath(name);
            foreach (var member in shared.Members)
            {
                foreach (var config in _configs[member])
                {
                    if (!byFile.TryGetValue(config.ComposeFile, out var list))
                    {
                        byFile[config.ComposeFile] = list = [];
                    }

                    list.Add(new BuildEdit(config.Service, BuildConfigurations.RelativePath(config.Context, sharedPath), shared.Arguments[member]));
                }
            }
        }

        var results = new Dictionary<string, ComposeEditResult>(StringComparer.Ordinal);
        foreach (var (file, edits) in byFile)
        {
            var text = File.ReadAllText(_files[file].FullPath);
            results[file] = ComposeEditor.Apply(file, text, edits);
        }

        return results;
    }

    private HashSet<string> RefusedMembers(List<(Family Family, string Name, SharedDockerfile Shared)> groups, Dictionary<string, ComposeEditResult> results)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, _, shared) in groups)
        {
            foreach (var member in shared.Members)
            {
                foreach (var config in _configs[member])
                {
                    if (results[config.ComposeFile].Refused.TryGetValue(config.Service, out var why))
                    {
                        refused.Add(member);
                        _leftAlone.Add(new LeftAlone(member, $"{config.ComposeFile}:{config.Service} cannot be edited safely: {why}"));
                    }
                }
            }
        }

        return refused;
    }

    private List<(Family, string, SharedDockerfile)> DropMembers(List<(Family Family, string Name, SharedDockerfile Shared)> groups, HashSet<string> drop)
    {
        var result = new List<(Family, string, SharedDockerfile)>();
        foreach (var (family, name, shared) in groups)
        {
            var rest = shared.Members.Where(m => !drop.Contains(m)).Select(m => new SynthesisInput(m, Load(m).Doc)).ToList();
            if (rest.Count == shared.Members.Count)
            {
                result.Add((family, name, shared));
                continue;
            }

            foreach (var again in ProveGroups(name, rest, out _))
            {
                result.Add((family, name, again));
            }
        }

        return result;
    }

    private static FamilyDecision Decide(FamilyDecision d, List<ConsolidatedGroup> groups, SortedSet<string> removed, SortedSet<string> templated, HashSet<string> dead)
    {
        var strategy = groups.Count == 0 ? FamilyStrategy.None
            : groups.All(g => g.Strategy == FamilyStrategy.Template) ? FamilyStrategy.Template
            : groups.Where(g => g.Strategy != FamilyStrategy.Template).All(g => g.Strategy == FamilyStrategy.ExactCopies) ? FamilyStrategy.ExactCopies
            : FamilyStrategy.BuildArgs;
        var left = d.Members.Where(m => !removed.Contains(m) && !templated.Contains(m) && !dead.Contains(m)).ToList();
        var covered = groups.Sum(g => g.Members.Count);
        var reason = groups.Count == 0
            ? "no group of members could be proven equivalent with a shared Dockerfile or a template"
            : $"{groups.Count(g => g.Strategy != FamilyStrategy.Template)} shared Dockerfile(s) and {groups.Count(g => g.Strategy == FamilyStrategy.Template)} template(s) cover {covered} of {d.Members.Count} members";
        return d with { Strategy = strategy, Groups = groups, MembersLeftAlone = left, Reason = reason };
    }

    private PlanSummary Summarize(List<(Family Family, string Name, SharedDockerfile Shared)> groups, int removed, int dead, int composeChanged, int baseImages, SortedSet<string> templated)
    {
        var before = _scan.Inventory.Count(f => f.Kind == FileKind.Dockerfile);
        var shared = groups.Count;
        var after = before - removed - dead - templated.Count + shared + baseImages + _templates.Count;
        var consolidated = groups.Sum(g => g.Shared.Members.Sum(m => _configs[m].Count))
            + templated.Sum(p => _configs.TryGetValue(p, out var c) ? c.Count : 0);
        var leftAloneServices = _leftAlone.Select(l => l.Path).Distinct(StringComparer.Ordinal)
            .Where(p => !templated.Contains(p) && !groups.Any(g => g.Shared.Members.Contains(p, StringComparer.Ordinal)))
            .Sum(p => _configs.TryGetValue(p, out var c) ? c.Count : 0);
        var failures = _leftAlone.Where(l => !templated.Contains(l.Path)).Count(l => l.Reason.StartsWith("equivalence proof failed", StringComparison.Ordinal));
        return new PlanSummary(
            before,
            after,
            before == 0 ? 0 : Math.Round(1 - ((double)after / before), 4),
            Templates: _templates.Count,
            BaseImages: baseImages,
            SharedDockerfiles: shared,
            ServicesConsolidated: consolidated,
            ServicesLeftAlone: leftAloneServices,
            EquivalenceFailures: failures,
            DeadFilesRemoved: dead,
            ComposeFilesChanged: composeChanged,
            ScriptWrappers: 0);
    }

    private PlanAction Create(string path, string content, string reason)
    {
        if (_files.ContainsKey(path))
        {
            throw new UserInputException($"the plan would create {path}, which already exists; move it away or choose another --out layout", path);
        }

        return new PlanAction { Kind = PlanActionKind.Create, Path = path, Content = content, Sha256 = Planner.Sha256(content), Mode = "0644", Reason = reason };
    }

    private void RecordInput(string path)
    {
        if (!_inputs.ContainsKey(path))
        {
            _inputs[path] = _dockerfiles.TryGetValue(path, out var d) ? Planner.Sha256(d.Bytes) : Planner.Sha256(File.ReadAllBytes(_files[path].FullPath));
        }
    }

    private (byte[] Bytes, DockerfileDocument Doc) Load(string path)
    {
        if (!_dockerfiles.TryGetValue(path, out var entry))
        {
            var bytes = File.ReadAllBytes(_files[path].FullPath);
            entry = (bytes, DockerfileParser.Parse(bytes, path));
            _dockerfiles[path] = entry;
        }

        return entry;
    }

    private string Project => _options.Project ?? SharedDockerfileSynthesizer.ArgName(Path.GetFileName(_scan.Root.TrimEnd('/'))).ToLowerInvariant().Replace('_', '-');

    private static string Header(string name) =>
        $"Shared Dockerfile '{name}' for {{count}} services, made by 'infradedup plan'; per-service values come from compose build args (see docker/service-mapping.json).";

    private string UniqueName(string name)
    {
        var candidate = name;
        for (var n = 2; !_reservedPaths.Add(candidate) || _files.ContainsKey(Planner.SharedFolderPath(candidate)); n++)
        {
            candidate = name + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>
    /// A readable family name: the affix the members' folder names share ("agent" for <c>*-agent</c>), then the base
    /// image ("python-3.11-slim"), e.g. <c>agent-python-3.11-slim</c>.
    /// </summary>
    internal string FamilyName(Family family)
    {
        var folders = family.Paths.Select(p => RepoPaths.NameOf(RepoPaths.DirectoryOf(p))).ToList();
        var words = folders.Select(f => f.Split('-', '_', '.')).ToList();
        var affix = CommonSuffix(words) is { Length: > 0 } s ? s : CommonPrefix(words);
        var baseImage = _dockerfiles.TryGetValue(family.Medoid, out var d) || _files.ContainsKey(family.Medoid)
            ? Load(family.Medoid).Doc.Instructions.OfType<FromInstruction>().LastOrDefault()?.Image ?? string.Empty
            : string.Empty;
        var image = Slug(baseImage[(baseImage.LastIndexOf('/') + 1)..].Replace(':', '-'));
        var name = string.Join('-', new[] { Slug(affix), image }.Where(x => x.Length > 0));
        return name.Length == 0 ? "family" : name;
    }

    private static string CommonSuffix(List<string[]> words)
    {
        var parts = new List<string>();
        for (var i = 1; words.All(w => w.Length >= i) && words.Select(w => w[^i]).Distinct(StringComparer.Ordinal).Count() == 1; i++)
        {
            parts.Insert(0, words[0][^i]);
        }

        return parts.Count == words.Min(w => w.Length) ? string.Empty : string.Join('-', parts);
    }

    private static string CommonPrefix(List<string[]> words)
    {
        var parts = new List<string>();
        for (var i = 0; words.All(w => w.Length > i) && words.Select(w => w[i]).Distinct(StringComparer.Ordinal).Count() == 1; i++)
        {
            parts.Add(words[0][i]);
        }

        return parts.Count == words.Min(w => w.Length) ? string.Empty : string.Join('-', parts);
    }

    private static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '.' ? c : '-');
        }

        return sb.ToString().Trim('-', '.');
    }
}
