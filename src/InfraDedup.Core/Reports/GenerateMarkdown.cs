using System.Globalization;
using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Reports;

/// <summary>The Markdown document of <c>generate</c> (a table of outputs, then the diffs of <c>--check</c>).</summary>
public static class GenerateMarkdown
{
    public static string Render(GenerateResult result, bool check)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new System.Text.StringBuilder();
        sb.Append(check ? "# generate --check\n\n" : "# generate\n\n");
        sb.Append("| output | template | status |\n|---|---|---|\n");
        foreach (var f in result.Files)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| `{f.Output}` | `{f.Template}` | {f.Status.ToString().ToLowerInvariant()} |\n");
        }

        foreach (var f in result.Files.Where(f => f.Diff is not null))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n```diff\n{f.Diff}```\n");
        }

        return sb.ToString();
    }
}
