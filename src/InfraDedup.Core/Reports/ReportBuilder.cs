using System.Globalization;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Lint;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Reports;

/// <summary>
/// Computes a <see cref="ReportModel"/> from its sources. Every number comes from the scan, the plan (or the
/// operation's journal), the lint run or the validation checks; nothing is typed in.
/// </summary>
public static class ReportBuilder
{
    /// <summary>How many exact-duplicate groups and lint rules the report lists by name.</summary>
    public const int TopCount = 10;

    public static ReportModel Build(ReportSources sources, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new ReportOptions();
        var scan = sources.Scan;
        var plan = sources.Plan;
        var stage = StageOf(sources.Operation);
        var notes = new List<string>();
        var basis = Basis(sources, stage, notes);

        // Applied trees are the "after": the journal says what was done. Otherwise the plan's actions say what would be.
        var actions = stage != TreeStage.Planned && sources.Operation is { } op
            ? op.Steps
            : plan?.Actions.Select(a => new ActionRef(a.Kind, a.Path) { Reason = a.Reason }).ToList() ?? [];
        return new ReportModel
        {
            RootName = options.RootName ?? Path.GetFileName(scan.Root.TrimEnd('/', '\\')),
            RootArgument = options.RootArgument,
            // Only when asked (--generated-at): the same tree gives the same report, whatever operation it went through.
            GeneratedAt = options.GeneratedAt,
            Stage = stage,
            Basis = basis,
            Notes = notes,
            Counts = Counts(sources, actions, applied: stage != TreeStage.Planned),
            PlanSummary = plan?.Summary,
            PlanActions = plan?.Actions.Count ?? sources.Operation?.Steps.Count ?? 0,
            Duplicates = new DuplicateSection(scan.DuplicateSummary.Groups, scan.DuplicateSummary.RedundantFiles, scan.DuplicateSummary.WastedBytes, [.. scan.ExactDuplicates.Take(TopCount)]),
            Families = plan is null ? ScanFamilies(scan) : PlanFamilies(plan),
            DeadFiles = scan.DeadFiles,
            Removed = RemovedOf(scan, actions),
            BaseImages = scan.BaseImages,
            Lint = LintOf(sources.Lint),
            Validation = sources.Validation
                ?? (plan is null ? ValidationStatus.None("no plan to take proofs from (pass --plan)") : ValidationStatus.FromPlanProofs(plan)),
            Rollback = RollbackOf(sources, stage, options.RootArgument),
            Diffs = plan is null ? [] : DiffsOf(plan, sources.ReadOriginal),
            Scripts = scan.References is null ? null : InfraDedup.Core.Scripts.ScriptMap.Build(scan, [.. scan.NearDuplicates.Where(g => g.Kind == InfraDedup.Core.Similarity.FamilyKind.Shell).Select(g => g.Paths)]),
            ScriptPlan = plan?.Scripts,
        };
    }

    private static TreeStage StageOf(OperationSummary? operation) => operation?.State switch
    {
        OperationState.Complete => TreeStage.Applied,
        OperationState.Applying or OperationState.RollingBack => TreeStage.Interrupted,
        _ => TreeStage.Planned,
    };

    private static string Basis(ReportSources sources, TreeStage stage, List<string> notes)
    {
        var op = sources.Operation;
        var planText = sources.PlanFile is null ? "a plan computed now from the tree (not written anywhere)" : $"the plan {sources.PlanFile}";
        if (op is null || stage == TreeStage.Planned)
        {
            if (op is not null)
            {
                notes.Add($"Operation {op.OpId} was rolled back; the tree is as before it.");
            }

            return $"Nothing is applied to this tree; the report describes {planText}.";
        }

        if (sources.Plan is null)
        {
            notes.Add("The plan itself is not stored in .infradedup (the journal keeps only its SHA-256): family decisions and proofs are missing. Pass the plan.json that was applied with --plan to include them.");
        }
        else if (sources.PlanFileSha256 is not null && sources.PlanFileSha256 != op.PlanSha256)
        {
            notes.Add($"{sources.PlanFile} is not the plan operation {op.OpId} applied (SHA-256 {sources.PlanFileSha256[..12]}… vs {op.PlanSha256[..12]}…); counts follow the operation's journal, families and proofs follow {sources.PlanFile}.");
        }

        var state = stage == TreeStage.Applied ? "applied" : "interrupted (" + (op.State == OperationState.Applying ? "while applying" : "while rolling back") + ")";
        return $"Operation {op.OpId} is {state}; the report describes " + (sources.Plan is null ? "its journal." : planText + ".");
    }

