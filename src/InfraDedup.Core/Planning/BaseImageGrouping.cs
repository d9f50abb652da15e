using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Planning;

/// <summary>One Dockerfile a maintained source produces: its planned text (parsed) and the build contexts it is built in.</summary>
public sealed record BaseUnitMember(string Name, DockerfileDocument Document, IReadOnlyList<string> Contexts);

/// <summary>
/// One maintained source the plan writes — a shared Dockerfile (one member) or a template (one member per rendered
/// file) — that could start from a base image. All members of a unit take the same base or none, so a template keeps
/// one FROM line; its prefix is the part all its members share. <see cref="Source"/> names the maintained source the
/// unit belongs to (one template's rendered files may be separate units of one source); it defaults to the key.
/// </summary>
public sealed record BaseUnit(string Key, IReadOnlyList<BaseUnitMember> Members)
{
    public string Source { get; init; } = Key;
}

/// <summary>Units of at least <see cref="BaseImageGrouping.MinimumSources"/> maintained sources that share a sound instruction prefix of <see cref="Instructions"/> instructions (FROM included).</summary>
public sealed record BaseUnitGroup(IReadOnlyList<BaseUnit> Units, int Instructions);

/// <summary>A unit with its prefix keys (one per movable instruction, FROM first) and where that prefix stops and why.</summary>
public sealed record KeyedUnit(BaseUnit Unit, IReadOnlyList<string> Keys, string Stop);

/// <summary>Units of at least two sources that share their first <see cref="Instructions"/> prefix keys (FROM included).</summary>
public sealed record SharedPrefix(int Instructions, IReadOnlyList<KeyedUnit> Units);

/// <summary>
/// Groups maintained sources by the sound instruction prefix they share, across families and strategies: a prefix
/// tree of every unit's sound prefix (same FROM; no ARG, ONBUILD or variable; COPY/ADD keyed by the content they
/// copy, so sharing a key means byte-identical sources), from which the node saving most instructions
/// ((sources − 1) × instructions after FROM) is taken first, its units removed, and so on until no node with units of
/// at least <see cref="MinimumSources"/> sources and a long enough prefix is left.
/// </summary>
public static class BaseImageGrouping
{
    /// <summary>
    /// The fewest distinct maintained sources (<see cref="BaseUnit.Source"/>) a base must serve. A base used by one
    /// source only moves that source's prefix into another file: it adds a file and saves nothing, so it never pays.
    /// </summary>
    public const int MinimumSources = 2;

    /// <param name="stops">For every unit: where its sound prefix ends and why (for the plan's note when no base is found).</param>
    public static IReadOnlyList<BaseUnitGroup> Find(
        IReadOnlyList<BaseUnit> units, IBaseContextSource source, out IReadOnlyDictionary<string, string> stops, int minimumInstructions = BaseImageExtractor.MinimumInstructions) =>
        Find(units, source, null, out stops, minimumInstructions);

    /// <param name="known">Prefix keys computed before (a stage asks for the same units in every round); null: compute all here.</param>
    internal static IReadOnlyList<BaseUnitGroup> Find(
        IReadOnlyList<BaseUnit> units, IBaseContextSource source, UnitKeyCache? known, out IReadOnlyDictionary<string, string> stops, int minimumInstructions = BaseImageExtractor.MinimumInstructions)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(source);
        var why = new Dictionary<string, string>(StringComparer.Ordinal);
        stops = why;
        var keyed = new List<(BaseUnit Unit, List<string> Keys)>();
        var all = AllUnitKeys(units, source, known);
        for (var u = 0; u < units.Count; u++)
        {
            var unit = units[u];
            var (keys, stop) = all[u];
            why[unit.Key] = stop;
            if (keys.Count > minimumInstructions)
            {
                keyed.Add((unit, keys));
            }
        }

        var groups = new List<BaseUnitGroup>();
        while (Sources(keyed) >= MinimumSources && Best(keyed, minimumInstructions) is { } best)
        {
            var chosen = keyed.Where(u => StartsWith(u.Keys, best.Prefix)).ToList();
            groups.Add(new BaseUnitGroup([.. chosen.Select(c => c.Unit)], best.Prefix.Count));
            keyed.RemoveAll(u => chosen.Contains(u));
        }

