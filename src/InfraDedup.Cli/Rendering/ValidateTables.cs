using InfraDedup.Cli.Commands;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Validation;
using Spectre.Console;

namespace InfraDedup.Cli.Rendering;

/// <summary>The table view of a validation report.</summary>
internal static class ValidateTables
{
    /// <summary>
    /// Every check with <c>--verbose</c>; by default the ones that did not pass (failed, errors, skipped); with
    /// <c>--quiet</c> only the failures. The headline always ends the output.
    /// </summary>
    public static TableView Render(ValidationReport report, Verbosity verbosity)
    {
        var view = new TableView();
        var rows = ValidationFormatter.Ordered(report).Where(c => verbosity switch
        {
            Verbosity.Verbose => true,
            Verbosity.Quiet => c.Failed,
            _ => c.Status != CheckStatus.Pass,
        }).ToList();
        if (rows.Count > 0)
        {
            var table = new Table().AddColumn("status").AddColumn("kind").AddColumn("service").AddColumn("compose file / file").AddColumn("detail");
            foreach (var c in rows)
            {
                var status = c.Status switch
                {
                    CheckStatus.Pass => "[green]pass[/]",
                    _ when c.Failed && !c.FailsRun(report.Strict) => "[yellow]" + ValidationFormatter.StatusName(c) + "[/]",
                    CheckStatus.Fail => "[red]" + ValidationFormatter.StatusName(c) + "[/]",
                    CheckStatus.Error => "[red]" + ValidationFormatter.StatusName(c) + "[/]",
                    _ => "[yellow]skipped[/]",
                };
                table.AddRow(
                    new Markup(status),
                    new Text(ValidationFormatter.KindName(c.Kind)),
                    new Text(c.Service ?? "-"),
                    new Text(c.ComposeFile ?? c.File ?? "-"),
                    new Text(c.Detail));
            }

            // The failed checks are kept at every verbosity (quiet lists only them); skipped and passed ones are details.
            if (rows.All(c => c.Failed))
            {
                view.Failure(table);
            }
            else
            {
                view.Detail(table);
            }
        }

        return view.Summary(new Markup((report.Ok ? "[green]" : "[red]") + Markup.Escape(ValidationFormatter.Headline(report)) + "[/]\n"));
    }
}
