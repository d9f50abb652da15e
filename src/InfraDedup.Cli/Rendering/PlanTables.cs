using System.Globalization;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Rendering;

/// <summary>The table view of a plan.</summary>
internal static class PlanTables
{
    private const int MaxRows = 20;

    /// <summary>The tables, then the line naming plan.json (the summary <c>-q</c> keeps).</summary>
    public static TableView Render(Plan plan, string outDir) =>
        new TableView()
            .Details(Tables(plan))
            .Detail(new Text("\n"))
            .Summary(new Text($"Wrote {Path.Combine(outDir, "plan.json")} ({plan.Actions.Count} actions). Review it, then: infradedup apply --plan {Path.Combine(outDir, "plan.json")}\n"));

    private static IEnumerable<IRenderable> Tables(Plan plan)
    {
        var s = plan.Summary;
        var summary = new Table().Title("[bold]Consolidation plan[/]").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (k, v) in PlanMarkdown.SummaryRows(s))
        {
            summary.AddRow(Markup.Escape(k), Markup.Escape(v));
        }

        yield return summary;
        var families = new Table().AddColumn("family").AddColumn("strategy").AddColumn(new TableColumn("members").RightAligned())
            .AddColumn(new TableColumn("consolidated").RightAligned()).AddColumn("sources");
        foreach (var f in plan.Families.Take(MaxRows))
        {
            families.AddRow(
                Markup.Escape(f.Name),
                Markup.Escape(PlanMarkdown.StrategyName(f.Strategy)),
                f.Members.Count.ToString(CultureInfo.InvariantCulture),
                f.Groups.Sum(g => g.Members.Count).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join("\n", f.Groups.Select(g => g.Source + (g.Parameters.Count > 0 ? $" ({g.Parameters.Count} args)" : string.Empty)))));
        }

        yield return families;
        if (plan.LeftAlone.Count > 0)
        {
            yield return new Markup($"[yellow]{plan.LeftAlone.Count} Dockerfiles left as they are[/] (reasons in plan.json; first {Math.Min(MaxRows, plan.LeftAlone.Count)}):\n");
            foreach (var l in plan.LeftAlone.Take(MaxRows))
            {
                yield return new Text($"  {l.Path}: {l.Reason}\n");
            }
        }
    }
}
