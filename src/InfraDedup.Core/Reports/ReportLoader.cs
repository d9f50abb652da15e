using System.Collections.Concurrent;
using System.Text;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Lint;
using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Reports;

/// <summary>Options of <see cref="ReportLoader.Load"/>.</summary>
public sealed record ReportLoadOptions
{
    /// <summary>A plan.json to report on; null: compute one (unapplied tree) or report the operation (applied tree).</summary>
    public string? PlanFile { get; init; }

    /// <summary>The operation to report on; null: the latest, if any.</summary>
    public string? OpId { get; init; }

    public WalkOptions Walk { get; init; } = new();

    /// <summary>Options for the plan computed when none is given.</summary>
    public PlanOptions Plan { get; init; } = new();
}

/// <summary>
/// Gathers a report's sources from a tree: the scan, a lint run over its Dockerfiles, the plan (given, or computed
/// in memory when nothing is applied) and the operation from <c>.infradedup/journal</c>.
/// </summary>
public static class ReportLoader
{
    /// <exception cref="UserInputException">The tree, the plan file, the lint configuration or the journal is unusable.</exception>
    public static ReportSources Load(string root, ReportLoadOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (plan, planSha) = options.PlanFile is null ? (null, null) : ReadPlanFile(options.PlanFile);
        var scan = Scanner.Scan(root, options.Walk, progress, cancellationToken);
        var state = new StateFolder(TreePath.ResolveRoot(root), new DurableFs(FaultInjection.None));
        var operation = Operation(state, options.OpId);
        if (plan is null && (operation is null || operation.State == OperationState.RolledBack))
        {
            progress?.Report(new StageProgress("planning", 0, 0));
            plan = Planner.Make(scan, options.Plan with { Walk = options.Walk }, progress, cancellationToken).Plan; // the same scan: one walk
        }

        progress?.Report(new StageProgress("linting", 0, 0));
        var lint = LintTree(scan, cancellationToken);
        return new ReportSources
        {
            Scan = scan,
            Lint = lint,
            LintFindingsOtherSide = operation?.State == OperationState.Complete
                ? LintBeforeOperation(scan, lint, state, options.OpId ?? operation.OpId)
                : plan is null ? null : LintAfterPlan(scan, lint, plan),
            Plan = plan,
            PlanFile = options.PlanFile,
            PlanFileSha256 = planSha,
            Operation = operation,
            Validation = ValidateApplied(root, operation, options.Walk, progress, cancellationToken),
            ReadOriginal = OriginalReader(state),
            DuplicateGroupsOtherSide = operation?.State == OperationState.Complete ? DuplicatesBeforeOperation(scan, state, options.OpId ?? operation.OpId) : null,
        };
    }

    /// <summary>The exact-duplicate groups before an applied operation: each path it touched back to its archived original (or absent).</summary>
    private static int? DuplicatesBeforeOperation(ScanReport scan, StateFolder state, string opId)
    {
        try
        {
            var journal = state.ReadJournal(opId);
            var changes = journal.Steps
                .GroupBy(s => s.Path, StringComparer.Ordinal)
                .Select(g => g.First())
                .Select(s => (s.Path, s.Before is { Kind: EntryKind.File } before ? state.Archive.Read(before.Sha256, s.Path) : null))
                .ToList();
            return DuplicateGroupsOtherSide.Count(scan, changes);
        }
        catch (Exception e) when (e is UserInputException or IOException or UnauthorizedAccessException)
        {
            return null; // a damaged archive: the before side is unknown, and the row is left out rather than guessed
        }
    }

    /// <summary>
    /// For an applied operation, what <c>validate</c> finds now (the tree may have changed since the plan's proofs);
    /// null otherwise, so the report falls back to the plan's proofs. A tree validate cannot read (a damaged archive)
    /// gives no checks and the reason, rather than no report.
    /// </summary>
    private static ValidationStatus? ValidateApplied(string root, OperationSummary? operation, WalkOptions walk, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        if (operation?.State != OperationState.Complete)
        {
            return null;
        }

        progress?.Report(new StageProgress("validating", 0, 0));
        try
        {
            var (_, checks) = Validation.Validator.Run(root, new Validation.ValidateOptions { OpId = operation.OpId, Walk = walk }, cancellationToken);
            return ValidationStatus.FromValidation("operation " + operation.OpId, checks);
        }
        catch (UserInputException e)
        {
            return ValidationStatus.None("'infradedup validate' could not check operation " + operation.OpId + ": " + e.Message);
        }
    }

    /// <summary>Reads and checks a plan file; errors name the file (and line/column for JSON errors).</summary>
    public static (Plan Plan, string Sha256) ReadPlanFile(string path)
    {
        byte[] bytes;
        Inventory.InputFile.RequireRegular(path, "the plan.json written by 'infradedup plan'");
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read the plan: {IoErrors.Reason(e)}; give the plan.json written by 'infradedup plan'.", path);
        }

