using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Reports;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Docker;
using InfraDedup.Ops.Maintain;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class MaintainBackupSettings : TableOrJsonSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Compose project whose postgres/redis/neo4j services are backed up through their containers when no URL is given.")]
    public string Path { get; init; } = ".";

    [CommandOption("--postgres <URL>")]
    [Description("postgresql://user:password@host:port/db to back up with pg_dump -Fc (repeatable).")]
    public string[] Postgres { get; init; } = [];

    [CommandOption("--redis <URL>")]
    [Description("redis://[[:password@]]host:port to back up with redis-cli --rdb (repeatable).")]
    public string[] Redis { get; init; } = [];

    [CommandOption("--container <NAME>")]
    [Description("Run the dump with docker exec inside this container instead of with local client tools.")]
    public string? Container { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Folder that receives one backup folder per database (default: maintain.backups of .infradedup.yaml).")]
    public string? Out { get; init; }
}

[Description("Back up PostgreSQL, Redis and Neo4j, each into a folder with a SHA-256 manifest.")]
[JsonOutput("maintain-backup")]
public sealed class MaintainBackupCommand(CliEnvironment env) : Command<MaintainBackupSettings>
{
    public override int Execute(CommandContext context, MaintainBackupSettings settings, CancellationToken cancellationToken)
    {
        var config = OpsConfig.Load(Path.GetFullPath(settings.Path));
        var outDir = settings.Out ?? (config.BackupDir is { } b ? Path.Combine(Path.GetFullPath(settings.Path), b) : null)
            ?? throw new UserInputException("say where backups go: --out DIR (or 'maintain: backups: DIR' in .infradedup.yaml).");
        var sources = new List<BackupSource>();
        sources.AddRange(settings.Postgres.Select(u => new PostgresSource(PostgresUrl.Parse(u), settings.Container)));
        sources.AddRange(settings.Redis.Select(u => new RedisSource(RedisUrl.Parse(u), settings.Container)));
        if (sources.Count == 0)
        {
            var project = ComposeProject.Load(settings.Path, null);
            using var engine = new DockerEngineClient();
            if (!engine.PingAsync(cancellationToken).GetAwaiter().GetResult())
            {
                throw new UserInputException($"no --postgres or --redis given, and the Docker engine at {engine.Endpoint} is not reachable to find the project's database containers.");
            }

            sources.AddRange(BackupDiscovery.FromComposeAsync(project, engine, cancellationToken).GetAwaiter().GetResult());
            if (sources.Count == 0)
            {
                throw new UserInputException($"nothing to back up: give --postgres URL or --redis URL, or run in a compose project with postgres/redis/neo4j services ({project.Root}).");
            }
        }

        var service = new BackupService(ProcessRunner.Instance);
        var results = new List<BackupResult>();
        foreach (var source in sources)
        {
            results.Add(service.BackupAsync(source, outDir, cancellationToken).GetAwaiter().GetResult());
        }

        if (settings.Format == TableOrJson.Json)
        {
            ResultWriter.WriteDocument(env, settings, JsonText.Document(results, MaintainJsonContext.Default.ListBackupResult));
        }
        else
        {
            ResultWriter.WriteView(env, settings, OpsTables.Backups(results));
        }

        return ExitCodes.Success;
    }
}

public sealed class MaintainVerifySettings : TableOrJsonSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("A backup folder, or a folder of backups (each is checked).")]
    public string Dir { get; init; } = string.Empty;
}

[Description("Check backups: SHA-256 against the manifest, then pg_restore --list or the RDB header and CRC-64.")]
[JsonOutput("maintain-verify")]
public sealed class MaintainVerifyCommand(CliEnvironment env) : Command<MaintainVerifySettings>
{
    public override int Execute(CommandContext context, MaintainVerifySettings settings, CancellationToken cancellationToken)
    {
        var results = new BackupService(ProcessRunner.Instance).VerifyAsync(settings.Dir, cancellationToken).GetAwaiter().GetResult().ToList();
        if (settings.Format == TableOrJson.Json)
        {
            ResultWriter.WriteDocument(env, settings, JsonText.Document(results, MaintainJsonContext.Default.ListVerifyResult));
        }
        else
        {
            ResultWriter.WriteView(env, settings, OpsTables.BackupChecks(results, settings.Verbosity));
        }

        return results.All(r => r.Ok) ? ExitCodes.Success : ExitCodes.Findings;
    }
}

