using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class RollbackSettings : OutputSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Root of the tree " + OptionText.CurrentDirectoryDefault + ".")]
    public string Path { get; init; } = ".";

    [CommandOption("--op <ID>")]
    [Description("The operation to roll back ('infradedup archive list' shows them).")]
    public string? Op { get; init; }

    [CommandOption("--last")]
    [Description("Roll back the latest operation (the default when --op is not given).")]
    public bool Last { get; init; }

    [CommandOption("--dry-run")]
    [Description("Check everything and show what would be restored; change nothing.")]
    public bool DryRun { get; init; }

    public override ValidationResult Validate() =>
        Op is not null && Last ? ValidationResult.Error("give either --op ID or --last, not both.") : ValidationResult.Success();
}

[Description("Undo an apply: restore every file byte-exact with its mode, remove the files it created, verify.")]
[JsonOutput("rollback")]
public sealed class RollbackCommand(CliEnvironment env) : Command<RollbackSettings>
{
    public override int Execute(CommandContext context, RollbackSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Path, "whose operation to roll back");
        var result = ApplyEngine.Rollback(settings.Path, settings.Op, new RollbackOptions { DryRun = settings.DryRun, Faults = FaultInjection.FromEnvironment() });
        switch (settings.Format)
        {
            case OutputFormat.Json:
                ResultWriter.WriteDocument(env, settings, JsonText.Document(result, ApplyJsonContext.Default.RollbackResult));
                break;
            case OutputFormat.Markdown:
                ResultWriter.WriteDocument(env, settings, OperationMarkdown.Rollback(result));
                break;
            default:
                if (result.DryRun)
                {
                    // As apply's: the diff is the detail, the summary line on standard error is what -q keeps.
                    if (settings.Verbosity != Verbosity.Quiet)
                    {
                        ResultWriter.WriteDocument(env, settings, string.Concat(result.Diffs.Select(d => d.Diff)));
                    }

                    env.Error.WriteLine($"dry run: would remove {result.Files.Count(f => f.Outcome == RestoreOutcome.WouldRemove)} and restore {result.Files.Count(f => f.Outcome == RestoreOutcome.WouldRestore)} files of operation {result.OpId}; nothing was changed.");
                }
                else
                {
                    ResultWriter.WriteView(env, settings, OperationTables.Rollback(result, settings.Verbosity));
                }

                break;
        }

        if (result.Mismatches.Count > 0)
        {
            foreach (var mismatch in result.Mismatches)
            {
                env.Error.WriteLine($"error: not restored: {mismatch}");
            }

            env.Error.WriteLine($"Run 'infradedup rollback --op {result.OpId}' again; 'infradedup archive verify {result.OpId}' checks the archive.");
            return ExitCodes.Findings;
        }

        return ExitCodes.Success;
    }
}
