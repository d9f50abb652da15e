using System.Globalization;
using InfraDedup.Core.Templates;
using Spectre.Console;

namespace InfraDedup.Cli.Rendering;

/// <summary>The table view of a generate run.</summary>
internal static class GenerateTables
{
    /// <summary>The files written (details), then the counts; with <c>--check</c> the verdict alone (a failure when files differ).</summary>
    public static TableView Render(GenerateResult result, bool check)
    {
        var view = new TableView();
        var counts = result.Files.GroupBy(f => f.Status).ToDictionary(g => g.Key, g => g.Count());
        int Count(GeneratedFileStatus s) => counts.GetValueOrDefault(s);
        var ms = result.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        if (check)
        {
            var bad = Count(GeneratedFileStatus.Differs) + Count(GeneratedFileStatus.Missing);
            return view.Summary(bad == 0
                ? new Markup($"[green]{result.Files.Count} generated files match their templates[/] ({ms} ms)\n")
                : new Markup($"[red]{bad} of {result.Files.Count} generated files differ from their templates[/] "
                    + $"({Count(GeneratedFileStatus.Missing)} missing); run 'infradedup generate' to update them, or fix the template or mapping.\n"));
        }

        foreach (var file in result.Files.Where(f => f.Status != GeneratedFileStatus.Unchanged))
        {
            view.Detail(new Text($"{(file.Status == GeneratedFileStatus.Created ? "created" : "updated")} {file.Output}\n"));
        }

        return view.Summary(new Markup($"{result.Files.Count} generated files: {Count(GeneratedFileStatus.Written)} updated, {Count(GeneratedFileStatus.Created)} created, "
            + $"{Count(GeneratedFileStatus.Unchanged)} unchanged ({ms} ms)\n"));
    }
}