        return groups;
    }

    /// <summary>
    /// The deepest sound prefix that units of at least <see cref="MinimumSources"/> sources share, however short (FROM
    /// alone counts), with each unit's keys and where its own prefix stops: what a plan without a base reports. Null
    /// when no two sources even start FROM the same image.
    /// </summary>
    public static SharedPrefix? Deepest(IReadOnlyList<BaseUnit> units, IBaseContextSource source) => Deepest(units, source, null);

    internal static SharedPrefix? Deepest(IReadOnlyList<BaseUnit> units, IBaseContextSource source, UnitKeyCache? known)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(source);
        var keyed = new List<(BaseUnit Unit, List<string> Keys)>();
        var stops = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = AllUnitKeys(units, source, known);
        for (var u = 0; u < units.Count; u++)
        {
            var unit = units[u];
            var (keys, stop) = all[u];
            stops[unit.Key] = stop;
            if (keys.Count > 0)
            {
                keyed.Add((unit, keys));
            }
        }

        (List<(BaseUnit Unit, List<string> Keys)> Members, int Depth)? best = null;
        foreach (var byFrom in keyed.GroupBy(k => k.Keys[0], StringComparer.Ordinal).Where(g => Sources(g) >= MinimumSources))
        {
            var found = DeepestBelow([.. byFrom], 1);
            if (best is null || found.Depth > best.Value.Depth || (found.Depth == best.Value.Depth && found.Members.Count > best.Value.Members.Count))
            {
                best = found;
            }
        }

        return best is { } b
            ? new SharedPrefix(b.Depth, [.. b.Members.Select(m => new KeyedUnit(m.Unit, m.Keys, stops[m.Unit.Key]))])
            : null;
    }

    private static (List<(BaseUnit Unit, List<string> Keys)> Members, int Depth) DeepestBelow(List<(BaseUnit Unit, List<string> Keys)> members, int depth)
    {
        var best = (Members: members, Depth: depth);
        foreach (var branch in members.Where(m => m.Keys.Count > depth).GroupBy(m => m.Keys[depth], StringComparer.Ordinal).Where(g => Sources(g) >= MinimumSources))
        {
            var found = DeepestBelow([.. branch], depth + 1);
            if (found.Depth > best.Depth || (found.Depth == best.Depth && found.Members.Count > best.Members.Count))
            {
                best = found;
            }
        }

        return best;
    }

    /// <summary>
    /// Prefix keys of units already computed, by the unit's member list (a unit copied with another source has the
    /// same keys). Its owner promises a source that may be read from several threads at once: the keys of units not
    /// known yet are computed on all cores, by index, so the result is the same as one loop's.
    /// </summary>
    internal sealed class UnitKeyCache
    {
        public Dictionary<IReadOnlyList<BaseUnitMember>, (List<string> Keys, string Stop)> Known { get; } = new(ReferenceEqualityComparer.Instance);
    }

    /// <summary>The keys (never changed after this) and the stop of every unit, in order.</summary>
    private static (List<string> Keys, string Stop)[] AllUnitKeys(IReadOnlyList<BaseUnit> units, IBaseContextSource source, UnitKeyCache? known)
    {
        var all = new (List<string> Keys, string Stop)[units.Count];
        if (known is null)
        {
            for (var u = 0; u < units.Count; u++)
            {
                all[u] = (UnitKeys(units[u], source, out var stop), stop);
            }

            return all;
        }

        var missing = new List<int>();
        for (var u = 0; u < units.Count; u++)
        {
            if (known.Known.TryGetValue(units[u].Members, out var found))
            {
                all[u] = found;
            }
            else
            {
                missing.Add(u);
            }
        }

        Parallel.For(0, missing.Count, i => all[missing[i]] = (UnitKeys(units[missing[i]], source, out var stop), stop));
        foreach (var u in missing)
        {
            known.Known.TryAdd(units[u].Members, all[u]);
        }

        return all;
    }

    /// <summary>The prefix keys every member of the unit shares (one key per instruction, FROM first).</summary>
    private static List<string> UnitKeys(BaseUnit unit, IBaseContextSource source, out string stop)
    {
        List<string>? common = null;
        stop = "no members";
        foreach (var member in unit.Members)
        {
            var keys = Keys(member, source, out var memberStop);
            if (common is null)
            {
                (common, stop) = (keys, memberStop);
                continue;
            }

            var n = 0;
            while (n < common.Count && n < keys.Count && common[n] == keys[n])
            {
                n++;
            }

            if (n < common.Count)
            {
                stop = n < keys.Count ? $"its members differ at instruction {n + 1}" : memberStop;
                common.RemoveRange(n, common.Count - n);
            }
        }

        return common ?? [];
    }

    /// <summary>Keys of the instructions that could move into a base, stopping at the first that cannot (never the last instruction).</summary>
    private static List<string> Keys(BaseUnitMember member, IBaseContextSource source, out string stop)
    {
        var keys = new List<string>();
        var doc = member.Document;
        if (!BaseImageExtractor.OneStage(doc))
        {
            stop = $"{member.Name} has several stages, ARGs before FROM or errors";
            return keys;
        }

        stop = $"{member.Name}: sound up to its last instruction";
        for (var i = 0; i < doc.Instructions.Count - 1; i++)
        {
            var instruction = doc.Instructions[i];
            if (BaseImageExtractor.Unmovable(instruction, i) is { } why)
            {
                stop = $"{member.Name}: {why}";
                break;
            }

            var key = BaseImageExtractor.Normalized(instruction);
            if (instruction is FileTransferInstruction transfer)
            {
                if (BaseImageExtractor.SourceDigest(transfer, member.Contexts, source, out why) is not { } copied)
                {
                    stop = $"{member.Name}: {why}";
                    break;
                }

                key += "\u0003" + copied.Digest;
            }

            keys.Add(key);
        }

        return keys;
    }

    private sealed record Candidate(List<string> Prefix, long Saving, int Units);

    /// <summary>The prefix shared by units of at least two sources that saves the most instructions (more units, then deeper, win a tie).</summary>
    private static Candidate? Best(List<(BaseUnit Unit, List<string> Keys)> keyed, int minimumInstructions)
    {
        Candidate? best = null;
        foreach (var byFrom in keyed.GroupBy(k => k.Keys[0], StringComparer.Ordinal).Where(g => Sources(g) >= MinimumSources))
        {
            var members = byFrom.ToList();
            Descend(members, 1, minimumInstructions, ref best);
        }

        return best;
    }

    /// <summary>Walks the prefix tree below depth <paramref name="depth"/> for the units in <paramref name="members"/> (all sharing keys [0, depth)).</summary>
    private static void Descend(List<(BaseUnit Unit, List<string> Keys)> members, int depth, int minimumInstructions, ref Candidate? best)
    {
        while (true)
        {
            var afterFrom = depth - 1;
            var hasStep = afterFrom > 0 && members[0].Unit.Members[0].Document.Instructions.Take(depth).Any(i => i is RunInstruction or CopyInstruction or AddInstruction);
            if (afterFrom >= minimumInstructions && hasStep)
            {
                // What a base saves is the prefix written once instead of once per source; more files on it break a tie, then depth.
                var saving = (long)(Sources(members) - 1) * afterFrom;
                if (best is null || saving > best.Saving || (saving == best.Saving && (members.Count > best.Units || (members.Count == best.Units && depth > best.Prefix.Count))))
                {
                    best = new Candidate([.. members[0].Keys.Take(depth)], saving, members.Count);
                }
            }

            var branches = members.Where(m => m.Keys.Count > depth).GroupBy(m => m.Keys[depth], StringComparer.Ordinal).Where(g => Sources(g) >= MinimumSources).ToList();
            if (branches.Count == 0)
            {
                return;
            }

            if (branches.Count == 1 && branches[0].Count() == members.Count)
            {
                depth++; // a straight path: no recursion needed
                continue;
            }

            foreach (var branch in branches)
            {
                Descend([.. branch], depth + 1, minimumInstructions, ref best);
            }

            return;
        }
    }

    private static int Sources(IEnumerable<(BaseUnit Unit, List<string> Keys)> units) => units.Select(u => u.Unit.Source).Distinct(StringComparer.Ordinal).Count();

    private static bool StartsWith(List<string> keys, List<string> prefix) =>
        keys.Count >= prefix.Count && prefix.Select((k, i) => keys[i] == k).All(x => x);
}
