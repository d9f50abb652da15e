using System.Globalization;
using InfraDedup.Core.Scripts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Rendering;

/// <summary>The table view of <c>scripts</c>: counts per class, then operational scripts first.</summary>
internal static class ScriptTables
{
    private const int MaxRows = 40;

    /// <summary>The counts (the summary <c>-q</c> keeps) first, then the scripts.</summary>
    public static TableView Render(ScriptMapReport report)
    {
        var s = report.Summary;
        return new TableView()
            .Summary(new Markup(
                $"[bold]{s.Scripts}[/] shell scripts ({s.Operational} operational, {s.InBuildContext} in build contexts): "
                + $"deploy {s.Deploy}, monitor {s.Monitor}, maintain {s.Maintain}, other {s.Other}; "
                + $"a master command covers {s.CoveredFully} fully, {s.CoveredPartly} partly\n"))
            .Details(Scripts(report));
    }

    private static IEnumerable<IRenderable> Scripts(ScriptMapReport report)
    {
        if (report.Scripts.Count == 0)
        {
            yield break;
        }

        var table = new Table().AddColumn("script").AddColumn("class").AddColumn("evidence").AddColumn("callers").AddColumn("master command");
        var rows = report.Scripts.OrderBy(e => e.InBuildContext).ThenBy(e => e.Path, StringComparer.Ordinal).ToList();
        foreach (var e in rows.Take(MaxRows))
        {
            var first = e.Evidence.Count > 0 ? e.Evidence[0] : null;
            table.AddRow(
                Markup.Escape(e.Path) + (e.InBuildContext ? " [dim](build context)[/]" : string.Empty),
                e.Class.ToString().ToLowerInvariant(),
                first is null ? string.Empty : Markup.Escape($"{first.Line}: {first.Command}") + (e.Evidence.Count > 1 ? $" [dim](+{e.Evidence.Count - 1})[/]" : string.Empty),
                e.Callers.Count == 0 ? "[dim]none[/]" : Markup.Escape(string.Join(", ", e.Callers.Select(c => c.Kind).Distinct(StringComparer.Ordinal))),
                Markup.Escape(e.Coverage.Level switch
                {
                    CoverageLevel.Full => e.Coverage.Command ?? string.Empty,
                    CoverageLevel.Partial => "partly: " + e.Coverage.Master,
                    _ => "-",
                }));
        }

        yield return table;
        if (rows.Count > MaxRows)
        {
            yield return new Text($"… {(rows.Count - MaxRows).ToString(CultureInfo.InvariantCulture)} more scripts (--format json lists all)\n");
        }
    }
}
