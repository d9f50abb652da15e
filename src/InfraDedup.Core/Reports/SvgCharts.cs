using System.Globalization;
using System.Text;

namespace InfraDedup.Core.Reports;

/// <summary>One bar: its label, value, the text shown beside it and a CSS class that colours it.</summary>
public sealed record ChartBar(string Label, double Value, string ValueText, string CssClass = "bar");

/// <summary>
/// Horizontal bar charts as inline SVG (no script, no external resources). Colours come from CSS classes so the
/// page's light/dark styles apply; every chart carries a title and a description for screen readers, and the
/// numbers are also in the tables next to it. The output is well-formed XML.
/// </summary>
public static class SvgCharts
{
    private const int Width = 720;
    private const int LabelWidth = 230;
    private const int ValueWidth = 110;
    private const int RowHeight = 26;
    private const int BarHeight = 16;
    private const int MaxLabelChars = 32;
    private const int GroupHeight = (2 * RowHeight) + 24;

    /// <summary>A bar per item, scaled to the largest value.</summary>
    public static string Bars(string id, string title, IReadOnlyList<ChartBar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var height = (Math.Max(bars.Count, 1) * RowHeight) + 8;
        var sb = Open(id, title, height, string.Join("; ", bars.Select(b => b.Label + ": " + b.ValueText)));
        for (var i = 0; i < bars.Count; i++)
        {
            var y = 4 + (i * RowHeight);
            Row(sb, y, bars[i], max);
        }

        if (bars.Count == 0)
        {
            sb.Append("<text class=\"chart-label\" x=\"0\" y=\"20\">nothing to show</text>");
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>Two bars per measure, before and after, on one scale per measure pair (so small counts stay visible).</summary>
    public static string BeforeAfter(string id, string title, IReadOnlyList<CountRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var height = (rows.Count * GroupHeight) + 8;
        var sb = Open(id, title, height, string.Join("; ", rows.Select(r => $"{r.Measure}: {N(r.Before)} before, {N(r.After)} after")));
        var y = 4;
        foreach (var row in rows)
        {
            var max = Math.Max(row.Before, row.After);
            sb.Append("<text class=\"chart-group\" x=\"0\" y=\"").Append(N(y + 12)).Append("\">").Append(Html.Escape(row.Measure)).Append("</text>");
            Row(sb, y + 16, new ChartBar("before", row.Before, N(row.Before), "bar bar-before"), max, indent: 16);
            Row(sb, y + 16 + RowHeight, new ChartBar("after", row.After, N(row.After) + " (" + Html.Percent(row.Reduction) + " fewer)", "bar bar-after"), max, indent: 16);
            y += GroupHeight;
        }

        return sb.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string id, string title, int height, string description)
    {
        var sb = new StringBuilder();
        sb.Append("<svg class=\"chart\" id=\"").Append(Html.Escape(id)).Append("\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(height))
          .Append("\" width=\"").Append(N(Width)).Append("\" height=\"").Append(N(height))
          .Append("\" role=\"img\" aria-labelledby=\"").Append(Html.Escape(id)).Append("-title ").Append(Html.Escape(id)).Append("-desc\">")
          .Append("<title id=\"").Append(Html.Escape(id)).Append("-title\">").Append(Html.Escape(title)).Append("</title>")
          .Append("<desc id=\"").Append(Html.Escape(id)).Append("-desc\">").Append(Html.Escape(description)).Append("</desc>");
        return sb;
    }

    private static void Row(StringBuilder sb, int y, ChartBar bar, double max, int indent = 0)
    {
        var area = Width - LabelWidth - ValueWidth;
        var length = max <= 0 ? 0 : Math.Max(bar.Value > 0 ? 2 : 0, bar.Value / max * area);
        var label = bar.Label.Length > MaxLabelChars ? bar.Label[..(MaxLabelChars - 1)] + "…" : bar.Label;
        sb.Append("<g><title>").Append(Html.Escape(bar.Label + ": " + bar.ValueText)).Append("</title>")
          .Append("<text class=\"chart-label\" x=\"").Append(N(indent)).Append("\" y=\"").Append(N(y + 13)).Append("\">").Append(Html.Escape(label)).Append("</text>")
          .Append("<rect class=\"").Append(Html.Escape(bar.CssClass)).Append("\" x=\"").Append(N(LabelWidth)).Append("\" y=\"").Append(N(y))
          .Append("\" width=\"").Append(F(length)).Append("\" height=\"").Append(N(BarHeight)).Append("\" rx=\"3\"/>")
          .Append("<text class=\"chart-value\" x=\"").Append(F(LabelWidth + length + 6)).Append("\" y=\"").Append(N(y + 13)).Append("\">").Append(Html.Escape(bar.ValueText)).Append("</text>")
          .Append("</g>");
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>HTML/XML text helpers shared by the HTML report and its charts.</summary>
public static class Html
{
    /// <summary>Escapes the five characters that are special in HTML text and attribute values (and XML).</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&#39;"),

                // Control characters other than tab/newline are not allowed in XML; show them as U+FFFD.
                < ' ' when c is not '\t' and not '\n' and not '\r' => sb.Append('\uFFFD'),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    public static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
}
