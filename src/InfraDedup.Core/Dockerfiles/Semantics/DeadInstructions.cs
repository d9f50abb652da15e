using System.Text;

namespace InfraDedup.Core.Dockerfiles.Semantics;

/// <summary>An instruction with no effect on the target's effective spec.</summary>
public sealed record DeadInstruction(DockerfileInstruction Instruction, int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Instruction.Name}: {Reason}";
}

/// <summary>
/// Finds instructions whose removal leaves the target's effective spec unchanged. Each candidate is checked by
/// recomputing the spec without it (greedily from the end, on top of the removals already made, so the whole set is removable together),
/// once with the given build args and once with a probe value for every declared ARG, so an ARG that a different
/// <c>--build-arg</c> would make matter is not reported. RUN/COPY/ADD are never reported; unreachable stages are.
/// </summary>
public static class DeadInstructionAnalyzer
{
    public static IReadOnlyList<DeadInstruction> Find(
        DockerfileDocument doc,
        IReadOnlyDictionary<string, string> buildArgs,
        string? target = null,
        IBaseImageResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(buildArgs);
        if (doc.HasErrors)
        {
            return [];
        }

        var probe = new Dictionary<string, string>(buildArgs, StringComparer.Ordinal);
        foreach (var arg in doc.Instructions.OfType<ArgInstruction>().SelectMany(a => a.Declarations))
        {
            probe.TryAdd(arg.Name, "\u0001probe:" + arg.Name);
        }

        var spec = EffectiveImage.Compute(doc, buildArgs, target, resolver, null);
        var specProbe = EffectiveImage.Compute(doc, probe, target, resolver, null);
        if (spec.HasErrors || specProbe.HasErrors)
        {
            return [];
        }

        var stages = doc.Stages;
        var reachable = new HashSet<int>(spec.ReachableStages.Select(s => s.Index).Concat(specProbe.ReachableStages.Select(s => s.Index)));
        var dead = new List<DeadInstruction>();
        var skip = new HashSet<DockerfileInstruction>();
        var targetStage = spec.Target.Name ?? "#" + spec.Target.Index;

        // Removing a stage renumbers the later ones; only safe without numeric stage references.
        var numericRefs = doc.Instructions.Any(i =>
            (i is FileTransferInstruction ft && ft.From is { Length: > 0 } f && f.All(char.IsAsciiDigit))
            || (i is RunInstruction r && r.Mounts.Any(m => m.Split(',').Any(f =>
                f.StartsWith("from=", StringComparison.OrdinalIgnoreCase) && f.Length > 5 && f[5..].All(char.IsAsciiDigit)))));
        if (!numericRefs)
        {
            foreach (var st in stages.Where(s => !reachable.Contains(s.Index)))
            {
                var reason = $"stage {st.Name ?? "#" + st.Index} is not reachable from target {targetStage}";
                foreach (var ins in st.Instructions.Prepend(st.From))
                {
                    dead.Add(new DeadInstruction(ins, ins.Node.StartLine, reason));
                }
            }
        }

        var candidates = doc.GlobalInstructions.Concat(stages.Where(s => reachable.Contains(s.Index)).SelectMany(s => s.Instructions))
            .Where(i => i is not (RunInstruction or FileTransferInstruction)).Reverse();

        // Latest first: of two identical lines the later one is the duplicate, of two settings the earlier is overridden.
        foreach (var c in candidates)
        {
            skip.Add(c);
            if (EffectiveImage.Compute(doc, buildArgs, target, resolver, skip).Equals(spec)
                && EffectiveImage.Compute(doc, probe, target, resolver, skip).Equals(specProbe))
            {
                dead.Add(new DeadInstruction(c, c.Node.StartLine, Reason(doc, c, skip)));
            }
            else
            {
                skip.Remove(c);
            }
        }

        dead.Sort((x, y) => x.Line.CompareTo(y.Line));
        return dead;
    }

    /// <summary>The document text with the given instructions' source (continuations and heredocs included) removed.</summary>
    public static string WithoutInstructions(DockerfileDocument doc, IEnumerable<DockerfileInstruction> remove)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var set = new HashSet<DockerfileInstruction>(remove);
        var sb = new StringBuilder(doc.Text.Length);
        foreach (var e in doc.Elements)
        {
            if (e is not DockerfileInstruction ins || !set.Contains(ins))
            {
                sb.Append(e.RawText);
            }
        }

        return sb.ToString();
    }

    /// <summary>Re-parses the document without the dead instructions and checks the spec is still equal.</summary>
    public static bool RemovalKeepsSpec(
        DockerfileDocument doc,
        IEnumerable<DeadInstruction> dead,
        IReadOnlyDictionary<string, string> buildArgs,
        string? target = null,
        IBaseImageResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(dead);
        var pruned = DockerfileParser.Parse(WithoutInstructions(doc, dead.Select(d => d.Instruction)), doc.Path);
        return EffectiveImage.Compute(pruned, buildArgs, target, resolver).Equals(EffectiveImage.Compute(doc, buildArgs, target, resolver));
    }

    private static string Canonical(DockerfileInstruction ins)
    {
        var sb = new StringBuilder();
        CanonicalPrinter.AppendInstruction(sb, ins.Node, ins.Latin1, '\\');
        return sb.ToString();
    }

    private static string Reason(DockerfileDocument doc, DockerfileInstruction c, HashSet<DockerfileInstruction> skip)
    {
        if (c is ArgInstruction a)
        {
            return $"ARG {string.Join(", ", a.Declarations.Select(d => d.Name))} is never used";
        }

        var list = doc.Instructions;
        var at = -1;
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], c))
            {
                at = i;
                break;
            }
        }

        var text = Canonical(c);
        for (var i = at - 1; i >= 0 && list[i] is not FromInstruction; i--)
        {
            if (!skip.Contains(list[i]) && list[i].Name == c.Name && Canonical(list[i]) == text)
            {
                return $"duplicate of line {list[i].Node.StartLine}";
            }
        }

        var keys = Keys(c);
        for (var i = at + 1; i < list.Count && list[i] is not FromInstruction; i++)
        {
            var n = list[i];
            if (!skip.Contains(n) && n.Name == c.Name && (keys.Count == 0 || keys.IsSubsetOf(Keys(n))))
            {
                return $"overridden by line {n.Node.StartLine} before any step uses it";
            }
        }

        return "has no effect on the target's image";
    }

    private static HashSet<string> Keys(DockerfileInstruction ins) =>
        ins is KeyValueInstruction kv ? kv.Pairs.Select(p => p.Key).ToHashSet(StringComparer.Ordinal) : [];
}
