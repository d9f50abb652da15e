namespace InfraDedup.Core.Planning;

/// <summary>
/// Points compose services at their shared Dockerfiles. Edits can still be refused (anchors, flow style); members of
/// refused services drop out and their groups are proven again until the set is stable.
/// </summary>
internal sealed class ComposeRewriteStage(PlanContext context, BuildArgStrategy buildArgs)
{
    /// <summary>The groups every compose edit accepts, and the edited compose files (by path).</summary>
    public List<SharedGroup> Settle(List<SharedGroup> groups, out Dictionary<string, ComposeEditResult> results)
    {
        while (true)
        {
            results = Edit(groups);
            var refusedMembers = RefusedMembers(groups, results);
            if (refusedMembers.Count == 0)
            {
                return groups;
            }

            groups = DropMembers(groups, refusedMembers);
        }
    }

    private Dictionary<string, ComposeEditResult> Edit(List<SharedGroup> groups)
    {
        var byFile = new Dictionary<string, List<BuildEdit>>(StringComparer.Ordinal);
        foreach (var (_, name, shared) in groups)
        {
            var sharedPath = Planner.SharedFolderPath(name);
            foreach (var member in shared.Members)
            {
                foreach (var config in context.Configs[member])
                {
                    if (!byFile.TryGetValue(config.ComposeFile, out var list))
                    {
                        byFile[config.ComposeFile] = list = [];
                    }

                    list.Add(new BuildEdit(config.Service, BuildConfigurations.RelativePath(config.Context, sharedPath), shared.Arguments[member]));
                }
            }
        }

        // Each compose file is read and edited on its own: both cores, results by index, added in the order above.
        var files = byFile.ToArray();
        var edited = new ComposeEditResult[files.Length];
        Parallel.For(0, files.Length, i => edited[i] = ComposeEditor.Apply(files[i].Key, File.ReadAllText(context.Files[files[i].Key].FullPath), files[i].Value));
        var results = new Dictionary<string, ComposeEditResult>(StringComparer.Ordinal);
        for (var i = 0; i < files.Length; i++)
        {
            results[files[i].Key] = edited[i];
        }

        return results;
    }

    private HashSet<string> RefusedMembers(List<SharedGroup> groups, Dictionary<string, ComposeEditResult> results)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, _, shared) in groups)
        {
            foreach (var member in shared.Members)
            {
                foreach (var config in context.Configs[member])
                {
                    if (results[config.ComposeFile].Refused.TryGetValue(config.Service, out var why))
                    {
                        refused.Add(member);
                        context.LeftAlone.Add(new LeftAlone(member, $"{config.ComposeFile}:{config.Service} cannot be edited safely: {why}"));
                    }
                }
            }
        }

        return refused;
    }

    private List<SharedGroup> DropMembers(List<SharedGroup> groups, HashSet<string> drop)
    {
        var result = new List<SharedGroup>();
        foreach (var group in groups)
        {
            var (family, name, shared) = group;
            var rest = shared.Members.Where(m => !drop.Contains(m)).Select(m => new SynthesisInput(m, context.Load(m).Doc)).ToList();
            if (rest.Count == shared.Members.Count)
            {
                result.Add(group);
                continue;
            }

            foreach (var again in buildArgs.ProveGroups(name, rest, out _))
            {
                result.Add(new SharedGroup(family, name, again));
            }
        }

        return result;
    }
}
