using InfraDedup.Core.Compose;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Planning;

/// <summary>
/// The last stage: turns the proven shared Dockerfiles, base images, templates, compose edits and dead files into plan
/// actions (creates, then replaces, then removes), the service mapping, per-family decisions and the summary.
/// </summary>
internal sealed class PlanAssembler(PlanContext context, TemplateStrategy templates)
{
    /// <param name="baseStage">The stage that chose <paramref name="bases"/> (which sources and files start from them); null when base images were not asked for.</param>
    /// <param name="mappingTextLater">
    /// Leave the mapping file's text out (its create action holds no content yet, and it is not among the proposed
    /// files): a later stage that changes the mapping writes it once, and <see cref="WithMappingText"/> fills it in.
    /// </param>
    public PlanResult Assemble(List<SharedGroup> groups, Dictionary<string, ComposeEditResult> composeResults, SortedDictionary<string, ExtractedBase> bases, List<DeadFile> dead, BaseImageStage? baseStage = null, bool mappingTextLater = false)
    {
        var options = context.Options;
        var wiring = new BaseImageWiring(context, bases);
        var users = baseStage?.Users ?? [];
        var memberBases = baseStage?.MemberBases ?? [];
        var actions = new List<PlanAction>();
        var proposed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var baseOf = new Dictionary<string, (ExtractedBase Base, string Name)>(StringComparer.Ordinal);
        foreach (var (name, extracted) in bases)
        {
            foreach (var consumer in extracted.RewrittenConsumers.Keys)
            {
                baseOf[consumer] = (extracted, name);
            }

            var basePath = BaseImageWiring.Dockerfile(name);
            var usedBy = users.GetValueOrDefault(name) ?? [.. extracted.RewrittenConsumers.Keys.Select(Planner.SharedFolderPath).Order(StringComparer.Ordinal)];
            actions.Add(context.Create(basePath, extracted.Text, $"base image {extracted.Tag} shared by {usedBy.Count} maintained sources ({string.Join(", ", usedBy)})"));
            proposed[basePath] = extracted.Text;
            foreach (var (rel, source) in extracted.ContextFiles)
            {
                context.RecordInput(source);
                var copy = Planner.BaseFolder + "/" + name + "/" + rel;
                var content = File.ReadAllText(context.Files[source].FullPath);
                var mode = IsExecutable(source) ? "0755" : "0644";
                actions.Add(context.Create(copy, content, $"build context of base image {name} (copy of {source}, identical in every user's context)") with { Mode = mode });
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
            actions.Add(context.Create(sharedPath, text, $"shared Dockerfile for {shared.Members.Count} services"));
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
                context.RecordInput(member);
                removed.Add(member);
                foreach (var config in context.Configs[member])
                {
                    var args = shared.Arguments[member];
                    mappingEntries.Add(new ServiceMappingEntry(config.ComposeFile, config.Service, strategy, sharedPath, sharedPath, config.Context, member, args, baseTag));
                    proofs.Add(new ServiceProof(config.ComposeFile, config.Service, member, sharedPath, PlanContext.Merge(config.Args, args), true, null));
                }
            }
        }

        var templated = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (family, template) in templates.Templates)
        {
            actions.Add(context.Create(template.Path, template.Source, $"template for {template.MemberPaths.Count} Dockerfiles ({template.Parameters.Count} parameters, {template.Conditionals} conditionals)"));
            proposed[template.Path] = template.Source;

            // A template across variants holds members of several families: each family lists its own members.
            foreach (var members in template.MemberPaths.GroupBy(m => templates.FamilyOf.GetValueOrDefault(m, family)))
            {
                if (!decisionGroups.TryGetValue(members.Key, out var list))
                {
                    decisionGroups[members.Key] = list = [];
                }

                list.Add(new ConsolidatedGroup(FamilyStrategy.Template, template.Path, [.. members], [.. template.Parameters.Select(p => new PlanParameter(p.Name, null, "template " + p.Kind.ToString().ToLowerInvariant()))], baseStage?.TemplateBases.GetValueOrDefault(template.Path)));
            }
        }