public sealed class MaintainRestoreSettings : DisplaySettings
{
    [CommandOption("--postgres <URL>")]
    [Description("The database to restore into (created when missing).")]
    public string? Postgres { get; init; }

    [CommandOption("--from <DIR>")]
    [Description("A backup folder, or a folder of backups (the newest PostgreSQL backup is used).")]
    public string? From { get; init; }

    [CommandOption("--force")]
    [Description("Replace the contents of a database that is not empty.")]
    public bool Force { get; init; }

    public override ValidationResult Validate() =>
        Postgres is null || From is null
            ? ValidationResult.Error("maintain restore needs --postgres URL (the target database) and --from DIR (the backup). Redis: stop the server and put the backup's dump.rdb in its 'dir' as its 'dbfilename'.")
            : ValidationResult.Success();
}

[Description("Restore a PostgreSQL backup into a database, refusing to overwrite a non-empty one without --force.")]
public sealed class MaintainRestoreCommand(CliEnvironment env) : Command<MaintainRestoreSettings>
{
    public override int Execute(CommandContext context, MaintainRestoreSettings settings, CancellationToken cancellationToken)
    {
        var target = PostgresUrl.Parse(settings.Postgres!);
        var folder = new BackupService(ProcessRunner.Instance).RestorePostgresAsync(target, settings.From!, settings.Force, cancellationToken).GetAwaiter().GetResult();
        ResultWriter.WriteView(env, settings, new TableView().Summary(new Markup($"[green]restored[/] {Markup.Escape(folder)} into {Markup.Escape(target.ToString())}\n")));

        return ExitCodes.Success;
    }
}

public sealed class MaintainPruneSettings : TableOrJsonSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("The folder of backups.")]
    public string Dir { get; init; } = string.Empty;

    [CommandOption("--keep-last <N>")]
    [Description("Keep the newest N backups of each database (default: maintain.retention.last of .infradedup.yaml, else 7).")]
    public int? KeepLast { get; init; }

    [CommandOption("--keep-daily <D>")]
    [Description("Also keep the newest backup of each of the last D days with backups (default 7).")]
    public int? KeepDaily { get; init; }

    [CommandOption("--keep-weekly <W>")]
    [Description("Also keep the newest backup of each of the last W ISO weeks with backups (default 4).")]
    public int? KeepWeekly { get; init; }

    [CommandOption("--dry-run")]
    [Description("Show what would be deleted; delete nothing.")]
    public bool DryRun { get; init; }
}

[Description("Delete backups outside the retention policy (keep last N, daily D, weekly W); the newest is always kept.")]
[JsonOutput("maintain-prune")]
public sealed class MaintainPruneCommand(CliEnvironment env) : Command<MaintainPruneSettings>
{
    public override int Execute(CommandContext context, MaintainPruneSettings settings, CancellationToken cancellationToken)
    {
        if (settings.KeepLast < 0 || settings.KeepDaily < 0 || settings.KeepWeekly < 0)
        {
            throw new UserInputException("--keep-last, --keep-daily and --keep-weekly must be 0 or more.");
        }

        var policy = OpsConfig.Load(Directory.GetCurrentDirectory()).Retention;
        policy = new RetentionPolicy(settings.KeepLast ?? policy.KeepLast, settings.KeepDaily ?? policy.KeepDaily, settings.KeepWeekly ?? policy.KeepWeekly);
        var result = Retention.Prune(settings.Dir, policy, settings.DryRun);
        if (settings.Format == TableOrJson.Json)
        {
            ResultWriter.WriteDocument(env, settings, JsonText.Document(result, MaintainJsonContext.Default.PruneResult));
            return ExitCodes.Success;
        }

        ResultWriter.WriteView(env, settings, OpsTables.Prune(result, policy));
        return ExitCodes.Success;
    }
}

public sealed class MaintainCleanupSettings : TableOrJsonSettings
{
    [CommandArgument(0, "[DIR]")]
    [Description("A folder of old archives or backups whose entries older than --older-than are removed.")]
    public string? Dir { get; init; }

    [CommandOption("--older-than <DURATION>")]
    [Description("Age (by last change) from which entries of DIR are removed.")]
    [DefaultValue("30d")]
    public string OlderThan { get; init; } = "30d";

