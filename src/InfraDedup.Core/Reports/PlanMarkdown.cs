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
        if (s.GeneratedCopies is { } copies)
        {
            yield return ("Files in build contexts now generated copies", N(copies));
            yield return ("Their maintained sources", N(s.CopySources ?? 0));
        }
    }

    /// <summary>The outcome counts, which add up to every Dockerfile and script the scan found.</summary>
    private static void Accounting(StringBuilder sb, PlanAccounting accounting, PlanSummary summary)
    {
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        sb.Append("\n## Every file\n\nEach Dockerfile and script has exactly one outcome; the rows add up to the totals the scan found. ")
            .Append("The last column counts the compose build configurations (services that build a Dockerfile of the tree) of those Dockerfiles.\n\n")
            .Append("| outcome | Dockerfiles | scripts | build configurations |\n|---|---:|---:|---:|\n");
        foreach (var outcome in PlanAccounting.DisplayOrder)
        {
            var o = accounting.Outcomes.FirstOrDefault(c => c.Outcome == outcome) ?? new OutcomeCount(outcome, 0, 0);
            sb.Append("| ").Append(PlanAccounting.OutcomeName(o.Outcome)).Append(" | ").Append(N(o.Dockerfiles)).Append(" | ").Append(N(o.Scripts)).Append(" | ").Append(N(o.BuildConfigurations)).Append(" |\n");
        }

        sb.Append("| **total** | **").Append(N(accounting.Dockerfiles)).Append("** | **").Append(N(accounting.Scripts)).Append("** | **").Append(N(accounting.BuildConfigurations)).Append("** |\n");
        sb.Append("\n\"Services consolidated\" (").Append(N(summary.ServicesConsolidated)).Append(") and \"services left alone\" (").Append(N(summary.ServicesLeftAlone))
            .Append(") count the build configurations of the family members the plan weighed. ").Append(accounting.ConfigurationsText()).Append(".\n");
    }

    /// <summary>
    /// Every Dockerfile not consolidated and not already under "Left as they are", by outcome, with its reason
    /// (scripts: counted above, listed in plan.json).
    /// </summary>
    private static void FileList(StringBuilder sb, PlanAccounting accounting, HashSet<string> listed)
    {
        var dockerfiles = accounting.Files.Where(f => f.Kind == References.DeadFiles.DockerfileKind && f.Outcome != FileOutcome.Consolidated && !listed.Contains(f.Path)).ToList();
        foreach (var group in dockerfiles.GroupBy(f => f.Outcome).OrderBy(g => PlanAccounting.DisplayOrder.ToList().IndexOf(g.Key)))
        {
            sb.Append("\n## Dockerfiles ").Append(PlanAccounting.OutcomeName(group.Key)).Append("\n\n");
            foreach (var f in group)
            {
                sb.Append("- `").Append(f.Path).Append("`: ").Append(f.Reason).Append('\n');
            }
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

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

        if (plan.Accounting is { } accounting)
        {
            Accounting(sb, accounting, plan.Summary);
        }

        sb.Append("\n## Families\n\n| family | strategy | members | consolidated | sources | what happens to the members |\n|---|---|---:|---:|---|---|\n");
        var outcomes = plan.Accounting?.OutcomesByPath();
        foreach (var f in plan.Families)
        {
            var members = outcomes is null ? string.Empty : PlanAccounting.MembersText(f, outcomes);
            sb.Append("| ").Append(f.Name).Append(" | ").Append(StrategyName(f.Strategy)).Append(" | ").Append(f.Members.Count.ToString(CultureInfo.InvariantCulture))
              .Append(" | ").Append(f.Groups.Sum(g => g.Members.Count).ToString(CultureInfo.InvariantCulture)).Append(" | ")
              .Append(string.Join("<br>", f.Groups.Select(g => "`" + g.Source + "`"))).Append(" | ").Append(Cell(members + (f.Reason.Length > 0 ? "; " + f.Reason : string.Empty))).Append(" |\n");
        }

        if (plan.BaseImagesNote is { } baseNote)
        {
            // Why there is no base image (or which builds a base could not be wired into): the reader's answer to "why none here?".
            sb.Append("\n## Base images\n\n").Append(baseNote).Append('\n');
        }

        if (plan.Copies is { Count: > 0 } copied)
        {
            sb.Append("\n## Files copied into build contexts\n\nEach copy stays a real file with its bytes and mode; `generate` writes it from its source and `generate --check` guards it.\n\n| path in each context | copies | variants | sources |\n|---|---:|---:|---|\n");
            foreach (var g in copied)
            {
                sb.Append("| `").Append(Cell(g.ContextPath)).Append("` | ").Append(g.Outputs.Count.ToString(CultureInfo.InvariantCulture)).Append(" | ")
                  .Append(g.DistinctContents.ToString(CultureInfo.InvariantCulture)).Append(" | ").Append(string.Join("<br>", g.Sources.Select(x => "`" + x + "`"))).Append(" |\n");
            }
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

        if (plan.Accounting is { } files)
        {
            FileList(sb, files, plan.LeftAlone.Select(l => l.Path).ToHashSet(StringComparer.Ordinal));
        }

        sb.Append("\nPlan file: `").Append(Path.Combine(outDir, "plan.json")).Append("` (").Append(plan.Actions.Count.ToString(CultureInfo.InvariantCulture)).Append(" actions).\n");
        return sb.ToString();
    }
}