    /// <summary>
    /// Before/after counts. The scan sees the tree as it is now: the "before" when nothing is applied, the "after"
    /// when an operation is; the other side is derived from the actions (creates add files, removes take them away,
    /// wrappers stop a script being a maintained source).
    /// </summary>
    private static List<CountRow> Counts(ReportSources sources, IReadOnlyList<ActionRef> actions, bool applied)
    {
        var (scan, plan) = (sources.Scan, sources.Plan);
        var kinds = scan.Inventory.ToDictionary(f => f.RelativePath, f => f.Kind, StringComparer.Ordinal);
        FileKind KindOf(string path) => kinds.TryGetValue(path, out var k) ? k : FileClassifier.ClassifyByName(path) ?? FileKind.Other;
        static bool IsScript(FileKind k) => k is FileKind.ShellScript or FileKind.PythonScript;

        var created = actions.Where(a => a.Kind == PlanActionKind.Create).ToList();
        var removed = actions.Where(a => a.Kind == PlanActionKind.Remove).ToList();
        var filesDelta = created.Count - removed.Count;
        var dockerfileDelta = created.Count(a => KindOf(a.Path) == FileKind.Dockerfile) - removed.Count(a => KindOf(a.Path) == FileKind.Dockerfile);
        var scriptsRemoved = removed.Count(a => IsScript(KindOf(a.Path)));
        var wrappers = actions.Count(a => a.Kind == PlanActionKind.Wrapper);

        CountRow Row(string measure, int now, int delta) => applied ? new(measure, now - delta, now) : new(measure, now, now + delta);
        var scriptsNow = scan.Files.ShellScripts + scan.Files.PythonScripts;
        // Copies generated from one source stop being maintained scripts; the sources the plan creates for them start
        // (verbatim scripts the scan of an applied tree already sees, or templates of scripts).
        var scriptCopies = (plan?.Copies ?? []).Where(g => g.Outputs.Any(o => IsScript(KindOf(o)))).ToList();
        var copySourcesOnDisk = scriptCopies.Sum(g => g.SourcesCreated.Count(x => IsScript(KindOf(x))));
        var copiesDelta = scriptCopies.Sum(g => g.SourcesCreated.Count - g.Outputs.Count(o => IsScript(KindOf(o))));
        var scriptsBefore = applied ? scriptsNow + scriptsRemoved - copySourcesOnDisk : scriptsNow;
        var rows = new List<CountRow>
        {
            Row("Files in the tree", scan.Files.Total, filesDelta),
            Row("Dockerfiles on disk", scan.Files.Dockerfiles, dockerfileDelta),
        };
        if (plan is not null)
        {
            rows.Add(new CountRow("Maintained Dockerfile sources", plan.Summary.DockerfilesBefore, plan.Summary.MaintainedSourcesAfter));
        }

        rows.Add(new CountRow("Maintained scripts", scriptsBefore, scriptsBefore - scriptsRemoved - wrappers + copiesDelta));

        // Dead files and lint findings on both sides too, so no count in the summary mixes before and after.
        // Removing a dead Dockerfile can leave sources only it copied unreferenced too, so for an applied tree "now +
        // removed" is a lower bound of the dead files before; the applied plan's own list is exact when it is given.
        var deadRemoved = actions.Count(IsDeadRemoval);
        rows.Add(applied && plan is not null
            ? new CountRow("Dead files", plan.DeadFiles.Count, scan.DeadFiles.Count)
            : Row("Dead files", scan.DeadFiles.Count, -deadRemoved));
        // Applied: the loader counts the groups before from the journal and archive; planned: from the plan's actions.
        var groupsOtherSide = applied ? sources.DuplicateGroupsOtherSide
            : plan is null ? scan.DuplicateSummary.Groups : DuplicateGroupsOtherSide.Count(scan, DuplicateGroupsOtherSide.PlannedChanges(plan));
        if (groupsOtherSide is { } groups)
        {
            rows.Add(applied ? new CountRow("Exact-duplicate groups", groups, scan.DuplicateSummary.Groups) : new CountRow("Exact-duplicate groups", scan.DuplicateSummary.Groups, groups));
        }

        if (sources.LintFindingsOtherSide is { } other)
        {
            rows.Add(applied ? new CountRow("Lint findings", other, sources.Lint.Findings.Count) : new CountRow("Lint findings", sources.Lint.Findings.Count, other));
        }

        return rows;
    }