        return (PlanJsonContext.ReadPlan(path, Encoding.UTF8.GetString(bytes)), Hashing.Sha256(bytes));
    }

    private static OperationSummary? Operation(StateFolder state, string? opId)
    {
        var ids = state.JournalIds();
        var id = opId ?? (ids.Count > 0 ? ids[^1] : null);
        if (id is null)
        {
            return null;
        }

        if (!OperationId.IsValid(id))
        {
            throw new UserInputException($"'{id}' is not an operation id (like 20250101T120000123Z-a1b2c3); 'infradedup archive list' shows them.");
        }

        var journal = state.ReadJournal(id);
        var steps = journal.Steps.Where(s => s.State == StepState.Done || journal.State == OperationState.Complete).Select(s => new ActionRef(s.Kind, s.Path) { Reason = s.Reason }).ToList();
        return new OperationSummary(journal.OpId, journal.Created, journal.State, journal.PlanSha256, steps);
    }

    /// <summary>
    /// Lint findings of the tree before an applied operation: the findings now, minus those in Dockerfiles the
    /// operation wrote, plus those of the archived originals it replaced or removed.
    /// </summary>
    private static int? LintBeforeOperation(ScanReport scan, LintReport lint, StateFolder state, string opId)
    {
        try
        {
            var journal = state.ReadJournal(opId);
            var changes = journal.Steps.Select(s => (s.Path, Other: s.Before is { Kind: EntryKind.File } before ? Text(state.Archive.Read(before.Sha256, s.Path)) : null)).ToList();
            return LintAcross(scan, lint, changes);
        }
        catch (Exception e) when (e is UserInputException or IOException or UnauthorizedAccessException)
        {
            // A damaged archive: the before side is unknown, and the report leaves the row out rather than guess.
            return null;
        }
    }

    /// <summary>Lint findings of the tree after a plan: the findings now, minus those of Dockerfiles it rewrites or removes, plus those of the contents it writes.</summary>
    public static int LintAfterPlan(ScanReport scan, LintReport lint, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return LintAcross(scan, lint, plan.Actions.Where(a => a.Kind != PlanActionKind.Wrapper).Select(a => (a.Path, a.Kind == PlanActionKind.Remove ? null : a.Content)));
    }

    /// <summary>The findings count with every changed Dockerfile's findings replaced by those of its other-side text (null: absent there).</summary>
    private static int LintAcross(ScanReport scan, LintReport lint, IEnumerable<(string Path, string? OtherText)> changes)
    {
        var configPath = LintConfigLoader.Discover(scan.Root);
        var config = configPath is null ? LintConfig.Default : LintConfigLoader.Load(configPath);
        var count = lint.Findings.Count;
        foreach (var (path, other) in changes.Where(c => FileClassifier.ClassifyByName(c.Path) == FileKind.Dockerfile))
        {
            count -= lint.Findings.Count(f => f.File == path);
            count += other is null ? 0 : Linter.LintText(other, path, config).Count;
        }

        return count;
    }

    /// <summary>Lints every Dockerfile the scan found, with the tree's lint configuration.</summary>
    public static LintReport LintTree(ScanReport scan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var configPath = LintConfigLoader.Discover(scan.Root);
        var config = configPath is null ? LintConfig.Default : LintConfigLoader.Load(configPath);
        var dockerfiles = scan.Inventory.Where(f => f.Kind == FileKind.Dockerfile).ToList();
        var findings = new ConcurrentBag<LintFinding>();
        var skipped = new ConcurrentBag<SkippedEntry>();
        Parallel.ForEach(dockerfiles, new ParallelOptions { CancellationToken = cancellationToken }, f =>
        {
            try
            {
                foreach (var finding in Linter.LintFile(f.FullPath, f.RelativePath, config))
                {
                    findings.Add(finding);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SkippedEntry(f.RelativePath, e.Message));
            }
        });
        var sorted = findings.ToList();
        sorted.Sort(LintFinding.Compare);
        return new LintReport([.. dockerfiles.Select(f => f.RelativePath)], sorted, [.. skipped.OrderBy(s => s.Path, StringComparer.Ordinal)]);
    }

    /// <summary>Reads originals for diffs from the tree at <paramref name="root"/> or its archive (see <see cref="ReadOriginal"/>).</summary>
    public static Func<string, string?, string?> OriginalReader(string root) => OriginalReader(new StateFolder(TreePath.ResolveRoot(root), new DurableFs(FaultInjection.None)));

    private static Func<string, string?, string?> OriginalReader(StateFolder state) => (path, sha) => ReadOriginal(state, path, sha);

    /// <summary>
    /// A file's text as the plan saw it: from the tree when it still has the planned hash (or no hash is known), else
    /// the archived copy apply kept; null when neither is there (or the text is not UTF-8).
    /// </summary>
    private static string? ReadOriginal(StateFolder state, string path, string? sha256)
    {
        if (TreePath.Problem(path) is not null)
        {
            return null;
        }

        var full = TreePath.Full(state.Root, path);
        try
        {
            if (File.Exists(full))
            {
                var bytes = File.ReadAllBytes(full);
                if (sha256 is null || Hashing.Sha256(bytes) == sha256)
                {
                    return Text(bytes);
                }
            }

            return sha256 is not null && File.Exists(state.Archive.ObjectPath(sha256)) ? Text(state.Archive.Read(sha256, path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UserInputException)
        {
            return null;
        }
    }

    private static string? Text(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