    [CommandOption("--images")]
    [Description("Also remove dangling images (Engine API).")]
    public bool Images { get; init; }

    [CommandOption("--dry-run")]
    [Description("Show what would be removed; remove nothing.")]
    public bool DryRun { get; init; }
}

[Description("Remove old archives/backups and interrupted backups from a folder, and dangling images.")]
[JsonOutput("maintain-cleanup")]
public sealed class MaintainCleanupCommand(CliEnvironment env) : Command<MaintainCleanupSettings>
{
    public override int Execute(CommandContext context, MaintainCleanupSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Dir is null && !settings.Images)
        {
            throw new UserInputException("nothing to clean: give a DIR of old archives/backups, and/or --images for dangling images.");
        }

        using var engine = settings.Images ? new DockerEngineClient() : null;
        if (engine is not null && !engine.PingAsync(cancellationToken).GetAwaiter().GetResult())
        {
            throw new UserInputException($"--images: the Docker engine at {engine.Endpoint} is not reachable; start it or set DOCKER_HOST.");
        }

        var result = Housekeeping.CleanupAsync(settings.Dir, Durations.Parse(settings.OlderThan, "--older-than"), engine, settings.DryRun, null, cancellationToken).GetAwaiter().GetResult();
        if (settings.Format == TableOrJson.Json)
        {
            ResultWriter.WriteDocument(env, settings, JsonText.Document(result, MaintainJsonContext.Default.CleanupResult));
            return ExitCodes.Success;
        }

        ResultWriter.WriteView(env, settings, OpsTables.Cleanup(result));
        return ExitCodes.Success;
    }
}

public sealed class MaintainDiskUsageSettings : TableOrJsonSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Folder whose biggest subfolders (two levels deep) are listed.")]
    public string Path { get; init; } = ".";

    [CommandOption("--top <N>")]
    [Description("How many entries of each kind to list.")]
    [DefaultValue(10)]
    public int Top { get; init; } = 10;
}

[Description("The biggest folders, images and volumes.")]
[JsonOutput("maintain-disk-usage")]
public sealed class MaintainDiskUsageCommand(CliEnvironment env) : Command<MaintainDiskUsageSettings>
{
    public override int Execute(CommandContext context, MaintainDiskUsageSettings settings, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngineClient();
        var reachable = engine.PingAsync(cancellationToken).GetAwaiter().GetResult();
        var report = Housekeeping.DiskUsageAsync(settings.Path, Math.Max(1, settings.Top), reachable ? engine : null, cancellationToken).GetAwaiter().GetResult();
        if (settings.Format == TableOrJson.Json)
        {
            ResultWriter.WriteDocument(env, settings, JsonText.Document(report, MaintainJsonContext.Default.DiskUsageReport));
            return ExitCodes.Success;
        }

        ResultWriter.WriteView(env, settings, OpsTables.DiskUsage(report));
        return ExitCodes.Success;
    }
}

public sealed class MaintainScheduleSettings : DisplaySettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Project folder whose .infradedup.yaml lists maintain.schedules.")]
    public string Path { get; init; } = ".";

    [CommandOption("--systemd")]
    [Description("Print systemd .service and .timer units instead of crontab lines.")]
    public bool Systemd { get; init; }

    [CommandOption("--executable <PATH>")]
    [Description("The infradedup command the jobs run.")]
    [DefaultValue("infradedup")]
    public string Executable { get; init; } = "infradedup";
}

[Description("Print crontab lines or systemd timer units for the jobs in .infradedup.yaml (cron validated).")]
public sealed class MaintainScheduleCommand(CliEnvironment env) : Command<MaintainScheduleSettings>
{
    public override int Execute(CommandContext context, MaintainScheduleSettings settings, CancellationToken cancellationToken)
    {
        var root = System.IO.Path.GetFullPath(settings.Path);
        var config = OpsConfig.Load(root);
        if (config.Schedules.Count == 0)
        {
            throw new UserInputException($"no jobs: add 'maintain: schedules: [{{name, cron, command}}]' to {System.IO.Path.Combine(root, OpsConfig.FileName)}.");
        }

        var text = settings.Systemd ? Schedules.SystemdUnits(config.Schedules, root, settings.Executable) : Schedules.Crontab(config.Schedules, root, settings.Executable);
        ResultWriter.WriteDocument(env, settings, text);
        return ExitCodes.Success;
    }
}
