using System.ComponentModel;
using System.Text;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Commands;

public sealed class ApplySettings : OutputSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Root of the tree the plan was made for (default: the current directory).")]
    public string Path { get; init; } = ".";

    [CommandOption("--plan <FILE>")]
    [Description("The plan to apply (plan.json from 'infradedup plan').")]
    public string? Plan { get; init; }

    [CommandOption("--dry-run")]
    [Description("Check everything and print every change as a unified diff; change nothing.")]
    public bool DryRun { get; init; }

    [CommandOption("-y|--yes")]
    [Description("Do not ask for confirmation (needed when not on a terminal).")]
    public bool Yes { get; init; }

    [CommandOption("--allow-dirty")]
    [Description("Apply even when files the plan changes have uncommitted git changes (they are archived either way).")]
    public bool AllowDirty { get; init; }

    [CommandOption("--script-links <MODE>")]
    [TypeConverter(typeof(KebabEnumConverter<ScriptLinkMode>))]
    [Description("How removed scripts that other files call are kept working: wrapper (a script that execs the canonical one) or symlink.")]
    [DefaultValue("wrapper")]
    public ScriptLinkMode ScriptLinks { get; init; } = ScriptLinkMode.Wrapper;

    [CommandOption("--accept-script-replacements")]
    [Description("Also replace scripts by master commands as the plan proposes (plan --scripts; a behaviour change for review). Without it those scripts are left alone.")]
    public bool AcceptScriptReplacements { get; init; }

    [CommandOption("--resume")]
    [Description("Finish an interrupted apply (the latest, or --op ID) instead of starting one.")]
    public bool Resume { get; init; }

    [CommandOption("--op <ID>")]
    [Description("With --resume: the operation to finish.")]
    public string? Op { get; init; }

    public override ValidationResult Validate()
    {
        if (Resume && Plan is not null)
        {
            return ValidationResult.Error("--resume finishes the interrupted operation from its journal; do not give --plan with it.");
        }

        if (!Resume && Plan is null)
        {
            return ValidationResult.Error("give the plan to apply with --plan plan.json (or --resume to finish an interrupted apply).");
        }

        return Op is not null && !Resume ? ValidationResult.Error("--op is for --resume; to undo an operation use 'infradedup rollback --op ID'.") : ValidationResult.Success();
    }
}

[Description("Apply a plan transactionally: archive, write atomically, journal every step (undo with rollback).")]
[JsonOutput("apply")]
public sealed class ApplyCommand(CliEnvironment env) : Command<ApplySettings>
{
    public override int Execute(CommandContext context, ApplySettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Path, "the plan was made for");
        var faults = FaultInjection.FromEnvironment();
        ApplyResult result;
        if (settings.Resume)
        {
            result = ApplyEngine.Resume(settings.Path, settings.Op, new ApplyOptions { DryRun = settings.DryRun, Faults = faults });
        }
        else
        {
            var (plan, text, sha) = ReadPlan(settings.Plan!);
            var options = new ApplyOptions
            {
                DryRun = settings.DryRun,
                AllowDirty = settings.AllowDirty,
                ScriptLinks = settings.ScriptLinks,
                AcceptScriptReplacements = settings.AcceptScriptReplacements,
                PlanFile = settings.Plan!,
                PlanText = text,
                PlanSha256 = sha,
                Faults = faults,
            };
            if (!settings.DryRun && !Confirmed(settings, plan))
            {
                env.Error.WriteLine("not applied; nothing was changed.");
                return ExitCodes.UsageOrInput;
            }

            result = ApplyEngine.Apply(settings.Path, plan, options);
        }

