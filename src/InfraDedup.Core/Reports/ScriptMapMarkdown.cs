using System.Globalization;
using System.Text;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Reports;

/// <summary>The Markdown view of a <see cref="ScriptMapReport"/> (<c>scripts --format markdown</c>) and the report's scripts section.</summary>
public static class ScriptMapMarkdown
{
    public static string Render(ScriptMapReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("# Script map\n\n");
        AppendSection(md, report, null, "##");
        return md.ToString();
    }

    /// <summary>The scripts section: class counts, then one row per script (class, evidence, callers, copies, coverage), then the plan's script decisions when given.</summary>
    public static void AppendSection(StringBuilder md, ScriptMapReport report, ScriptPlan? plan, string heading)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Summary;
        md.Append(CultureInfo.InvariantCulture, $"{s.Scripts} shell scripts: {s.Operational} operational, {s.InBuildContext} inside build contexts (image content).\n\n");
        md.Append("| class | scripts |\n|---|---:|\n");
        md.Append(CultureInfo.InvariantCulture, $"| deploy | {s.Deploy} |\n| monitor | {s.Monitor} |\n| maintain | {s.Maintain} |\n| other | {s.Other} |\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Master commands cover {s.CoveredFully} operational scripts fully and {s.CoveredPartly} partly; {s.ExactCopyGroups} groups of exact copies, {s.NearCopyGroups} families of near copies.\n\n");
        md.Append(heading).Append(" Scripts\n\n");
        md.Append("| script | class | evidence | callers | copies | master command |\n|---|---|---|---|---|---|\n");
        foreach (var e in report.Scripts)
        {
            var evidence = string.Join("<br>", e.Evidence.Take(3).Select(x => $"{e.Path}:{x.Line} `{Cell(x.Command)}` ({x.Reason})"));
            var callers = e.Callers.Count == 0 ? "none found" : string.Join("<br>", e.Callers.Take(3).Select(c => $"{c.Kind}: {c.Source}:{c.Line}"));
            var copies = (e.ExactCopies.Count > 0 ? $"{e.ExactCopies.Count} exact" : string.Empty)
                + (e.NearCopies.Count > 0 ? (e.ExactCopies.Count > 0 ? ", " : string.Empty) + $"{e.NearCopies.Count} near" : string.Empty);
            var coverage = e.Coverage.Level switch
            {
                CoverageLevel.Full => $"full: `{Cell(e.Coverage.Command ?? string.Empty)}`",
                CoverageLevel.Partial => $"partial ({e.Coverage.Master})",
                _ => e.InBuildContext ? "none (image content)" : "none",
            };
            md.Append(CultureInfo.InvariantCulture, $"| `{e.Path}` | {e.Class.ToString().ToLowerInvariant()} | {evidence} | {callers} | {(copies.Length == 0 ? "—" : copies)} | {coverage} |\n");
        }

        md.Append('\n');
        if (plan is null)
        {
            return;
        }

        md.Append(heading).Append(" Script consolidation and proposals\n\n");
        foreach (var g in plan.Groups)
        {
            md.Append(CultureInfo.InvariantCulture, $"- {g.Kind}: `{g.Source}` for {g.Members.Count} scripts ({string.Join(", ", g.Members.Select(m => "`" + m + "`"))})");
            md.Append(g.Parameters.Count > 0 ? $"; parameters {string.Join(", ", g.Parameters.Select(p => p.Name))}" : string.Empty).Append('\n');
        }

        foreach (var p in plan.Proposals)
        {
            md.Append(CultureInfo.InvariantCulture, $"- proposal (review, applied only with `--accept-script-replacements`): `{p.Path}` → `{Cell(p.Command)}`\n");
        }

        foreach (var l in plan.LeftAlone)
        {
            md.Append(CultureInfo.InvariantCulture, $"- left alone: `{l.Path}`: {l.Reason}\n");
        }

        if (plan.Groups.Count + plan.Proposals.Count + plan.LeftAlone.Count == 0)
        {
            md.Append("- nothing to consolidate among the operational scripts\n");
        }

        md.Append('\n');
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
}