        var generatedEntries = new List<GeneratedFileEntry>();
        foreach (var (binding, templatePath, rendered, header) in templates.Generated.OrderBy(g => g.Binding.Path, StringComparer.Ordinal))
        {
            context.RecordInput(binding.Path);
            templated.Add(binding.Path);
            actions.Add(new PlanAction
            {
                Kind = PlanActionKind.Replace,
                Path = binding.Path,
                ExpectedSha256 = context.Inputs[binding.Path],
                Content = rendered,
                Sha256 = Planner.Sha256(rendered),
                Reason = $"generated from {templatePath}" + (header == HeaderMode.None ? " (no header: the file is copied into its image)" : string.Empty),
            });
            proposed[binding.Path] = rendered;
            var configs = context.Configs.TryGetValue(binding.Path, out var c) ? c : [];
            generatedEntries.Add(GeneratedFileEntry.From(binding, templatePath, header, configs.Count == 1 ? configs[0].Service : null));
            var parameters = binding.Parameters.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
            foreach (var config in configs)
            {
                mappingEntries.Add(new ServiceMappingEntry(config.ComposeFile, config.Service, FamilyStrategy.Template, templatePath, binding.Path, config.Context, binding.Path, parameters, memberBases.GetValueOrDefault(binding.Path)));
                proofs.Add(new ServiceProof(config.ComposeFile, config.Service, binding.Path, binding.Path, new Dictionary<string, string>(config.Args, StringComparer.Ordinal), true, null));
            }
        }

        if (bases.Count > 0)
        {
            wiring.WireCompose(composeResults, mappingEntries);
        }

        foreach (var (path, result) in composeResults.Where(r => r.Value.Edits.Count > 0).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            context.RecordInput(path);
            actions.Add(new PlanAction
            {
                Kind = PlanActionKind.Replace,
                Path = path,
                ExpectedSha256 = context.Inputs[path],
                Content = result.Text,
                Sha256 = Planner.Sha256(result.Text),
                Reason = $"point {result.Edits.Select(e => e.Service).Distinct().Count()} services at shared Dockerfiles" + (result.Edits.Any(e => e.Key is "image" || e.Key.StartsWith("build.additional_contexts", StringComparison.Ordinal)) ? " and wire their base images" : string.Empty),
                Edits = result.Edits,
            });
            proposed[path] = result.Text;
        }

        foreach (var member in removed)
        {
            actions.Add(new PlanAction { Kind = PlanActionKind.Remove, Path = member, ExpectedSha256 = context.Inputs[member], Reason = "replaced by a shared Dockerfile" });
        }

        foreach (var d in dead)
        {
            actions.Add(new PlanAction { Kind = PlanActionKind.Remove, Path = d.Path, ExpectedSha256 = context.Inputs[d.Path], Reason = "dead: " + d.Reason });
        }

        var deadPaths = dead.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        var mapping = new ServiceMapping
        {
            Services = [.. mappingEntries.OrderBy(e => e.ComposeFile, StringComparer.Ordinal).ThenBy(e => e.Service, StringComparer.Ordinal)],
            Generated = generatedEntries,
            BaseImages = [.. bases.Select(kv => new BaseImageEntry(kv.Key, BaseImageWiring.Dockerfile(kv.Key), BaseImageStage.BaseContext(kv.Key, kv.Value), kv.Value.Tag, users.GetValueOrDefault(kv.Key) ?? [.. kv.Value.RewrittenConsumers.Keys.Select(Planner.SharedFolderPath).Order(StringComparer.Ordinal)]))],
        };
        if (mappingEntries.Count > 0 || generatedEntries.Count > 0)
        {
            if (mappingTextLater)
            {
                actions.Insert(0, context.Create(ServiceMapping.RepoPath, string.Empty, MappingReason) with { Content = null, Sha256 = null });
            }
            else
            {
                var mappingText = PlanJsonContext.Serialize(mapping);
                actions.Insert(0, context.Create(ServiceMapping.RepoPath, mappingText, MappingReason));
                proposed[ServiceMapping.RepoPath] = mappingText;
            }
        }