        Render(settings, result);
        return ExitCodes.Success;
    }

    private static (Plan Plan, string Text, string Sha256) ReadPlan(string path)
    {
        byte[] bytes;
        Core.Inventory.InputFile.RequireRegular(path, "the plan.json written by 'infradedup plan'");
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read the plan: {IoErrors.Reason(e)}; make one with 'infradedup plan'.", path);
        }

        var text = Encoding.UTF8.GetString(bytes);
        return (PlanJsonContext.ReadPlan(path, text), text, Hashing.Sha256(bytes));
    }

    private bool Confirmed(ApplySettings settings, Plan plan)
    {
        if (settings.Yes)
        {
            return true;
        }

        if (!env.Interactive)
        {
            throw new UserInputException("apply changes files: pass --yes to confirm (or --dry-run to see every change first). Nothing was changed.");
        }

        var counts = string.Join(", ", plan.Actions.GroupBy(a => a.Kind).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        return env.Console.Confirm($"Apply {plan.Actions.Count} changes ({counts}) to {Markup.Escape(System.IO.Path.GetFullPath(settings.Path))}? Everything is archived; 'infradedup rollback' undoes it.", defaultValue: false);
    }

    private void Render(ApplySettings settings, ApplyResult result)
    {
        // Diffs show the compose files and Dockerfiles with their values: credentials are masked (the files keep them).
        var redactor = SecretRedactor.ForTree(settings.Path);
        switch (settings.Format)
        {
            case OutputFormat.Json:
                ResultWriter.WriteDocument(env, settings, JsonText.Document(result, ApplyJsonContext.Default.ApplyResult), redactor);
                break;
            case OutputFormat.Markdown:
                ResultWriter.WriteDocument(env, settings, ApplyMarkdown(result), redactor);
                break;
            default:
                if (result.DryRun && !result.Resumed)
                {
                    ResultWriter.WriteDocument(env, settings, string.Concat(result.Diffs.Select(d => d.Diff)), redactor);
                    if (!settings.Quiet)
                    {
                        env.Error.WriteLine($"dry run: {Summary(result)}; nothing was changed.");
                        WriteNotes(result.Notes);
                    }
                }
                else
                {
                    ResultWriter.WriteRenderables(env, settings, ApplyTable(result, settings.Verbosity), redactor);
                }

                break;
        }
    }

    private void WriteNotes(IEnumerable<string> notes)
    {
        foreach (var note in notes)
        {
            env.Error.WriteLine($"note: {note}");
        }
    }

    private static string Summary(ApplyResult result) =>
        $"{result.Count(PlanActionKind.Create)} created, {result.Count(PlanActionKind.Replace)} replaced, {result.Count(PlanActionKind.Remove)} removed, {result.Count(PlanActionKind.Wrapper)} scripts wrapped";

    /// <summary>
    /// The summary line, notes and how to undo; every step only with <c>--verbose</c>; with <c>--quiet</c> the summary
    /// line alone (a failed step is an error, reported on standard error, never a row).
    /// </summary>
    private static IEnumerable<IRenderable> ApplyTable(ApplyResult result, Verbosity verbosity)
    {
        var verb = result.DryRun ? "Would resume" : result.Resumed ? "Resumed" : "Applied";
        yield return new Markup($"[bold]{verb}[/] operation [bold]{Markup.Escape(result.OpId ?? "-")}[/] on {Markup.Escape(result.Root)}: {Summary(result)}\n");
        if (verbosity == Verbosity.Quiet)
        {
            yield break;
        }

        if (verbosity == Verbosity.Verbose)
        {
            yield return StepTable(result);
        }

        foreach (var note in result.Notes)
        {
            yield return new Text($"note: {note}\n");
        }

        if (result.OpId is not null && !result.DryRun)
        {
            yield return new Markup($"Undo with: [bold]infradedup rollback {Markup.Escape(Quote(result.Root))} --op {result.OpId}[/]\n");
        }
    }

    private static Table StepTable(ApplyResult result)
    {
        var table = new Table().AddColumn("step").AddColumn("action").AddColumn("path").AddColumn("outcome").AddColumn("why");
        foreach (var step in result.Steps)
        {
            var path = Markup.Escape(step.Path) + (step.Target is null ? string.Empty : $" → {Markup.Escape(step.Target)}");
            table.AddRow(step.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), step.Kind.ToString().ToLowerInvariant(), path, Outcome(step.Outcome), Markup.Escape(step.Reason));
        }

        return table;
    }

    private static string Outcome(StepOutcome outcome) => outcome switch
    {
        StepOutcome.Done => "[green]done[/]",
        StepOutcome.AlreadyDone => "already done",
        _ => "would do",
    };

    private static string ApplyMarkdown(ApplyResult result)
    {
        var text = new StringBuilder();
        text.Append(result.DryRun ? "# infradedup apply (dry run)\n\n" : $"# infradedup apply {result.OpId}\n\n");
        text.Append(Summary(result)).Append(".\n\n| step | action | path | outcome |\n|---:|---|---|---|\n");
        foreach (var step in result.Steps)
        {
            text.Append($"| {step.Index} | {step.Kind.ToString().ToLowerInvariant()} | `{step.Path}` | {step.Outcome.ToString().ToLowerInvariant()} |\n");
        }

        foreach (var diff in result.Diffs.Where(d => d.Diff.Length > 0))
        {
            text.Append($"\n## {diff.Path}\n\n```diff\n{diff.Diff}```\n");
        }

        foreach (var note in result.Notes)
        {
            text.Append($"\n> note: {note}\n");
        }

        return text.ToString();
    }

    internal static string Quote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" : path;
}
