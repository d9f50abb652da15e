using System.Globalization;
using InfraDedup.Cli.Commands;
using InfraDedup.Core;
using InfraDedup.Core.Reports;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Deploy;
using InfraDedup.Ops.Maintain;
using InfraDedup.Ops.Monitor;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Rendering;

/// <summary>The table views of the operations commands: deploy, monitor and maintain.</summary>
internal static class OpsTables
{
    public static TableView Deploy(DeployReport report)
    {
        var title = $"[bold]{Markup.Escape(report.Project)}[/]{(report.Environment is null ? "" : $" ({Markup.Escape(report.Environment)})")}{(report.DryRun ? " — dry run" : "")}";
        var builds = new Table().Title(title).AddColumn("level").AddColumn("image").AddColumn("Dockerfile").AddColumn("services").AddColumn("action").AddColumn("reason");
        foreach (var b in report.Builds)
        {
            var action = b.Action switch
            {
                "skip" => "[green]skip[/]",
                "failed" => "[red]failed[/]",
                _ => $"[yellow]{b.Action}[/]",
            };
            builds.AddRow(b.Level.ToString(CultureInfo.InvariantCulture), Markup.Escape(b.Image), Markup.Escape(b.Dockerfile), Markup.Escape(string.Join(", ", b.Services)), action, Markup.Escape(b.Reason));
        }

        var view = new TableView()
            .Detail(report.Builds.Count > 0 ? builds : new Text("No images to build.\n"))
            .Detail(new Text("Order: " + string.Join(" → ", report.Order.Select(level => string.Join(" ∥ ", level))) + "\n"));
        if (report.Services.Count > 0)
        {
            var services = new Table().Title($"rollout ({Markup.Escape(report.Runtime)})").AddColumn("service").AddColumn("container").AddColumn("health").AddColumn("detail");
            foreach (var s in report.Services)
            {
                var color = s.Health is "healthy" or "running" ? "green" : "red";
                services.AddRow(Markup.Escape(s.Service), Markup.Escape(s.Container), $"[{color}]{Markup.Escape(s.Health)}[/]{(s.RolledBack ? " [yellow](rolled back)[/]" : "")}", Markup.Escape(s.Detail));
            }

            view.Detail(services);
        }

        if (report.Error is not null)
        {
            return view.Summary(new Markup($"[red]deploy failed:[/] {Markup.Escape(report.Error)}{(report.RolledBack ? " — previous images restored" : "")}\n"));
        }

        return report.DryRun
            ? view.Summary(new Text($"dry run: {report.Builds.Count(b => b.Action != "skip")} of {Plural.Of(report.Builds.Count, "image")} would be built; nothing was changed.\n"))
            : view.Summary(new Markup("[green]deployed[/]\n"));
    }

    /// <summary>Every check (the failed ones alone under <c>-q</c>), then the verdict.</summary>
    public static TableView Monitor(MonitorReport report, Verbosity verbosity)
    {
        var view = new TableView();
        var failed = report.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();
        if (verbosity == Verbosity.Quiet)
        {
            if (failed.Count > 0)
            {
                view.Failure(MonitorTable(failed));
            }
        }
        else
        {
            view.Detail(MonitorTable(report.Checks));
        }

        return view.Summary(MonitorSummary(report));
    }

    public static Table MonitorTable(IEnumerable<CheckResult> checks)
    {
        var table = new Table().AddColumn("kind").AddColumn("name").AddColumn("status").AddColumn("detail");
        foreach (var c in checks)
        {
            var status = c.Status switch
            {
                CheckStatus.Ok => "[green]ok[/]",
                CheckStatus.Warn => "[yellow]warn[/]",
                _ => "[red]FAIL[/]",
            };
            table.AddRow(c.Kind, Markup.Escape(c.Name), status, Markup.Escape(c.Detail));
        }

        return table;
    }

    public static Markup MonitorSummary(MonitorReport report)
    {
        var failed = report.Checks.Count(c => c.Status == CheckStatus.Fail);
        return report.Healthy
            ? new Markup($"[green]healthy[/]: {report.Checks.Count} checks\n")
            : new Markup($"[red]unhealthy[/]: {failed} of {report.Checks.Count} checks failed\n");
    }