        if (bases.Count > 0)
        {
            // Every builder knows the order: bake builds the bases first (a root bake file that exists is not overwritten).
            var bakePath = context.Files.ContainsKey(BakeFile.FileName) ? Planner.BaseFolder + "/" + BakeFile.FileName : BakeFile.FileName;
            var bake = wiring.Bake(mapping, memberBases).ToHcl();
            actions.Insert(Math.Min(1, actions.Count), context.Create(bakePath, bake, "Buildx Bake file: base images first, then every consolidated build (docker buildx bake)"));
            proposed[bakePath] = bake;
        }

        var baseNotes = new List<string>();
        if (options.BaseImages && baseStage?.NoBaseNote is { } none)
        {
            baseNotes.Add(none);
        }

        baseNotes.AddRange(wiring.Notes);

        var plan = new Plan
        {
            ToolVersion = options.ToolVersion,
            Options = new PlanOptionsRecord(options.Strategy switch { StrategyChoice.BuildArgs => "build-args", StrategyChoice.Template => "template", _ => "auto" }, options.Threshold, options.RemoveDeadFiles, options.BaseImages, context.Project),
            Summary = Summarize(groups, removed.Count, dead.Count, composeResults.Count(r => r.Value.Edits.Count > 0), bases.Count, templated, deadPaths),
            Inputs = [.. context.Inputs.Select(kv => new PlanInput(kv.Key, kv.Value))],
            Actions = actions,
            Families = [.. context.Decisions.Select(d => Decide(d, FindGroups(decisionGroups, d), removed, templated, deadPaths))],
            Services = [.. proofs.OrderBy(p => p.ComposeFile, StringComparer.Ordinal).ThenBy(p => p.Service, StringComparer.Ordinal)],
            DeadFiles = [.. context.Scan.DeadFiles.Select(d => new PlanDeadFile(d.Path, d.Kind, d.Reason, deadPaths.Contains(d.Path)))],
            IncompleteReferenceSources = [.. context.Scan.IncompleteReferenceSources.Select(i => new PlanIncompleteSource(i.Path, i.Reason))],
            Warnings = context.Warnings(),
            BaseImagesNote = baseNotes.Count > 0 ? string.Join(" ", baseNotes) : null,
            LeftAlone = [.. context.LeftAlone.Where(l => !removed.Contains(l.Path) && !templated.Contains(l.Path)).GroupBy(l => l.Path, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(l => l.Path, StringComparer.Ordinal)],
        };
        return new PlanResult(plan, mapping, proposed);
    }

    /// <summary>Why a plan creates the mapping file.</summary>
    internal const string MappingReason = "which shared Dockerfile builds each service, with its parameters";

    /// <summary>Whether the mapping file's action waits for its text (<see cref="WithMappingText(PlanResult, string)"/>).</summary>
    internal static bool LacksMappingText(PlanResult result) =>
        result.Plan.Actions.FirstOrDefault(a => a.Path == ServiceMapping.RepoPath) is { Content: null };

    /// <summary>
    /// Fills in the mapping file's text where <see cref="Assemble"/> left it out (<c>mappingTextLater</c>): the create
    /// action's content and hash, and the proposed file. A plan whose mapping action has its text already is returned as it is.
    /// </summary>
    internal static PlanResult WithMappingText(PlanResult result) =>
        LacksMappingText(result) ? WithMappingText(result, PlanJsonContext.Serialize(result.Mapping)) : result;

