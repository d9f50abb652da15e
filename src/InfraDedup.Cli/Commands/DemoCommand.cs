using System.ComponentModel;
using System.Globalization;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Templates;
using InfraDedup.Core.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class DemoSettings : SampleSizeSettings
{
    [CommandOption("--out-dir <DIR>")]
    [Description("Keep the generated sample in DIR (default: a temporary folder, deleted afterwards).")]
    public string? OutDir { get; init; }

    [CommandOption("--out <DIR>", IsHidden = true)]
    [Description(OptionText.OldOutDir)]
    public string? Out { get; init; }

    /// <summary>The folder to keep the sample in (<c>--out-dir</c>, or its old name <c>--out</c>).</summary>
    public string? OutDirectory => OutDir ?? Out;
}

[Description("Generate the embedded sample monorepo and run every pipeline stage on it, with a readable summary.")]
public sealed class DemoCommand(CliEnvironment env) : Command<DemoSettings>
{
    /// <summary>Where a demo on a temporary sample keeps its report: one fixed folder, replaced by the next demo.</summary>
    internal static string KeptReportFolder => Path.Combine(Path.GetTempPath(), "infradedup-demo-report");

    public override int Execute(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var console = ResultWriter.PlainIfAsked(env, settings);
        var verbosity = settings.Verbosity;
        var temporary = settings.OutDirectory is null;
        var root = settings.OutDirectory ?? Path.Combine(Path.GetTempPath(), "infradedup-demo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var truth = SampleCommand.Generate(root, settings.Services, settings.Seed, overwrite: false);
            var sampleDockerfiles = truth.DockerfileFamilies.Sum(f => f.Paths.Count);
            Step(console, verbosity, "1. sample", $"{Plural.Of(truth.Services, "service")} generated (seed {truth.Seed}) in {root}"
                + (temporary ? " (a temporary folder, deleted at the end)" : ""));

            var report = ProgressDisplay.Run(env, settings, progress => Scanner.Scan(root, new WalkOptions(), progress, cancellationToken));
            var f = report.Files;
            Step(console, verbosity, "2. scan", $"{Plural.Of(f.Total, "file")}: {Plural.Of(f.Dockerfiles, "Dockerfile")}, {Plural.Of(f.ComposeFiles, "compose file")}, "
                + $"{Plural.Of(f.ShellScripts + f.PythonScripts, "script")}; {Plural.Of(report.DuplicateSummary.Groups, "exact-duplicate group")} "
                + $"({Plural.Of(report.DuplicateSummary.RedundantFiles, "redundant copy", "redundant copies")}), "
                + $"near-duplicate families: {report.NearDuplicates.Count(g => g.Kind == FamilyKind.Dockerfile)} of Dockerfiles and {report.NearDuplicates.Count(g => g.Kind != FamilyKind.Dockerfile)} of scripts, "
                + $"{Plural.Of(report.DeadFiles.Count, "unreferenced file")}");

            GroundTruthScore[] scores =
            [
                GroundTruthCheck.ExactDuplicates(report, truth),
                GroundTruthCheck.Families(report, truth, dockerfiles: true),
                GroundTruthCheck.Families(report, truth, dockerfiles: false),
                GroundTruthCheck.DeadDockerfiles(report, truth),
                GroundTruthCheck.DirectoryCopies(report, truth),
            ];
            var exact = scores.Count(s => s.IsExact);
            Step(console, verbosity, "3. check", $"findings against the sample's ground truth: {exact} of {scores.Length} kinds match exactly ("
                + string.Join(", ", scores.Select(s => $"{s.What} {s.Matched}/{s.Expected}")) + ")"
                + (report.ParseErrors.Count > 0 ? $"; {Plural.Of(report.ParseErrors.Count, "Dockerfile")} did not parse" : ""), exact == scores.Length && report.ParseErrors.Count == 0);
            foreach (var score in scores.Where(s => !s.IsExact))
            {
                Detail(console, verbosity, $"{score.What}: {score.Matched} of {score.Expected} found, {score.Found - score.Matched} extra (recall {Percent(score.Recall)}, precision {Percent(score.Precision)})");
            }

            var planned = ProgressDisplay.Run(env, settings, progress =>
                Planner.Make(report, new PlanOptions { ToolVersion = CliApp.Version, Project = "demo", RemoveDeadFiles = true }, progress, cancellationToken));
            var s = planned.Plan.Summary;
            var proven = planned.Plan.Services.Count(p => p.Equivalent);
            var planOk = s.EquivalenceFailures == 0 && proven == planned.Plan.Services.Count;
            Step(console, verbosity, "4. plan", $"{Plural.Of(s.DockerfilesBefore, "Dockerfile")} → {Plural.Of(s.MaintainedSourcesAfter, "maintained source")} ({Percent(s.Reduction)} fewer); "
                + $"{Plural.Of(s.ServicesConsolidated, "compose service")} consolidated, {proven} of {Plural.Of(planned.Plan.Services.Count, "equivalence proof")} hold, "
                + $"{s.ServicesLeftAlone} left alone; {Plural.Of(planned.Plan.Families.Count, "Dockerfile family", "Dockerfile families")} decided (the report's Families)", planOk);
            if (planned.Plan.Accounting is { } accounting)
            {
                Detail(console, verbosity, $"every Dockerfile accounted for: {accounting.Dockerfiles} = "
                    + string.Join(" + ", accounting.Outcomes.Select(o => $"{o.Dockerfiles} {PlanAccounting.OutcomeName(o.Outcome)}")));
            }

            // A kept sample holds its report and plan itself; a temporary one's go to a fixed folder that outlives it.
            var reportFolder = temporary ? KeptReportFolder : root;
            var planFolder = temporary ? Path.Combine(reportFolder, "plan") : Path.Combine(root, ".infradedup", "plan");
            var written = WriteReports(reportFolder, root, report, planned, cancellationToken);
            PlanWriter.Write(planFolder, planned);
            written.Add(Path.GetRelativePath(reportFolder, Path.Combine(planFolder, "plan.json")));

            // apply → generate --check → validate → rollback, and show the tree is byte- and mode-identical afterwards.
            var before = TreeSnapshot.Capture(root);
            var applied = ApplyEngine.Apply(root, planned.Plan, new ApplyOptions { AllowDirty = true });
            var mapping = TemplateGenerator.LoadMapping(Path.Combine(root, ServiceMapping.RepoPath), ServiceMapping.RepoPath);
            var check = TemplateGenerator.Run(root, mapping, ServiceMapping.RepoPath, new GenerateOptions { Check = true }, cancellationToken);
            var (subject, checks) = Validator.Run(root, new ValidateOptions { OpId = applied.OpId }, cancellationToken);
            var validation = new ValidationReport(subject.Root, subject.OpId, subject.Basis, Build: false, checks);
            Step(console, verbosity, "5. apply", $"{Plural.Of(planned.Plan.Actions.Count, "change")} applied as operation {applied.OpId ?? "-"}, originals archived with checksums; "
                + (check.HasDifferences ? "generated files DIFFER from their templates" : $"{Plural.Of(check.Files.Count, "generated file")} up to date") + "; "
                + ValidationFormatter.Headline(validation), !check.HasDifferences && validation.Ok);

            ApplyEngine.Rollback(root, applied.OpId, new RollbackOptions());
            var identical = before.SameAs(TreeSnapshot.Capture(root));
            Step(console, verbosity, "6. rollback", identical ? "every file restored: the tree is identical to before apply (content and modes)" : "the tree DIFFERS from before apply", identical);

            // The line naming the kept report is the demo's summary (all -q prints besides a failed step).
            if (TableView.Shows(verbosity, kept: false))
            {
                console.WriteLine();
            }

            console.MarkupLine($"Kept on purpose: [bold]{Markup.Escape(reportFolder)}[/] ({string.Join(", ", written)})"
                + (temporary ? "; the next demo replaces it." : "."));
            if (TableView.Shows(verbosity, kept: false))
            {
                if (!temporary)
                {
                    console.MarkupLine($"The sample stays in [bold]{Markup.Escape(root)}[/]; try [bold]infradedup plan {Markup.Escape(OperationTables.ShellQuote(root))}[/] on it.");
                }

                console.MarkupLine("Next: [bold]infradedup scan <your repo>[/], then [bold]infradedup plan <your repo>[/]; [bold]infradedup --help[/] lists every command.");
            }
            var ok = exact == scores.Length && report.ParseErrors.Count == 0 && planOk && identical && !check.HasDifferences && validation.Ok;
            return ok ? ExitCodes.Success : ExitCodes.Findings;
        }
        finally
        {
            if (temporary && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>One step of the story; a failed one is kept under <c>-q</c>.</summary>
    private static void Step(IAnsiConsole console, Verbosity verbosity, string step, string text, bool ok = true)
    {
        if (TableView.Shows(verbosity, kept: !ok))
        {
            console.MarkupLine($"[bold]{step,-11}[/] {(ok ? "" : "[red]")}{Markup.Escape(text)}{(ok ? "" : "[/]")}");
        }
    }

    private static void Detail(IAnsiConsole console, Verbosity verbosity, string text)
    {
        if (TableView.Shows(verbosity, kept: false))
        {
            console.MarkupLine($"            {Markup.Escape(text)}");
        }
    }

    /// <summary>
    /// The report of the plan (before apply, so it shows the tree as it is and the plan's proofs) and the plan itself,
    /// in a folder that outlives the demo. Returns the names written.
    /// </summary>
    private static List<string> WriteReports(string folder, string root, ScanReport scan, PlanResult planned, CancellationToken cancellationToken)
    {
        var lint = ReportLoader.LintTree(scan, cancellationToken);
        var sources = new ReportSources
        {
            Scan = scan,
            Lint = lint,
            LintFindingsOtherSide = ReportLoader.LintAfterPlan(scan, lint, planned.Plan),
            Plan = planned.Plan,
            ReadOriginal = ReportLoader.OriginalReader(root),
        };
        var model = ReportBuilder.Build(sources, new ReportOptions { RootName = Path.GetFileName(root.TrimEnd('/')), RootArgument = root });
        Directory.CreateDirectory(folder);
        ResultWriter.WriteFileAtomically(Path.Combine(folder, "report.html"), HtmlReport.Render(model));
        ResultWriter.WriteFileAtomically(Path.Combine(folder, "report.md"), MarkdownReport.Render(model));
        return ["report.html", "report.md"];
    }

    private static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
}
