using System.Globalization;
using System.Text.Json.Serialization;
using InfraDedup.Core.Compose;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Planning;

/// <summary>What the plan does with one Dockerfile or script. Every file of the tree has exactly one.</summary>
public enum FileOutcome
{
    /// <summary>Its builds now come from a shared Dockerfile or a template (the reason says which, and how).</summary>
    [JsonStringEnumMemberName("consolidated")]
    Consolidated,

    /// <summary>It is in a family or built by compose, and the plan leaves it as it is (the reason says why).</summary>
    [JsonStringEnumMemberName("left-alone")]
    LeftAlone,

    /// <summary>Nothing refers to it (the reason is the evidence, and whether the plan removes it).</summary>
    [JsonStringEnumMemberName("dead")]
    Dead,

    /// <summary>The plan never weighed it (a Dockerfile in no family, a script): the reason says why.</summary>
    [JsonStringEnumMemberName("not-considered")]
    NotConsidered,

    /// <summary>BuildKit rejects it: left as it is, the reason names <c>file:line:col</c> and the error.</summary>
    [JsonStringEnumMemberName("invalid")]
    Invalid,
}

/// <summary>One file and its outcome. <see cref="Kind"/> is <c>dockerfile</c> or <c>script</c>.</summary>
public sealed record FileAccount(string Path, string Kind, FileOutcome Outcome, string Reason);

/// <summary>How many Dockerfiles and scripts have one outcome.</summary>
public sealed record OutcomeCount(FileOutcome Outcome, int Dockerfiles, int Scripts)
{
    /// <summary>The compose build configurations (service builds) of the Dockerfiles with this outcome.</summary>
    public int BuildConfigurations { get; init; }
}

/// <summary>
/// What the rules of <see cref="PlanAccounting"/> need besides the plan. <see cref="Decided"/> lets a plan stage
/// that handles files of its own (e.g. scripts it replaces, generated copies) give their outcome and reason: a
/// decided outcome wins over the rules, and the file still counts once.
/// </summary>
public sealed record AccountingFacts
{
    /// <summary>Dockerfiles BuildKit's parser rejects (the scan's parse errors), one per file.</summary>
    public IReadOnlyList<ParseError> ParseErrors { get; init; } = [];

    /// <summary>The compose build configurations of each Dockerfile (<see cref="BuildConfigurations.Collect"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<BuildConfiguration>> Configurations { get; init; } = new Dictionary<string, IReadOnlyList<BuildConfiguration>>(StringComparer.Ordinal);

    /// <summary>Outcomes other stages decided, by path (first per path wins).</summary>
    public IReadOnlyList<FileAccount> Decided { get; init; } = [];

    /// <summary>
    /// Why BuildKit rejects a Dockerfile (instruction-level checks too, with <c>file:line:col</c>), or null when it
    /// accepts it or it cannot be read; asked only for Dockerfiles neither consolidated nor dead.
    /// </summary>
    public Func<string, string?> InvalidReason { get; init; } = _ => null;
}

/// <summary>
/// Where every Dockerfile and script of the tree went: one <see cref="FileAccount"/> each, and the counts per
/// outcome, which add up to <see cref="Dockerfiles"/> and <see cref="Scripts"/> (the totals the scan found), and
/// whose <see cref="OutcomeCount.BuildConfigurations"/> add up to <see cref="BuildConfigurations"/>.
/// </summary>
public sealed record PlanAccounting(int Dockerfiles, int Scripts, IReadOnlyList<OutcomeCount> Outcomes, IReadOnlyList<FileAccount> Files)
{
    /// <summary>Every compose build configuration (a service that builds a Dockerfile of the tree), across all outcomes.</summary>
    public int BuildConfigurations { get; init; }

    /// <summary>The outcomes in reading order (the enum adds new outcomes at its end, for JSON stability).</summary>
    public static IReadOnlyList<FileOutcome> DisplayOrder { get; } =
        [FileOutcome.Consolidated, FileOutcome.LeftAlone, FileOutcome.Invalid, FileOutcome.Dead, FileOutcome.NotConsidered];

    /// <summary>As <see cref="Of(Plan, IEnumerable{RepoFile}, IReadOnlyList{DeadFile}, IReadOnlyList{Family}, double, AccountingFacts)"/> with no further facts.</summary>
    public static PlanAccounting Of(Plan plan, IEnumerable<RepoFile> inventory, IReadOnlyList<DeadFile> deadFiles, IReadOnlyList<Family> families, double threshold) =>
        Of(plan, inventory, deadFiles, families, threshold, new AccountingFacts());

