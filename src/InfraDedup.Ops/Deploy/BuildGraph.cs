using InfraDedup.Core;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Docker;

namespace InfraDedup.Ops.Deploy;

/// <summary>An image a FROM names: as written and expanded, where, and the in-repo image that builds it (if any).</summary>
public sealed record BaseReference(string Image, int Line, int Column, string? InRepoTag);

/// <summary>One image to build: a Dockerfile, its context, args and target, and the tag it produces.</summary>
public sealed record ImageNode
{
    /// <summary>The tag as written (compose <c>image</c>, config <c>tag</c>, or compose's default name).</summary>
    public required string Tag { get; init; }

    /// <summary>Absolute paths.</summary>
    public required string Context { get; init; }

    public required string Dockerfile { get; init; }

    /// <summary>The Dockerfile relative to the project root, for messages.</summary>
    public required string DockerfileDisplay { get; init; }

    public IReadOnlyDictionary<string, string> Args { get; init; } = new Dictionary<string, string>();

    public string? Target { get; init; }

    /// <summary>Compose services that run this image (empty for a base image only).</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    public IReadOnlyList<BaseReference> Bases { get; init; } = [];

    /// <summary>Compose services named by <c>build.additional_contexts</c> values <c>service:&lt;name&gt;</c> (built before this image).</summary>
    public IReadOnlyList<string> ContextServices { get; init; } = [];

    /// <summary>Tags of the images of <see cref="ContextServices"/>, resolved against the project.</summary>
    public IReadOnlyList<string> ContextDependencies { get; init; } = [];

    /// <summary>Tags of the in-repo images this one builds FROM, and of the services its named contexts take.</summary>
    public IEnumerable<string> DependsOn => Bases.Where(b => b.InRepoTag is not null).Select(b => b.InRepoTag!).Concat(ContextDependencies).Distinct(StringComparer.Ordinal);
}

/// <summary>
/// The images of a project in build order: in-repo base images (a tag one Dockerfile produces and another
/// builds FROM) come first. <see cref="Levels"/> groups images whose bases are all in earlier levels, so a
/// level's images can build in parallel. A cycle is an input error naming the FROM lines involved.
/// </summary>
public sealed class BuildGraph
{
    private BuildGraph(IReadOnlyList<ImageNode> nodes, IReadOnlyList<IReadOnlyList<ImageNode>> levels)
    {
        Nodes = nodes;
        Levels = levels;
    }

    public IReadOnlyList<ImageNode> Nodes { get; }

    public IReadOnlyList<IReadOnlyList<ImageNode>> Levels { get; }

    /// <summary>Builds the graph for the project, limited to <paramref name="services"/> (and the bases they need) when given.</summary>
    public static BuildGraph Create(ComposeProject project, IReadOnlyCollection<string>? services = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        var byKey = new Dictionary<string, ImageNode>(StringComparer.Ordinal);
        foreach (var image in project.Config.Images)
        {
            var context = Path.GetFullPath(Path.Combine(project.Root, image.Context));
            Add(byKey, new ImageNode
            {
                Tag = image.Tag,
                Context = context,
                Dockerfile = Path.GetFullPath(Path.Combine(context, image.Dockerfile ?? "Dockerfile")),
                DockerfileDisplay = Display(project.Root, Path.Combine(context, image.Dockerfile ?? "Dockerfile")),
                Args = image.Args,
            }, project.Config.Path ?? OpsConfig.FileName);
        }

        foreach (var service in project.Services)
        {
            if (service.Build is not { } build)
            {
                continue;
            }

            var file = Path.Combine(project.Root, service.File);
            if (build.DockerfileInline is not null)
            {
                throw new UserInputException($"service '{service.Name}': dockerfile_inline is not supported by deploy; put the Dockerfile in a file.", file, build.Span.Start.Line, build.Span.Start.Column);
            }

            if (build.Context is null || build.Dockerfile is null)
            {
                throw new UserInputException($"service '{service.Name}': the build context or Dockerfile cannot be located (remote context, variable without default, or a path outside the project).", file, build.Span.Start.Line, build.Span.Start.Column);
            }

            var args = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var arg in build.Args)
            {
                var value = arg.Value?.Value ?? Environment.GetEnvironmentVariable(arg.Name);
                if (value is not null)
                {
                    args[arg.Name] = value;
                }
            }

            Add(byKey, new ImageNode
            {
                Tag = project.ImageOf(service),
                Context = Path.GetFullPath(Path.Combine(project.Root, build.Context)),
                Dockerfile = Path.GetFullPath(Path.Combine(project.Root, build.Dockerfile)),
                DockerfileDisplay = build.Dockerfile,
                Args = args,
                Target = build.Target?.Value,
                Services = [service.Name],
                ContextServices = [.. build.AdditionalContexts.Select(c => c.Value?.Value).OfType<string>().Where(v => v.StartsWith("service:", StringComparison.Ordinal)).Select(v => v["service:".Length..])],
            }, file);
        }

        // FROM references, resolved against the images built here.
        var nodes = byKey.Values.Select(n => n with { Bases = Bases(n, byKey), ContextDependencies = ContextDependencies(project, n) }).ToDictionary(n => ImageReference.Normalize(n.Tag), StringComparer.Ordinal);
        if (services is { Count: > 0 })
        {
            foreach (var unknown in services.Where(s => project.Service(s) is null))
            {
                throw new UserInputException($"--services: '{unknown}' is not a service of the project (services: {string.Join(", ", project.Services.Select(s => s.Name))}).");
            }

            var wanted = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(nodes.Values.Where(n => n.Services.Any(services.Contains)).Select(n => ImageReference.Normalize(n.Tag)));
            while (stack.TryPop(out var key))
            {
                if (wanted.Add(key))
                {
                    foreach (var dep in nodes[key].DependsOn)
                    {
                        stack.Push(ImageReference.Normalize(dep));
                    }
                }
            }

            nodes = nodes.Where(kv => wanted.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal);
        }

