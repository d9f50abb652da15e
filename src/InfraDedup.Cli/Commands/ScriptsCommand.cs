using System.ComponentModel;
using System.Globalization;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Scripts;
using InfraDedup.Core.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Commands;

public sealed class ScriptsSettings : TreeSettings;

[Description("Map every shell script onto deploy / monitor / maintain / other, with evidence, callers, copies and master-command coverage.")]
[JsonOutput("scripts")]
public sealed class ScriptsCommand(CliEnvironment env) : Command<ScriptsSettings>
{
    public override int Execute(CommandContext context, ScriptsSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Path, "to map the scripts of");
        var report = ProgressDisplay.Run(env, settings, progress => ScriptMap.Make(settings.Path, settings.ToWalkOptions(), progress, cancellationToken));

        // Evidence quotes command lines, which can carry credentials: masked in every format.
        var redactor = SecretRedactor.ForTree(settings.Path, settings.ToWalkOptions());
        switch (settings.Format)
        {
            case OutputFormat.Json:
                ResultWriter.WriteDocument(env, settings, JsonText.Document(report, ScriptMapJsonContext.Default.ScriptMapReport), redactor);
                break;
            case OutputFormat.Markdown:
                ResultWriter.WriteDocument(env, settings, ScriptMapMarkdown.Render(report), redactor);
                break;
            default:
                ResultWriter.WriteRenderables(env, settings, ScriptTables.Render(report), redactor);
                break;
        }

        return ExitCodes.Success;
    }
}

/// <summary>The table view of <c>scripts</c>: counts per class, then operational scripts first.</summary>
internal static class ScriptTables
{
    private const int MaxRows = 40;

    public static IEnumerable<IRenderable> Render(ScriptMapReport report)
    {
        var s = report.Summary;
        yield return new Markup(
            $"[bold]{s.Scripts}[/] shell scripts ({s.Operational} operational, {s.InBuildContext} in build contexts): "
            + $"deploy {s.Deploy}, monitor {s.Monitor}, maintain {s.Maintain}, other {s.Other}; "
            + $"a master command covers {s.CoveredFully} fully, {s.CoveredPartly} partly\n");
        if (report.Scripts.Count == 0)
        {
            yield break;
        }

        var table = new Table().AddColumn("script").AddColumn("class").AddColumn("evidence").AddColumn("callers").AddColumn("master command");
        var rows = report.Scripts.OrderBy(e => e.InBuildContext).ThenBy(e => e.Path, StringComparer.Ordinal).ToList();
        foreach (var e in rows.Take(MaxRows))
        {
            var first = e.Evidence.Count > 0 ? e.Evidence[0] : null;
            table.AddRow(
                Markup.Escape(e.Path) + (e.InBuildContext ? " [dim](build context)[/]" : string.Empty),
                e.Class.ToString().ToLowerInvariant(),
                first is null ? string.Empty : Markup.Escape($"{first.Line}: {first.Command}") + (e.Evidence.Count > 1 ? $" [dim](+{e.Evidence.Count - 1})[/]" : string.Empty),
                e.Callers.Count == 0 ? "[dim]none[/]" : Markup.Escape(string.Join(", ", e.Callers.Select(c => c.Kind).Distinct(StringComparer.Ordinal))),
                Markup.Escape(e.Coverage.Level switch
                {
                    CoverageLevel.Full => e.Coverage.Command ?? string.Empty,
                    CoverageLevel.Partial => "partly: " + e.Coverage.Master,
                    _ => "-",
                }));
        }

        yield return table;
        if (rows.Count > MaxRows)
        {
            yield return new Text($"… {(rows.Count - MaxRows).ToString(CultureInfo.InvariantCulture)} more scripts (--format json lists all)\n");
        }
    }
}
