using InfraDedup.Core.Apply;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Apply;

public class ApplyEngineTests
{
    [Fact]
    public void Apply_executes_every_action_and_rollback_restores_the_tree_byte_and_mode_exact()
    {
        using var tree = ApplyFixture.CreateTree();
        var original = TreeSnapshot.Capture(tree.Root);

        var result = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions());

        Assert.NotNull(result.OpId);
        Assert.Equal(8, result.Steps.Count);
        Assert.All(result.Steps, s => Assert.Equal(StepOutcome.Done, s.Outcome));
        Assert.Equal(ApplyFixture.SharedDockerfile, File.ReadAllText(tree.PathOf("docker/shared/Dockerfile")));
        Assert.Equal(ApplyFixture.EditedCompose, File.ReadAllText(tree.PathOf("compose.yaml")));
        Assert.Equal(ApplyFixture.Wrapper, File.ReadAllText(tree.PathOf("scripts/run.sh")));
        Assert.False(File.Exists(tree.PathOf("services/a/Dockerfile")));
        Assert.False(File.Exists(tree.PathOf("legacy/blob.bin")));
        Assert.Equal("0755", FileModes.Format(File.GetUnixFileMode(tree.PathOf("scripts/common/run.sh"))));
        Assert.Equal("0755", FileModes.Format(File.GetUnixFileMode(tree.PathOf("scripts/run.sh"))));
        Assert.Equal("0600", FileModes.Format(File.GetUnixFileMode(tree.PathOf("services/b/Dockerfile")))); // replace keeps the mode
        Assert.Empty(ApplyFixture.Leftovers(tree.Root));

        var rollback = ApplyEngine.Rollback(tree.Root, result.OpId, new RollbackOptions());

