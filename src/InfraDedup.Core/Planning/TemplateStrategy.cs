using System.Text;
using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Planning;

/// <summary>
/// Strategy 3: infers templates for the members a shared Dockerfile did not cover. Each rendered file stays at its
/// path (references keep working) and is proven like the others: for every compose build configuration (or, without
/// one, with no build args), rendered and original must have equal effective image specs; a file whose own bytes a
/// <c>COPY .</c> carries into the image gets no header, so it stays byte-identical.
/// </summary>
internal sealed class TemplateStrategy(PlanContext context)
{
    private readonly HashSet<string> _templateNames = new(StringComparer.Ordinal);

    /// <summary>The templates kept, each with the family it was inferred from and only its proven members.</summary>
    public List<(Family Family, InferredTemplate Template)> Templates { get; } = [];

    /// <summary>Every generated file that replaces an original: its binding, template, rendering and header.</summary>
    public List<(TemplateBinding Binding, string TemplatePath, string Rendered, HeaderMode Header)> Generated { get; } = [];

    private readonly List<(Family Family, string Name, List<string> Members)> _pending = [];

    /// <summary>The family each templated file came from (a template may hold members of several families).</summary>
    public Dictionary<string, Family> FamilyOf { get; } = new(StringComparer.Ordinal);

    /// <summary>Queues the members of a family that no shared Dockerfile covered; <see cref="TemplateAll"/> templates them.</summary>
    public void QueueFamily(Family family, string name, List<string> rest) => _pending.Add((family, name, rest));

    private readonly List<Family> _loose = [];

