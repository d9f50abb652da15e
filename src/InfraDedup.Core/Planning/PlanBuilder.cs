using System.Globalization;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Planning;

/// <summary>
/// One planning run (one per <see cref="Planner.Make"/> call): for each family, the build-args strategy first (unless
/// templates only), templates for the rest (unless build args only); then compose rewrite, base images, assembly and
/// the accounting of every file (<see cref="PlanAccounting"/>).
/// </summary>
internal sealed class PlanBuilder
{
    private readonly PlanContext _context;
    private readonly BuildArgStrategy _buildArgs;
    private readonly TemplateStrategy _templates;

    public PlanBuilder(ScanReport scan, PlanOptions options)
    {
        _context = new PlanContext(scan, options);
        _buildArgs = new BuildArgStrategy(_context);
        _templates = new TemplateStrategy(_context);
    }

    /// <summary>The Dockerfiles this run parsed from text read as <see cref="File.ReadAllText(string)"/> would read it.</summary>
    public IReadOnlyDictionary<string, Dockerfiles.DockerfileDocument> ParsedAsText() => _context.ParsedAsText();

    public PlanResult Build(IReadOnlyList<Family> families, CancellationToken cancellationToken)
    {
        var options = _context.Options;
        var timings = StageTimings.FromEnvironment();
        _context.Preload(cancellationToken);
        var secrets = options.CollectSecrets ? CollectSecretsMeanwhile() : null;
        // Reference-deciding files (compose, .env, workflows, Makefiles, scripts) are inputs: apply refuses when one changed.
        foreach (var (path, sha) in _context.References.Inputs)
        {
            _context.Inputs.TryAdd(path, sha);
        }

        var dead = options.RemoveDeadFiles && _context.Scan.DeadFilesComplete
            ? _context.Scan.DeadFiles.Where(d => d.Kind == "dockerfile" && _context.Files.ContainsKey(d.Path) && _context.TryRecordInput(d.Path)).OrderBy(d => d.Path, StringComparer.Ordinal).ToList()
            : [];
        var deadPaths = dead.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        var groups = new List<SharedGroup>();
        foreach (var family in families.Where(f => f.Kind == FamilyKind.Dockerfile))
        {
            List<string> notProvenList = [];
            cancellationToken.ThrowIfCancellationRequested();
            var name = _context.UniqueName(FamilyNaming.Name(_context, family));
            var members = family.Paths.Where(p => !deadPaths.Contains(p) && _context.TryLoad(p)).ToList();
            var eligible = new List<SynthesisInput>();
            var ineligible = new List<string>();
            foreach (var path in members)
            {
                if (_buildArgs.Ineligible(path) is { } why)
                {
                    _context.LeftAlone.Add(new LeftAlone(path, why));
                    ineligible.Add(path);
                }
                else
                {
                    eligible.Add(new SynthesisInput(path, _context.Load(path).Doc));
                }
            }

            var proven = options.Strategy == StrategyChoice.Template ? [] : _buildArgs.ProveGroups(name, eligible, out notProvenList);
            var notProven = options.Strategy == StrategyChoice.Template ? [.. members] : notProvenList;
            if (options.Strategy != StrategyChoice.BuildArgs)
            {
                var consolidated = proven.SelectMany(p => p.Members).ToHashSet(StringComparer.Ordinal);
                var rest = members.Where(m => !consolidated.Contains(m)).ToList();
                _templates.QueueFamily(family, name, rest);
            }

            var index = 0;
            foreach (var shared in proven)
            {
                var sourceName = proven.Count == 1 ? name : name + "-" + (++index).ToString(CultureInfo.InvariantCulture);
                groups.Add(new SharedGroup(family, sourceName, shared));
            }

            _context.Decisions.Add(new FamilyDecision(
                name,
                proven.Count == 0 ? FamilyStrategy.None : proven.All(p => p.Parameters.Count == 0) ? FamilyStrategy.ExactCopies : FamilyStrategy.BuildArgs,
                [.. family.Paths],
                [],
                [.. notProven.Concat(ineligible).Order(StringComparer.Ordinal)],
                proven.Count == 0 ? "no group of members could be proven equivalent with one shared Dockerfile" : $"{proven.Count} shared Dockerfile(s) for {proven.Sum(p => p.Members.Count)} of {members.Count} live members"));
        }

        if (options.Strategy != StrategyChoice.BuildArgs)
        {
            // Dockerfiles in no family may still share a template with others (grouping is by alignment cost across the tree).
            var inFamilies = families.SelectMany(f => f.Paths).ToHashSet(StringComparer.Ordinal);
            var loose = _context.Scan.Inventory.Where(f => f.Kind == FileKind.Dockerfile && !inFamilies.Contains(f.RelativePath) && !deadPaths.Contains(f.RelativePath) && _context.TryLoad(f.RelativePath))
                .Select(f => f.RelativePath).Order(StringComparer.Ordinal).ToList();
            _templates.QueueLoose(loose);
        }

        timings.Mark("  plan: build args per family");
        _templates.TemplateAll(cancellationToken);
        timings.Mark($"  plan: templates ({TemplateInferrer.MergeSearchCounts()})");
        var copies = new CopiedFileStage(_context);
        if (options.OverlapStages)
        {
            copies.StartMeanwhile();
        }

        groups = new ComposeRewriteStage(_context, _buildArgs).Settle(groups, out var composeResults);
        var baseStage = new BaseImageStage(_context, _templates);
        var bases = options.BaseImages ? baseStage.Extract(groups) : [];
        timings.Mark("  plan: compose rewrite + base images");
        // The mapping is written once, after the copies stage has added its files to it.
        var result = new PlanAssembler(_context, _templates).Assemble(groups, composeResults, bases, dead, options.BaseImages ? baseStage : null, mappingTextLater: true);
        timings.Mark("  plan: assemble");
        result = copies.AddTo(result);
        timings.Mark("  plan: files copied into build contexts");
        // The mapping is final now. Its text (tens of megabytes for a large tree) is made beside the scripts and the
        // accounting, which change no mapping and read no action's content.
        var mapping = result.Mapping;
        var mappingText = PlanAssembler.LacksMappingText(result) ? Task.Run(() => PlanJsonContext.Serialize(mapping)) : null;
        result = new ScriptConsolidationStage(_context).Add(result, cancellationToken);
        timings.Mark("  plan: scripts");

        // Last: where every Dockerfile and script of the tree went, from the assembled plan.
        var facts = new AccountingFacts { ParseErrors = _context.Scan.ParseErrors, Configurations = _context.Configs, InvalidReason = _context.InvalidOrUnreadable };
        var accounting = PlanAccounting.Of(result.Plan, _context.Scan.Inventory, _context.Scan.DeadFiles, families, options.Threshold, facts);
        result = result with { Plan = result.Plan with { Accounting = accounting } };
        timings.Mark("  plan: accounting");
        if (mappingText is not null)
        {
            result = PlanAssembler.WithMappingText(result, ReferenceEquals(result.Mapping, mapping) ? mappingText.GetAwaiter().GetResult() : PlanJsonContext.Serialize(result.Mapping));
            timings.Mark("  plan: the mapping's text (waiting for it)");
        }

        if (secrets is not null)
        {
            result = result with { Redactor = secrets.GetAwaiter().GetResult() };
            timings.Mark("  plan: secrets (waiting for them)");
        }

        return result;
    }

    /// <summary>
    /// Starts collecting the tree's secrets from the scan's inventory and the Dockerfiles parsed so far, on the thread
    /// pool: it reads nothing the stages write, and most stages leave a core idle. The parses are taken now, on this
    /// thread, because the stages add to them; a Dockerfile parsed later is read and parsed by the collection itself,
    /// which gives the same secrets (a parse is only reused where it read the very text the collection would read).
    /// </summary>
    private Task<Secrets.SecretRedactor> CollectSecretsMeanwhile()
    {
        var reads = new PlanReads(_context.Scan.Inventory, _context.ParsedAsText());
        var root = _context.Scan.Root;
        return Task.Run(() => reads.Redactor(root));
    }
}
