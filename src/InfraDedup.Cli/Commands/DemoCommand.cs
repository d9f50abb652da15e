using System.ComponentModel;
using System.Globalization;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Templates;
using InfraDedup.Core.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class DemoSettings : DisplaySettings
{
    [CommandOption("--out <DIR>")]
    [Description("Keep the generated sample in DIR (default: a temporary folder, deleted afterwards).")]
    public string? Out { get; init; }

    [CommandOption("--services <N>")]
    [Description("Number of services in the sample.")]
    [DefaultValue(120)]
    public int Services { get; init; } = 120;

    [CommandOption("--seed <SEED>")]
    [Description("Random seed of the sample.")]
    [DefaultValue(42L)]
    public long Seed { get; init; } = 42;
}

[Description("Generate the embedded sample monorepo and run every pipeline stage on it, with a readable summary.")]
public sealed class DemoCommand(CliEnvironment env) : Command<DemoSettings>
{
    public override int Execute(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var console = ResultWriter.PlainIfAsked(env, settings);
        var root = settings.Out ?? Path.Combine(Path.GetTempPath(), "infradedup-demo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            console.Write(new Rule("[bold]infradedup demo[/]").LeftJustified());
            var truth = SampleCommand.Generate(root, settings.Services, settings.Seed, overwrite: false);
            console.MarkupLine($"[bold]1. sample[/]  {truth.Services} services written to {Markup.Escape(root)}");

            var report = ProgressDisplay.Run(env, settings, progress => Scanner.Scan(root, new WalkOptions(), progress, cancellationToken));
            console.MarkupLine($"[bold]2. scan[/]    {report.Files.Total} files: {report.Files.Dockerfiles} Dockerfiles, {report.Files.ComposeFiles} compose files, "
                + $"{report.Files.ShellScripts} shell and {report.Files.PythonScripts} Python scripts ({report.Files.Ignored} ignored by .gitignore)");
            console.MarkupLine($"           {report.DuplicateSummary.Groups} exact-duplicate groups, {report.DuplicateSummary.RedundantFiles} redundant files, "
                + $"{Bytes.Format(report.DuplicateSummary.WastedBytes)} wasted; {report.ParseErrors.Count} Dockerfile parse errors");
            var top = string.Join(", ", report.BaseImages.Take(3).Select(b => $"{b.Image} ×{b.Count}"));
            console.MarkupLine($"           base images: {Markup.Escape(top)}");

            console.MarkupLine($"           {report.NearDuplicates.Count} near-duplicate families (largest: {(report.NearDuplicates.Count > 0 ? report.NearDuplicates[0].Paths.Count : 0)} files), "
                + $"{report.DeadFiles.Count} unreferenced files, {report.DirectoryCopies.Count} copied folders");

            GroundTruthScore[] scores =
            [
                GroundTruthCheck.ExactDuplicates(report, truth),
                GroundTruthCheck.Families(report, truth, dockerfiles: true),
                GroundTruthCheck.Families(report, truth, dockerfiles: false),
                GroundTruthCheck.DeadDockerfiles(report, truth),
                GroundTruthCheck.DirectoryCopies(report, truth),
            ];
            console.MarkupLine("[bold]3. check[/]   findings vs the sample's ground truth:");
            foreach (var score in scores)
            {
                var verdict = score.IsExact ? "[green]exact match[/]" : "[red]MISMATCH[/]";
                console.MarkupLine($"           {score.What}: {score.Matched}/{score.Expected} found, {score.Found - score.Matched} extra, "
                    + $"recall {Percent(score.Recall)}, precision {Percent(score.Precision)} — {verdict}");
            }

            ResultWriter.WriteRenderables(env, settings, ScanTables.Render(report));

            var planned = ProgressDisplay.Run(env, settings, progress =>
                Planner.Make(root, new PlanOptions { ToolVersion = CliApp.Version, Project = "demo", RemoveDeadFiles = true }, progress, cancellationToken));
            var planDir = Path.Combine(root, ".infradedup", "plan");
            PlanWriter.Write(planDir, planned);
            var s = planned.Plan.Summary;
            var proven = planned.Plan.Services.Count(p => p.Equivalent);
            console.MarkupLine($"[bold]4. plan[/]    {s.DockerfilesBefore} Dockerfiles → {s.MaintainedSourcesAfter} maintained sources ({Percent(s.Reduction)} fewer): "
                + $"{s.SharedDockerfiles} shared Dockerfiles, {s.Templates} templates, {s.BaseImages} base images, {s.DeadFilesRemoved} dead files removed");
            console.MarkupLine($"           {s.ServicesConsolidated} services consolidated, each proven equivalent ({proven}/{planned.Plan.Services.Count} proofs hold); "
                + $"{s.ServicesLeftAlone} left as they are with a reason; {s.EquivalenceFailures} equivalence failures");
            if (planned.Plan.Accounting is { } accounting)
            {
                var parts = string.Join(" + ", accounting.Outcomes.Select(o => $"{o.Dockerfiles} {PlanAccounting.OutcomeName(o.Outcome)}"));
                console.MarkupLine($"           every Dockerfile accounted for: {accounting.Dockerfiles} = {parts}");
            }

            console.MarkupLine($"           plan: {Markup.Escape(Path.Combine(planDir, "plan.json"))} ({planned.Plan.Actions.Count} actions)");
            var planOk = s.EquivalenceFailures == 0 && proven == planned.Plan.Services.Count;
            WriteReports(console, root, report, planned.Plan, settings.Out is null, cancellationToken);

            // apply → generate --check → rollback, and show the tree is byte- and mode-identical afterwards.
            var before = TreeSnapshot.Capture(root);
            var applied = ApplyEngine.Apply(root, planned.Plan, new ApplyOptions { AllowDirty = true });
            var mapping = TemplateGenerator.LoadMapping(Path.Combine(root, ServiceMapping.RepoPath), ServiceMapping.RepoPath);
            var check = TemplateGenerator.Run(root, mapping, ServiceMapping.RepoPath, new GenerateOptions { Check = true }, cancellationToken);
            console.MarkupLine($"[bold]5. apply[/]   operation {Markup.Escape(applied.OpId ?? "-")}: {planned.Plan.Actions.Count} actions, originals archived with checksums; "
                + $"generate --check: {(check.HasDifferences ? "[red]DIFFERS[/]" : "[green]all " + check.Files.Count + " generated files up to date[/]")}");
            var (subject, checks) = Validator.Run(root, new ValidateOptions { OpId = applied.OpId }, cancellationToken);
            var validation = new ValidationReport(subject.Root, subject.OpId, subject.Basis, Build: false, checks);
            console.MarkupLine($"           {(validation.Ok ? "[green]" : "[red]")}{Markup.Escape(ValidationFormatter.Headline(validation))}[/]");
            ApplyEngine.Rollback(root, applied.OpId, new RollbackOptions());
            var identical = before.SameAs(TreeSnapshot.Capture(root));
            console.MarkupLine($"[bold]6. rollback[/] restored every file: tree {(identical ? "[green]identical to before apply[/]" : "[red]DIFFERS[/]")} (content and modes)");
            console.MarkupLine("[bold]7. operate[/] on a compose project: [bold]infradedup deploy --dry-run[/] (build order, skips), "
                + "[bold]monitor --mode check[/] (containers, HTTP, system), [bold]maintain backup|verify|restore[/] (PostgreSQL, Redis, Neo4j); "
                + "[bold]lint[/] for hadolint-compatible and security rules");
            console.MarkupLine("Next: [bold]infradedup scan <your repo>[/], then [bold]infradedup plan <your repo>[/] (add [bold]--format json[/] for the full report).");
            var ok = planOk && identical && !check.HasDifferences && validation.Ok;
            return scores.All(s => s.IsExact) && report.ParseErrors.Count == 0 && ok ? ExitCodes.Success : ExitCodes.Findings;
        }
        finally
        {
            if (settings.Out is null && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>
    /// The report of the plan (before apply, so it shows the tree as it is and the plan's proofs). A temporary demo
    /// folder is deleted at the end, so its reports go to a folder beside it that is kept.
    /// </summary>
    private static void WriteReports(IAnsiConsole console, string root, ScanReport scan, Plan plan, bool temporary, CancellationToken cancellationToken)
    {
        var lint = ReportLoader.LintTree(scan, cancellationToken);
        var sources = new ReportSources
        {
            Scan = scan,
            Lint = lint,
            LintFindingsOtherSide = ReportLoader.LintAfterPlan(scan, lint, plan),
            Plan = plan,
            ReadOriginal = ReportLoader.OriginalReader(root),
        };
        var model = ReportBuilder.Build(sources, new ReportOptions { RootName = Path.GetFileName(root.TrimEnd('/')), RootArgument = root });
        var folder = temporary ? root + "-report" : root;
        Directory.CreateDirectory(folder);
        var html = Path.Combine(folder, "report.html");
        var markdown = Path.Combine(folder, "report.md");
        ResultWriter.WriteFileAtomically(html, HtmlReport.Render(model));
        ResultWriter.WriteFileAtomically(markdown, MarkdownReport.Render(model));
        console.MarkupLine($"           report: {Markup.Escape(html)} and {Markup.Escape(markdown)} (lint findings {sources.Lint.Findings.Count} → {sources.LintFindingsOtherSide}, {model.Validation.ProofsProven} of {model.Validation.Proofs} equivalence proofs)");
    }

    private static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
}