    /// <summary>As <see cref="WithMappingText(PlanResult)"/>, with the text of <paramref name="result"/>'s mapping made already.</summary>
    internal static PlanResult WithMappingText(PlanResult result, string text)
    {
        var actions = result.Plan.Actions.ToList();
        var at = actions.FindIndex(a => a.Path == ServiceMapping.RepoPath);
        if (at < 0 || actions[at].Content is not null)
        {
            return result;
        }

        actions[at] = actions[at] with { Content = text, Sha256 = Planner.Sha256(text) };
        var proposed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in result.ProposedFiles)
        {
            proposed[path] = content;
        }

        proposed[ServiceMapping.RepoPath] = text;
        return result with { Plan = result.Plan with { Actions = actions }, ProposedFiles = proposed };
    }

    private bool IsExecutable(string path) =>
        context.Files.TryGetValue(path, out var f) && (f.Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static List<ConsolidatedGroup> FindGroups(Dictionary<Family, List<ConsolidatedGroup>> groups, FamilyDecision decision) =>
        groups.FirstOrDefault(kv => kv.Key.Paths.SequenceEqual(decision.Members, StringComparer.Ordinal)).Value ?? [];

    /// <summary>A family's final decision: its strategy and reason from the groups that survived every stage.</summary>
    internal static FamilyDecision Decide(FamilyDecision d, List<ConsolidatedGroup> groups, SortedSet<string> removed, SortedSet<string> templated, HashSet<string> dead)
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

    private PlanSummary Summarize(List<SharedGroup> groups, int removed, int dead, int composeChanged, int baseImages, SortedSet<string> templated, HashSet<string> removedAsDead)
    {
        var before = context.Scan.Inventory.Count(f => f.Kind == FileKind.Dockerfile);
        var shared = groups.Count;
        var after = before - removed - dead - templated.Count + shared + baseImages + templates.Templates.Count;
        var grouped = groups.SelectMany(g => g.Shared.Members).ToHashSet(StringComparer.Ordinal);
        var keptDead = context.Scan.DeadFiles.Count(d => d.Kind == "dockerfile" && !removedAsDead.Contains(d.Path) && !templated.Contains(d.Path) && !grouped.Contains(d.Path));
        var consolidated = groups.Sum(g => g.Shared.Members.Sum(m => context.Configs[m].Count))
            + templated.Sum(p => context.Configs.TryGetValue(p, out var c) ? c.Count : 0);
        var leftAloneServices = context.LeftAlone.Select(l => l.Path).Distinct(StringComparer.Ordinal)
            .Where(p => !templated.Contains(p) && !grouped.Contains(p))
            .Sum(p => context.Configs.TryGetValue(p, out var c) ? c.Count : 0);
        var failures = context.LeftAlone.Where(l => !templated.Contains(l.Path)).Count(l => l.Reason.StartsWith("equivalence proof failed", StringComparison.Ordinal));
        var invalid = context.LeftAlone.Where(l => l.Reason.StartsWith(PlanContext.InvalidReason, StringComparison.Ordinal)).Select(l => l.Path).Distinct(StringComparer.Ordinal).Count();
        return new PlanSummary(
            before,
            after,
            before == 0 ? 0 : Math.Round(1 - ((double)after / before), 4),
            Templates: templates.Templates.Count,
            BaseImages: baseImages,
            SharedDockerfiles: shared,
            ServicesConsolidated: consolidated,
            ServicesLeftAlone: leftAloneServices,
            EquivalenceFailures: failures,
            DeadFilesRemoved: dead,
            ComposeFilesChanged: composeChanged,
            ScriptWrappers: 0)
        {
            InvalidOriginals = invalid,
            ReductionFromConsolidation = before == 0 ? 0 : Math.Round(1 - ((double)(after + dead) / before), 4),
            DeadDockerfilesKept = keptDead,
            ReductionWithDeadRemoval = before == 0 ? 0 : Math.Round(1 - ((double)(after - keptDead) / before), 4),
        };
    }
}