        Assert.Empty(rollback.Mismatches);
        Assert.Equal(8, rollback.Verified);
        Assert.Equal(3, rollback.Files.Count(f => f.Outcome == RestoreOutcome.Removed));
        Assert.Equal(5, rollback.Files.Count(f => f.Outcome == RestoreOutcome.Restored));
        Assert.Empty(original.Diff(TreeSnapshot.Capture(tree.Root))); // includes the created folders docker/, docker/shared/, scripts/common/
        Assert.Equal(ApplyFixture.NonUtf8, File.ReadAllBytes(tree.PathOf("legacy/blob.bin")));
    }

    [Fact]
    public void Rolling_back_twice_is_a_no_op()
    {
        using var tree = ApplyFixture.CreateTree();
        var op = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions()).OpId;
        ApplyEngine.Rollback(tree.Root, op, new RollbackOptions());
        var afterFirst = TreeSnapshot.Capture(tree.Root);

        var second = ApplyEngine.Rollback(tree.Root, null, new RollbackOptions());

        Assert.True(second.AlreadyRolledBack);
        Assert.Empty(second.Files);
        Assert.Empty(afterFirst.Diff(TreeSnapshot.Capture(tree.Root)));
    }

    [Fact]
    public void Symlink_mode_links_wrapped_scripts_to_their_target_and_rollback_restores_the_script()
    {
        using var tree = ApplyFixture.CreateTree();
        var original = TreeSnapshot.Capture(tree.Root);

        var result = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions { ScriptLinks = ScriptLinkMode.Symlink });

        Assert.Equal("common/run.sh", new FileInfo(tree.PathOf("scripts/run.sh")).LinkTarget);
        Assert.Equal(ApplyFixture.CanonicalScript, File.ReadAllText(tree.PathOf("scripts/run.sh")));
        ApplyEngine.Rollback(tree.Root, result.OpId, new RollbackOptions());
        Assert.Empty(original.Diff(TreeSnapshot.Capture(tree.Root)));
    }

    [Fact]
    public void Dry_run_renders_unified_diffs_and_touches_nothing()
    {
        using var tree = ApplyFixture.CreateTree();
        var original = TreeSnapshot.Capture(tree.Root);

        var result = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions { DryRun = true });

        Assert.Null(result.OpId);
        Assert.All(result.Steps, s => Assert.Equal(StepOutcome.WouldDo, s.Outcome));
        var compose = result.Diffs.Single(d => d.Path == "compose.yaml").Diff;
        Assert.Contains("--- a/compose.yaml\n+++ b/compose.yaml\n", compose, StringComparison.Ordinal);
        Assert.Contains("-    build: services/a  # keep me\n", compose, StringComparison.Ordinal);
        Assert.Contains("+      context: services/a  # keep me\n", compose, StringComparison.Ordinal);
        Assert.Contains("--- /dev/null\n+++ b/docker/shared/Dockerfile\n@@ -0,0 +1,3 @@\n", result.Diffs.Single(d => d.Path == "docker/shared/Dockerfile").Diff, StringComparison.Ordinal);
        Assert.Equal("Binary files a/legacy/blob.bin and /dev/null differ\n", result.Diffs.Single(d => d.Path == "legacy/blob.bin").Diff);
        Assert.Contains("-FROM python:3.12-slim\r\n", result.Diffs.Single(d => d.Path == "services/b/Dockerfile").Diff, StringComparison.Ordinal);
        Assert.Empty(original.Diff(TreeSnapshot.Capture(tree.Root)));
        Assert.False(Directory.Exists(tree.PathOf(".infradedup")));
    }

    [Fact]
    public void A_plan_applied_to_another_folder_names_the_folder_it_was_made_for()
    {
        using var tree = ApplyFixture.CreateTree();
        using var elsewhere = new TempTree();
        var plan = ApplyFixture.CreatePlan(tree.Root);
        var planFile = Path.Join(tree.Root, ".infradedup", "plan", "plan.json");

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(elsewhere.Root, plan, new ApplyOptions { PlanFile = planFile }));

        Assert.StartsWith($"none of the {plan.Inputs.Count} files the plan was made from exists under", error.Message, StringComparison.Ordinal);
        Assert.Contains($"infradedup apply {Path.GetFullPath(tree.Root)} --plan {planFile}; nothing was changed.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("changed since the plan was made", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(elsewhere.Root), e => !e.EndsWith(".infradedup", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_input_is_refused_naming_the_file_and_nothing_is_written()
    {
        using var tree = ApplyFixture.CreateTree();
        var plan = ApplyFixture.CreatePlan(tree.Root);
        tree.File("services/a/Dockerfile", "FROM python:3.13-slim\nEXPOSE 8001\n");
        tree.File("scripts/run.sh", "#!/bin/sh\necho changed\n");
        var before = TreeSnapshot.Capture(tree.Root);

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions()));

        Assert.Contains("services/a/Dockerfile: changed since the plan was made", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/run.sh: changed since the plan was made", error.Message, StringComparison.Ordinal);
        Assert.Empty(before.Diff(TreeSnapshot.Capture(tree.Root)));
        Assert.DoesNotContain(Directory.GetFiles(tree.PathOf(".infradedup"), "*", SearchOption.AllDirectories), f => !f.EndsWith("lock", StringComparison.Ordinal) && !f.EndsWith(".gitignore", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_input_and_existing_create_target_are_refused()
    {
        using var tree = ApplyFixture.CreateTree();
        var plan = ApplyFixture.CreatePlan(tree.Root);
        File.Delete(tree.PathOf("legacy/blob.bin"));
        tree.File("docker/shared/Dockerfile", "FROM mine\n");

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions()));

        Assert.Contains("legacy/blob.bin: changed since the plan was made (expected SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Contains("found missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("docker/shared/Dockerfile: the plan creates it but it already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("FROM mine\n", File.ReadAllText(tree.PathOf("docker/shared/Dockerfile")));
    }

    [Fact]
    public void A_plan_applies_to_a_fresh_copy_of_the_tree_at_another_path()
    {
        using var first = ApplyFixture.CreateTree();
        using var clone = ApplyFixture.CreateTree();
        var plan = ApplyFixture.CreatePlan(first.Root);

        ApplyEngine.Apply(clone.Root, plan, new ApplyOptions());

        Assert.Empty(ApplyFixture.Expected().Diff(TreeSnapshot.Capture(clone.Root)));
    }

    [Fact]
    public void Concurrent_apply_is_refused_while_another_holds_the_lock()
    {
        using var tree = ApplyFixture.CreateTree();
        var state = new StateFolder(TreePath.ResolveRoot(tree.Root), new DurableFs(FaultInjection.None));
        var before = TreeSnapshot.Capture(tree.Root);

        using (OperationLock.Acquire(state, "test"))
        {
            var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions()));
            Assert.Contains("another infradedup apply or rollback is running", error.Message, StringComparison.Ordinal);
            Assert.Throws<UserInputException>(() => ApplyEngine.Rollback(tree.Root, null, new RollbackOptions()));
        }

        Assert.Empty(before.Diff(TreeSnapshot.Capture(tree.Root)));
        ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions()); // released: works
    }

    [Fact]
    public void The_explicit_flock_excludes_other_processes()
    {
        // The CLI sets System.IO.DisableFileLocking (FileShare.None then takes no flock), so OperationLock takes the
        // flock itself; another process's non-blocking exclusive flock must fail while it is held.
        if (!File.Exists("/usr/bin/flock"))
        {
            Assert.Skip("util-linux flock(1) is not installed");
        }

        var path = Path.GetTempFileName();
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            Assert.True(NativeFs.TryLockExclusive(stream.SafeFileHandle));
            Assert.Equal(1, FlockFromAnotherProcess(path));
            stream.Dispose();
            Assert.Equal(0, FlockFromAnotherProcess(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int FlockFromAnotherProcess(string path)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/flock", ["-n", "-x", path, "true"]))!;
        p.WaitForExit();
        return p.ExitCode;
    }

    [Fact]
    public void An_interrupted_operation_blocks_a_new_apply_until_it_is_rolled_back()
    {
        using var tree = ApplyFixture.CreateTree();
        var plan = ApplyFixture.CreatePlan(tree.Root);
        var counter = new CountingFaults();
        using (var probe = ApplyFixture.CreateTree())
        {
            ApplyEngine.Apply(probe.Root, ApplyFixture.CreatePlan(probe.Root), new ApplyOptions { Faults = counter });
        }

        var firstTreeWrite = counter.Points.ToList().FindIndex(p => p.StartsWith("rename ", StringComparison.Ordinal) && p.EndsWith("docker/shared/Dockerfile", StringComparison.Ordinal));
        var crash = CountingFaults.CrashAt(firstTreeWrite + 2); // just after the rename: one file changed
        Assert.Throws<SimulatedCrashException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { Faults = crash }));

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions()));

        Assert.Contains("was interrupted", error.Message, StringComparison.Ordinal);
        Assert.Contains("infradedup rollback --op", error.Message, StringComparison.Ordinal);
        ApplyEngine.Rollback(tree.Root, null, new RollbackOptions());
        ApplyEngine.Apply(tree.Root, plan, new ApplyOptions());
        Assert.Empty(ApplyFixture.Expected().Diff(TreeSnapshot.Capture(tree.Root)));
    }

    [Fact]
    public void Rollback_stops_and_reports_files_changed_after_apply_without_touching_anything()
    {
        using var tree = ApplyFixture.CreateTree();
        var op = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions()).OpId;
        tree.File("docker/shared/Dockerfile", "FROM edited-by-user\n");
        tree.File("compose.yaml", "services: {}\n");
        var before = TreeSnapshot.Capture(tree.Root);

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Rollback(tree.Root, op, new RollbackOptions()));

        Assert.Contains("2 files were changed after operation", error.Message, StringComparison.Ordinal);
        Assert.Contains("docker/shared/Dockerfile: changed since operation", error.Message, StringComparison.Ordinal);
        Assert.Contains("compose.yaml: changed since operation", error.Message, StringComparison.Ordinal);
        Assert.Empty(before.Diff(TreeSnapshot.Capture(tree.Root)));
    }

    [Fact]
    public void Rollback_dry_run_shows_what_it_would_restore_and_changes_nothing()
    {
        using var tree = ApplyFixture.CreateTree();
        var op = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions()).OpId;
        var applied = TreeSnapshot.Capture(tree.Root);

        var result = ApplyEngine.Rollback(tree.Root, op, new RollbackOptions { DryRun = true });

        Assert.Equal(3, result.Files.Count(f => f.Outcome == RestoreOutcome.WouldRemove));
        Assert.Equal(5, result.Files.Count(f => f.Outcome == RestoreOutcome.WouldRestore));
        Assert.Contains("+    build: services/a  # keep me\n", result.Diffs.Single(d => d.Path == "compose.yaml").Diff, StringComparison.Ordinal);
        Assert.Empty(applied.Diff(TreeSnapshot.Capture(tree.Root)));
    }

    [Fact]
    public void Symlinked_targets_and_folders_leading_out_of_the_tree_are_refused()
    {
        using var outside = new TempTree().File("Dockerfile", "FROM outside\n");
        using var tree = ApplyFixture.CreateTree();
        tree.Symlink("docker", outside.Root); // docker/shared/Dockerfile would land outside
        tree.Symlink("services/c", outside.Root);
        var plan = ApplyFixture.CreatePlan(tree.Root);
        plan = plan with
        {
            Inputs = [.. plan.Inputs, new PlanInput("services/c/Dockerfile", Hashing.Sha256("FROM outside\n"u8))],
            Actions = [.. plan.Actions, new PlanAction { Kind = PlanActionKind.Remove, Path = "services/c/Dockerfile", ExpectedSha256 = Hashing.Sha256("FROM outside\n"u8), Reason = "x" }],
        };

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions()));

        Assert.Contains("'docker/shared/Dockerfile': its folder 'docker' is a symbolic link leading out of the tree", error.Message, StringComparison.Ordinal);
        Assert.Contains("'services/c/Dockerfile': its folder 'services/c' is a symbolic link leading out of the tree", error.Message, StringComparison.Ordinal);
        Assert.Equal("FROM outside\n", File.ReadAllText(Path.Join(outside.Root, "Dockerfile")));
        Assert.False(File.Exists(Path.Join(outside.Root, "shared", "Dockerfile")));
    }

    [Fact]
    public void An_action_on_a_path_that_became_a_symlink_is_refused()
    {
        using var tree = ApplyFixture.CreateTree();
        var plan = ApplyFixture.CreatePlan(tree.Root);
        var content = File.ReadAllBytes(tree.PathOf("services/a/Dockerfile"));
        File.Move(tree.PathOf("services/a/Dockerfile"), tree.PathOf("services/a/Dockerfile.real"));
        tree.Symlink("services/a/Dockerfile", "Dockerfile.real");

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions()));

        Assert.Contains("services/a/Dockerfile: changed since the plan was made", error.Message, StringComparison.Ordinal);
        Assert.Contains("a symbolic link to 'Dockerfile.real'", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllBytes(tree.PathOf("services/a/Dockerfile.real")));
    }

    [Theory]
    [InlineData("/etc/passwd", "is an absolute path")]
    [InlineData("../outside", "has a '..' segment")]
    [InlineData("a/../../b", "has a '..' segment")]
    [InlineData(".infradedup/journal/x.json", "inside .infradedup/")]
    [InlineData(".git/config", "inside .git/")]
    [InlineData("a//b", "empty segment")]
    public void Unsafe_plan_paths_are_refused_with_the_plan_line(string path, string expected)
    {
        using var tree = ApplyFixture.CreateTree();
        var plan = ApplyFixture.CreatePlan(tree.Root);
        plan = plan with { Actions = [.. plan.Actions, new PlanAction { Kind = PlanActionKind.Create, Path = path, Content = "x", Sha256 = Hashing.Sha256("x"u8), Reason = "evil" }] };
        var json = PlanJsonContext.Serialize(plan);

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { PlanFile = "plan.json", PlanText = json }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("plan.json", error.File);
        var line = json.Split('\n')[error.Line - 1];
        Assert.Equal("    {", line); // the action's own line
        Assert.Contains("action 8", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tree.PathOf(".infradedup")));
    }

    [Fact]
    public void Content_that_does_not_match_its_hash_is_refused()
    {
        using var tree = ApplyFixture.CreateTree();
        var plan = ApplyFixture.CreatePlan(tree.Root);
        plan = plan with { Actions = [plan.Actions[0] with { Content = "FROM tampered\n" }, .. plan.Actions.Skip(1)] };

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions()));

        Assert.Contains("action 0 (create docker/shared/Dockerfile): its content hashes to", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrapper_whose_target_will_not_exist_is_refused()
    {
        using var tree = ApplyFixture.CreateTree();
        var plan = ApplyFixture.CreatePlan(tree.Root);
        plan = plan with { Actions = plan.Actions.Where(a => a.Path != "scripts/common/run.sh").ToList() };

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions()));

        Assert.Contains("its wrapper target 'scripts/common/run.sh' does not exist after apply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_refuses_a_tampered_archive_object_before_writing_anything()
    {
        using var tree = ApplyFixture.CreateTree();
        var op = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions()).OpId!;
        var state = new StateFolder(TreePath.ResolveRoot(tree.Root), new DurableFs(FaultInjection.None));
        var sha = state.Archive.ReadManifest(op).Files.Single(f => f.Path == "compose.yaml").Sha256;
        var objectPath = state.Archive.ObjectPath(sha);
        File.SetUnixFileMode(objectPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(objectPath, "services: {evil: 1}\n");
        var applied = TreeSnapshot.Capture(tree.Root);

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Rollback(tree.Root, op, new RollbackOptions()));

        Assert.Contains($"compose.yaml: archived object {sha} is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Empty(applied.Diff(TreeSnapshot.Capture(tree.Root)));
    }

    [Fact]
    public void Rollback_refuses_a_truncated_or_traversing_manifest_before_writing_anything()
    {
        using var tree = ApplyFixture.CreateTree();
        var op = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions()).OpId!;
        var state = new StateFolder(TreePath.ResolveRoot(tree.Root), new DurableFs(FaultInjection.None));
        var manifestPath = state.Archive.ManifestPath(op);
        var text = File.ReadAllText(manifestPath);
        var applied = TreeSnapshot.Capture(tree.Root);
        File.SetUnixFileMode(manifestPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        File.WriteAllText(manifestPath, text[..(text.Length / 2)]);
        var truncated = Assert.Throws<UserInputException>(() => ApplyEngine.Rollback(tree.Root, op, new RollbackOptions()));
        Assert.Contains("archive manifest is damaged or truncated", truncated.Message, StringComparison.Ordinal);
        Assert.Equal(manifestPath, truncated.File);
        Assert.True(truncated.Line > 1);

        File.WriteAllText(manifestPath, text.Replace("\"path\": \"compose.yaml\"", "\"path\": \"../../etc/compose.yaml\"", StringComparison.Ordinal));
        var traversal = Assert.Throws<UserInputException>(() => ApplyEngine.Rollback(tree.Root, op, new RollbackOptions()));
        Assert.Contains("has a '..' segment", traversal.Message, StringComparison.Ordinal);

        File.WriteAllText(manifestPath, text.Replace("\"path\": \"compose.yaml\"", "\"path\": \"/etc/compose.yaml\"", StringComparison.Ordinal));
        var absolute = Assert.Throws<UserInputException>(() => ApplyEngine.Rollback(tree.Root, op, new RollbackOptions()));
        Assert.Contains("is an absolute path", absolute.Message, StringComparison.Ordinal);

        Assert.Empty(applied.Diff(TreeSnapshot.Capture(tree.Root)));
        File.WriteAllText(manifestPath, text);
        Assert.Empty(ApplyEngine.Rollback(tree.Root, op, new RollbackOptions()).Mismatches); // intact again: works
    }

    [Fact]
    public void Rollback_refuses_a_restore_through_a_symlinked_folder_leading_out_of_the_tree()
    {
        using var outside = new TempTree();
        using var tree = ApplyFixture.CreateTree();
        var op = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions()).OpId!;
        Directory.Move(tree.PathOf("legacy"), Path.Join(outside.Root, "moved"));
        tree.Symlink("legacy", outside.Root);

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Rollback(tree.Root, op, new RollbackOptions()));

        Assert.Contains("'legacy/blob.bin': its folder 'legacy' is a symbolic link leading out of the tree", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(outside.Root, "blob.bin")));
    }

    [Fact]
    public void Git_dirty_check_refuses_uncommitted_changes_to_affected_files_unless_allowed()
    {
        using var tree = ApplyFixture.CreateTree();
        if (!Git(tree, "init", "-q") || !Git(tree, "add", "-A") || !Git(tree, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"))
        {
            Assert.Skip("git is not available");
        }

        tree.File("README.md", "# unrelated edit is fine\n");
        File.AppendAllText(tree.PathOf("compose.yaml"), "# local edit\n");
        var plan = ApplyFixture.CreatePlan(tree.Root); // made after the edit: the inputs match

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions()));
        Assert.Contains("1 files the plan changes have uncommitted changes", error.Message, StringComparison.Ordinal);
        Assert.Contains("\n  compose.yaml", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("README.md", error.Message, StringComparison.Ordinal);

        var result = ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true });
        Assert.Contains(result.Notes, n => n.Contains("--allow-dirty", StringComparison.Ordinal));
        Assert.Empty(ApplyEngine.Rollback(tree.Root, result.OpId, new RollbackOptions()).Mismatches);
        Assert.EndsWith("# local edit\n", File.ReadAllText(tree.PathOf("compose.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_a_git_work_tree_the_dirty_check_is_skipped_with_a_note()
    {
        using var tree = ApplyFixture.CreateTree();
        var result = ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions { DryRun = true });
        Assert.Contains(result.Notes, n => n.Contains("check was skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void The_state_folder_keeps_itself_out_of_git()
    {
        using var tree = ApplyFixture.CreateTree();
        ApplyEngine.Apply(tree.Root, ApplyFixture.CreatePlan(tree.Root), new ApplyOptions());
        Assert.Contains("\n*\n", File.ReadAllText(tree.PathOf(".infradedup/.gitignore")), StringComparison.Ordinal);
    }

    private static bool Git(TempTree tree, params string[] args)
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = tree.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
