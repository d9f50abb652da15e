using System.Reflection;
using System.Text;
using InfraDedup.Core.Archive;
using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Apply;

/// <summary>
/// Executes a plan's file actions transactionally, and undoes them.
/// <para>
/// Apply: check the plan and the tree (nothing written if anything is off) → archive every file it changes or removes
/// and every new content (content-addressed, fsynced) → write the manifest → write the journal (the commit point) →
/// for each step: journal "started" (fsynced), then the change (temp file + fsync + rename + folder fsync) → journal
/// "complete". After a crash at any point, <see cref="Rollback"/> restores the tree exactly and <see cref="Resume"/>
/// finishes it: both look at each started step's path and find either the state before or the state after it
/// (anything else stops them, and they say which file).
/// </para>
/// </summary>
public static class ApplyEngine
{
    /// <summary>The version recorded in journals and manifests.</summary>
    public static string ToolVersion { get; } =
        (typeof(ApplyEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>Applies <paramref name="plan"/> to the tree at <paramref name="root"/> (or, with <see cref="ApplyOptions.DryRun"/>, renders its diffs).</summary>
    public static ApplyResult Apply(string root, Plan plan, ApplyOptions options)
    {
        var realRoot = TreePath.ResolveRoot(root);
        PlanChecks.ValidatePlan(plan, options.PlanFile, options.PlanText);
        var state = new StateFolder(realRoot, new DurableFs(options.Faults, !options.NoFsync));
        using var held = options.DryRun ? null : OperationLock.Acquire(state, "apply");
        var notes = new List<string>();
        var heldBack = plan.Actions.Count(a => a.BehaviourChange is not null);
        if (heldBack > 0 && !options.AcceptScriptReplacements)
        {
            // A replacement by a master command changes behaviour: never applied unless asked for by name.
            plan = plan with { Actions = [.. plan.Actions.Where(a => a.BehaviourChange is null)] };
            notes.Add($"{heldBack} script replacement(s) by a master command left alone (a behaviour change for review, listed under 'scripts.proposals' in the plan); pass --accept-script-replacements to apply them");
        }

        var interrupted = Interrupted(state);
        if (interrupted is not null)
        {
            var message = $"operation {interrupted.OpId} was interrupted ({interrupted.State.ToString().ToLowerInvariant()}); run 'infradedup rollback --op {interrupted.OpId}' to undo it"
                + (interrupted.State == OperationState.Applying ? $" or 'infradedup apply --resume' to finish it" : string.Empty);
            if (!options.DryRun)
            {
                throw new UserInputException(message + ", then apply again. Nothing was changed.", state.JournalPath(interrupted.OpId));
            }

            notes.Add(message + " before applying.");
        }

        var problems = PlanChecks.CheckTree(realRoot, plan, options.ScriptLinks);
        if (problems.Count > 0 && PlanChecks.LooksApplied(realRoot, plan, options.ScriptLinks))
        {
            throw new UserInputException($"this plan is already applied to the tree (every file it changes holds its planned content); nothing was changed. 'infradedup rollback --last' undoes it.", options.PlanFile);
        }

        if (problems.Count > 0 && PlanChecks.WrongFolder(realRoot, plan, options.PlanFile) is { } wrongFolder)
        {
            throw new UserInputException(wrongFolder, options.PlanFile);
        }

        if (problems.Count > 0)
        {
            throw new UserInputException(Listing($"the tree does not match the plan ({problems.Count} problems); nothing was changed. Make the plan again with 'infradedup plan' (or check out the tree it was made for):", problems));
        }

        if (options.AllowDirty)
        {
            notes.Add("--allow-dirty: the uncommitted-changes check was skipped (every changed file is archived either way)");
        }
        else
        {
            var affected = plan.Actions.Where(a => a.Kind != PlanActionKind.Create).Select(a => a.Path).ToList();
            var (dirty, gitNote) = GitStatus.DirtyPaths(realRoot, affected);
            if (gitNote is not null)
            {
                notes.Add(gitNote);
            }

            if (dirty is { Count: > 0 })
            {
                throw new UserInputException(Listing($"{dirty.Count} files the plan changes have uncommitted changes; nothing was changed. Commit or stash them first, or pass --allow-dirty (their current content is archived either way):", dirty));
            }
        }

        var prepared = Prepare(realRoot, plan, options.ScriptLinks);
        if (options.DryRun)
        {
            var diffs = prepared.Select(p => new PathDiff(p.Step.Path, DiffOf(p))).ToList();
            var reports = prepared.Select(p => Report(p.Step, StepOutcome.WouldDo)).ToList();
            return new ApplyResult(null, realRoot, DryRun: true, Resumed: false, reports, diffs, notes);
        }

        var now = options.Time.GetUtcNow();
        var opId = OperationId.New(now);
        var planSha = options.PlanSha256 ?? Hashing.Sha256(Encoding.UTF8.GetBytes(PlanJsonContext.Serialize(plan)));

        var journal = new Journal
        {
            OpId = opId,
            Created = now,
            ToolVersion = ToolVersion,
            PlanSha256 = planSha,
            ScriptLinks = options.ScriptLinks,
            State = OperationState.Applying,
            Steps = prepared.Select(p => p.Step).ToList(),
        };
        try
        {
            // (1) archive: old contents (what rollback restores) and new contents (what resume writes), then the manifest.
            foreach (var p in prepared)
            {
                if (p.BeforeBytes is not null)
                {
                    state.Archive.Put(p.BeforeBytes, p.Step.Before!.Sha256);
                }

                if (p.AfterBytes is not null)
                {
                    state.Archive.Put(p.AfterBytes, p.Step.After!.Sha256);
                }
            }

            state.Archive.WriteManifest(new ArchiveManifest
            {
                OpId = opId,
                Created = now,
                ToolVersion = ToolVersion,
                PlanSha256 = planSha,
                Files = prepared.Where(p => p.Step.Before is not null)
                    .Select(p => new ManifestEntry(p.Step.Path, p.Step.Before!.Size, p.Step.Before.Mode, p.Step.Before.Sha256, p.Step.Before.LinkTarget))
                    .ToList(),
            });

            // The commit point (archive made durable first): from here on the journal describes every path the operation may touch.
            state.WriteJournal(journal);
            var outcomes = Execute(state, journal);
            return new ApplyResult(opId, realRoot, DryRun: false, Resumed: false, outcomes, [], notes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StepConflictException)
        {
            var recovery = File.Exists(state.JournalPath(opId))
                ? AutoRollback(state, opId)
                : "no file of the tree was changed (the failure came while archiving). Fix the cause and apply again.";
            throw new UserInputException($"apply stopped: {e.Message}; {recovery}", (e as StepConflictException)?.Path);
        }
    }

    /// <summary>Finishes an interrupted apply (<paramref name="opId"/>, or the latest one still applying).</summary>
    public static ApplyResult Resume(string root, string? opId, ApplyOptions options)
    {
        var realRoot = TreePath.ResolveRoot(root);
        var state = new StateFolder(realRoot, new DurableFs(options.Faults, !options.NoFsync));
        using var held = options.DryRun ? null : OperationLock.Acquire(state, "resume");
        opId ??= state.JournalIds().Reverse().FirstOrDefault(id => state.ReadJournal(id).State == OperationState.Applying)
            ?? throw new UserInputException("there is no interrupted apply to resume here; 'infradedup archive list' shows the operations.", state.JournalDirectory);
        var journal = state.ReadJournal(opId);
        var notes = new List<string>();
        switch (journal.State)
        {
            case OperationState.Complete:
                notes.Add($"operation {opId} is already complete; nothing to do");
                return new ApplyResult(opId, realRoot, options.DryRun, Resumed: true, journal.Steps.Select(s => Report(s, StepOutcome.AlreadyDone)).ToList(), [], notes);
            case OperationState.RollingBack or OperationState.RolledBack:
                throw new UserInputException($"operation {opId} was rolled back{(journal.State == OperationState.RollingBack ? " (partly: run 'infradedup rollback --op " + opId + "' to finish that)" : string.Empty)}; it cannot be resumed. Apply the plan again instead.", state.JournalPath(opId));
        }

        CheckPaths(state, journal.Steps);
        var missing = state.Archive.VerifyObjects(journal.Steps.Where(s => s.After?.Kind == EntryKind.File).Select(s => (s.Path, s.After!.Sha256)));
        if (missing.Count > 0)
        {
            throw new UserInputException(Listing("the archive lacks new contents the operation needs; nothing was changed. Run 'infradedup rollback --op " + opId + "' instead:", missing));
        }

        var conflicts = new List<string>();
        foreach (var step in journal.Steps)
        {
            var current = PathState.Probe(TreePath.Full(realRoot, step.Path));
            if (!current.Is(step.After) && !current.Is(step.Before))
            {
                conflicts.Add($"{step.Path}: expected {Describe(step.Before)} (before) or {Describe(step.After)} (after), found {current.Describe()}");
            }
        }

        if (conflicts.Count > 0)
        {
            throw new UserInputException(Listing($"{conflicts.Count} files changed since operation {opId} was interrupted; nothing was changed. Move your versions aside and resume again, or roll back:", conflicts));
        }

        if (options.DryRun)
        {
            var reports = journal.Steps.Select(s => Report(s, PathState.Probe(TreePath.Full(realRoot, s.Path)).Is(s.After) ? StepOutcome.AlreadyDone : StepOutcome.WouldDo)).ToList();
            return new ApplyResult(opId, realRoot, DryRun: true, Resumed: true, reports, [], notes);
        }

        try
        {
            return new ApplyResult(opId, realRoot, DryRun: false, Resumed: true, Execute(state, journal), [], notes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StepConflictException)
        {
            throw new UserInputException($"resume stopped: {e.Message}; the tree is partly changed and fully recoverable: fix the cause and run 'infradedup apply --resume' again, or 'infradedup rollback --op {opId}'.", (e as StepConflictException)?.Path);
        }
    }

    /// <summary>
    /// Restores every file of an operation (<paramref name="opId"/>, or the latest when null) byte-exact with its mode,
    /// removes the files it created, verifies every restored file. Rolling back twice is a no-op.
    /// </summary>
    public static RollbackResult Rollback(string root, string? opId, RollbackOptions options)
    {
        var realRoot = TreePath.ResolveRoot(root);
        var state = new StateFolder(realRoot, new DurableFs(options.Faults, !options.NoFsync));
        using var held = options.DryRun ? null : OperationLock.Acquire(state, "rollback");
        var ids = state.JournalIds();
        opId ??= ids.Count > 0 ? ids[^1] : throw new UserInputException($"there is no operation to roll back here ({TreePath.StateFolder}/journal is empty or missing).", realRoot);
        if (!OperationId.IsValid(opId))
        {
            throw new UserInputException($"'{opId}' is not an operation id (like 20250101T120000123Z-a1b2c3); 'infradedup archive list' shows them.");
        }

        return RollbackCore(state, state.ReadJournal(opId), options.DryRun);
    }

    /// <summary>The latest operation left applying or rolling back, if any.</summary>
    private static Journal? Interrupted(StateFolder state) =>
        state.JournalIds().Select(state.ReadJournal).LastOrDefault(j => j.State is OperationState.Applying or OperationState.RollingBack);

    private static RollbackResult RollbackCore(StateFolder state, Journal journal, bool dryRun)
    {
        var root = state.Root;
        var opId = journal.OpId;
        if (journal.State == OperationState.RolledBack)
        {
            return new RollbackResult(opId, root, dryRun, AlreadyRolledBack: true, [], 0, [], [], [$"operation {opId} is already rolled back; nothing to do"]);
        }

        // Validate everything before writing anything: manifest, objects, paths, and the current state of every path.
        var manifest = state.Archive.ReadManifest(opId);
        var touched = journal.Steps.Where(s => s.State != StepState.Pending).ToList();
        var archived = manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var step in touched.Where(s => s.Before is not null))
        {
            if (!archived.TryGetValue(step.Path, out var entry) || entry.Sha256 != step.Before!.Sha256 || entry.Mode != step.Before.Mode)
            {
                problems.Add($"{step.Path}: the manifest does not list it as the journal recorded it");
            }
        }

        problems.AddRange(state.Archive.VerifyObjects(touched.Where(s => s.Before?.Kind == EntryKind.File).Select(s => (s.Path, s.Before!.Sha256))));
        if (problems.Count > 0)
        {
            throw new UserInputException(Listing($"the archive of operation {opId} is damaged; nothing was changed. Import an export of it ('infradedup archive import') and roll back again:", problems), state.Archive.ManifestPath(opId));
        }

        CheckPaths(state, touched);
        var plan = new List<(JournalStep Step, PathState Current)>();
        var conflicts = new List<string>();
        foreach (var step in touched)
        {
            var current = PathState.Probe(TreePath.Full(root, step.Path));
            if (!current.Is(step.Before) && !current.Is(step.After))
            {
                conflicts.Add($"{step.Path}: changed since operation {opId} wrote it (expected {Describe(step.After)}, found {current.Describe()})");
            }

            plan.Add((step, current));
        }

        if (conflicts.Count > 0)
        {
            throw new UserInputException(Listing($"{conflicts.Count} files were changed after operation {opId}; nothing was changed. Move your versions aside (or undo later operations first), then roll back again:", conflicts));
        }

        var reports = new List<RestoreReport>();
        var diffs = new List<PathDiff>();
        if (dryRun)
        {
            foreach (var (step, current) in plan)
            {
                var undo = !current.Is(step.Before);
                reports.Add(new RestoreReport(step.Path, !undo ? RestoreOutcome.Unchanged : step.Before is null ? RestoreOutcome.WouldRemove : RestoreOutcome.WouldRestore));
                if (undo)
                {
                    var now = current.Kind == EntryKind.File ? File.ReadAllBytes(TreePath.Full(root, step.Path)) : null;
                    var then = step.Before?.Kind == EntryKind.File ? state.Archive.Read(step.Before.Sha256, step.Path) : null;
                    diffs.Add(new PathDiff(step.Path, UnifiedDiff.Render(step.Path, now, then)));
                }
            }

            return new RollbackResult(opId, root, DryRun: true, AlreadyRolledBack: false, reports, 0, [], diffs, []);
        }

        // Temp files of interrupted steps are garbage; removing them first frees the space a full disk needs back.
        foreach (var step in touched)
        {
            DurableFs.DeleteLeftover(TempPath(TreePath.Full(root, step.Path), opId, step.Index));
        }

        var notes = new List<string>();
        journal = journal with { State = OperationState.RollingBack };
        if (!TryWriteJournal(state, journal))
        {
            notes.Add("could not mark the operation as rolling back in its journal (disk full?); rolled back anyway");
        }

        // Created files first (frees space), then restores; each in reverse order of application.
        var ordered = plan.Where(p => p.Step.Before is null).Reverse().Concat(plan.Where(p => p.Step.Before is not null).Reverse());
        foreach (var (step, current) in ordered)
        {
            var full = TreePath.Full(root, step.Path);
            if (current.Is(step.Before))
            {
                reports.Add(new RestoreReport(step.Path, RestoreOutcome.Unchanged));
            }
            else if (step.Before is null)
            {
                state.Fs.Delete(full);
                reports.Add(new RestoreReport(step.Path, RestoreOutcome.Removed));
            }
            else
            {
                EnsureParents(state, full);
                if (step.Before.Kind == EntryKind.Symlink)
                {
                    state.Fs.WriteSymlink(full, TempPath(full, opId, step.Index), step.Before.LinkTarget!);
                }
                else
                {
                    state.Fs.WriteFile(full, TempPath(full, opId, step.Index), state.Archive.Read(step.Before.Sha256, step.Path), FileModes.Parse(step.Before.Mode)!.Value);
                }

                reports.Add(new RestoreReport(step.Path, RestoreOutcome.Restored));
            }

            DurableFs.DeleteLeftover(TempPath(full, opId, step.Index));
        }

        foreach (var dir in touched.SelectMany(s => s.CreatedDirectories ?? []).Distinct(StringComparer.Ordinal).OrderByDescending(d => d.Length))
        {
            state.Fs.RemoveEmptyDirectory(TreePath.Full(root, dir));
        }

        state.Fs.Commit();

        // Verify: every touched path is exactly as before the operation.
        var mismatches = new List<string>();
        foreach (var step in touched)
        {
            var now = PathState.Probe(TreePath.Full(root, step.Path));
            if (!now.Is(step.Before))
            {
                mismatches.Add($"{step.Path}: expected {Describe(step.Before)}, found {now.Describe()}");
            }
        }

        if (mismatches.Count == 0 && !TryWriteJournal(state, journal with { State = OperationState.RolledBack }))
        {
            notes.Add($"every file is restored and verified, but the journal could not record it (disk full?); run 'infradedup rollback --op {opId}' again later to record it");
        }

        reports.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new RollbackResult(opId, root, DryRun: false, AlreadyRolledBack: false, reports, touched.Count - mismatches.Count, mismatches, [], notes);
    }

    /// <summary>Records a journal state change; false when the disk refuses (the state is advisory for rollback, which works from hashes).</summary>
    private static bool TryWriteJournal(StateFolder state, Journal journal)
    {
        try
        {
            state.WriteJournal(journal);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Runs (or continues) the steps of an applying journal; each step is journaled as started before it touches the tree.</summary>
    private static List<StepReport> Execute(StateFolder state, Journal journal)
    {
        var steps = journal.Steps.ToArray();
        var reports = new List<StepReport>();
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            var full = TreePath.Full(state.Root, step.Path);
            var current = PathState.Probe(full);
            if (current.Is(step.After))
            {
                DurableFs.DeleteLeftover(TempPath(full, journal.OpId, step.Index));
                reports.Add(Report(step, step.State == StepState.Pending ? StepOutcome.Done : StepOutcome.AlreadyDone));
                continue;
            }

            if (!current.Is(step.Before))
            {
                throw new StepConflictException(step.Path, $"'{step.Path}' changed while applying (expected {Describe(step.Before)}, found {current.Describe()})");
            }

            // Log first (fsynced): this step is started, with the folders it will create.
            var created = MissingParents(state.Root, step.Path);
            if (step.CreatedDirectories is { } recorded)
            {
                created = recorded.Union(created, StringComparer.Ordinal).ToList();
            }

            steps[i] = step = step with { State = StepState.Started, CreatedDirectories = created.Count > 0 ? created : null };
            state.LogStepStarted(journal.OpId, step.Index, step.CreatedDirectories);

            var temp = TempPath(full, journal.OpId, step.Index);
            if (step.After is null)
            {
                state.Fs.Delete(full);
            }
            else
            {
                EnsureParents(state, full);
                if (step.After.Kind == EntryKind.Symlink)
                {
                    state.Fs.WriteSymlink(full, temp, step.After.LinkTarget!);
                }
                else
                {
                    state.Fs.WriteFile(full, temp, state.Archive.Read(step.After.Sha256, step.Path), FileModes.Parse(step.After.Mode)!.Value);
                }
            }

            reports.Add(Report(step, StepOutcome.Done));
        }

        state.WriteJournal(journal with { State = OperationState.Complete, Steps = steps.Select(s => s with { State = StepState.Done }).ToList() });
        return reports;
    }

    private static string AutoRollback(StateFolder state, string opId)
    {
        try
        {
            var result = RollbackCore(state, state.ReadJournal(opId), dryRun: false);
            if (result.Mismatches.Count > 0)
            {
                return $"the automatic rollback could not verify {result.Mismatches.Count} files ({result.Mismatches[0]}); your originals are in the archive: run 'infradedup rollback --op {opId}'.";
            }

            // The files are back, but if the journal could not record it (the disk is still full) the operation still
            // reads as interrupted and the next apply would be refused: say which command records it.
            return JournalState(state, opId) == OperationState.RolledBack
                ? $"every change was rolled back (operation {opId}) and verified; the tree is as it was. Fix the cause and apply again."
                : $"every change was rolled back (operation {opId}) and verified; the tree is as it was, but the journal could not record it (disk full?). Free some space, run 'infradedup rollback --op {opId}' to record it, then apply again.";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UserInputException)
        {
            return $"the automatic rollback failed too ({e.Message}); your originals are safe in the archive: fix the cause, then run 'infradedup rollback --op {opId}'.";
        }
    }

    /// <summary>The state the journal records now (null when it cannot be read).</summary>
    private static OperationState? JournalState(StateFolder state, string opId)
    {
        try
        {
            return state.ReadJournal(opId).State;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UserInputException)
        {
            return null;
        }
    }

    /// <summary>The journal steps of a plan: each action's path with its exact state now (before) and after.</summary>
    private static List<Prepared> Prepare(string realRoot, Plan plan, ScriptLinkMode links)
    {
        var prepared = new List<Prepared>();
        for (var i = 0; i < plan.Actions.Count; i++)
        {
            var action = plan.Actions[i];
            var full = TreePath.Full(realRoot, action.Path);
            FileRecord? before = null;
            byte[]? beforeBytes = null;
            if (action.Kind != PlanActionKind.Create)
            {
                beforeBytes = File.ReadAllBytes(full);
                before = FileRecord.ForFile(beforeBytes, FileModes.Get(full));
                if (before.Sha256 != action.ExpectedSha256)
                {
                    throw new UserInputException($"'{action.Path}' changed while apply was reading it; nothing was changed. Run apply again.", action.Path);
                }
            }

            FileRecord? after = null;
            byte[]? afterBytes = null;
            if (action.Kind == PlanActionKind.Wrapper && links == ScriptLinkMode.Symlink)
            {
                after = FileRecord.ForLink(Path.GetRelativePath(Path.GetDirectoryName(full)!, TreePath.Full(realRoot, action.Target!)).Replace('\\', '/'));
            }
            else if (action.Kind != PlanActionKind.Remove)
            {
                afterBytes = PlanChecks.ContentBytes(action);
                after = FileRecord.ForFile(afterBytes, ModeAfter(action, before));
            }

            var step = new JournalStep(i, action.Kind, action.Path, StepState.Pending, action.Reason, before, after);
            prepared.Add(new Prepared(step, beforeBytes, afterBytes));
        }

        return prepared;
    }

    /// <summary>New files: the plan's mode (default 0644). Replacements keep the old mode. Wrappers keep it and stay executable.</summary>
    private static UnixFileMode ModeAfter(PlanAction action, FileRecord? before)
    {
        if (FileModes.Parse(action.Mode) is { } explicitMode)
        {
            return explicitMode;
        }

        var mode = before is null ? (UnixFileMode)0b110_100_100 : FileModes.Parse(before.Mode)!.Value;
        if (action.Kind == PlanActionKind.Wrapper)
        {
            mode |= UnixFileMode.UserExecute;
            mode |= mode.HasFlag(UnixFileMode.GroupRead) ? UnixFileMode.GroupExecute : 0;
            mode |= mode.HasFlag(UnixFileMode.OtherRead) ? UnixFileMode.OtherExecute : 0;
        }

        return mode;
    }

    private static string DiffOf(Prepared p)
    {
        var path = p.Step.Path;
        if (p.Step.After?.Kind == EntryKind.Symlink)
        {
            return UnifiedDiff.Render(path, p.BeforeBytes, null) + $"symbolic link {path} -> {p.Step.After.LinkTarget}\n";
        }

        var diff = UnifiedDiff.Render(path, p.BeforeBytes, p.AfterBytes);
        if (p.Step.Before is not null && p.Step.After is not null && p.Step.Before.Mode != p.Step.After.Mode)
        {
            diff = $"old mode {p.Step.Before.Mode}\nnew mode {p.Step.After.Mode}\n" + diff;
        }
        else if (p.Step.Before is null)
        {
            diff = $"new file mode {p.Step.After!.Mode}\n" + diff;
        }

        return diff;
    }

    /// <summary>Refuses journal/manifest paths that would leave the tree through a symbolic link.</summary>
    private static void CheckPaths(StateFolder state, IEnumerable<JournalStep> steps)
    {
        var escapes = steps.Select(s => TreePath.EscapesThroughLink(state.Root, s.Path)).OfType<string>().ToList();
        if (escapes.Count > 0)
        {
            throw new UserInputException(Listing("some paths of the operation lead out of the tree through symbolic links; nothing was changed. Replace those links by real folders first:", escapes));
        }
    }

    /// <summary>The parent folders of <paramref name="relative"/> that do not exist yet, outermost first.</summary>
    private static List<string> MissingParents(string root, string relative)
    {
        var missing = new List<string>();
        var parent = Path.GetDirectoryName(relative.Replace('/', Path.DirectorySeparatorChar));
        while (!string.IsNullOrEmpty(parent) && !Directory.Exists(TreePath.Full(root, parent)))
        {
            missing.Insert(0, parent.Replace(Path.DirectorySeparatorChar, '/'));
            parent = Path.GetDirectoryName(parent);
        }

        return missing;
    }

    private static void EnsureParents(StateFolder state, string full)
    {
        var parent = Path.GetDirectoryName(full)!;
        if (Directory.Exists(parent))
        {
            return;
        }

        EnsureParents(state, parent);
        state.Fs.CreateDirectory(parent);
    }

    /// <summary>The temp name of a step's file: in the same folder (so the rename is atomic), unique to the operation and step.</summary>
    private static string TempPath(string full, string opId, int index) =>
        Path.Join(Path.GetDirectoryName(full), $".infradedup-{opId}-{index}.tmp");

    private static StepReport Report(JournalStep step, StepOutcome outcome) =>
        new(step.Index, step.Kind, step.Path, outcome, step.Reason, step.After?.LinkTarget);

    private static string Describe(FileRecord? record) => record is null
        ? "no file"
        : record.Kind == EntryKind.Symlink ? $"a symbolic link to '{record.LinkTarget}'" : $"a file with SHA-256 {record.Sha256[..12]}… (mode {record.Mode})";

    private static string Listing(string header, IEnumerable<string> lines) =>
        header + string.Concat(lines.Take(50).Select(l => "\n  " + l)) + (lines.Count() > 50 ? $"\n  … and {lines.Count() - 50} more" : string.Empty);

    private sealed record Prepared(JournalStep Step, byte[]? BeforeBytes, byte[]? AfterBytes);
}

/// <summary>A path found in neither the state before nor the state after its step.</summary>
internal sealed class StepConflictException : Exception
{
    public StepConflictException()
    {
    }

    public StepConflictException(string message)
        : base(message)
    {
    }

    public StepConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StepConflictException(string path, string message)
        : base(message) => Path = path;

    public string? Path { get; }
}