    public static TableView Backups(IReadOnlyList<BackupResult> results)
    {
        var table = new Table().AddColumn("kind").AddColumn("name").AddColumn("source").AddColumn(new TableColumn("size").RightAligned()).AddColumn("folder");
        foreach (var r in results)
        {
            table.AddRow(r.Manifest.Kind, Markup.Escape(r.Manifest.Name), Markup.Escape(r.Manifest.Source), Bytes.Format(r.Manifest.Files.Sum(f => f.Size)), Markup.Escape(r.Path));
        }

        return new TableView().Detail(table)
            .Summary(new Text($"{Plural.Of(results.Count, "backup")} written ({Bytes.Format(results.Sum(r => r.Manifest.Files.Sum(f => f.Size)))}), each with a SHA-256 manifest\n"));
    }

    /// <summary>Every backup checked (the corrupt ones alone under <c>-q</c>), then how many are intact.</summary>
    public static TableView BackupChecks(IReadOnlyList<VerifyResult> results, Verbosity verbosity)
    {
        var rows = verbosity == Verbosity.Quiet ? results.Where(r => !r.Ok).ToList() : results;
        var view = new TableView();
        if (rows.Count > 0)
        {
            var table = new Table().AddColumn("backup").AddColumn("kind").AddColumn("result").AddColumn("detail");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(Path.GetFileName(r.Path)), r.Kind, r.Ok ? "[green]ok[/]" : "[red]CORRUPT[/]", Markup.Escape(r.Detail));
            }

            if (rows.All(r => !r.Ok))
            {
                view.Failure(table);
            }
            else
            {
                view.Detail(table);
            }
        }

        var corrupt = results.Count(r => !r.Ok);
        return view.Summary(new Text(corrupt == 0
            ? $"{Plural.Of(results.Count, "backup")} verified: all intact\n"
            : $"{corrupt} of {Plural.Of(results.Count, "backup")} corrupt\n"));
    }

    public static TableView Prune(PruneResult result, RetentionPolicy policy)
    {
        var table = new Table().AddColumn("backup").AddColumn("created").AddColumn("decision");
        foreach (var d in result.Decisions)
        {
            var verdict = d.Keep ? $"[green]{Markup.Escape(d.Reason)}[/]" : result.DryRun ? "[yellow]would delete[/]" : "[red]deleted[/]";
            table.AddRow(Markup.Escape(Path.GetFileName(d.Path)), d.Created.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), verdict);
        }

        return new TableView().Detail(table)
            .Summary(new Text($"policy: last {policy.KeepLast}, daily {policy.KeepDaily}, weekly {policy.KeepWeekly}; {result.Decisions.Count(d => !d.Keep)} of {result.Decisions.Count} {(result.DryRun ? "would be deleted" : "deleted")}\n"));
    }

    public static TableView Cleanup(CleanupResult result)
    {
        var table = new Table().AddColumn("what").AddColumn("name").AddColumn(new TableColumn("size").RightAligned()).AddColumn("why");
        foreach (var item in result.Items)
        {
            table.AddRow(item.What, Markup.Escape(item.Name), Bytes.Format(item.Bytes), Markup.Escape(item.Reason));
        }

        return new TableView().Detail(table).Summary(new Text($"{(result.DryRun ? "would free" : "freed")} {Bytes.Format(result.Bytes)}\n"));
    }

    public static TableView DiskUsage(DiskUsageReport report)
    {
        var table = new Table().Title($"[bold]{Markup.Escape(report.Root)}[/]").AddColumn("kind").AddColumn("name").AddColumn(new TableColumn("size").RightAligned());
        foreach (var e in report.Folders.Concat(report.Images).Concat(report.Volumes))
        {
            table.AddRow(e.What, Markup.Escape(e.Name), Bytes.Format(e.Bytes));
        }

        IRenderable[] note = report.EngineNote is null ? [] : [new Text(report.EngineNote + "\n")];
        return new TableView().Detail(table).Details(note)
            .Summary(new Text($"{report.Root}: the {Plural.Of(report.Folders.Count, "biggest folder")}, {Plural.Of(report.Images.Count, "image")} and {Plural.Of(report.Volumes.Count, "volume")} listed\n"));
    }
}
