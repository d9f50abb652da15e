using System.Globalization;
using System.Text;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using InfraDedup.Core.References;
using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Planning;

/// <summary>
/// Base images across families and strategies. After shared Dockerfiles and templates are decided, every Dockerfile
/// the plan writes is a unit of its maintained source — a shared Dockerfile, or one rendered file of a template (so a
/// template whose suites start differently can put each suite on the base it shares with other sources); units whose
/// planned Dockerfiles share a sound instruction prefix (<see cref="BaseImageGrouping"/>) get one extracted base image,
/// and each unit is rewritten to start <c>FROM</c> the base's tag: a shared Dockerfile directly, a template by
/// inferring it again from its members' rewritten originals. Every build configuration of every member is proven again with the
/// base chain resolved; a unit that fails stays as it was, and the choice is made again without it.
/// <para>
/// The rule that a base pays (<see cref="MinimumSources"/>): it must serve at least two maintained sources. A base
/// used by one template only moves lines from one file into another and adds a file, so it is never proposed.
/// </para>
/// </summary>
internal sealed class BaseImageStage(PlanContext context, TemplateStrategy templates)
{
    /// <summary>A base image is kept only when at least this many maintained sources (shared Dockerfiles or templates) start from it.</summary>
    public const int MinimumSources = BaseImageGrouping.MinimumSources;

    /// <summary>Why a unit (<c>shared:&lt;name&gt;</c> or <c>template:&lt;path&gt;</c>) got no base image.</summary>
    public Dictionary<string, string> Refusals { get; } = new(StringComparer.Ordinal);

    /// <summary>Base image tag of each template path that starts from a base.</summary>
    public Dictionary<string, string> TemplateBases { get; } = new(StringComparer.Ordinal);

    /// <summary>Base image tag of each generated Dockerfile that starts from a base.</summary>
    public Dictionary<string, string> MemberBases { get; } = new(StringComparer.Ordinal);

    /// <summary>Maintained sources (shared Dockerfile and template paths) that start from each base, by base name.</summary>
    public Dictionary<string, IReadOnlyList<string>> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Why the plan has no base image (set when base images were allowed and none was kept).</summary>
    public string? NoBaseNote { get; private set; }

    private BaseContextSource? _source;

    /// <summary>Every original Dockerfile the plan rewrites through a shared Dockerfile or a template (the rest are left as they are).</summary>
    private HashSet<string> _written = new(StringComparer.Ordinal);

    private BaseContextSource Source => _source ??= new BaseContextSource(context);

    /// <summary>Prefix keys of the units, computed once for every round and the no-base note (the source is thread-safe).</summary>
    private readonly BaseImageGrouping.UnitKeyCache _keys = new();

    /// <summary>
    /// Chooses the bases, rewrites the shared Dockerfiles (through <see cref="ExtractedBase.RewrittenConsumers"/>) and
    /// the templates (in <paramref name="templates"/>); units that fail their proof are left out and the choice is
    /// made again until every chosen base holds for all its users. Returns the bases kept, by name.
    /// </summary>
    public SortedDictionary<string, ExtractedBase> Extract(List<SharedGroup> groups)
    {
        var units = new List<BaseUnit>();
        var sharedByKey = new Dictionary<string, SharedGroup>(StringComparer.Ordinal);
        var templateOf = new Dictionary<string, InferredTemplate>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var key = "shared:" + group.Name;
            sharedByKey[key] = group;
            var contexts = group.Shared.Members.SelectMany(m => context.Configs[m]).Select(c => c.Context).Distinct(StringComparer.Ordinal).ToList();
            units.Add(new BaseUnit(key, [new BaseUnitMember(group.Name, DockerfileParser.Parse(group.Shared.Text, Planner.SharedFolderPath(group.Name)), contexts)]));
        }

