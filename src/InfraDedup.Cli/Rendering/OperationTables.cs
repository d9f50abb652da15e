using System.Globalization;
using InfraDedup.Cli.Commands;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Archive;
using InfraDedup.Core.Reports;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Rendering;

/// <summary>The table views of the operation commands: apply, rollback, archive list and verify.</summary>
internal static class OperationTables
{
    /// <summary>The summary line, notes and how to undo; every step only with <c>--verbose</c>.</summary>
    public static TableView Apply(ApplyResult result, Verbosity verbosity)
    {
        var verb = result.DryRun ? "Would resume" : result.Resumed ? "Resumed" : "Applied";
        var view = new TableView().Summary(new Markup($"[bold]{verb}[/] operation [bold]{Markup.Escape(result.OpId ?? "-")}[/] on {Markup.Escape(result.Root)}: {OperationMarkdown.ApplySummary(result)}\n"));
        if (verbosity == Verbosity.Verbose)
        {
            view.Detail(StepTable(result));
        }

        view.Details(result.Notes.Select(note => new Text($"note: {note}\n")));
        if (result.OpId is not null && !result.DryRun)
        {
            view.Detail(new Markup($"Undo with: [bold]infradedup rollback {Markup.Escape(ShellQuote(result.Root))} --op {result.OpId}[/]\n"));
        }

        return view;
    }

    /// <summary>The summary line and notes; every file only with <c>--verbose</c>.</summary>
    public static TableView Rollback(RollbackResult result, Verbosity verbosity)
    {
        if (result.AlreadyRolledBack)
        {
            return new TableView().Summary(new Text($"Operation {result.OpId} is already rolled back; nothing to do.\n"));
        }

        var removed = result.Files.Count(f => f.Outcome == RestoreOutcome.Removed);
        var restored = result.Files.Count(f => f.Outcome == RestoreOutcome.Restored);
        var view = new TableView().Summary(new Markup($"[bold]Rolled back[/] operation [bold]{Markup.Escape(result.OpId)}[/] on {Markup.Escape(result.Root)}: {restored} restored, {removed} removed, {result.Verified} of {result.Files.Count} verified (SHA-256 and mode)\n"));
        if (verbosity == Verbosity.Verbose)
        {
            var table = new Table().AddColumn("path").AddColumn("outcome");
            foreach (var file in result.Files)
            {
                table.AddRow(Markup.Escape(file.Path), file.Outcome.ToString().ToLowerInvariant());
            }

            view.Detail(table);
        }

        return view.Details(result.Notes.Select(note => new Text($"note: {note}\n")));
    }

    /// <summary>The operations, then how many (the summary <c>-q</c> keeps).</summary>
    public static TableView ArchiveList(ArchiveListing listing)
    {
        var where = $"{listing.Root}/.infradedup";
        if (listing.Operations.Count == 0)
        {
            return new TableView().Summary(new Text($"No operations in {where}.\n"));
        }

        var table = new Table().AddColumn("operation").AddColumn("created (UTC)").AddColumn(new TableColumn("files").RightAligned())
            .AddColumn(new TableColumn("size").RightAligned()).AddColumn("state");
        foreach (var op in listing.Operations)
        {
            table.AddRow(op.OpId, OperationMarkdown.Time(op.Created), op.Files.ToString(CultureInfo.InvariantCulture), Bytes.Format(op.Bytes), Markup.Escape(op.State));
        }

        var states = listing.Operations.GroupBy(o => o.State, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        return new TableView().Detail(table)
            .Summary(new Text($"{Core.Plural.Of(listing.Operations.Count, "operation")} in {where} ({string.Join(", ", states)})\n"));
    }

    /// <summary>One line per operation, the damaged ones with their problems (failures), then the verdict.</summary>
    public static TableView ArchiveVerify(ArchiveVerifyResult result)
    {
        var view = new TableView();
        foreach (var op in result.Operations)
        {
            if (op.Problems.Count == 0)
            {
                view.Detail(new Text($"ok       {op.OpId}: {op.Objects} objects intact\n"));
                continue;
            }

            view.Failure(new Text($"DAMAGED  {op.OpId}: {op.Problems.Count} problems\n" + string.Concat(op.Problems.Select(p => $"  {p}\n"))));
        }

        var damaged = result.Operations.Count(o => o.Problems.Count > 0);
        return view.Summary(new Text(result.Operations.Count == 0
            ? "The archive is empty.\n"
            : damaged == 0
                ? $"{Core.Plural.Of(result.Operations.Count, "operation")} verified: every archived object intact\n"
                : $"{damaged} of {Core.Plural.Of(result.Operations.Count, "operation")} damaged\n"));
    }

    private static Table StepTable(ApplyResult result)
    {
        var table = new Table().AddColumn("step").AddColumn("action").AddColumn("path").AddColumn("outcome").AddColumn("why");
        foreach (var step in result.Steps)
        {
            var path = Markup.Escape(step.Path) + (step.Target is null ? string.Empty : $" → {Markup.Escape(step.Target)}");
            table.AddRow(step.Index.ToString(CultureInfo.InvariantCulture), step.Kind.ToString().ToLowerInvariant(), path, Outcome(step.Outcome), Markup.Escape(step.Reason));
        }

        return table;
    }

    private static string Outcome(StepOutcome outcome) => outcome switch
    {
        StepOutcome.Done => "[green]done[/]",
        StepOutcome.AlreadyDone => "already done",
        _ => "would do",
    };

    /// <summary>A path as a shell would take it back (quoted when it holds spaces, quotes or <c>$</c>).</summary>
    internal static string ShellQuote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" : path;
}
