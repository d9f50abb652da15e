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
        sb.Append("\n## Dead files\n\n").Append(N(model.DeadFiles.Count)).Append(" Dockerfiles and scripts nothing refers to.\n");
        if (model.DeadFiles.Count > 0)
        {
            sb.Append("\n| file | kind | why |\n|---|---|---|\n");
            foreach (var f in model.DeadFiles)
            {
                sb.Append("| ").Append(Code(f.Path)).Append(" | ").Append(Cell(f.Kind)).Append(" | ").Append(Cell(f.Reason)).Append(" |\n");
            }
        }

        sb.Append("\n## Base images\n\n").Append(N(model.BaseImages.Count)).Append(" images.\n");
        if (model.BaseImages.Count > 0)
        {
            sb.Append("\n| image | Dockerfiles |\n|---|---:|\n");
            foreach (var b in model.BaseImages)
            {
                sb.Append("| ").Append(Code(b.Image)).Append(" | ").Append(N(b.Count)).Append(" |\n");
            }
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

        sb.Append("\nFile operations: ").Append(N(model.PlanActions)).Append(". Exact-duplicate groups: ").Append(N(model.Duplicates.Groups)).Append(" (")
          .Append(Bytes.Format(model.Duplicates.WastedBytes)).Append(" wasted). Families: ").Append(N(model.Families.Count))
          .Append(". Dead files: ").Append(N(model.DeadFiles.Count)).Append(". Lint findings: ").Append(N(model.Lint.Findings))
          .Append(". Equivalence proofs: ").Append(N(model.Validation.Proven)).Append(" proven, ").Append(N(model.Validation.Failed)).Append(" failed.\n");
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
          .Append(N(v.NotChecked)).Append(" not checked (").Append(Text(v.Source)).Append(").\n");
        foreach (var c in v.Checks.Where(c => c.Outcome != CheckOutcome.Proven))
        {
            sb.Append("- ").Append(Code(c.Subject)).Append(c.Outcome == CheckOutcome.Failed ? " failed" : " not checked")
              .Append(c.Detail is null ? string.Empty : ": " + Text(c.Detail)).Append('\n');
        }
    }

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
