using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;

namespace InfraDedup.Core.Planning;

/// <summary>
/// Base images for shared Dockerfiles that start alike (same FROM): extracted, then every member's every build
/// configuration proven again through the base (resolved by tag); a base is used only if all of them hold.
/// </summary>
internal sealed class BaseImageStage(PlanContext context)
{
    /// <summary>Why a shared Dockerfile got no base image, by shared Dockerfile name.</summary>
    public Dictionary<string, string> Refusals { get; } = new(StringComparer.Ordinal);

    /// <summary>The bases kept, by base name.</summary>
    public SortedDictionary<string, ExtractedBase> Extract(List<SharedGroup> groups)
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
                g.Name, docs[g.Name], [.. g.Shared.Members.SelectMany(m => context.Configs[m]).Select(c => c.Context).Distinct(StringComparer.Ordinal)])).ToList();
            var name = context.UniqueName(SharedDockerfileSynthesizer.ArgName(set.Key.Replace(':', '-')).ToLowerInvariant().Replace('_', '-'));
            var extracted = BaseImageExtractor.Extract(candidates, context.Project, name, context.ReadRepoFile, out var refusal);
            if (extracted is null || !ProveThroughBase(set, extracted, out refusal))
            {
                foreach (var g in set)
                {
                    Refusals[g.Name] = refusal!;
                }

                continue;
            }

            result[name] = extracted;
        }

        return result;
    }

    private bool ProveThroughBase(IEnumerable<SharedGroup> set, ExtractedBase extracted, out string? refusal)
    {
        var resolver = new DictionaryBaseImageResolver(new Dictionary<string, BaseImageDefinition>(StringComparer.Ordinal)
        {
            [extracted.Tag] = new(DockerfileParser.Parse(extracted.Text, "base"), new Dictionary<string, string>(StringComparer.Ordinal)),
        });
        foreach (var (_, name, shared) in set)
        {
            var consumer = DockerfileParser.Parse(extracted.RewrittenConsumers[name], Planner.SharedFolderPath(name));
            foreach (var member in shared.Members)
            {
                foreach (var config in context.Configs[member])
                {
                    var proof = EquivalenceProver.Prove(context.Load(member).Doc, config.Args, consumer, PlanContext.Merge(config.Args, shared.Arguments[member]), config.Target, resolver);
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
}