    /// <summary>A removal whose reason is dead-file evidence (the planner writes "dead: …").</summary>
    private static bool IsDeadRemoval(ActionRef action) =>
        action.Kind == PlanActionKind.Remove && action.Reason?.StartsWith("dead: ", StringComparison.Ordinal) == true;

    /// <summary>Every removal with its reason, from the journal (applied) or the plan's actions (planned).</summary>
    private static List<RemovedFile> RemovedOf(ScanReport scan, IReadOnlyList<ActionRef> actions)
    {
        var kinds = scan.Inventory.ToDictionary(f => f.RelativePath, f => f.Kind, StringComparer.Ordinal);
        return [.. actions.Where(a => a.Kind == PlanActionKind.Remove).Select(a =>
        {
            var kind = kinds.TryGetValue(a.Path, out var k) ? k : FileClassifier.ClassifyByName(a.Path) ?? FileKind.Other;
            var dead = IsDeadRemoval(a);
            return new RemovedFile(a.Path, KindName(kind), dead ? a.Reason!["dead: ".Length..] : a.Reason ?? "(no reason recorded)", dead);
        }).OrderBy(r => r.Path, StringComparer.Ordinal)];
    }

    private static string KindName(FileKind kind) => kind switch
    {
        FileKind.Dockerfile => "Dockerfile",
        FileKind.ShellScript => "shell script",
        FileKind.PythonScript => "Python script",
        _ => "file",
    };

    private static List<FamilyRow> PlanFamilies(Plan plan) =>
        [.. plan.Families.Select(f => new FamilyRow(
            f.Name,
            PlanMarkdown.StrategyName(f.Strategy),
            f.Members.Count,
            f.Groups.Sum(g => g.Members.Count),
            f.MembersLeftAlone.Count,
            [.. f.Groups.Select(g => g.Source)],
            f.Reason))];

    /// <summary>Without a plan: the scan's Dockerfile families, undecided.</summary>
    private static List<FamilyRow> ScanFamilies(ScanReport scan) =>
        [.. scan.NearDuplicates
            .Where(g => g.Kind == FamilyKind.Dockerfile)
            .Select((g, i) => new FamilyRow(
                "family-" + (i + 1).ToString(CultureInfo.InvariantCulture),
                "not planned",
                g.Paths.Count,
                0,
                0,
                [],
                "similarity " + g.Similarity.ToString("0.00", CultureInfo.InvariantCulture) + "; no plan given"))];

