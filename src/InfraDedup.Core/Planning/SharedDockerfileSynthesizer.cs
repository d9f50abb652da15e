using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Planning;

/// <summary>A member Dockerfile offered to the synthesizer: repository path and parsed document.</summary>
public sealed record SynthesisInput(string Path, DockerfileDocument Document);

/// <summary>
/// One shared Dockerfile for members that differ only in values Docker substitutes from build args, and the
/// build-arg values that make it build each member. <see cref="Arguments"/> holds, per member path, every parameter.
/// </summary>
public sealed record SharedDockerfile(
    string Text,
    IReadOnlyList<string> Members,
    IReadOnlyList<PlanParameter> Parameters,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Arguments);

/// <summary>
/// Builds shared Dockerfiles with build args (the planner's strategy 2; strategy 1, exact copies, is the case with no
/// parameters). Members are grouped by shape: same instructions, same flags, same ENV/LABEL keys, identical
/// RUN/CMD/ENTRYPOINT/HEALTHCHECK/SHELL/ARG text; they may differ only where the builder expands variables
/// (FROM image, ENV/LABEL values, EXPOSE, COPY/ADD paths, USER, WORKDIR, VOLUME, STOPSIGNAL). Each varying value
/// becomes an ARG declared just before its first use, with the most common value as default. Nothing here is
/// trusted: the planner proves every member's effective image spec equal before using a result.
/// </summary>
public static partial class SharedDockerfileSynthesizer
{
    // Values outside this set are not parameterised (quoting, escapes and '$' would change their meaning).
    [GeneratedRegex(@"^[A-Za-z0-9_./:@+=,%-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainValue();

    // ENV/LABEL values are emitted double-quoted, so spaces are fine; quotes, backslashes and '$' are not.
    [GeneratedRegex(@"^[^""\\$`\r\n]*$", RegexOptions.CultureInvariant)]
    private static partial Regex QuotableValue();

    private static readonly HashSet<string> Substituted = new(StringComparer.Ordinal)
    {
        "FROM", "ENV", "LABEL", "EXPOSE", "COPY", "ADD", "USER", "WORKDIR", "VOLUME", "STOPSIGNAL",
    };

    /// <summary>
    /// Splits <paramref name="members"/> into shape groups and synthesizes one shared Dockerfile per group of at
    /// least <paramref name="minGroupSize"/>; members in smaller groups are returned in <paramref name="ungrouped"/>.
    /// </summary>
    public static IReadOnlyList<SharedDockerfile> Synthesize(
        IReadOnlyList<SynthesisInput> members, string header, int minGroupSize, out IReadOnlyList<string> ungrouped)
    {
        ArgumentNullException.ThrowIfNull(members);
        var usable = members.Where(m => !m.Document.HasErrors && m.Document.Instructions.Count > 0).ToList();
        // Each member's key depends on its document alone: both cores, keys by index, grouped in member order.
        var keys = new string[usable.Count];
        Parallel.For(0, usable.Count, i => keys[i] = ShapeKey(usable[i].Document));
        var groups = usable
            .Select((m, i) => (Member: m, Key: keys[i]))
            .GroupBy(m => m.Key, m => m.Member, StringComparer.Ordinal)
            .Select(g => g.OrderBy(m => m.Path, StringComparer.Ordinal).ToList())
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g[0].Path, StringComparer.Ordinal)
            .ToList();
        var result = new List<SharedDockerfile>();
        var left = new List<string>(members.Where(m => m.Document.HasErrors || m.Document.Instructions.Count == 0).Select(m => m.Path));
        foreach (var group in groups)
        {
            if (group.Count < minGroupSize)
            {
                left.AddRange(group.Select(m => m.Path));
                continue;
            }

            result.Add(Build(group, header));
        }

        left.Sort(StringComparer.Ordinal);
        ungrouped = left;
        return result;
    }

    /// <summary>
    /// The part of each instruction that must be equal for two Dockerfiles to share one file: everything except the
    /// values that can be parameterised.
    /// </summary>
    internal static string ShapeKey(DockerfileDocument doc)
    {
        var sb = new StringBuilder();
        sb.Append(doc.EscapeToken).Append('|');
        foreach (var d in doc.Directives)
        {
            sb.Append(d.Name).Append('=').Append(d.Value).Append('|');
        }

        foreach (var ins in doc.Instructions)
        {
            sb.Append('\n').Append(ins.Name).Append(' ').Append(string.Join(' ', ins.Flags)).Append(ins.IsJson ? " json" : string.Empty).Append(" #");
            foreach (var slot in Slots(ins))
            {
                sb.Append('\u0001');
                sb.Append(slot.IsFixed || !IsParameterisable(slot) ? "=" + slot.Raw : "?");
            }

            foreach (var h in ins.Heredocs)
            {
                sb.Append('\u0002').Append(h.Name).Append('\u0003').Append(h.Content);
            }
        }

        return sb.ToString();
    }

    /// <summary>A token of an instruction: fixed (must match) or a value that may be parameterised.</summary>
    private readonly record struct Slot(string Raw, bool IsFixed, SlotKind Kind, string Hint);

    private enum SlotKind
    {
        Fixed,
        Plain,
        Quoted,
    }

    private static IEnumerable<Slot> Slots(DockerfileInstruction ins)
    {
        if (!Substituted.Contains(ins.Name) || ins.Heredocs.Count > 0)
        {
            foreach (var a in ins.Arguments)
            {
                yield return new Slot(a, true, SlotKind.Fixed, string.Empty);
            }

            yield break;
        }

        switch (ins)
        {
            case FromInstruction from:
                for (var i = 0; i < from.Arguments.Count; i++)
                {
                    yield return i == 0
                        ? new Slot(from.Arguments[i], false, SlotKind.Plain, FromHint(from.Arguments[i]))
                        : new Slot(from.Arguments[i], true, SlotKind.Fixed, string.Empty);
                }

                break;
            case KeyValueInstruction kv:
                foreach (var pair in kv.Pairs)
                {
                    yield return new Slot(pair.Key, true, SlotKind.Fixed, string.Empty);
                    yield return pair.IsLegacy
                        ? new Slot(pair.Value, true, SlotKind.Fixed, string.Empty)
                        : new Slot(pair.Value, false, SlotKind.Quoted, kv is EnvInstruction ? pair.Key : LabelHint(pair.Key));
                }

                break;
            default:
                var hint = ins.Name switch
                {
                    "EXPOSE" => "PORT",
                    "USER" => "APP_USER",
                    "WORKDIR" => "WORKDIR_PATH",
                    "VOLUME" => "VOLUME_PATH",
                    "STOPSIGNAL" => "STOP_SIGNAL",
                    _ => "COPY_PATH",
                };
                for (var i = 0; i < ins.Arguments.Count; i++)
                {
                    var h = ins is FileTransferInstruction ? (i == ins.Arguments.Count - 1 ? ins.Name + "_DEST" : ins.Name + "_SRC") : hint;
                    yield return new Slot(ins.Arguments[i], ins.IsJson, SlotKind.Plain, h);
                }

                break;
        }
    }

    private static bool IsParameterisable(Slot slot) => slot.Kind switch
    {
        SlotKind.Plain => PlainValue().IsMatch(slot.Raw),
        SlotKind.Quoted => !slot.Raw.Contains('\\', StringComparison.Ordinal) && Processed(slot.Raw) is { } v && QuotableValue().IsMatch(v),
        _ => false,
    };

    /// <summary>The value the builder sees for a literal token (quotes removed); null when it cannot be taken literally.</summary>
    private static string? Processed(string raw)
    {
        if (raw.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        var r = VariableExpander.Expand(raw, EmptyEnv);
        return r.Success ? r.Value : null;
    }

    private static readonly Dictionary<string, string> EmptyEnv = new(StringComparer.Ordinal);

    private static string FromHint(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var colon = name.LastIndexOf(':');
        var repo = colon > name.LastIndexOf('/') ? name[..colon] : name;
        return ArgName(RepoName(repo) + "_IMAGE");
    }

    private static string RepoName(string repo) => repo[(repo.LastIndexOf('/') + 1)..];

    private static string LabelHint(string key) => ArgName("LABEL_" + key[(key.LastIndexOf('.') + 1)..]);

    /// <summary>An ARG name from free text: upper snake case, starting with a letter.</summary>
    internal static string ArgName(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        var name = Regex.Replace(sb.ToString(), "_+", "_").Trim('_');
        return name.Length == 0 || char.IsAsciiDigit(name[0]) ? "ARG_" + name : name;
    }

    private sealed class Parameter(string name, string[] values, string origin, int stage)
    {
        public string Name { get; set; } = name;

        public string[] Values { get; } = values;

        public string Origin { get; } = origin;

        /// <summary>-1 for FROM parameters (declared before the first FROM), else the stage of first use.</summary>
        public int Stage { get; } = stage;

        public string Default { get; } = MostCommon(values);

        private static string MostCommon(string[] values) => values
            .Select((v, i) => (v, i))
            .GroupBy(x => x.v, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Min(x => x.i))
            .First().Key;
    }

    private static SharedDockerfile Build(List<SynthesisInput> group, string header)
    {
        var docs = group.Select(m => m.Document).ToArray();
        var count = docs[0].Instructions.Count;
        var parameters = new List<Parameter>();
        var byVector = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        // Per instruction index: per slot index, the parameter replacing it (null: keep the token).
        var replacements = new Dictionary<int, Parameter?[]>();
        var stageOf = StageIndexes(docs[0]);
        for (var i = 0; i < count; i++)
        {
            var perMember = docs.Select(d => Slots(d.Instructions[i]).ToArray()).ToArray();
            Parameter?[]? slotParams = null;
            for (var s = 0; s < perMember[0].Length; s++)
            {
                var raws = perMember.Select(p => p[s].Raw).ToArray();
                if (raws.All(r => r == raws[0]))
                {
                    continue;
                }

                var values = raws.Select(r => Processed(r)!).ToArray();
                var vectorKey = string.Join('\u0001', values);
                var stage = docs[0].Instructions[i] is FromInstruction ? -1 : stageOf[i];
                if (!byVector.TryGetValue(vectorKey + "\u0002" + stage, out var p))
                {
                    p = new Parameter(perMember[0][s].Hint, values, $"{docs[0].Instructions[i].Name} (line {docs[0].Instructions[i].Node.StartLine})", stage);
                    byVector[vectorKey + "\u0002" + stage] = p;
                    parameters.Add(p);
                }

                slotParams ??= new Parameter?[perMember[0].Length];
                slotParams[s] = p;
            }

            if (slotParams is not null)
            {
                replacements[i] = slotParams;
            }
        }

        NameUniquely(parameters, docs[0]);
        var representative = PickRepresentative(group, parameters);
        var text = Render(representative.Document, replacements, parameters, header, group.Count);
        var arguments = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        for (var m = 0; m < group.Count; m++)
        {
            arguments[group[m].Path] = parameters.ToDictionary(p => p.Name, p => p.Values[m], StringComparer.Ordinal);
        }

        return new SharedDockerfile(
            text,
            [.. group.Select(m => m.Path)],
            [.. parameters.Select(p => new PlanParameter(p.Name, p.Default, p.Origin))],
            arguments);
    }

    private static int[] StageIndexes(DockerfileDocument doc)
    {
        var result = new int[doc.Instructions.Count];
        var stage = -1;
        for (var i = 0; i < result.Length; i++)
        {
            if (doc.Instructions[i] is FromInstruction)
            {
                stage++;
            }

            result[i] = stage;
        }

        return result;
    }

    private static void NameUniquely(List<Parameter> parameters, DockerfileDocument doc)
    {
        // Names the Dockerfile already uses for ARG or ENV would change meaning; an ENV parameter may keep its own key.
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ins in doc.Instructions)
        {
            if (ins is ArgInstruction arg)
            {
                taken.UnionWith(arg.Declarations.Select(d => d.Name));
            }
        }

        var envKeys = doc.Instructions.OfType<EnvInstruction>().SelectMany(e => e.Pairs.Select(p => p.Key)).ToHashSet(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            var isEnvKey = p.Origin.StartsWith("ENV", StringComparison.Ordinal) && envKeys.Contains(p.Name);
            var name = p.Name;
            for (var n = 2; used.Contains(name) || taken.Contains(name) || (!isEnvKey && envKeys.Contains(name)); n++)
            {
                name = p.Name + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            p.Name = name;
            used.Add(name);
        }
    }

    private static SynthesisInput PickRepresentative(List<SynthesisInput> group, List<Parameter> parameters)
    {
        var best = 0;
        var bestScore = -1;
        for (var m = 0; m < group.Count; m++)
        {
            var score = parameters.Count(p => p.Values[m] == p.Default);
            if (score > bestScore)
            {
                (best, bestScore) = (m, score);
            }
        }

        return group[best];
    }

    private static string Render(
        DockerfileDocument doc, Dictionary<int, Parameter?[]> replacements, List<Parameter> parameters, string header, int memberCount)
    {
        var newline = doc.Text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var representativeValues = replacements.Values.SelectMany(r => r).OfType<Parameter>()
            .Select(p => p.Values.Length > 0 ? p.Values[0] : string.Empty)
            .Where(v => v.Length >= 3)
            .ToHashSet(StringComparer.Ordinal);
        var sb = new StringBuilder();
        var index = 0;
        var declared = new HashSet<(string, int)>();
        var wroteHeader = doc.Directives.Count > 0; // a header above parser directives would turn them into comments
        var stage = -1;
        foreach (var e in doc.Elements)
        {
            if (e is not DockerfileInstruction ins)
            {
                var raw = e.RawText;
                if (e is DockerfileTrivia { Kind: DockerfileElementKind.Comment } && representativeValues.Any(v => raw.Contains(v, StringComparison.Ordinal)))
                {
                    continue; // a comment naming one member's values would mislead in the shared file
                }

                sb.Append(raw);
                continue;
            }

            if (!wroteHeader)
            {
                sb.Append("# ").Append(header.Replace("{count}", memberCount.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).Append(newline);
                wroteHeader = true;
            }

            if (ins is FromInstruction)
            {
                stage++;
                if (stage == 0)
                {
                    foreach (var p in parameters.Where(p => p.Stage == -1))
                    {
                        sb.Append("ARG ").Append(p.Name).Append('=').Append(Quote(p.Default)).Append(newline);
                    }
                }
            }

            if (replacements.TryGetValue(index, out var slotParams))
            {
                foreach (var p in slotParams.OfType<Parameter>().Where(p => p.Stage >= 0).Distinct())
                {
                    if (declared.Add((p.Name, stage)))
                    {
                        sb.Append("ARG ").Append(p.Name).Append('=').Append(Quote(p.Default)).Append(newline);
                    }
                }

                sb.Append(RenderInstruction(ins, slotParams)).Append(newline);
            }
            else
            {
                sb.Append(ins.RawText);
                if (!ins.RawText.EndsWith('\n'))
                {
                    sb.Append(newline);
                }
            }

            index++;
        }

        return sb.ToString();
    }

    private static string Quote(string value) => PlainValue().IsMatch(value) && value.Length > 0 ? value : "\"" + value + "\"";

    private static string RenderInstruction(DockerfileInstruction ins, Parameter?[] slotParams)
    {
        var slots = Slots(ins).ToArray();
        var sb = new StringBuilder(ins.Name);
        foreach (var f in ins.Flags)
        {
            sb.Append(' ').Append(f);
        }

        string Token(int s) => slotParams[s] is { } p
            ? (slots[s].Kind == SlotKind.Quoted ? "\"${" + p.Name + "}\"" : "${" + p.Name + "}")
            : slots[s].Raw;

        if (ins is KeyValueInstruction)
        {
            for (var s = 0; s < slots.Length; s += 2)
            {
                sb.Append(' ').Append(slots[s].Raw).Append('=').Append(Token(s + 1));
            }
        }
        else if (ins.IsJson)
        {
            sb.Append(" [");
            for (var s = 0; s < slots.Length; s++)
            {
                sb.Append(s == 0 ? "\"" : ", \"").Append(Token(s).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            }

            sb.Append(']');
        }
        else
        {
            for (var s = 0; s < slots.Length; s++)
            {
                sb.Append(' ').Append(Token(s));
            }
        }

        return sb.ToString();
    }
}
