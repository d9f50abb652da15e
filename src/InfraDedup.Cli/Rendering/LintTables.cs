using System.Globalization;
using InfraDedup.Cli.Commands;
using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Output;
using Spectre.Console;

namespace InfraDedup.Cli.Rendering;

/// <summary>The human views of <c>lint</c>: hadolint's one line per finding with a summary line, and the rule list.</summary>
internal static class LintTables
{
    /// <summary>
    /// hadolint's lines, then the summary line. Under <c>-q</c> only the findings that fail the run (at or above the
    /// failure threshold: lint's errors) and the summary line, as every command's quiet output.
    /// </summary>
    public static string Tty(LintReport report, FailureThreshold threshold, Verbosity verbosity, bool colour)
    {
        IReadOnlyList<LintFinding> shown = verbosity == Verbosity.Quiet ? [.. report.Findings.Where(f => threshold.Fails(f.Severity))] : report.Findings;
        return LintFormatter.Tty(shown, colour) + Summary(report) + "\n";
    }

    public static string Summary(LintReport report)
    {
        var counts = report.Findings.GroupBy(f => f.Severity).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Name()}").ToList();
        return $"{report.Files.Count} {(report.Files.Count == 1 ? "file" : "files")} linted, {report.Findings.Count} {(report.Findings.Count == 1 ? "finding" : "findings")}"
            + (counts.Count > 0 ? $" ({string.Join(", ", counts)})" : string.Empty);
    }

    public static Table Rules(LintConfig config)
    {
        var table = new Table().AddColumn("id").AddColumn("severity").AddColumn("description");
        foreach (var r in LintRegistry.All)
        {
            var severity = config.IsEnabled(r) ? config.SeverityOf(r).Name() : "ignore";
            table.AddRow(r.Id, severity, Markup.Escape(r.Description));
        }

        table.Caption(Markup.Escape($"{LintRegistry.All.Count.ToString(CultureInfo.InvariantCulture)} rules; docs: docs/lint.md"));
        return table;
    }
}
