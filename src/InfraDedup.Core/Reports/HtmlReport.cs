using System.Globalization;
using System.Text;

namespace InfraDedup.Core.Reports;

/// <summary>
/// The HTML report: one self-contained file (inline CSS, inline SVG charts, a little inline script for sorting; no
/// network resources, enforced by a Content-Security-Policy). Complete and readable without JavaScript; light and
/// dark colour schemes; prints cleanly. Same model → same bytes.
/// </summary>
public static class HtmlReport
{
    private const int MaxChartBars = 20;

    public static string Render(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sb = new StringBuilder(64 * 1024);
        Head(sb, model);
        sb.Append("<body data-report-ready=\"no\">\n<main>\n");
        Header(sb, model);
        Summary(sb, model);
        Families(sb, model);
        Duplicates(sb, model);
        BaseImages(sb, model);
        DeadFiles(sb, model);
        Scripts(sb, model);
        Lint(sb, model);
        Validation(sb, model);
        Rollback(sb, model);
        Diffs(sb, model);
        sb.Append("<footer><p>Made by infradedup from the scan, plan, journal and lint results of this tree; every number is computed.</p></footer>\n");
        sb.Append("<ul id=\"report-errors\" hidden></ul>\n</main>\n<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Head(StringBuilder sb, ReportModel model)
    {
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
          .Append("<meta name=\"color-scheme\" content=\"light dark\">\n")
          .Append("<title>Consolidation report: ").Append(Html.Escape(model.RootName)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n");
    }

    private static void Header(StringBuilder sb, ReportModel model)
    {
        var stage = model.Stage switch
        {
            TreeStage.Applied => ("applied", "stage-applied"),
            TreeStage.Interrupted => ("interrupted", "stage-interrupted"),
            _ => ("planned, not applied", "stage-planned"),
        };
        sb.Append("<header>\n<h1>Consolidation report: <span class=\"root\">").Append(Html.Escape(model.RootName)).Append("</span></h1>\n<p class=\"meta\"><span class=\"badge ")
          .Append(stage.Item2).Append("\">").Append(stage.Item1).Append("</span>");
        if (model.GeneratedAt is not null)
        {
            sb.Append(" <span>Generated ").Append(Html.Escape(model.GeneratedAt)).Append("</span>");
        }

        sb.Append("</p>\n<p>").Append(Html.Escape(model.Basis)).Append("</p>\n");
        foreach (var note in model.Notes)
        {
            sb.Append("<p class=\"note\">").Append(Html.Escape(note)).Append("</p>\n");
        }

        sb.Append("<nav aria-label=\"Sections\"><a href=\"#summary\">Summary</a><a href=\"#families\">Families</a><a href=\"#duplicates\">Exact duplicates</a>")
          .Append("<a href=\"#base-images\">Base images</a><a href=\"#dead-files\">Dead files</a><a href=\"#lint\">Lint</a><a href=\"#validation\">Validation</a>")
          .Append("<a href=\"#rollback\">Rollback</a><a href=\"#diffs\">Diffs</a></nav>\n</header>\n");
    }

    private static void Summary(StringBuilder sb, ReportModel model)
    {
        sb.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
        var sources = model.Counts.FirstOrDefault(c => c.Measure == "Maintained Dockerfile sources") ?? model.Counts.First(c => c.Measure == "Dockerfiles on disk");
        Card(sb, "kpi-sources", sources.Measure, $"{N(sources.Before)} → {N(sources.After)}", Html.Percent(sources.Reduction) + " fewer");
        Card(sb, "kpi-duplicates", "Exact-duplicate groups", N(model.Duplicates.Groups), Bytes.Format(model.Duplicates.WastedBytes) + " wasted in " + N(model.Duplicates.RedundantFiles) + " redundant files");
        Card(sb, "kpi-families", "Dockerfile families", N(model.Families.Count), N(model.Families.Sum(f => f.Consolidated)) + " members consolidated");
        Card(sb, "kpi-validation", "Equivalence proofs", $"{N(model.Validation.ProofsProven)} / {N(model.Validation.Proofs)}", N(model.Validation.Failed) + " failed · " + model.Validation.Verdict);
        Card(sb, "kpi-lint", "Lint findings", N(model.Lint.Findings), string.Join(" · ", model.Lint.BySeverity.Select(s => N(s.Count) + " " + s.Severity)));
        Card(sb, "kpi-dead", "Dead files", N(model.DeadFiles.Count), model.Stage == TreeStage.Planned ? "nothing refers to them" : "left after the operation; " + N(model.Removed.Count(r => r.Dead)) + " removed by it");
        sb.Append("</div>\n<div class=\"split\">\n<table class=\"counts\"><caption>Before and after</caption><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Before</th>")
          .Append("<th scope=\"col\" class=\"num\">After</th><th scope=\"col\" class=\"num\">Reduction</th></tr></thead><tbody>\n");
        foreach (var row in model.Counts)
        {
            sb.Append("<tr><th scope=\"row\">").Append(Html.Escape(row.Measure)).Append("</th><td class=\"num\">").Append(N(row.Before)).Append("</td><td class=\"num\">")
              .Append(N(row.After)).Append("</td><td class=\"num\">").Append(Html.Percent(row.Reduction)).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table>\n<figure>").Append(SvgCharts.BeforeAfter("chart-reduction", "Before and after", model.Counts))
          .Append("<figcaption>Before and after: ").Append(N(model.PlanActions)).Append(" file operations.</figcaption></figure>\n</div>\n</section>\n");
    }

    private static void Card(StringBuilder sb, string id, string label, string value, string detail) =>
        sb.Append("<div class=\"card\" id=\"").Append(id).Append("\"><div class=\"card-label\">").Append(Html.Escape(label)).Append("</div><div class=\"card-value\">")
          .Append(Html.Escape(value)).Append("</div><div class=\"card-detail\">").Append(Html.Escape(detail)).Append("</div></div>\n");

    private static void Families(StringBuilder sb, ReportModel model)
    {
        sb.Append("<section id=\"families\">\n<h2>Families and decisions</h2>\n");
        if (model.Families.Count == 0)
        {
            sb.Append("<p>No near-duplicate Dockerfile families.</p>\n</section>\n");
            return;
        }

        var bars = model.Families.Take(MaxChartBars).Select(f => new ChartBar(f.Name, f.Members, N(f.Members) + " members", "bar bar-family")).ToList();
        sb.Append("<figure>").Append(SvgCharts.Bars("chart-families", "Family sizes (members)", bars)).Append("<figcaption>Members per family")
          .Append(model.Families.Count > MaxChartBars ? $" (largest {MaxChartBars} of {N(model.Families.Count)})" : string.Empty).Append(".</figcaption></figure>\n");
        sb.Append("<p class=\"hint\">Click a column heading to sort.</p>\n<div class=\"scroll\"><table class=\"sortable\" id=\"family-table\"><thead><tr>")
          .Append("<th scope=\"col\" data-type=\"text\">Family</th><th scope=\"col\" data-type=\"text\">Strategy</th><th scope=\"col\" class=\"num\" data-type=\"num\">Members</th>")
          .Append("<th scope=\"col\" class=\"num\" data-type=\"num\">Consolidated</th><th scope=\"col\" class=\"num\" data-type=\"num\">Left alone</th>")
          .Append("<th scope=\"col\" data-type=\"text\">Maintained as</th><th scope=\"col\" data-type=\"text\">Decision</th></tr></thead><tbody>\n");
        foreach (var f in model.Families)
        {
            sb.Append("<tr><td>").Append(Html.Escape(f.Name)).Append("</td><td><span class=\"strategy\">").Append(Html.Escape(f.Strategy)).Append("</span></td>")
              .Append("<td class=\"num\" data-value=\"").Append(N(f.Members)).Append("\">").Append(N(f.Members)).Append("</td>")
              .Append("<td class=\"num\" data-value=\"").Append(N(f.Consolidated)).Append("\">").Append(N(f.Consolidated)).Append("</td>")
              .Append("<td class=\"num\" data-value=\"").Append(N(f.LeftAlone)).Append("\">").Append(N(f.LeftAlone)).Append("</td><td>")
              .Append(string.Join("<br>", f.Sources.Select(s => "<code>" + Html.Escape(s) + "</code>"))).Append("</td><td>").Append(Html.Escape(f.Decision)).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n</section>\n");
    }

    private static void Duplicates(StringBuilder sb, ReportModel model)
    {
        var d = model.Duplicates;
        sb.Append("<section id=\"duplicates\">\n<h2>Exact duplicates</h2>\n<p>").Append(N(d.Groups)).Append(" groups of byte-identical files; ")
          .Append(N(d.RedundantFiles)).Append(" redundant copies waste ").Append(Html.Escape(Bytes.Format(d.WastedBytes))).Append(" (")
          .Append(d.WastedBytes.ToString(CultureInfo.InvariantCulture)).Append(" bytes).</p>\n");
        if (d.Largest.Count > 0)
        {
            sb.Append("<div class=\"scroll\"><table><caption>The ").Append(N(d.Largest.Count)).Append(" groups wasting most</caption><thead><tr><th scope=\"col\">Files</th>")
              .Append("<th scope=\"col\" class=\"num\">Copies</th><th scope=\"col\" class=\"num\">Size</th><th scope=\"col\" class=\"num\">Wasted</th></tr></thead><tbody>\n");
            foreach (var g in d.Largest)
            {
                sb.Append("<tr><td>").Append(string.Join("<br>", g.Paths.Select(p => "<code>" + Html.Escape(p) + "</code>"))).Append("</td><td class=\"num\">")
                  .Append(N(g.Paths.Count)).Append("</td><td class=\"num\">").Append(Html.Escape(Bytes.Format(g.Size))).Append("</td><td class=\"num\">")
                  .Append(Html.Escape(Bytes.Format(g.WastedBytes))).Append("</td></tr>\n");
            }

            sb.Append("</tbody></table></div>\n");
        }

        sb.Append("</section>\n");
    }

    /// <summary>The scripts section: classes, then every script with its evidence, callers, copies and coverage, then the plan's script decisions.</summary>
    private static void Scripts(StringBuilder sb, ReportModel model)
    {
        if (model.Scripts is not { } map)
        {
            return;
        }

        var s = map.Summary;
        sb.Append("<section id=\"scripts\">\n<h2>Scripts</h2>\n<p>").Append(N(s.Scripts)).Append(" shell scripts: ").Append(N(s.Operational)).Append(" operational, ")
          .Append(N(s.InBuildContext)).Append(" inside build contexts. deploy ").Append(N(s.Deploy)).Append(", monitor ").Append(N(s.Monitor)).Append(", maintain ")
          .Append(N(s.Maintain)).Append(", other ").Append(N(s.Other)).Append("; a master command covers ").Append(N(s.CoveredFully)).Append(" fully and ")
          .Append(N(s.CoveredPartly)).Append(" partly.</p>\n");
        if (map.Scripts.Count > 0)
        {
            sb.Append("<div class=\"scroll\"><table><caption>Every script</caption><thead><tr><th scope=\"col\">Script</th><th scope=\"col\">Class</th>")
              .Append("<th scope=\"col\">Evidence</th><th scope=\"col\">Callers</th><th scope=\"col\">Copies</th><th scope=\"col\">Master command</th></tr></thead><tbody>\n");
            foreach (var e in map.Scripts)
            {
                var evidence = string.Join("<br>", e.Evidence.Take(3).Select(x => "<code>" + Html.Escape($"{e.Path}:{x.Line} {x.Command}") + "</code> " + Html.Escape(x.Reason)));
                var callers = e.Callers.Count == 0 ? "none found" : string.Join("<br>", e.Callers.Take(3).Select(c => Html.Escape($"{c.Kind}: {c.Source}:{c.Line}")));
                var coverage = e.Coverage.Level switch
                {
                    InfraDedup.Core.Scripts.CoverageLevel.Full => "full: <code>" + Html.Escape(e.Coverage.Command ?? string.Empty) + "</code>",
                    InfraDedup.Core.Scripts.CoverageLevel.Partial => "partial (" + Html.Escape(e.Coverage.Master ?? string.Empty) + ")",
                    _ => e.InBuildContext ? "none (image content)" : "none",
                };
                sb.Append("<tr><td><code>").Append(Html.Escape(e.Path)).Append("</code></td><td>").Append(Html.Escape(e.Class.ToString().ToLowerInvariant())).Append("</td><td>")
                  .Append(evidence).Append("</td><td>").Append(callers).Append("</td><td>")
                  .Append(N(e.ExactCopies.Count)).Append(" exact, ").Append(N(e.NearCopies.Count)).Append(" near</td><td>").Append(coverage).Append("</td></tr>\n");
            }

            sb.Append("</tbody></table></div>\n");
        }

        if (model.ScriptPlan is { } plan)
        {
            sb.Append("<ul>\n");
            foreach (var g in plan.Groups)
            {
                sb.Append("<li>").Append(Html.Escape(g.Kind)).Append(": <code>").Append(Html.Escape(g.Source)).Append("</code> for ").Append(N(g.Members.Count)).Append(" scripts</li>\n");
            }

            foreach (var p in plan.Proposals)
            {
                sb.Append("<li>proposal for review (applied only with <code>--accept-script-replacements</code>): <code>").Append(Html.Escape(p.Path)).Append("</code> → <code>")
                  .Append(Html.Escape(p.Command)).Append("</code></li>\n");
            }

            foreach (var l in plan.LeftAlone)
            {
                sb.Append("<li>left alone: <code>").Append(Html.Escape(l.Path)).Append("</code>: ").Append(Html.Escape(l.Reason)).Append("</li>\n");
            }

            sb.Append("</ul>\n");
        }

        sb.Append("</section>\n");
    }

    private static void BaseImages(StringBuilder sb, ReportModel model)
    {
        sb.Append("<section id=\"base-images\">\n<h2>Base images</h2>\n");
        var shown = model.BaseImages.Take(MaxChartBars - 1).Select(b => new ChartBar(b.Image, b.Count, N(b.Count) + " Dockerfiles", "bar bar-image")).ToList();
        var rest = model.BaseImages.Skip(MaxChartBars - 1).ToList();
        if (rest.Count > 0)
        {
            shown.Add(new ChartBar($"{N(rest.Count)} other images", rest.Sum(b => b.Count), N(rest.Sum(b => b.Count)) + " Dockerfiles", "bar bar-other"));
        }

        sb.Append("<figure>").Append(SvgCharts.Bars("chart-base-images", "Base-image distribution", shown)).Append("<figcaption>Dockerfiles per base image (")
          .Append(N(model.BaseImages.Count)).Append(" images).</figcaption></figure>\n<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Image</th><th scope=\"col\" class=\"num\">Dockerfiles</th></tr></thead><tbody>\n");
        foreach (var b in model.BaseImages)
        {
            sb.Append("<tr><td><code>").Append(Html.Escape(b.Image)).Append("</code></td><td class=\"num\">").Append(N(b.Count)).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n</section>\n");
    }

    private static void DeadFiles(StringBuilder sb, ReportModel model)
    {
        var applied = model.Stage != TreeStage.Planned;
        var deadRemoved = model.Removed.Count(r => r.Dead);
        sb.Append("<section id=\"dead-files\">\n<h2>Dead files</h2>\n<p>");
        if (applied)
        {
            sb.Append("Before the operation: ").Append(N(model.DeadFiles.Count + deadRemoved)).Append(" Dockerfiles and scripts that no compose file, CI workflow, Makefile, live script or Dockerfile referred to; it removed ")
              .Append(N(deadRemoved)).Append(" of them (archived). After: ").Append(N(model.DeadFiles.Count)).Append(" left.</p>\n");
        }
        else
        {
            sb.Append(N(model.DeadFiles.Count)).Append(" Dockerfiles and scripts that no compose file, CI workflow, Makefile, live script or Dockerfile refers to; the plan removes ")
              .Append(N(deadRemoved)).Append(" of them.</p>\n");
        }

        if (model.Removed.Count > 0)
        {
            sb.Append("<div class=\"scroll\"><table><caption>").Append(applied ? "Removed by the operation" : "Removed by the plan").Append("</caption><thead><tr><th scope=\"col\">File</th><th scope=\"col\">Kind</th><th scope=\"col\">Why</th></tr></thead><tbody>\n");
            foreach (var r in model.Removed)
            {
                sb.Append("<tr><td><code>").Append(Html.Escape(r.Path)).Append("</code></td><td>").Append(Html.Escape(r.Kind)).Append("</td><td>").Append(Html.Escape(r.Dead ? "dead: " + r.Reason : r.Reason)).Append("</td></tr>\n");
            }

            sb.Append("</tbody></table></div>\n");
        }

        if (model.DeadFiles.Count > 0)
        {
            sb.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">File</th><th scope=\"col\">Kind</th><th scope=\"col\">Why it is dead</th></tr></thead><tbody>\n");
            foreach (var f in model.DeadFiles)
            {
                sb.Append("<tr><td><code>").Append(Html.Escape(f.Path)).Append("</code></td><td>").Append(Html.Escape(f.Kind)).Append("</td><td>").Append(Html.Escape(f.Reason)).Append("</td></tr>\n");
            }

            sb.Append("</tbody></table></div>\n");
        }

        sb.Append("</section>\n");
    }

    private static void Lint(StringBuilder sb, ReportModel model)
    {
        var lint = model.Lint;
        sb.Append("<section id=\"lint\">\n<h2>Lint findings</h2>\n<p>").Append(N(lint.Findings)).Append(" findings in ").Append(N(lint.FilesLinted)).Append(" Dockerfiles.</p>\n");
        var bars = lint.BySeverity.Select(s => new ChartBar(s.Severity, s.Count, N(s.Count), "bar sev-" + s.Severity)).ToList();
        sb.Append("<div class=\"split\"><figure>").Append(SvgCharts.Bars("chart-lint", "Lint findings by severity", bars)).Append("<figcaption>Findings by severity.</figcaption></figure>\n");
        sb.Append("<table><caption>Most frequent rules</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th><th scope=\"col\" class=\"num\">Findings</th></tr></thead><tbody>\n");
        foreach (var r in lint.TopRules)
        {
            sb.Append("<tr><td><code>").Append(Html.Escape(r.RuleId)).Append("</code></td><td><span class=\"sev sev-").Append(Html.Escape(r.Severity)).Append("\">")
              .Append(Html.Escape(r.Severity)).Append("</span></td><td class=\"num\">").Append(N(r.Count)).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n</section>\n");
    }

    private static void Validation(StringBuilder sb, ReportModel model)
    {
        var v = model.Validation;
        sb.Append("<section id=\"validation\">\n<h2>Validation</h2>\n<p><span class=\"badge verdict-").Append(Html.Escape(v.Verdict)).Append("\">").Append(Html.Escape(v.Verdict))
          .Append("</span> ").Append(N(v.Proven)).Append(" proven, ").Append(N(v.Failed)).Append(" failed, ").Append(N(v.NotChecked)).Append(" not checked — from ")
          .Append(Html.Escape(v.Source)).Append(".</p>\n");
        if (v.Checks.Count > 0)
        {
            sb.Append("<p>By kind: ").Append(Html.Escape(v.Breakdown())).Append(".</p>\n");
        }

        var problems = v.Checks.Where(c => c.Outcome != CheckOutcome.Proven).ToList();
        if (problems.Count > 0)
        {
            sb.Append("<table><thead><tr><th scope=\"col\">Build</th><th scope=\"col\">Outcome</th><th scope=\"col\">Detail</th></tr></thead><tbody>\n");
            foreach (var c in problems)
            {
                sb.Append("<tr><td><code>").Append(Html.Escape(c.Subject)).Append("</code></td><td>").Append(Html.Escape(MarkdownReport.OutcomeText(c.Outcome).Trim() + " (" + c.Method + ")"))
                  .Append("</td><td>").Append(Html.Escape(c.Detail)).Append("</td></tr>\n");
            }

            sb.Append("</tbody></table>\n");
        }

        sb.Append("</section>\n");
    }

    private static void Rollback(StringBuilder sb, ReportModel model)
    {
        sb.Append("<section id=\"rollback\">\n<h2>Rollback</h2>\n<p>").Append(Html.Escape(model.Rollback.Summary)).Append("</p>\n<pre><code>")
          .Append(string.Join("\n", model.Rollback.Commands.Select(Html.Escape))).Append("</code></pre>\n</section>\n");
    }

    private static void Diffs(StringBuilder sb, ReportModel model)
    {
        sb.Append("<section id=\"diffs\">\n<h2>Members and what they become</h2>\n");
        if (model.Diffs.Count == 0)
        {
            sb.Append("<p>No consolidated families to compare").Append(model.PlanSummary is null ? " (no plan)." : ".").Append("</p>\n</section>\n");
            return;
        }

        sb.Append("<p>Each member Dockerfile (left) next to the shared Dockerfile or template that maintains it from now on (right).</p>\n");
        foreach (var family in model.Diffs)
        {
            sb.Append("<details class=\"family-diff\"><summary><strong>").Append(Html.Escape(family.Family)).Append("</strong> · ").Append(Html.Escape(family.Strategy))
              .Append(" · ").Append(N(family.Members.Count)).Append(" members</summary>\n");
            foreach (var m in family.Members)
            {
                if (m.MemberText is null || m.SourceText is null)
                {
                    sb.Append("<p class=\"note\"><code>").Append(Html.Escape(m.Member)).Append("</code>: the original text is not available here (changed since the plan and not archived).</p>\n");
                    continue;
                }

                var (removed, added) = HtmlDiff.Count(m.MemberText, m.SourceText);
                sb.Append("<details class=\"member-diff\"><summary><code>").Append(Html.Escape(m.Member)).Append("</code> ↔ <code>").Append(Html.Escape(m.Source)).Append("</code> ")
                  .Append(removed + added == 0 ? "<span class=\"same-badge\">identical</span>" : $"<span class=\"del-count\">−{N(removed)}</span> <span class=\"ins-count\">+{N(added)}</span>")
                  .Append("</summary>\n<div class=\"scroll\">").Append(HtmlDiff.Table(m.Member, m.MemberText, m.Source, m.SourceText)).Append("</div></details>\n");
            }

            sb.Append("</details>\n");
        }

        sb.Append("</section>\n");
    }

    private static string N(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private const string Style = """

:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d2330; --muted: #5b6475; --line: #dde1e8; --panel: #f5f7fa; --accent: #2f6fde;
  --before: #9aa5b8; --after: #2f6fde; --family: #6a4fd8; --image: #138a72; --other: #9aa5b8;
  --error: #c62828; --warning: #d9822b; --info: #2f6fde; --style: #7a8597; --del-bg: #fde8e8; --ins-bg: #e3f6e8; --mod: #fff4d6; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #14171d; --fg: #e5e8ee; --muted: #9aa3b2; --line: #2c323d; --panel: #1b1f27; --accent: #6ea1ff;
    --before: #5d6778; --after: #6ea1ff; --family: #a08bff; --image: #3cc3a3; --other: #5d6778;
    --error: #ff6b6b; --warning: #f0a35e; --info: #6ea1ff; --style: #9aa3b2; --del-bg: #3a1f23; --ins-bg: #1d3326; --mod: #3a341f; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.7rem; margin: 0 0 6px; letter-spacing: -0.01em; }
h2 { font-size: 1.25rem; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88em; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; overflow-x: auto; }
a { color: var(--accent); }
nav { display: flex; flex-wrap: wrap; gap: 6px 14px; margin-top: 12px; font-size: 0.92rem; }
.meta { color: var(--muted); margin: 0 0 8px; }
.note { border-left: 3px solid var(--warning); padding: 4px 10px; background: var(--panel); }
.hint { color: var(--muted); font-size: 0.9rem; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 0.82rem; font-weight: 600; border: 1px solid currentColor; }
.stage-planned { color: var(--info); } .stage-applied { color: var(--image); } .stage-interrupted { color: var(--error); }
.verdict-passed { color: var(--image); } .verdict-failed { color: var(--error); } .verdict-incomplete, .verdict-none { color: var(--warning); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 8px 0 20px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card-label { color: var(--muted); font-size: 0.85rem; }
.card-value { font-size: 1.55rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.card-detail { color: var(--muted); font-size: 0.82rem; }
.split { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 20px; align-items: start; }
figure { margin: 0; } figcaption { color: var(--muted); font-size: 0.85rem; }
svg.chart { max-width: 100%; height: auto; display: block; }
.chart-label, .chart-value, .chart-group { fill: var(--fg); font-size: 12px; font-family: inherit; }
.chart-group { font-weight: 600; } .chart-value { fill: var(--muted); }
.bar { fill: var(--accent); } .bar-before { fill: var(--before); } .bar-after { fill: var(--after); } .bar-family { fill: var(--family); }
.bar-image { fill: var(--image); } .bar-other { fill: var(--other); }
.sev-error { fill: var(--error); color: var(--error); } .sev-warning { fill: var(--warning); color: var(--warning); }
.sev-info { fill: var(--info); color: var(--info); } .sev-style { fill: var(--style); color: var(--style); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--panel); font-weight: 600; }
.num { text-align: right; }
.strategy { white-space: nowrap; }
table.sortable th button { all: inherit; cursor: pointer; padding: 0; }
table.sortable th[aria-sort="ascending"] button::after { content: " ▲"; }
table.sortable th[aria-sort="descending"] button::after { content: " ▼"; }
details { margin: 6px 0; } summary { cursor: pointer; padding: 4px 0; }
details.family-diff { border: 1px solid var(--line); border-radius: 8px; padding: 4px 12px; }
details.member-diff { margin-left: 10px; }
.del-count { color: var(--error); } .ins-count { color: var(--image); } .same-badge { color: var(--muted); }
table.diff { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; table-layout: fixed; }
table.diff td, table.diff th { padding: 1px 6px; border: none; }
table.diff col.ln-col { width: 3.5em; }
table.diff td.ln { color: var(--muted); text-align: right; user-select: none; }
table.diff td.code { white-space: pre-wrap; word-break: break-all; }
table.diff td.del { background: var(--del-bg); } table.diff td.ins { background: var(--ins-bg); }
table.diff td.empty { background: var(--panel); }
.mark { color: var(--muted); padding-right: 6px; }
footer { margin-top: 40px; color: var(--muted); font-size: 0.85rem; }
@media print {
  body { font-size: 11pt; } main { max-width: none; padding: 0; } nav, .hint { display: none; }
  section { break-inside: auto; } table, figure, .card { break-inside: avoid; }
  .card, pre, thead th { background: none; }
}

""";

    // Sorts tables by clicking their headings (numbers by data-value); marks the page as loaded, and turns any
    // script error into an entry in #report-errors, so a headless browser can tell both from the DOM.
    private const string Script = """

(function () {
  "use strict";
  var errors = document.getElementById("report-errors");
  function report(message) {
    var item = document.createElement("li");
    item.className = "report-error";
    item.textContent = String(message);
    errors.appendChild(item);
    errors.hidden = false;
    document.body.setAttribute("data-report-ready", "error");
  }
  window.addEventListener("error", function (e) { report(e.message); });
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) { return numeric ? 0 : ""; }
    return numeric ? Number(cell.getAttribute("data-value") || cell.textContent.replace(/[^0-9.-]/g, "")) : cell.textContent.trim().toLowerCase();
  }
  function sortBy(table, header, index) {
    var numeric = header.getAttribute("data-type") === "num";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      var order = numeric ? x - y : (x < y ? -1 : x > y ? 1 : 0);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function makeSortable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, index); });
    });
  }
  try {
    var tables = document.querySelectorAll("table.sortable");
    Array.prototype.forEach.call(tables, makeSortable);
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
    });
    document.body.setAttribute("data-sortable-tables", String(tables.length));
    document.body.setAttribute("data-report-ready", "ok");
  } catch (e) {
    report(e && e.message ? e.message : e);
  }
}());

""";
}
