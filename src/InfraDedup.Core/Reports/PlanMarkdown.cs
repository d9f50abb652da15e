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

        sb.Append("\nPlan file: `").Append(Path.Combine(outDir, "plan.json")).Append("` (").Append(plan.Actions.Count.ToString(CultureInfo.InvariantCulture)).Append(" actions).\n");
        return sb.ToString();
    }
}