        // Whether each member's build copies its own Dockerfile: independent checks on loaded documents, by index.
        var checkedPaths = templates.Templates.SelectMany(t => t.Template.MemberPaths).Distinct(StringComparer.Ordinal).ToArray();
        var copiedFlags = new bool[checkedPaths.Length];
        Parallel.For(0, checkedPaths.Length, i => copiedFlags[i] = templates.CopiedIntoImage(checkedPaths[i]));
        var copiedIntoImage = checkedPaths.Where((_, i) => copiedFlags[i]).ToHashSet(StringComparer.Ordinal);
        foreach (var (_, template) in templates.Templates)
        {
            var key = "template:" + template.Path;
            if (template.MemberPaths.FirstOrDefault(copiedIntoImage.Contains) is { } copied)
            {
                Refusals[key] = $"{copied} is copied into its own image ({LeakOf(copied)}), so its bytes must not change";
                continue;
            }

            foreach (var path in template.MemberPaths)
            {
                templateOf[path] = template;
                units.Add(new BaseUnit(path, [new BaseUnitMember(path, context.Load(path).Doc, ContextsOf(path))]) { Source = key });
            }
        }

        _written = [.. groups.SelectMany(g => g.Shared.Members), .. templates.Templates.SelectMany(t => t.Template.MemberPaths)];
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> stops = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var round = 0; round <= units.Count; round++)
        {
            var active = units.Where(u => !excluded.Contains(u.Key)).ToList();
            var found = BaseImageGrouping.Find(active, Source, _keys, out var roundStops);
            stops = round == 0 ? roundStops : stops;
            var chosen = Choose(found, excluded);
            var resolver = Resolver(chosen.Select(c => c.Base));
            var failed = new List<string>();
            foreach (var (_, extracted, members) in chosen)
            {
                foreach (var unit in members.Where(u => sharedByKey.ContainsKey(u.Key)))
                {
                    if (ProveShared(sharedByKey[unit.Key], extracted, resolver) is { } why)
                    {
                        Refusals[unit.Key] = why;
                        failed.Add(unit.Key);
                    }
                }
            }

            var rebased = new List<(int Index, InferredTemplate Template, List<(TemplateBinding, string, string, HeaderMode)> Generated)>();
            var assigned = chosen.SelectMany(c => c.Units.Where(u => templateOf.ContainsKey(u.Key)).Select(u => (Path: u.Key, c.Base)));
            foreach (var byTemplate in assigned.GroupBy(a => templateOf[a.Path].Path, StringComparer.Ordinal))
            {
                var template = templateOf[byTemplate.First().Path];
                if (Rebase(template, byTemplate.ToDictionary(a => a.Path, a => a.Base, StringComparer.Ordinal), resolver, out var why) is { } done)
                {
                    rebased.Add(done);
                }
                else
                {
                    Refusals["template:" + template.Path] = why!;
                    failed.AddRange(template.MemberPaths);
                }
            }

            if (failed.Count > 0)
            {
                excluded.UnionWith(failed);
                continue;
            }

            foreach (var (index, template, generated) in rebased)
            {
                templates.Templates[index] = (templates.Templates[index].Family, template);
                templates.Generated.RemoveAll(g => g.TemplatePath == template.Path);
                templates.Generated.AddRange(generated);
            }

            return Keep(chosen, sharedByKey, templateOf, units, stops);
        }

        NoBaseNote = WhyNoBase(units, stops);
        return [];
    }

    /// <summary>Extracts a base for every group found; a group the extractor refuses leaves its units out of later rounds.</summary>
    private List<(string Name, ExtractedBase Base, List<BaseUnit> Units)> Choose(IReadOnlyList<BaseUnitGroup> found, HashSet<string> excluded)
    {
        var chosen = new List<(string Name, ExtractedBase Base, List<BaseUnit> Units)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in found)
        {
            var name = FreeBaseName(BaseName(group.Units), names);
            var consumers = group.Units.SelectMany(u => u.Members).Select(m => new BaseCandidate(m.Name, m.Document, m.Contexts)).ToList();
            if (BaseImageExtractor.Extract(consumers, context.Project, name, Source, out var refusal) is { } extracted)
            {
                chosen.Add((name, extracted, [.. group.Units]));
                continue;
            }

            foreach (var unit in group.Units)
            {
                Refusals[unit.Key] = refusal!;
                excluded.Add(unit.Key);
            }
        }

        return chosen;
    }

    private SortedDictionary<string, ExtractedBase> Keep(
        List<(string Name, ExtractedBase Base, List<BaseUnit> Units)> chosen,
        Dictionary<string, SharedGroup> sharedByKey,
        Dictionary<string, InferredTemplate> templateOf,
        List<BaseUnit> units,
        IReadOnlyDictionary<string, string> stops)
    {
        var result = new SortedDictionary<string, ExtractedBase>(StringComparer.Ordinal);
        foreach (var (name, extracted, members) in chosen)
        {
            _ = context.UniqueName(name); // reserve it: no shared Dockerfile or later base takes the name
            var sharedNames = members.Where(u => sharedByKey.ContainsKey(u.Key)).Select(u => sharedByKey[u.Key].Name).ToHashSet(StringComparer.Ordinal);
            result[name] = extracted with { RewrittenConsumers = extracted.RewrittenConsumers.Where(kv => sharedNames.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal) };
            foreach (var unit in members.Where(u => templateOf.ContainsKey(u.Key)))
            {
                MemberBases[unit.Key] = extracted.Tag;
            }

            Users[name] = [.. members.Select(u => sharedByKey.TryGetValue(u.Key, out var s) ? Planner.SharedFolderPath(s.Name) : templateOf[u.Key].Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        // A template names its base when every one of its files starts from the same one.
        foreach (var template in templateOf.Values.Distinct())
        {
            if (template.MemberPaths.Select(p => MemberBases.GetValueOrDefault(p)).Distinct().ToList() is [{ } only])
            {
                TemplateBases[template.Path] = only;
            }
        }

        if (result.Count == 0)
        {
            NoBaseNote = WhyNoBase(units, stops);
        }

        return result;
    }

    /// <summary>A base name no other base, shared Dockerfile or repository file uses.</summary>
    private string FreeBaseName(string wanted, HashSet<string> taken)
    {
        var candidate = wanted;
        for (var n = 2; taken.Contains(candidate) || context.IsNameTaken(candidate) || context.Files.ContainsKey(Planner.BaseFolder + "/" + candidate + ".Dockerfile"); n++)
        {
            candidate = wanted + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        taken.Add(candidate);
        return candidate;
    }

    /// <summary>
    /// Why the plan has no base image, in one paragraph a reader can check against the Dockerfiles: how many maintained
    /// sources could start from one; the longest sound prefix two of them share and the lines where it ends; whether the
    /// Dockerfiles the plan leaves alone share one; where each source's own sound prefix stops; what was left out.
    /// </summary>
    private string WhyNoBase(List<BaseUnit> units, IReadOnlyDictionary<string, string> stops)
    {
        var refused = Refusals.Select(kv => kv.Key + ": " + kv.Value).Order(StringComparer.Ordinal).Take(3).ToList();
        var tail = refused.Count > 0 ? " Left out: " + string.Join("; ", refused) + (Refusals.Count > 3 ? $"; and {Refusals.Count - 3} more" : string.Empty) + "." : string.Empty;
        var sources = units.Select(u => u.Source).Distinct(StringComparer.Ordinal).ToList();
        var byFrom = units.Select(u => FromOf(u.Members[0].Document)).Distinct(StringComparer.Ordinal).Count();
        var looseNote = LooseNote(units) is { Length: > 0 } loose ? " " + loose : string.Empty;
        if (sources.Count < MinimumSources)
        {
            if (sources.Count == 0)
            {
                return "no base image: the plan writes no shared Dockerfile or template that could start from one." + looseNote + tail;
            }

            // Within one source a base only moves lines into another file; say what it would have held.
            var inner = BaseImageGrouping.Deepest([.. units.Select(u => u with { Source = u.Key })], Source, _keys);
            var within = inner is null ? string.Empty
                : $" Its Dockerfiles share a sound prefix of up to {Instructions(inner.Instructions)} among themselves ({PrefixText(inner)}), but a base holding it would only move those lines out of {Describe(sources[0])} into a new file.";
            return $"no base image: the plan writes only one maintained source that could start from one, {Describe(sources[0])} ({Dockerfiles(units.Count)}); "
                + "a base must serve at least two maintained sources, or it adds a file and saves none." + within + looseNote + tail;
        }

        var head = $"no base image: {sources.Count} maintained sources the plan writes could start from one ({Dockerfiles(units.Count)}, {byFrom} distinct FROM images), and ";
        var shared = BaseImageGrouping.Deepest(units, Source, _keys) is { } deepest
            ? $"the longest sound prefix two of them share is {Instructions(deepest.Instructions)} ({PrefixText(deepest)}) in {string.Join(" and ", deepest.Units.Select(u => u.Unit.Source).Distinct(StringComparer.Ordinal).Take(3).Select(Describe))}: "
              + TooShort(deepest) + " It ends: " + Divergence(deepest) + "."
            : "no two of them have a sound prefix that starts FROM the same image (a multi-stage or ARG-before-FROM file has none).";
        var perSource = units.GroupBy(u => u.Source, StringComparer.Ordinal).Select(g => Describe(g.Key) + " — " + stops.GetValueOrDefault(g.First().Key, "?")).ToList();
        return head + shared + looseNote
            + " Where each source's sound prefix ends (first file; a prefix stops at ARG, ONBUILD, a variable, a COPY/ADD with flags or differing sources, "
            + "a multi-stage or ARG-before-FROM file): " + string.Join("; ", perSource.Take(5)) + (perSource.Count > 5 ? $"; and {perSource.Count - 5} more" : string.Empty)
            + "." + tail;
    }

    /// <summary>Whether the Dockerfiles the plan leaves as they are share a sound prefix with the sources or with each other.</summary>
    private string LooseNote(List<BaseUnit> units)
    {
        var removed = context.Options.RemoveDeadFiles && context.Scan.DeadFilesComplete
            ? context.Scan.DeadFiles.Where(d => d.Kind == "dockerfile").Select(d => d.Path).ToHashSet(StringComparer.Ordinal)
            : [];
        var loose = context.Scan.Inventory
            .Where(f => f.Kind == Inventory.FileKind.Dockerfile && !_written.Contains(f.RelativePath) && !removed.Contains(f.RelativePath) && context.TryLoad(f.RelativePath) && context.Invalid(f.RelativePath) is null)
            .Select(f => new BaseUnit(f.RelativePath, [new BaseUnitMember(f.RelativePath, context.Load(f.RelativePath).Doc, ContextsOf(f.RelativePath))]))
            .ToList();
        if (loose.Count == 0)
        {
            return string.Empty;
        }

        var all = units.Concat(loose).ToList();
        var looseKeys = loose.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
        if (BaseImageGrouping.Find(all, Source, _keys, out _).FirstOrDefault(g => g.Units.Any(u => looseKeys.Contains(u.Key))) is { } group)
        {
            return $"The Dockerfiles the plan leaves as they are could share one: {string.Join(", ", group.Units.Take(3).Select(u => u.Key))} share a sound prefix of {Instructions(group.Instructions)}, "
                + "but a base is only proposed for shared Dockerfiles and templates (the plan does not rewrite a Dockerfile it leaves alone).";
        }

        return $"Nor do the {loose.Count} Dockerfiles the plan leaves as they are share such a prefix with these or with each other.";
    }

    /// <summary>Why the deepest shared prefix makes no base: too few instructions after FROM, or none of them a RUN/COPY/ADD.</summary>
    private static string TooShort(SharedPrefix prefix)
    {
        var instructions = prefix.Units[0].Unit.Members[0].Document.Instructions.Take(prefix.Instructions).ToList();
        var steps = instructions.Count(i => i is RunInstruction or CopyInstruction or AddInstruction);
        return prefix.Instructions - 1 < BaseImageExtractor.MinimumInstructions || steps == 0
            ? $"a base needs {BaseImageExtractor.MinimumInstructions} or more instructions after FROM with a RUN, COPY or ADD among them, so it would hold too little to pay for its file."
            : "a base there was refused (see below).";
    }

    /// <summary>The first instructions of the shared prefix by keyword, FROM with its image.</summary>
    private static string PrefixText(SharedPrefix prefix)
    {
        var instructions = prefix.Units[0].Unit.Members[0].Document.Instructions.Take(prefix.Instructions).ToList();
        var words = instructions.Select((ins, i) => i == 0 && ins is FromInstruction from ? "FROM " + from.Image : ins.Name).ToList();
        return string.Join(", ", words.Take(6)) + (words.Count > 6 ? ", …" : string.Empty);
    }

    /// <summary>Where the shared prefix ends, for two of its sources: the next instruction of each (with its line), or why its sound prefix stops.</summary>
    private static string Divergence(SharedPrefix prefix)
    {
        var depth = prefix.Instructions;
        var samples = prefix.Units.GroupBy(u => u.Unit.Source, StringComparer.Ordinal).Select(g => g.First()).Take(2).ToList();
        var texts = new List<string>();
        foreach (var unit in samples)
        {
            var member = unit.Unit.Members[0];
            if (unit.Keys.Count > depth)
            {
                var next = member.Document.Instructions[depth];
                var same = samples.Any(o => o != unit && o.Keys.Count > depth && BaseImageExtractor.Normalized(o.Unit.Members[0].Document.Instructions[depth]) == BaseImageExtractor.Normalized(next));
                texts.Add($"{member.Name}:{next.Node.StartLine} {Shorten(next.Node.Original)}" + (same ? " (the same line in both, but the files it copies differ)" : string.Empty));
            }
            else
            {
                texts.Add(unit.Stop);
            }
        }

        return string.Join(" vs ", texts);
    }

    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\\').Trim();
        return "`" + (line.Length > 60 ? line[..60] + "…" : line) + "`";
    }

    private static string Dockerfiles(int n) => n == 1 ? "1 Dockerfile" : $"{n} Dockerfiles";

    private static string Instructions(int n) => n == 1 ? "1 instruction (FROM only)" : $"{n} instructions";

    /// <summary>A unit source key (<c>template:&lt;path&gt;</c>, <c>shared:&lt;name&gt;</c>) in words.</summary>
    private static string Describe(string source) =>
        source.StartsWith("template:", StringComparison.Ordinal) ? "template " + source["template:".Length..]
        : source.StartsWith("shared:", StringComparison.Ordinal) ? "shared Dockerfile " + Planner.SharedFolderPath(source["shared:".Length..])
        : source;

    /// <summary>How a build of <paramref name="path"/> copies that Dockerfile into its image (the first COPY/ADD source that reaches it).</summary>
    private string LeakOf(string path)
    {
        var doc = context.Load(path).Doc;
        var configs = context.ConfigsOrOwnFolder(path);
        return configs.Select(config => EquivalenceProver.ContextLeak(doc, config.Args, config.Target, config.Context, context.References.DockerIgnoreFor(config.Context, config.Dockerfile), [path]))
            .FirstOrDefault(l => l is not null) ?? "a COPY/ADD of its build context";
    }

    private static string FromOf(DockerfileDocument doc) => doc.Stages.Count > 0 ? doc.Stages[0].From.Image : string.Empty;

    /// <summary>A readable base name: the FROM image's last path segment with its tag (a digest is left out: the tag is unique already).</summary>
    private static string BaseName(IReadOnlyList<BaseUnit> units)
    {
        var from = FromOf(units[0].Members[0].Document).Split('@')[0];
        return SharedDockerfileSynthesizer.ArgName(from[(from.LastIndexOf('/') + 1)..].Replace(':', '-')).ToLowerInvariant().Replace('_', '-');
    }

    private List<string> ContextsOf(string path) =>
        context.Configs.TryGetValue(path, out var configs) && configs.Count > 0
            ? [.. configs.Select(c => c.Context).Distinct(StringComparer.Ordinal)]
            : [RepoPaths.DirectoryOf(path)];

    private static DictionaryBaseImageResolver Resolver(IEnumerable<ExtractedBase> bases) =>
        new(bases.ToDictionary(b => b.Tag, b => new BaseImageDefinition(DockerfileParser.Parse(b.Text, "base"), new Dictionary<string, string>(StringComparer.Ordinal)), StringComparer.Ordinal));

    private string? ProveShared(SharedGroup group, ExtractedBase extracted, IBaseImageResolver resolver)
    {
        var (_, name, shared) = group;
        var consumer = DockerfileParser.Parse(extracted.RewrittenConsumers[name], Planner.SharedFolderPath(name));
        foreach (var member in shared.Members)
        {
            foreach (var config in context.Configs[member])
            {
                var proof = EquivalenceProver.Prove(context.Load(member).Doc, config.Args, consumer, PlanContext.Merge(config.Args, shared.Arguments[member]), config.Target, resolver);
                if (!proof.Equivalent)
                {
                    return $"base image refused: {config.ComposeFile}:{config.Service} would differ ({proof.Difference!.Replace('\n', ' ')})";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Infers the template again from its members' originals, each member on a base with that base's prefix replaced
    /// by <c>FROM</c> the base tag, renders every member and proves it against its original through the bases. Null
    /// (with the reason) when the members no longer form one template or a proof fails.
    /// </summary>
    private (int Index, InferredTemplate Template, List<(TemplateBinding, string, string, HeaderMode)> Generated)? Rebase(
        InferredTemplate template, Dictionary<string, ExtractedBase> bases, IBaseImageResolver resolver, out string? why)
    {
        var index = templates.Templates.FindIndex(t => t.Template.Path == template.Path);
        var inputs = template.MemberPaths
            .Select(p => new TemplateInput(p, bases.TryGetValue(p, out var b) ? Encoding.UTF8.GetBytes(BaseImageExtractor.Rewrite(context.Load(p).Doc, b.Instructions, b.Tag)) : context.Load(p).Bytes))
            .ToList();
        var again = TemplateInferrer.Infer(inputs, new TemplateInferenceOptions
        {
            FamilyName = template.Name,
            SplitSubFamilies = false,
            ReservedNames = templates.TemplateNames.Where(n => n != template.Name).ToHashSet(StringComparer.Ordinal),
        });
        if (again.Templates.Count != 1 || again.NotTemplated.Count > 0)
        {
            why = "the template could not be inferred again on top of the base: " + (again.NotTemplated.Count > 0 ? again.NotTemplated[0].Reason : "the members split");
            return null;
        }

        var rebased = again.Templates[0] with { Name = template.Name, Path = template.Path, MemberPaths = template.MemberPaths };
        var generated = new List<(TemplateBinding, string, string, HeaderMode)>();
        foreach (var binding in again.Bindings)
        {
            var header = templates.Generated.First(g => g.Binding.Path == binding.Path).Header;
            var own = binding with { TemplateName = template.Name };
            var rendered = Encoding.UTF8.GetString(TemplateRenderer.Render(rebased, own, header));
            if (ProveRendering(binding.Path, rendered, resolver) is { } failure)
            {
                why = failure;
                return null;
            }

            generated.Add((own, template.Path, rendered, header));
        }

        why = null;
        return (index, rebased, generated);
    }

    private string? ProveRendering(string path, string rendered, IBaseImageResolver resolver)
    {
        var original = context.Load(path).Doc;
        var doc = DockerfileParser.Parse(rendered, path);
        var configs = context.ConfigsOrOwnFolder(path);
        foreach (var config in configs)
        {
            var proof = EquivalenceProver.Prove(original, config.Args, doc, config.Args, config.Target, resolver);
            if (!proof.Equivalent)
            {
                return $"base image refused for {path}{(config.Service.Length > 0 ? $" ({config.ComposeFile}:{config.Service})" : string.Empty)}: {proof.Difference!.Replace('\n', ' ')}";
            }
        }

        return null;
    }

    /// <summary>Build context of a base: its own folder when it copies files, else the base folder (which holds its Dockerfile).</summary>
    internal static string BaseContext(string name, ExtractedBase extracted) =>
        extracted.ContextFiles.Count > 0 ? Planner.BaseFolder + "/" + name : Planner.BaseFolder;

    /// <summary>The repository as base extraction sees it: text files, executable bits, folders and .dockerignore rules.</summary>
    internal sealed class BaseContextSource(PlanContext context) : IBaseContextSource
    {
        private string[]? _sorted;

        /// <summary>Digests by path: prefix keys are computed for every unit in every round and again for the no-base note.</summary>
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _digests = new(StringComparer.Ordinal);

        public byte[]? ReadFile(string path) => context.ReadRepoFile(path);

        public string? Sha256Of(string path)
        {
            // Keys are computed on several threads: a file read twice at once gives the same digest either way.
            return _digests.GetOrAdd(path, p => ReadFile(p) is { } bytes ? Planner.Sha256(bytes) : null);
        }

        public bool IsExecutable(string path) =>
            context.Files.TryGetValue(path, out var f) && (f.Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

        public IReadOnlyList<string>? FilesUnder(string folder)
        {
            var sorted = LazyInitializer.EnsureInitialized(ref _sorted, () => [.. context.Files.Keys.Order(StringComparer.Ordinal)]);
            var prefix = folder.Length == 0 ? string.Empty : folder + "/";
            var start = Array.BinarySearch(sorted, prefix, StringComparer.Ordinal);
            start = start < 0 ? ~start : start;
            var result = new List<string>();
            for (var i = start; i < sorted.Length && sorted[i].StartsWith(prefix, StringComparison.Ordinal); i++)
            {
                result.Add(sorted[i]);
            }

            return result;
        }

        public DockerIgnore IgnoreFor(string buildContext) => context.References.DockerIgnoreFor(buildContext, buildContext.Length == 0 ? "Dockerfile" : buildContext + "/Dockerfile");
    }
}