    /// <summary>
    /// Accounts for every Dockerfile and script of <paramref name="inventory"/> against <paramref name="plan"/>: a
    /// consolidated group member, a removed or kept dead file, a file the plan leaves (with its reason), a family
    /// member left unconsolidated, and otherwise a file no family holds. First match wins, in that order; an outcome
    /// another stage decided (<see cref="AccountingFacts.Decided"/>) comes before all, and a Dockerfile BuildKit
    /// rejects is <see cref="FileOutcome.Invalid"/> unless it is consolidated or dead.
    /// </summary>
    public static PlanAccounting Of(Plan plan, IEnumerable<RepoFile> inventory, IReadOnlyList<DeadFile> deadFiles, IReadOnlyList<Family> families, double threshold, AccountingFacts facts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(deadFiles);
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(facts);
        var decided = new Dictionary<string, FileAccount>(StringComparer.Ordinal);
        foreach (var account in facts.Decided)
        {
            decided.TryAdd(account.Path, account);
        }

        var invalid = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var left in plan.LeftAlone.Where(l => l.Reason.StartsWith(PlanContext.InvalidReason, StringComparison.Ordinal)))
        {
            invalid.TryAdd(left.Path, left.Reason);
        }

        foreach (var error in facts.ParseErrors)
        {
            invalid.TryAdd(error.Path, string.Create(CultureInfo.InvariantCulture, $"{PlanContext.InvalidReason}: {error.Path}:{error.Line}:{error.Column}: {error.Message}; fix it first"));
        }

