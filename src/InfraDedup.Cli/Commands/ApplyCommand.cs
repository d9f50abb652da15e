using System.ComponentModel;
using System.Text;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class ApplySettings : OutputSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Root of the tree the plan was made for " + OptionText.CurrentDirectoryDefault + ".")]
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
                ResultWriter.WriteDocument(env, settings, OperationMarkdown.Apply(result), redactor);
                break;
            default:
                if (result.DryRun && !result.Resumed)
                {
                    // The diff is the detail; its summary line (on standard error, beside the diff) is what -q keeps.
                    if (settings.Verbosity != Verbosity.Quiet)
                    {
                        ResultWriter.WriteDocument(env, settings, string.Concat(result.Diffs.Select(d => d.Diff)), redactor);
                    }

                    env.Error.WriteLine($"dry run: {OperationMarkdown.ApplySummary(result)}; nothing was changed.");
                    foreach (var note in result.Notes)
                    {
                        ResultWriter.Note(env, settings, note);
                    }
                }
                else
                {
                    ResultWriter.WriteView(env, settings, OperationTables.Apply(result, settings.Verbosity), redactor);
                }

                break;
        }
    }

}
