using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Planning;

/// <summary>
/// Strategy 1 and 2: exact copies and shared Dockerfiles with build args. A group is kept only when every member's
/// every compose build configuration is proven equivalent through the shared file.
/// </summary>
internal sealed class BuildArgStrategy(PlanContext context)
{
    /// <summary>Why a member cannot be consolidated by a shared Dockerfile; null when it can.</summary>
    public string? Ineligible(string path)
    {
        if (!context.Configs.TryGetValue(path, out var configs) || configs.Count == 0)
        {
            return "no compose service builds it, so no reference can be pointed at a shared file";
        }

        if (configs.FirstOrDefault(c => c.Problem is not null) is { } bad)
        {
            return bad.Problem!;
        }

        foreach (var reference in context.References.ReferencesTo(path))
        {
            if (reference.Kind != ReferenceKind.ComposeBuild)
            {
                return $"{reference.Source}:{reference.Line} refers to it ({reference.Kind}: {reference.Detail}); that reference cannot be rewritten";
            }
        }

        if (context.Files.ContainsKey(path + ".dockerignore"))
        {
            return $"it has its own {RepoPaths.NameOf(path)}.dockerignore, which a shared Dockerfile would not carry";
        }

        var doc = context.Load(path).Doc;
        if (doc.Encoding == DockerfileEncoding.Latin1Fallback)
        {
            return "it is not valid UTF-8";
        }

        return context.Invalid(path);
    }

    /// <summary>
    /// Synthesizes shared Dockerfiles and proves every member's configurations; members that fail are dropped and the
    /// rest re-synthesized (defaults may change) until every group is fully proven or too small.
    /// </summary>
    public List<SharedDockerfile> ProveGroups(string name, List<SynthesisInput> eligible, out List<string> notProven)
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
                context.LeftAlone.Add(new LeftAlone(path, "differs structurally from every other member (instructions, RUN/CMD text or unparameterisable values); needs the template strategy"));
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
                    context.LeftAlone.Add(new LeftAlone(path, why));
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
                        context.LeftAlone.Add(new LeftAlone(r.Path, "the only member of its group left after others failed the equivalence proof"));
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Members of <paramref name="group"/> whose build through the shared file is not proven, with the reason.</summary>
    public Dictionary<string, string> ProveGroup(SharedDockerfile group)
    {
        var sharedDoc = DockerfileParser.Parse(group.Text, "shared");
        // The ignore files are read (and recorded) on one thread; the proofs of the members are independent.
        var members = group.Members.Select(m => (Path: m, Original: context.Load(m).Doc, Configs: context.Configs[m].Select(c => (Config: c, Ignore: context.References.DockerIgnoreFor(c.Context, c.Dockerfile))).ToList())).ToList();
        var why = new string?[members.Count];
        Parallel.For(0, members.Count, i => why[i] = FirstFailure(group, sharedDoc, members[i].Path, members[i].Original, members[i].Configs));
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++)
        {
            if (why[i] is { } reason)
            {
                failed[members[i].Path] = reason;
            }
        }

        return failed;
    }

    /// <summary>Why the first compose build configuration of <paramref name="member"/> is not proven through the shared file; null when all are.</summary>
    private static string? FirstFailure(SharedDockerfile group, DockerfileDocument sharedDoc, string member, DockerfileDocument original, List<(BuildConfiguration Config, DockerIgnore Ignore)> configs)
    {
        foreach (var (config, ignore) in configs)
        {
            var args = PlanContext.Merge(config.Args, group.Arguments[member]);
            if (config.Args.Keys.Any(group.Arguments[member].ContainsKey))
            {
                return $"{config.ComposeFile}:{config.Service} already passes a build arg named like a new parameter";
            }

            var proof = EquivalenceProver.Prove(original, config.Args, sharedDoc, args, config.Target);
            if (!proof.Equivalent)
            {
                return $"equivalence proof failed for {config.ComposeFile}:{config.Service}: {proof.Difference!.Replace('\n', ' ')}";
            }

            if (EquivalenceProver.ContextLeak(original, config.Args, config.Target, config.Context, ignore, [member]) is { } leak)
            {
                return $"{config.ComposeFile}:{config.Service}: {leak}";
            }
        }

        return null;
    }

    private static string Header(string name) =>
        $"Shared Dockerfile '{name}' for {{count}} services, made by 'infradedup plan'; per-service values come from compose build args (see docker/service-mapping.json).";
}