    private static LintSection LintOf(LintReport lint)
    {
        LintSeverity[] shown = [LintSeverity.Error, LintSeverity.Warning, LintSeverity.Info, LintSeverity.Style];
        var bySeverity = shown.Select(s => (s.Name(), lint.Findings.Count(f => f.Severity == s))).ToList();
        var top = lint.Findings
            .GroupBy(f => (f.RuleId, f.Severity))
            .Select(g => new RuleCount(g.Key.RuleId, g.Key.Severity.Name(), g.Count()))
            .OrderByDescending(r => r.Count)
            .ThenBy(r => r.RuleId, StringComparer.Ordinal)
            .ThenBy(r => r.Severity, StringComparer.Ordinal)
            .Take(TopCount)
            .ToList();
        return new LintSection(lint.Files.Count, lint.Findings.Count, bySeverity, top);
    }

    private static RollbackSection RollbackOf(ReportSources sources, TreeStage stage, string rootArgument)
    {
        var root = Shell.Quote(rootArgument);
        var op = sources.Operation;
        switch (stage)
        {
            case TreeStage.Applied:
                return new RollbackSection(
                    $"Operation {op!.OpId} changed {op.Steps.Count} files; every original is archived with its SHA-256. To restore them byte for byte:",
                    [$"infradedup rollback {root} --op {op.OpId} --dry-run", $"infradedup rollback {root} --op {op.OpId}"]);
            case TreeStage.Interrupted when op!.State == OperationState.Applying:
                return new RollbackSection(
                    $"Operation {op.OpId} was interrupted while applying. Finish it, or undo what it did:",
                    [$"infradedup apply {root} --resume --op {op.OpId}", $"infradedup rollback {root} --op {op.OpId}"]);
            case TreeStage.Interrupted:
                return new RollbackSection($"Operation {op!.OpId} was interrupted while rolling back. Run the rollback again:", [$"infradedup rollback {root} --op {op.OpId}"]);
            default:
                var planFile = sources.PlanFile is null ? Shell.Quote(JoinPath(rootArgument, ".infradedup/plan/plan.json")) : Shell.Quote(sources.PlanFile);
                List<string> commands = sources.PlanFile is null ? [$"infradedup plan {root}"] : [];
                commands.Add($"infradedup apply {root} --plan {planFile} --dry-run");
                commands.Add($"infradedup apply {root} --plan {planFile} --yes");
                commands.Add($"infradedup rollback {root} --last");
                return new RollbackSection(
                    "Nothing is applied, so there is nothing to roll back. To apply the plan and, if needed, undo it (apply prints the operation id; --op ID names one):",
                    commands);
        }
    }

    private static string JoinPath(string root, string relative) => root is "." or "./" ? relative : root.TrimEnd('/') + "/" + relative;

    /// <summary>Every consolidated member next to its group's source: a shared Dockerfile or a template.</summary>
    private static List<FamilyDiff> DiffsOf(Plan plan, Func<string, string?, string?> readOriginal)
    {
        var created = plan.Actions.Where(a => a.Kind == PlanActionKind.Create && a.Content is not null).ToDictionary(a => a.Path, a => a.Content!, StringComparer.Ordinal);
        var inputs = plan.Inputs.ToDictionary(i => i.Path, i => i.Sha256, StringComparer.Ordinal);
        var result = new List<FamilyDiff>();
        foreach (var family in plan.Families.Where(f => f.Groups.Count > 0))
        {
            var members = new List<MemberDiff>();
            foreach (var group in family.Groups)
            {
                var source = created.TryGetValue(group.Source, out var text) ? text : readOriginal(group.Source, inputs.GetValueOrDefault(group.Source));
                members.AddRange(group.Members.Select(m => new MemberDiff(m, group.Source, readOriginal(m, inputs.GetValueOrDefault(m)), source)));
            }

            result.Add(new FamilyDiff(family.Name, PlanMarkdown.StrategyName(family.Strategy), members));
        }

        return result;
    }
}

/// <summary>Quoting for the POSIX shell commands reports print.</summary>
public static class Shell
{
    /// <summary>The word as is when it needs no quoting, else in single quotes.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:@%+,".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