    /// <summary>
    /// Queues Dockerfiles no similarity family holds, each as a family of one: they join a template only where the
    /// cost rule says sharing it pays; <see cref="TemplateAll"/> records a family decision for those that do.
    /// </summary>
    public void QueueLoose(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var family = new Family
            {
                Kind = FamilyKind.Dockerfile,
                CloneType = CloneType.Type1,
                Medoid = path,
                MinSimilarity = 1,
                Members = [new FamilyMember(path, 1, CloneType.Type1)],
                Alignment = new FamilyAlignment([], []),
                VaryingSlots = [],
            };
            _loose.Add(family);
            QueueFamily(family, FamilyNaming.Name(context, family), [path]);
        }
    }

    /// <summary>
    /// Infers templates for every queued member at once: grouping is by alignment cost across the whole tree, so
    /// alpine and debian (or windows and linux) variants of one Dockerfile share a template whatever their FROM, the
    /// variant-specific blocks becoming conditionals (see <see cref="TemplateInferrer"/>'s cost rule).
    /// </summary>
    public void TemplateAll(CancellationToken cancellationToken)
    {
        var inputs = new List<TemplateInput>();
        foreach (var (family, name, rest) in _pending)
        {
            foreach (var path in rest)
            {
                if (context.Invalid(path) is { } invalid)
                {
                    context.LeftAlone.Add(new LeftAlone(path, invalid));
                }
                else if (context.Load(path).Doc.Encoding != DockerfileEncoding.Latin1Fallback && FamilyOf.TryAdd(path, family))
                {
                    inputs.Add(new TemplateInput(path, context.Load(path).Bytes) { Seed = name, Document = context.Load(path).Doc });
                }
            }
        }

        if (inputs.Count < 2)
        {
            return;
        }

        var result = TemplateInferrer.Infer(inputs, new TemplateInferenceOptions { ReservedNames = _templateNames }, cancellationToken);
        foreach (var skipped in result.NotTemplated)
        {
            context.LeftAlone.Add(new LeftAlone(skipped.Path, "no template reproduces it: " + skipped.Reason));
        }

        var bindingsOf = result.Bindings.ToLookup(b => b.TemplateName, StringComparer.Ordinal);
        var proofs = ProveAll(result, bindingsOf, cancellationToken);
        foreach (var template in result.Templates)
        {
            _templateNames.Add(template.Name);
            var bindings = bindingsOf[template.Name].ToList();
            if (bindings.Count < 2 || context.Files.ContainsKey(template.Path))
            {
                foreach (var b in bindings)
                {
                    context.LeftAlone.Add(new LeftAlone(b.Path, bindings.Count < 2 ? "structurally unlike every other member (a template of one file saves nothing)" : $"{template.Path} already exists"));
                }

                continue;
            }

            var kept = new List<(TemplateBinding, string, string, HeaderMode)>();
            foreach (var binding in bindings)
            {
                var (header, rendered, failure) = proofs[binding.Path];
                if (failure is { } why)
                {
                    context.LeftAlone.Add(new LeftAlone(binding.Path, why));
                    continue;
                }

                kept.Add((binding, template.Path, rendered, header));
            }

            if (kept.Count >= 2)
            {
                Templates.Add((FamilyOf[kept[0].Item1.Path], template with { MemberPaths = [.. kept.Select(k => k.Item1.Path)] }));
                Generated.AddRange(kept);
            }
            else
            {
                context.LeftAlone.AddRange(kept.Select(k => new LeftAlone(k.Item1.Path, "the only member of its template left after others failed the equivalence proof")));
            }
        }

        var templated = Generated.Select(g => g.Binding.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var family in _loose.Where(f => templated.Contains(f.Medoid)))
        {
            context.Decisions.Add(new FamilyDecision(context.UniqueName(FamilyNaming.Name(context, family)), FamilyStrategy.Template, [family.Medoid], [], [],
                "in no similarity family, but shares a template with structurally alike Dockerfiles"));
        }
    }

    /// <summary>
    /// Renders and proves every binding of the templates <see cref="TemplateAll"/> keeps, on every core: each proof reads
    /// only what the plan loaded before (documents, build configurations, ignore files) and is independent of the others,
    /// and the results are keyed by path, so the caller takes them in its own order whatever the scheduling.
    /// </summary>
    private Dictionary<string, (HeaderMode Header, string Rendered, string? Failure)> ProveAll(TemplateInferenceResult result, ILookup<string, TemplateBinding> bindingsOf, CancellationToken cancellationToken)
    {
        var work = new List<(InferredTemplate Template, TemplateBinding Binding)>();
        foreach (var template in result.Templates)
        {
            var bindings = bindingsOf[template.Name];
            if (bindings.Count() >= 2 && !context.Files.ContainsKey(template.Path))
            {
                work.AddRange(bindings.Select(b => (template, b)));
            }
        }

        var proofs = new (HeaderMode, string, string?)[work.Count];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, work.Count, parallel, k =>
        {
            var (template, binding) = work[k];
            var header = CopiedIntoImage(binding.Path) ? HeaderMode.None : context.Options.Header;
            byte[]? proven = null;
            var reused = header == HeaderMode.Comment && result.RenderedWithHeader.TryGetValue(binding.Path, out proven);
            var bytes = proven is not null && reused ? proven : TemplateRenderer.Render(template, binding, header);
            var rendered = Encoding.UTF8.GetString(bytes);

            // The inference proved these very bytes with no build args: parsing them as text gives the document it
            // parsed (they are UTF-8), whose effective image spec with no args and no target is the original's.
            var provenWithoutArgs = reused && System.Text.Unicode.Utf8.IsValid(bytes);
            proofs[k] = (header, rendered, ProveRendering(binding.Path, rendered, provenWithoutArgs));
        });

        var byPath = new Dictionary<string, (HeaderMode, string, string?)>(StringComparer.Ordinal);
        for (var k = 0; k < work.Count; k++)
        {
            byPath[work[k].Binding.Path] = proofs[k];
        }

        return byPath;
    }

    /// <summary>Names of the templates inferred so far (base images re-infer a template and must not take another's name).</summary>
    public IReadOnlySet<string> TemplateNames => _templateNames;

    /// <summary>True when a build of <paramref name="path"/> copies the Dockerfile itself into the image.</summary>
    internal bool CopiedIntoImage(string path)
    {
        var doc = context.Load(path).Doc;
        if (context.Configs.TryGetValue(path, out var configs) && configs.Count > 0)
        {
            return configs.Any(c => EquivalenceProver.ContextLeak(doc, c.Args, c.Target, c.Context, context.References.DockerIgnoreFor(c.Context, c.Dockerfile), [path]) is not null);
        }

        var folder = RepoPaths.DirectoryOf(path);
        return EquivalenceProver.ContextLeak(doc, EffectiveImage.NoArgs, null, folder, context.References.DockerIgnoreFor(folder, path), [path]) is not null;
    }

    private static ProofResult CompareWithItself(EffectiveImageSpec spec) => EquivalenceProver.Compare(spec, spec);

    /// <summary>Why the rendering of <paramref name="path"/> is not proven equivalent; null when it is.</summary>
    /// <param name="path">The original's path.</param>
    /// <param name="rendered">Its rendering.</param>
    /// <param name="provenWithoutArgs">Whether the effective image spec of <paramref name="rendered"/> with no build args
    /// and no target is already known to equal the original's: configurations without args and target then compare the
    /// original's spec with itself, which reports what comparing it with an equal spec reports (an error of the original,
    /// or no difference), without parsing and evaluating the rendering.</param>
    internal string? ProveRendering(string path, string rendered, bool provenWithoutArgs = false)
    {
        var original = context.Load(path).Doc;
        var doc = new Lazy<DockerfileDocument>(() => DockerfileParser.Parse(rendered, path), LazyThreadSafetyMode.None);
        var configs = context.ConfigsOrOwnFolder(path);
        foreach (var config in configs)
        {
            var proof = provenWithoutArgs && config.Args.Count == 0 && config.Target is null
                ? CompareWithItself(EffectiveImage.Compute(original, EffectiveImage.NoArgs))
                : EquivalenceProver.Prove(original, config.Args, doc.Value, config.Args, config.Target);
            if (!proof.Equivalent)
            {
                return $"equivalence proof failed for the rendered template{(config.Service.Length > 0 ? $" ({config.ComposeFile}:{config.Service})" : string.Empty)}: {proof.Difference!.Replace('\n', ' ')}";
            }
        }

        return null;
    }
}
