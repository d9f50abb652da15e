using System.ComponentModel;
using System.Text;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core;
using InfraDedup.Core.Apply;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Commands;

public sealed class RollbackSettings : OutputSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Root of the tree (default: the current directory).")]
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
                ResultWriter.WriteDocument(env, settings, Markdown(result));
                break;
            default:
                if (result.DryRun)
                {
                    ResultWriter.WriteDocument(env, settings, string.Concat(result.Diffs.Select(d => d.Diff)));
                    if (!settings.Quiet)
                    {
                        env.Error.WriteLine($"dry run: would remove {result.Files.Count(f => f.Outcome == RestoreOutcome.WouldRemove)} and restore {result.Files.Count(f => f.Outcome == RestoreOutcome.WouldRestore)} files of operation {result.OpId}; nothing was changed.");
                    }
                }
                else
                {
                    ResultWriter.WriteRenderables(env, settings, Table(result, settings.Verbosity));
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

    /// <summary>The summary line and notes; every file only with <c>--verbose</c>; with <c>--quiet</c> the summary line alone.</summary>
    private static IEnumerable<IRenderable> Table(RollbackResult result, Verbosity verbosity)
    {
        if (result.AlreadyRolledBack)
        {
            yield return new Text($"Operation {result.OpId} is already rolled back; nothing to do.\n");
            yield break;
        }

        var removed = result.Files.Count(f => f.Outcome == RestoreOutcome.Removed);
        var restored = result.Files.Count(f => f.Outcome == RestoreOutcome.Restored);
        yield return new Markup($"[bold]Rolled back[/] operation [bold]{Markup.Escape(result.OpId)}[/] on {Markup.Escape(result.Root)}: {restored} restored, {removed} removed, {result.Verified} of {result.Files.Count} verified (SHA-256 and mode)\n");
        if (verbosity == Verbosity.Quiet)
        {
            yield break;
        }

        if (verbosity == Verbosity.Verbose)
        {
            var table = new Table().AddColumn("path").AddColumn("outcome");
            foreach (var file in result.Files)
            {
                table.AddRow(Markup.Escape(file.Path), file.Outcome.ToString().ToLowerInvariant());
            }

            yield return table;
        }

        foreach (var note in result.Notes)
        {
            yield return new Text($"note: {note}\n");
        }
    }

    private static string Markdown(RollbackResult result)
    {
        var text = new StringBuilder($"# infradedup rollback {result.OpId}\n\n");
        if (result.AlreadyRolledBack)
        {
            return text.Append("Already rolled back; nothing to do.\n").ToString();
        }

        text.Append($"{result.Verified} of {result.Files.Count} files verified.\n\n| path | outcome |\n|---|---|\n");
        foreach (var file in result.Files)
        {
            text.Append($"| `{file.Path}` | {file.Outcome.ToString().ToLowerInvariant()} |\n");
        }

        foreach (var mismatch in result.Mismatches)
        {
            text.Append($"\n> not restored: {mismatch}\n");
        }

        return text.ToString();
    }
}
