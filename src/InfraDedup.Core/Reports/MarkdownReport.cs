using System.Globalization;
using System.Text;

namespace InfraDedup.Core.Reports;

/// <summary>The executive summary as Markdown (GitHub flavour): every number from the <see cref="ReportModel"/>.</summary>
public static class MarkdownReport
{
    public static string Render(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sb = new StringBuilder();
        sb.Append("# Consolidation report: ").Append(Text(model.RootName)).Append("\n\n");
        if (model.GeneratedAt is not null)
        {
            sb.Append("Generated ").Append(Text(model.GeneratedAt)).Append(".\n\n");
        }

        sb.Append(Text(model.Basis)).Append('\n');
        foreach (var note in model.Notes)
        {
            sb.Append("\n> **Note:** ").Append(Text(note)).Append('\n');
        }

        Counts(sb, model);
        Families(sb, model);
        Duplicates(sb, model);
        DeadAndRemoved(sb, model);

        sb.Append("\n## Base images\n\n").Append(N(model.BaseImages.Count)).Append(" images.\n");
        if (model.BaseImages.Count > 0)
        {
            sb.Append("\n| image | Dockerfiles |\n|---|---:|\n");
            foreach (var b in model.BaseImages)
            {
                sb.Append("| ").Append(Code(b.Image)).Append(" | ").Append(N(b.Count)).Append(" |\n");
            }
        }

        if (model.Scripts is { } scripts)
        {
            sb.Append("\n## Scripts\n\n");
            ScriptMapMarkdown.AppendSection(sb, scripts, model.ScriptPlan, "###");
        }

        Lint(sb, model);
        Validation(sb, model);
        sb.Append("\n## Rollback\n\n").Append(Text(model.Rollback.Summary)).Append("\n\n```sh\n").Append(string.Join("\n", model.Rollback.Commands)).Append("\n```\n");
        return sb.ToString();
    }

    private static void Counts(StringBuilder sb, ReportModel model)
    {
        sb.Append("\n## Summary\n\n| measure | before | after | reduction |\n|---|---:|---:|---:|\n");
        foreach (var row in model.Counts)
        {
            sb.Append("| ").Append(Cell(row.Measure)).Append(" | ").Append(N(row.Before)).Append(" | ").Append(N(row.After)).Append(" | ").Append(Html.Percent(row.Reduction)).Append(" |\n");
        }

        var now = model.Stage == TreeStage.Planned ? "in the tree now, before the plan" : "in the tree now, after the operation";
        sb.Append("\nFile operations: ").Append(N(model.PlanActions)).Append(". Exact-duplicate groups ").Append(now).Append(": ").Append(N(model.Duplicates.Groups)).Append(" (")
          .Append(Bytes.Format(model.Duplicates.WastedBytes)).Append(" wasted). Families: ").Append(N(model.Families.Count))
          .Append(". Equivalence proofs: ").Append(N(model.Validation.ProofsProven)).Append(" of ").Append(N(model.Validation.Proofs)).Append(" proven (other checks under Validation).\n");
    }

    /// <summary>
    /// Dead files before and after (both from the operation or the plan), then every removal with its reason — so
    /// the files an applied operation removed stay listed — then the dead files left in the tree.
    /// </summary>
    private static void DeadAndRemoved(StringBuilder sb, ReportModel model)
    {
        var deadRemoved = model.Removed.Count(r => r.Dead);
        var applied = model.Stage != TreeStage.Planned;
        sb.Append("\n## Dead files\n\n");
        if (applied)
        {
            sb.Append("Before the operation: ").Append(N(model.DeadFiles.Count + deadRemoved)).Append(" Dockerfiles and scripts nothing referred to; it removed ")
              .Append(N(deadRemoved)).Append(" of them (archived). After: ").Append(N(model.DeadFiles.Count)).Append(" left.\n");
        }
        else
        {
            sb.Append(N(model.DeadFiles.Count)).Append(" Dockerfiles and scripts nothing refers to; the plan removes ").Append(N(deadRemoved)).Append(" of them.\n");
        }

        if (model.Removed.Count > 0)
        {
            sb.Append('\n').Append(applied ? "Removed by the operation" : "Removed by the plan").Append(" (").Append(N(model.Removed.Count)).Append("):\n\n| file | kind | why |\n|---|---|---|\n");
            foreach (var r in model.Removed)
            {
                sb.Append("| ").Append(Code(r.Path)).Append(" | ").Append(Cell(r.Kind)).Append(" | ").Append(Cell(r.Dead ? "dead: " + r.Reason : r.Reason)).Append(" |\n");
            }
        }

        if (model.DeadFiles.Count > 0)
        {
            sb.Append('\n').Append(applied ? "Still unreferenced after the operation" : "Unreferenced now").Append(" (").Append(N(model.DeadFiles.Count)).Append("):\n\n| file | kind | why |\n|---|---|---|\n");
            foreach (var f in model.DeadFiles)
            {
                sb.Append("| ").Append(Code(f.Path)).Append(" | ").Append(Cell(f.Kind)).Append(" | ").Append(Cell(f.Reason)).Append(" |\n");
            }
        }
    }

