using System.Globalization;
using System.Text;
using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Reports;

/// <summary>The human summary of a plan (Markdown), also the source of the table rows.</summary>
public static class PlanMarkdown
{
    public static IEnumerable<(string Measure, string Value)> SummaryRows(PlanSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        yield return ("Dockerfiles before", N(s.DockerfilesBefore));
        yield return ("Maintained sources after", N(s.MaintainedSourcesAfter));
        yield return ("Reduction", s.Reduction.ToString("P1", CultureInfo.InvariantCulture));
        yield return ("Reduction from consolidation alone", s.ReductionFromConsolidation.ToString("P1", CultureInfo.InvariantCulture));
        yield return ("Shared Dockerfiles", N(s.SharedDockerfiles));
        yield return ("Templates", N(s.Templates));
        yield return ("Base images", N(s.BaseImages));
        yield return ("Services consolidated", N(s.ServicesConsolidated));
        yield return ("Services left alone", N(s.ServicesLeftAlone));
        yield return ("Equivalence failures", N(s.EquivalenceFailures));
        if (s.InvalidOriginals > 0)
        {
            yield return ("Invalid Dockerfiles (BuildKit rejects them; left alone)", N(s.InvalidOriginals));
        }

        yield return ("Dead Dockerfiles removed", N(s.DeadFilesRemoved));
        yield return ("Unreferenced Dockerfiles kept", N(s.DeadDockerfilesKept));
        yield return ("Reduction if those were removed too", s.ReductionWithDeadRemoval.ToString("P1", CultureInfo.InvariantCulture));
        yield return ("Compose files changed", N(s.ComposeFilesChanged));
    }

    public static string StrategyName(FamilyStrategy strategy) => strategy switch
    {
        FamilyStrategy.ExactCopies => "exact copies",
        FamilyStrategy.BuildArgs => "build args",
        FamilyStrategy.Template => "template",
        _ => "none",
    };

    public static string Render(Plan plan, string outDir)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder("# Consolidation plan\n\n| measure | value |\n|---|---:|\n");
        foreach (var (k, v) in SummaryRows(plan.Summary))
        {
            sb.Append("| ").Append(k).Append(" | ").Append(v).Append(" |\n");
        }

        sb.Append("\n## Families\n\n| family | strategy | members | consolidated | sources |\n|---|---|---:|---:|---|\n");
        foreach (var f in plan.Families)
        {
            sb.Append("| ").Append(f.Name).Append(" | ").Append(StrategyName(f.Strategy)).Append(" | ").Append(f.Members.Count.ToString(CultureInfo.InvariantCulture))
              .Append(" | ").Append(f.Groups.Sum(g => g.Members.Count).ToString(CultureInfo.InvariantCulture)).Append(" | ")
              .Append(string.Join("<br>", f.Groups.Select(g => "`" + g.Source + "`"))).Append(" |\n");
        }

        if (plan.LeftAlone.Count > 0)
        {
            sb.Append("\n## Left as they are\n\n");
            foreach (var l in plan.LeftAlone)
            {
                sb.Append("- `").Append(l.Path).Append("`: ").Append(l.Reason).Append('\n');
            }
        }

        if (plan.Warnings.Count > 0)
        {
            sb.Append("\n## Warnings\n\n");
            foreach (var w in plan.Warnings)
            {
                sb.Append("- ").Append(w).Append('\n');
            }
        }

        if (plan.DeadFiles.Count > 0)
        {
            sb.Append("\n## Unreferenced files\n\nNothing in the tree names these (see `scan --format json` for the evidence of every file). ")
              .Append(plan.Options.RemoveDeadFiles ? "Rows marked removed are removed by this plan.\n\n" : "This plan removes none of them; `plan --remove-dead` would remove the Dockerfiles.\n\n");
            foreach (var d in plan.DeadFiles)
            {
                sb.Append("- `").Append(d.Path).Append("` (").Append(d.Kind).Append(d.Removed ? ", removed" : string.Empty).Append("): ").Append(d.Reason).Append('\n');
            }
        }

        if (plan.IncompleteReferenceSources.Count > 0)
        {
            sb.Append("\n## Reference analysis incomplete\n\nNothing is removed as dead while these files cannot be read or parsed completely:\n\n");
            foreach (var i in plan.IncompleteReferenceSources)
            {
                sb.Append("- `").Append(i.Path).Append("`: ").Append(i.Reason).Append('\n');
            }
        }

        sb.Append("\nPlan file: `").Append(Path.Combine(outDir, "plan.json")).Append("` (").Append(plan.Actions.Count.ToString(CultureInfo.InvariantCulture)).Append(" actions).\n");
        return sb.ToString();
    }
}
