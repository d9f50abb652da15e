using InfraDedup.Core.Apply;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Tests.TestSupport;
using InfraDedup.Core.Validation;

namespace InfraDedup.Core.Tests.Reports;

/// <summary>Reports on a tree an operation has changed: the journal is the source of truth, the plan is optional.</summary>
public sealed class AppliedReportTests
{
    [Fact]
    public void After_apply_the_report_names_the_operation_the_exact_rollback_command_and_the_counts_before_it()
    {
        using var tree = new TempTree();
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = tree.Root, Services = 6, Seed = 11, Overwrite = true });
        // Dead-file removal is opt-in: both the planned report and the applied plan ask for it, so files are removed.
        var before = ReportBuilder.Build(ReportLoader.Load(tree.Root, new ReportLoadOptions { Plan = new PlanOptions { RemoveDeadFiles = true } }));
        var plan = Planner.Make(tree.Root, new PlanOptions { RemoveDeadFiles = true }).Plan;
        var applied = ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true });
        var opId = applied.OpId!;

        // Without --plan: counts from the journal, validate's checks of the operation, no families, and a note saying to pass the plan.
        var model = ReportBuilder.Build(ReportLoader.Load(tree.Root, new ReportLoadOptions()), new ReportOptions { RootArgument = "repo" });
        Assert.Equal(TreeStage.Applied, model.Stage);
        Assert.Contains(opId, model.Basis, StringComparison.Ordinal);
        Assert.Contains(model.Notes, n => n.Contains("--plan", StringComparison.Ordinal));
        Assert.Equal([$"infradedup rollback repo --op {opId} --dry-run", $"infradedup rollback repo --op {opId}"], model.Rollback.Commands);
        var (_, validated) = Validator.Run(tree.Root, new ValidateOptions { OpId = opId });
        Assert.Equal("passed", model.Validation.Verdict);
        Assert.Contains(opId, model.Validation.Source, StringComparison.Ordinal);
        Assert.Equal(validated.Count, model.Validation.Checks.Count);
        Assert.Equal(
            validated.Count(c => c.Kind == CheckKind.Static),
            model.Validation.Checks.Count(c => c.Method == "static equivalence" && c.Outcome == CheckOutcome.Proven));
        Assert.Null(model.GeneratedAt); // no timestamp unless --generated-at
        Assert.DoesNotContain("\nGenerated ", MarkdownReport.Render(model), StringComparison.Ordinal);
        var disk = Directory.EnumerateFiles(tree.Root, "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.infradedup/", StringComparison.Ordinal));

        // Before and after both come from the operation: the applied report's rows equal the planned report's, dead
        // files and lint findings included, and the files it removed are still listed with their reasons.
        Assert.Equal(
            before.Counts.Select(c => c.Measure).Where(m => m != "Maintained Dockerfile sources"),
            model.Counts.Select(c => c.Measure));
        foreach (var measure in new[] { "Files in the tree", "Dockerfiles on disk", "Maintained scripts", "Lint findings", "Exact-duplicate groups" })
        {
            var now = model.Counts.Single(c => c.Measure == measure);
            var then = before.Counts.Single(c => c.Measure == measure);
            Assert.Equal((measure, then.Before, then.After), (measure, now.Before, now.After));
        }

        // Dead files: the same "before"; "after" can only grow, because removing a dead Dockerfile leaves the sources
        // only it copied (archive/x/app.py) unreferenced too — the plan's prediction counts the removals alone.
        // Exact-duplicate groups: the planned "after" is what the tree really has after apply, and the applied "before" what it had.
        var groups = model.Counts.Single(c => c.Measure == "Exact-duplicate groups");
        Assert.Equal(Scanner.Scan(tree.Root, new WalkOptions()).DuplicateSummary.Groups, groups.After);

        var deadNow = model.Counts.Single(c => c.Measure == "Dead files");
        var deadPlanned = before.Counts.Single(c => c.Measure == "Dead files");
        Assert.True(deadNow.After >= deadPlanned.After, $"dead files after apply {deadNow.After} < planned {deadPlanned.After}");
        Assert.Equal(deadNow.After + model.Removed.Count(r => r.Dead), deadNow.Before); // without the plan: now + removed

        Assert.NotEmpty(model.Removed);
        Assert.Equal(before.Removed, model.Removed);
        Assert.Equal(plan.Actions.Count(a => a.Kind == PlanActionKind.Remove), model.Removed.Count);
        Assert.All(model.Removed, r => Assert.False(File.Exists(tree.PathOf(r.Path)), r.Path));
        var markdown = MarkdownReport.Render(model);
        Assert.Contains("Removed by the operation (" + model.Removed.Count + ")", markdown, StringComparison.Ordinal);
        Assert.All(model.Removed, r => Assert.Contains("`" + r.Path + "`", markdown, StringComparison.Ordinal));

        // With the applied plan: families, proofs and diffs (originals from the archive) are back, and no mismatch note.
        var planFile = Path.Combine(tree.Root, ".infradedup", "applied-plan.json");
        File.WriteAllText(planFile, PlanJsonContext.Serialize(plan));
        var withPlan = ReportBuilder.Build(ReportLoader.Load(tree.Root, new ReportLoadOptions { PlanFile = planFile, OpId = opId }));
        Assert.Empty(withPlan.Notes);
        var deadWithPlan = withPlan.Counts.Single(c => c.Measure == "Dead files");
        Assert.Equal((deadPlanned.Before, deadNow.After), (deadWithPlan.Before, deadWithPlan.After)); // with it: the plan's own list
        Assert.Equal(model.Validation, withPlan.Validation, ValidationStatusComparer.Instance);
        Assert.Equal(plan.Families.Count, withPlan.Families.Count);
        Assert.All(withPlan.Diffs.SelectMany(d => d.Members), m => Assert.NotNull(m.MemberText));
        Assert.True(disk > 0);

        // After rollback the tree is the "before" again and a plan is computed.
        ApplyEngine.Rollback(tree.Root, opId, new RollbackOptions());
        var rolledBack = ReportBuilder.Build(ReportLoader.Load(tree.Root, new ReportLoadOptions { Plan = new PlanOptions { RemoveDeadFiles = true } }));
        Assert.Equal(TreeStage.Planned, rolledBack.Stage);
        Assert.Contains(rolledBack.Notes, n => n.Contains("rolled back", StringComparison.Ordinal));
        Assert.Equal(before.Counts, rolledBack.Counts);
        Assert.Null(rolledBack.GeneratedAt);
        Assert.DoesNotContain("<span>Generated ", HtmlReport.Render(rolledBack), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tree_edited_after_apply_is_reported_as_failing_validation_with_the_difference()
    {
        using var tree = new TempTree();
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = tree.Root, Services = 40, Seed = 3, Overwrite = true });
        var plan = Planner.Make(tree.Root, new PlanOptions { Project = "sample" }).Plan;
        ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true, NoFsync = true });
        Assert.Equal("passed", ReportBuilder.Build(ReportLoader.Load(tree.Root, new ReportLoadOptions())).Validation.Verdict);

        // Edit a generated Dockerfile by hand, as someone might after the operation.
        var (_, checks) = Validator.Run(tree.Root, new ValidateOptions());
        var victim = tree.PathOf(checks.First(c => c.Kind == CheckKind.Generated).File!);
        var lines = File.ReadAllLines(victim).ToList();
        var cmd = lines.FindLastIndex(l => l.StartsWith("CMD", StringComparison.Ordinal) || l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.True(cmd >= 0, victim);
        lines[cmd] = "CMD [\"sh\", \"-c\", \"edited\"]";
        File.WriteAllText(victim, string.Join('\n', lines) + "\n");

        var model = ReportBuilder.Build(ReportLoader.Load(tree.Root, new ReportLoadOptions()));
        Assert.Equal("failed", model.Validation.Verdict);
        Assert.Contains(model.Validation.Checks, c => c.Outcome == CheckOutcome.Failed && c.Detail!.Contains("edited", StringComparison.Ordinal));
    }

    /// <summary>Two statuses are equal when their sources and checks are (records compare lists by reference).</summary>
    private sealed class ValidationStatusComparer : IEqualityComparer<ValidationStatus>
    {
        public static readonly ValidationStatusComparer Instance = new();

        public bool Equals(ValidationStatus? x, ValidationStatus? y) =>
            x is not null && y is not null && x.Source == y.Source && x.Checks.SequenceEqual(y.Checks);

        public int GetHashCode(ValidationStatus obj) => obj.Source.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_that_is_not_the_applied_one_is_reported_as_such()
    {
        using var tree = new TempTree();
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = tree.Root, Services = 5, Seed = 2, Overwrite = true });
        var plan = Planner.Make(tree.Root, new PlanOptions { RemoveDeadFiles = true }).Plan;
        ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true });
        var other = Path.Combine(tree.Root, ".infradedup", "other.json");
        File.WriteAllText(other, PlanJsonContext.Serialize(plan with { ToolVersion = "9.9.9" }));

        var model = ReportBuilder.Build(ReportLoader.Load(tree.Root, new ReportLoadOptions { PlanFile = other }));
        Assert.Contains(model.Notes, n => n.Contains("is not the plan operation", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_operation_or_a_broken_plan_file_is_a_user_error_naming_it()
    {
        using var tree = new TempTree();
        tree.File("Dockerfile", "FROM alpine:3.20\n").File("plan.json", "{\n  \"schema\": \"infradedup/plan@1\",\n  oops\n}\n");
        var op = Assert.Throws<UserInputException>(() => ReportLoader.Load(tree.Root, new ReportLoadOptions { OpId = "20250101T120000123Z-a1b2c3" }));
        Assert.Contains("20250101T120000123Z-a1b2c3", op.Describe(), StringComparison.Ordinal);
        var bad = Assert.Throws<UserInputException>(() => ReportLoader.Load(tree.Root, new ReportLoadOptions { PlanFile = tree.PathOf("plan.json") }));
        Assert.Equal((tree.PathOf("plan.json"), 3), (bad.File, bad.Line));
    }
}
