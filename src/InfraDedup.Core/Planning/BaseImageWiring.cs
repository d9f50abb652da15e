using System.Globalization;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Planning;

/// <summary>
/// Tells every builder about the base images a plan introduces: compose files get a base service and
/// <c>build.additional_contexts</c> entries (<see cref="ComposeBaseEditor"/>), and the plan writes a
/// <c>docker-bake.hcl</c> (<see cref="BakeFile"/>) that builds the bases first.
/// </summary>
internal sealed class BaseImageWiring(PlanContext context, SortedDictionary<string, ExtractedBase> bases)
{
    /// <summary>Members that could not be wired to their base in compose (the bake file and deploy still build it first).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>
    /// Wires each base into the compose files of its users: a base service with the base's <c>image:</c> tag, and in
    /// every member's build an <c>additional_contexts</c> entry mapping the tag onto that service. Applied on top of
    /// the build edits already made; what the editor refuses is noted (the member's FROM still names the tag).
    /// </summary>
    public void WireCompose(Dictionary<string, ComposeEditResult> composeResults, IReadOnlyList<ServiceMappingEntry> entries)
    {
        var byTag = bases.ToDictionary(kv => kv.Value.Tag, kv => kv.Key, StringComparer.Ordinal);
        foreach (var file in entries.Where(e => e.BaseImage is not null && e.ComposeFile.Length > 0).GroupBy(e => e.ComposeFile, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var text = composeResults.TryGetValue(file.Key, out var previous) ? previous.Text : File.ReadAllText(context.Files[file.Key].FullPath);
            var existing = context.References.ComposeFiles.FirstOrDefault(c => c.Path == file.Key)?.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            var serviceOf = new Dictionary<string, string>(StringComparer.Ordinal);
            var baseEdits = new List<BaseServiceEdit>();
            foreach (var tag in file.Select(e => e.BaseImage!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var name = byTag[tag];
                var service = name + "-base";
                for (var n = 2; existing.Contains(service); n++)
                {
                    service = name + "-base-" + n.ToString(CultureInfo.InvariantCulture);
                }

                existing.Add(service);
                serviceOf[tag] = service;
                var baseContext = BaseImageStage.BaseContext(name, bases[name]);
                var folder = RepoPaths.DirectoryOf(file.Key);
                baseEdits.Add(new BaseServiceEdit(service, tag, folder == baseContext ? "." : BuildConfigurations.RelativePath(folder, baseContext), BuildConfigurations.RelativePath(baseContext, Dockerfile(name))));
            }

            var contextEdits = file.Select(e => new ContextEdit(e.Service, e.BaseImage!, "service:" + serviceOf[e.BaseImage!])).Distinct().ToList();
            var result = ComposeBaseEditor.Apply(file.Key, text, baseEdits, contextEdits);
            foreach (var (service, why) in result.Refused.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                Notes.Add($"{file.Key}:{service}: not wired to its base image in compose ({why}); build the base first (docker buildx bake, or infradedup deploy)");
            }

            composeResults[file.Key] = new ComposeEditResult(
                result.Text,
                [.. previous?.Edits ?? [], .. result.Edits],
                previous?.Refused ?? new Dictionary<string, string>(StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// The bake file: one target per base (tagged with the tag its users' FROM names), one per consolidated build
    /// (compose service, or generated Dockerfile no compose file builds), members on a base mapping its tag to
    /// <c>target:&lt;base&gt;</c>, and a default group of everything.
    /// </summary>
    public BakeFile Bake(ServiceMapping mapping, IReadOnlyDictionary<string, string> memberBases)
    {
        var targets = new List<BakeTarget>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        string Unique(string wanted)
        {
            var name = BakeFile.TargetName(wanted);
            var candidate = name;
            for (var n = 2; !names.Add(candidate); n++)
            {
                candidate = name + "-" + n.ToString(CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        var baseTargets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, extracted) in bases)
        {
            var baseContext = BaseImageStage.BaseContext(name, extracted);
            var target = Unique(name + "-base");
            baseTargets[extracted.Tag] = target;
            targets.Add(new BakeTarget(target, baseContext, BuildConfigurations.RelativePath(baseContext, Dockerfile(name)), NoArgs, [extracted.Tag], NoArgs));
        }

        var images = context.References.ComposeFiles.SelectMany(f => f.Services.Select(s => (f.Path, s.Name, Image: s.Image?.Value)))
            .GroupBy(x => (x.Path, x.Name)).ToDictionary(g => g.Key, g => g.First().Image);
        foreach (var entry in mapping.Services)
        {
            var config = context.Configs[entry.OriginalDockerfile].First(c => c.ComposeFile == entry.ComposeFile && c.Service == entry.Service);
            var args = entry.Strategy == FamilyStrategy.Template ? config.Args : PlanContext.Merge(config.Args, entry.Parameters);
            var tag = images.GetValueOrDefault((entry.ComposeFile, entry.Service)) ?? $"{context.Project}/{BakeFile.TargetName(entry.Service).ToLowerInvariant()}:latest";
            targets.Add(new BakeTarget(Unique(entry.Service), config.Context, BuildConfigurations.RelativePath(config.Context, entry.Dockerfile), args, [tag], Contexts(entry.BaseImage), config.Target));
        }

        var composed = mapping.Services.Select(e => e.Dockerfile).ToHashSet(StringComparer.Ordinal);
        foreach (var generated in mapping.Generated.Where(g => !composed.Contains(g.Output)))
        {
            var folder = RepoPaths.DirectoryOf(generated.Output);
            var slug = BakeFile.TargetName(folder.Length == 0 ? context.Project : folder.Replace('/', '-')).ToLowerInvariant();
            targets.Add(new BakeTarget(Unique(slug), folder, RepoPaths.NameOf(generated.Output), NoArgs, [$"{context.Project}/{slug}:latest"], Contexts(memberBases.GetValueOrDefault(generated.Output))));
        }

        return new BakeFile(targets);

        IReadOnlyDictionary<string, string> Contexts(string? baseTag) =>
            baseTag is null ? NoArgs : new Dictionary<string, string>(StringComparer.Ordinal) { [baseTag] = "target:" + baseTargets[baseTag] };
    }

    /// <summary>Where the plan writes the base's Dockerfile.</summary>
    public static string Dockerfile(string name) => Planner.BaseFolder + "/" + name + ".Dockerfile";

    private static readonly Dictionary<string, string> NoArgs = new(StringComparer.Ordinal);
}
