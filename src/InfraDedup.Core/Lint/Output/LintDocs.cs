using System.Text;

namespace InfraDedup.Core.Lint.Output;

/// <summary>The rule reference of <c>docs/lint.md</c>, generated from the registry (a test keeps the file in step).</summary>
public static class LintDocs
{
    public const string BeginMarker = "<!-- rules:begin (generated from LintRegistry; regenerate with INFRADEDUP_UPDATE_GOLDEN=1) -->";
    public const string EndMarker = "<!-- rules:end -->";

    /// <summary>A summary table and one section per rule (heading = id, so the anchor is the lower-case id).</summary>
    public static string Render(IReadOnlyList<LintRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var sb = new StringBuilder();
        sb.Append("| id | default severity | description |\n| --- | --- | --- |\n");
        foreach (var r in rules)
        {
            sb.Append("| [").Append(r.Id).Append("](#").Append(r.DocsAnchor).Append(") | ").Append(r.DefaultSeverity.Name()).Append(" | ")
                .Append(Escape(r.Description)).Append(" |\n");
        }

        foreach (var r in rules)
        {
            sb.Append("\n### ").Append(r.Id).Append("\n\n");
            sb.Append("**").Append(r.DefaultSeverity.Name()).Append("** — ").Append(Escape(r.Description)).Append("\n\n");
            sb.Append(Escape(r.Help)).Append('\n');
            if (r.HelpUri is { } uri)
            {
                sb.Append("\nhadolint's page: <").Append(uri).Append(">\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>Replaces the generated block of a document (between the markers) with <see cref="Render"/>'s output.</summary>
    public static string ReplaceBlock(string document, IReadOnlyList<LintRule> rules)
    {
        ArgumentNullException.ThrowIfNull(document);
        var begin = document.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = document.IndexOf(EndMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException("docs/lint.md lacks the rules:begin / rules:end markers");
        }

        return document[..(begin + BeginMarker.Length)] + "\n\n" + Render(rules) + "\n" + document[end..];
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