        var consolidated = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var family in plan.Families)
        {
            foreach (var group in family.Groups)
            {
                foreach (var member in group.Members)
                {
                    consolidated.TryAdd(member, ConsolidationText(family, group));
                }
            }
        }

        foreach (var copies in plan.Copies ?? [])
        {
            foreach (var output in copies.Outputs)
            {
                consolidated.TryAdd(output, $"a copy of {copies.ContextPath} in a build context, now generated from {string.Join(" or ", copies.Sources)} (bytes and mode unchanged)");
            }
        }

        var removed = plan.Actions.Where(a => a.Kind == PlanActionKind.Remove).ToDictionary(a => a.Path, a => a.Reason, StringComparer.Ordinal);
        var dead = deadFiles.ToDictionary(d => d.Path, d => d.Reason, StringComparer.Ordinal);
        var leftAlone = plan.LeftAlone.ToDictionary(l => l.Path, l => l.Reason, StringComparer.Ordinal);
        var familyOf = new Dictionary<string, FamilyDecision>(StringComparer.Ordinal);
        foreach (var family in plan.Families)
        {
            foreach (var member in family.Members)
            {
                familyOf.TryAdd(member, family);
            }
        }

        var inSimilarityFamily = families.SelectMany(f => f.Members.Select(m => m.Path)).ToHashSet(StringComparer.Ordinal);
        var files = new List<FileAccount>();
        foreach (var file in inventory.Where(f => f.Kind is FileKind.Dockerfile or FileKind.ShellScript or FileKind.PythonScript).OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            var path = file.RelativePath;
            var kind = file.Kind == FileKind.Dockerfile ? DeadFiles.DockerfileKind : DeadFiles.ScriptKind;
            if (decided.TryGetValue(path, out var account))
            {
                files.Add(account with { Kind = kind });
                continue;
            }

            var ruled = Account(path, kind, consolidated, removed, dead, leftAlone, familyOf, inSimilarityFamily, threshold);
            if (ruled.Outcome is not (FileOutcome.Consolidated or FileOutcome.Dead) && kind == DeadFiles.DockerfileKind
                && (invalid.GetValueOrDefault(path) ?? facts.InvalidReason(path)) is { } where)
            {
                ruled = ruled with { Outcome = FileOutcome.Invalid, Reason = where };
            }

            files.Add(ruled);
        }

        int ConfigurationsOf(FileAccount f) => f.Kind == DeadFiles.DockerfileKind && facts.Configurations.TryGetValue(f.Path, out var c) ? c.Count : 0;
        var outcomes = Enum.GetValues<FileOutcome>()
            .Select(o => new OutcomeCount(
                o,
                files.Count(f => f.Outcome == o && f.Kind == DeadFiles.DockerfileKind),
                files.Count(f => f.Outcome == o && f.Kind == DeadFiles.ScriptKind))
            {
                BuildConfigurations = files.Where(f => f.Outcome == o).Sum(ConfigurationsOf),
            })
            .ToList();
        return new PlanAccounting(
            files.Count(f => f.Kind == DeadFiles.DockerfileKind),
            files.Count(f => f.Kind == DeadFiles.ScriptKind),
            outcomes,
            files)
        {
            BuildConfigurations = files.Sum(ConfigurationsOf),
        };
    }

    /// <summary>
    /// One line that reconciles the plan's service counts with every build configuration compose defines:
    /// "57 build configurations in compose …, by their Dockerfile's outcome: 10 consolidated, 6 left alone, 41 not
    /// considered" (the parts add up to the total).
    /// </summary>
    public string ConfigurationsText()
    {
        var parts = DisplayOrder
            .Select(o => (Outcome: o, Count: Outcomes.FirstOrDefault(c => c.Outcome == o)?.BuildConfigurations ?? 0))
            .Where(p => p.Count > 0 || p.Outcome == FileOutcome.Consolidated)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Count} {OutcomeName(p.Outcome)}"));
        return string.Create(CultureInfo.InvariantCulture, $"{BuildConfigurations} build configurations in compose (services whose build names a Dockerfile of the tree), by their Dockerfile's outcome: {string.Join(", ", parts)}");
    }

    private static FileAccount Account(
        string path,
        string kind,
        Dictionary<string, string> consolidated,
        Dictionary<string, string> removed,
        Dictionary<string, string> dead,
        Dictionary<string, string> leftAlone,
        Dictionary<string, FamilyDecision> familyOf,
        HashSet<string> inSimilarityFamily,
        double threshold)
    {
        if (consolidated.TryGetValue(path, out var how))
        {
            return new(path, kind, FileOutcome.Consolidated, how);
        }

        if (dead.TryGetValue(path, out var evidence))
        {
            var fate = removed.ContainsKey(path)
                ? "removed by the plan (archived, so rollback restores it)"
                : kind == DeadFiles.DockerfileKind ? "kept: the plan was made without removing dead files" : "kept: the plan removes dead Dockerfiles only";
            return new(path, kind, FileOutcome.Dead, evidence + "; " + fate);
        }

        if (leftAlone.TryGetValue(path, out var why))
        {
            return new(path, kind, FileOutcome.LeftAlone, why);
        }

        if (familyOf.TryGetValue(path, out var family))
        {
            return new(path, kind, FileOutcome.LeftAlone, $"member of {family.Name}, not consolidated: {family.Reason}");
        }

        if (kind == DeadFiles.ScriptKind)
        {
            return new(path, kind, FileOutcome.NotConsidered, "a script: the plan consolidates Dockerfiles only ('similar' and 'scan' report duplicate scripts)");
        }

        var reason = inSimilarityFamily.Contains(path)
            ? "in a similarity family the plan does not decide on"
            : string.Create(CultureInfo.InvariantCulture, $"in no family: no other Dockerfile is similar at threshold {threshold:0.##}, so there is nothing to consolidate it with");
        return new(path, kind, FileOutcome.NotConsidered, reason);
    }

    private static string ConsolidationText(FamilyDecision family, ConsolidatedGroup group) => group.Strategy switch
    {
        FamilyStrategy.Template => $"{family.Name}: rendered from the template {group.Source}",
        FamilyStrategy.ExactCopies => $"{family.Name}: built from the shared Dockerfile {group.Source} (exact copies)",
        _ => $"{family.Name}: built from the shared Dockerfile {group.Source} with build args",
    } + (group.BaseImage is { } b ? $" on the extracted base image {b}" : string.Empty);

    /// <summary>The outcomes of the members of one family: "0 consolidated, 90 left alone, 8 dead".</summary>
    public string MembersText(FamilyDecision family) => MembersText(family, OutcomesByPath());

    /// <summary>Every file's outcomes by path, for <see cref="MembersText(FamilyDecision, ILookup{string, FileOutcome})"/> over many families.</summary>
    public ILookup<string, FileOutcome> OutcomesByPath() => Files.ToLookup(f => f.Path, f => f.Outcome, StringComparer.Ordinal);

    /// <summary>As <see cref="MembersText(FamilyDecision)"/>, with the outcomes looked up by path (one pass over the files for all families, not one per family).</summary>
    public static string MembersText(FamilyDecision family, ILookup<string, FileOutcome> outcomesByPath)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(outcomesByPath);
        var counts = new Dictionary<FileOutcome, int>();
        foreach (var member in family.Members.Distinct(StringComparer.Ordinal))
        {
            foreach (var outcome in outcomesByPath[member])
            {
                counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
            }
        }

        return string.Join(", ", DisplayOrder.Where(o => o == FileOutcome.Consolidated || counts.ContainsKey(o))
            .Select(o => counts.GetValueOrDefault(o).ToString(CultureInfo.InvariantCulture) + " " + OutcomeName(o)));
    }

    public static string OutcomeName(FileOutcome outcome) => outcome switch
    {
        FileOutcome.Consolidated => "consolidated",
        FileOutcome.LeftAlone => "left alone",
        FileOutcome.Dead => "dead",
        FileOutcome.Invalid => "invalid",
        _ => "not considered",
    };
}
