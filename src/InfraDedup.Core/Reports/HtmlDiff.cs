using System.Globalization;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace InfraDedup.Core.Reports;

/// <summary>Side-by-side line diffs (DiffPlex) rendered as an HTML table; every piece of text is escaped.</summary>
public static class HtmlDiff
{
    /// <summary>Lines added and removed between the two texts (a changed line counts once on each side).</summary>
    public static (int Removed, int Added) Count(string oldText, string newText)
    {
        var model = SideBySideDiffBuilder.Diff(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false);
        return (
            model.OldText.Lines.Count(l => l.Type is ChangeType.Deleted or ChangeType.Modified),
            model.NewText.Lines.Count(l => l.Type is ChangeType.Inserted or ChangeType.Modified));
    }

    /// <summary>A two-column table: the old text (left) and the new text (right), line numbers and change markers.</summary>
    public static string Table(string oldTitle, string oldText, string newTitle, string newText)
    {
        var model = SideBySideDiffBuilder.Diff(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false);
        var sb = new StringBuilder();
        sb.Append("<table class=\"diff\"><colgroup><col class=\"ln-col\"><col><col class=\"ln-col\"><col></colgroup><thead><tr><th scope=\"col\" colspan=\"2\">").Append(Html.Escape(oldTitle))
          .Append("</th><th scope=\"col\" colspan=\"2\">").Append(Html.Escape(newTitle)).Append("</th></tr></thead><tbody>");
        var rows = Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count);
        for (var i = 0; i < rows; i++)
        {
            sb.Append("<tr>");
            Cell(sb, i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null, "del");
            Cell(sb, i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null, "ins");
            sb.Append("</tr>");
        }

        return sb.Append("</tbody></table>").ToString();
    }

    private static void Cell(StringBuilder sb, DiffPiece? line, string changedClass)
    {
        if (line is null || line.Type == ChangeType.Imaginary)
        {
            sb.Append("<td class=\"ln\"></td><td class=\"code empty\"></td>");
            return;
        }

        var css = line.Type switch
        {
            ChangeType.Unchanged => "same",
            ChangeType.Modified => "mod " + changedClass,
            _ => changedClass,
        };
        var marker = line.Type == ChangeType.Unchanged ? " " : changedClass == "del" ? "−" : "+";
        sb.Append("<td class=\"ln\">").Append(line.Position?.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"code ").Append(css)
          .Append("\"><span class=\"mark\" aria-hidden=\"true\">").Append(marker).Append("</span>").Append(Html.Escape(line.Text)).Append("</td>");
    }
}