    private static void Families(StringBuilder sb, ReportModel model)
    {
        sb.Append("\n## Families and decisions\n\n");
        if (model.Families.Count == 0)
        {
            sb.Append("No near-duplicate Dockerfile families.\n");
            return;
        }

        sb.Append("| family | strategy | members | consolidated | left alone | maintained as | decision |\n|---|---|---:|---:|---:|---|---|\n");
        foreach (var f in model.Families)
        {
            sb.Append("| ").Append(Cell(f.Name)).Append(" | ").Append(Cell(f.Strategy)).Append(" | ").Append(N(f.Members)).Append(" | ").Append(N(f.Consolidated))
              .Append(" | ").Append(N(f.LeftAlone)).Append(" | ").Append(string.Join("<br>", f.Sources.Select(Code))).Append(" | ").Append(Cell(f.Decision)).Append(" |\n");
        }
    }

    private static void Duplicates(StringBuilder sb, ReportModel model)
    {
        var d = model.Duplicates;
        sb.Append("\n## Exact duplicates\n\n").Append(N(d.Groups)).Append(" groups of byte-identical files; ").Append(N(d.RedundantFiles))
          .Append(" redundant copies waste ").Append(Bytes.Format(d.WastedBytes)).Append(" (").Append(d.WastedBytes.ToString(CultureInfo.InvariantCulture)).Append(" bytes).\n");
        if (d.Largest.Count > 0)
        {
            sb.Append("\n| files | copies | wasted |\n|---|---:|---:|\n");
            foreach (var g in d.Largest)
            {
                sb.Append("| ").Append(string.Join("<br>", g.Paths.Select(Code))).Append(" | ").Append(N(g.Paths.Count)).Append(" | ").Append(Bytes.Format(g.WastedBytes)).Append(" |\n");
            }
        }
    }

    private static void Lint(StringBuilder sb, ReportModel model)
    {
        var lint = model.Lint;
        sb.Append("\n## Lint findings\n\n").Append(N(lint.Findings)).Append(" findings in ").Append(N(lint.FilesLinted)).Append(" Dockerfiles.\n\n| severity | findings |\n|---|---:|\n");
        foreach (var (severity, count) in lint.BySeverity)
        {
            sb.Append("| ").Append(severity).Append(" | ").Append(N(count)).Append(" |\n");
        }

        if (lint.TopRules.Count > 0)
        {
            sb.Append("\n| rule | severity | findings |\n|---|---|---:|\n");
            foreach (var r in lint.TopRules)
            {
                sb.Append("| ").Append(Code(r.RuleId)).Append(" | ").Append(r.Severity).Append(" | ").Append(N(r.Count)).Append(" |\n");
            }
        }
    }

    private static void Validation(StringBuilder sb, ReportModel model)
    {
        var v = model.Validation;
        sb.Append("\n## Validation\n\n**").Append(v.Verdict).Append("**: ").Append(N(v.Proven)).Append(" proven, ").Append(N(v.Failed)).Append(" failed, ")
          .Append(N(v.NotChecked)).Append(" not checked").Append(v.PreExisting > 0 ? ", " + N(v.PreExisting) + " pre-existing (not caused by the operation)" : string.Empty)
          .Append(" (").Append(Text(v.Source)).Append(").\n");
        if (v.Checks.Count > 0)
        {
            sb.Append("\nBy kind: ").Append(Text(v.Breakdown())).Append(".\n");
        }

        var problems = v.Checks.Where(c => c.Outcome != CheckOutcome.Proven).ToList();
        if (problems.Count > 0)
        {
            sb.Append('\n');
        }

        foreach (var c in problems)
        {
            sb.Append("- ").Append(Code(c.Subject)).Append(" (").Append(Text(c.Method)).Append(')').Append(OutcomeText(c.Outcome))
              .Append(c.Detail is null ? string.Empty : ": " + Text(c.Detail)).Append('\n');
        }
    }

    /// <summary>" failed", " not checked", " was already broken before the operation".</summary>
    internal static string OutcomeText(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Failed => " failed",
        CheckOutcome.PreExisting => " was already broken before the operation",
        CheckOutcome.NotChecked => " not checked",
        _ => " proven",
    };

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Text outside code: HTML-significant characters escaped so a file name cannot inject markup.</summary>
    private static string Text(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Text in a table cell: as <see cref="Text"/>, with pipes escaped.</summary>
    private static string Cell(string text) => Text(text).Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>A code span whose fence is longer than any backtick run inside (pipes escaped for tables).</summary>
    private static string Code(string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        var pad = text.StartsWith('`') || text.EndsWith('`') ? " " : string.Empty;
        return fence + pad + text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) + pad + fence;
    }
}