        return new BuildGraph([.. nodes.Values.OrderBy(n => n.Tag, StringComparer.Ordinal)], Order(nodes));
    }

    private static void Add(Dictionary<string, ImageNode> byKey, ImageNode node, string file)
    {
        var key = ImageReference.Normalize(node.Tag);
        if (byKey.TryGetValue(key, out var existing))
        {
            var same = existing.Dockerfile == node.Dockerfile && existing.Context == node.Context && existing.Target == node.Target
                && existing.Args.Count == node.Args.Count && existing.Args.All(a => node.Args.TryGetValue(a.Key, out var v) && v == a.Value);
            if (!same)
            {
                throw new UserInputException($"two different builds produce image '{node.Tag}' ({existing.DockerfileDisplay} and {node.DockerfileDisplay}); give one of them another 'image' name.", file);
            }

            byKey[key] = existing with { Services = [.. existing.Services.Concat(node.Services).Distinct(StringComparer.Ordinal)] };
            return;
        }

        byKey[key] = node;
    }

    /// <summary>The images of the services a node's <c>additional_contexts</c> name; an unknown service is an input error.</summary>
    private static List<string> ContextDependencies(ComposeProject project, ImageNode node)
    {
        var tags = new List<string>();
        foreach (var name in node.ContextServices)
        {
            if (project.Service(name) is not { } service)
            {
                throw new UserInputException($"image '{node.Tag}': build.additional_contexts names 'service:{name}', which is not a service of the project; fix the name or remove the entry.");
            }

            tags.Add(project.ImageOf(service));
        }

        return tags;
    }

    private static List<BaseReference> Bases(ImageNode node, Dictionary<string, ImageNode> byKey)
    {
        if (!File.Exists(node.Dockerfile))
        {
            throw new UserInputException($"Dockerfile '{node.DockerfileDisplay}' for image '{node.Tag}' does not exist; fix the build entry.");
        }

        var document = DockerfileParser.Parse(File.ReadAllBytes(node.Dockerfile), node.Dockerfile);
        if (document.Errors is [var error, ..])
        {
            throw new UserInputException(error.Message, node.Dockerfile, error.Line, error.Column);
        }

        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declaration in document.GlobalInstructions.OfType<ArgInstruction>().SelectMany(a => a.Declarations))
        {
            args[declaration.Name] = node.Args.TryGetValue(declaration.Name, out var given)
                ? given
                : declaration.DefaultValue is null ? string.Empty : VariableExpander.Expand(declaration.DefaultValue, args, document.EscapeToken).Value;
        }

        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<BaseReference>();
        foreach (var from in document.Instructions.OfType<FromInstruction>())
        {
            var expansion = VariableExpander.Expand(from.Image, args, document.EscapeToken);
            var image = expansion.Success ? expansion.Value : from.Image;
            if (image.Length > 0 && !stages.Contains(image) && !image.Equals("scratch", StringComparison.OrdinalIgnoreCase))
            {
                var inRepo = byKey.TryGetValue(ImageReference.Normalize(image), out var producer) ? producer.Tag : null;
                result.Add(new BaseReference(image, from.Span.StartLine, from.Span.StartColumn, inRepo));
            }

            if (from.StageName is { } name)
            {
                stages.Add(name);
            }
        }

        return result;
    }

    private static List<IReadOnlyList<ImageNode>> Order(Dictionary<string, ImageNode> nodes)
    {
        var remaining = nodes.ToDictionary(kv => kv.Key, kv => kv.Value.DependsOn.Select(ImageReference.Normalize).Where(nodes.ContainsKey).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var levels = new List<IReadOnlyList<ImageNode>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(kv => kv.Value.All(done.Contains)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            if (ready.Count == 0)
            {
                throw CycleError(nodes, remaining);
            }

            levels.Add([.. ready.Select(k => nodes[k])]);
            foreach (var key in ready)
            {
                remaining.Remove(key);
                done.Add(key);
            }
        }

        return levels;
    }

    private static UserInputException CycleError(Dictionary<string, ImageNode> nodes, Dictionary<string, HashSet<string>> remaining)
    {
        // Walk dependencies from any node left until one repeats: that is a cycle.
        var path = new List<string>();
        var current = remaining.Keys.Order(StringComparer.Ordinal).First();
        while (!path.Contains(current))
        {
            path.Add(current);
            current = remaining[current].Where(remaining.ContainsKey).Order(StringComparer.Ordinal).First();
        }

        var cycle = path.Skip(path.IndexOf(current)).Append(current).ToList();
        var steps = new List<string>();
        for (var i = 0; i + 1 < cycle.Count; i++)
        {
            var node = nodes[cycle[i]];
            steps.Add(node.Bases.FirstOrDefault(b => b.InRepoTag is { } t && ImageReference.Normalize(t) == cycle[i + 1]) is { } from
                ? $"{node.Tag} ({node.DockerfileDisplay}:{from.Line}: FROM {from.Image})"
                : $"{node.Tag} (build.additional_contexts: service of {nodes[cycle[i + 1]].Tag})");
        }

        var first = nodes[cycle[0]];
        var firstFrom = first.Bases.FirstOrDefault(b => b.InRepoTag is { } t && ImageReference.Normalize(t) == cycle[1]);
        return new UserInputException(
            $"build cycle: {string.Join(" → ", steps)} → {nodes[cycle[^1]].Tag}; an image cannot be built FROM itself, directly or through others — change one FROM or named context.",
            first.Dockerfile, firstFrom?.Line ?? 0, firstFrom?.Column ?? 0);
    }

    private static string Display(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
