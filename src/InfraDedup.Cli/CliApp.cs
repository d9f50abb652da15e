using System.Diagnostics.CodeAnalysis;
using InfraDedup.Cli.Commands;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli;

/// <summary>Builds the command tree and maps every failure to an exit code and a one-line message.</summary>
public static class CliApp
{
    public static int Run(string[] args) => Run(args, CliEnvironment.FromProcess());

    public static int Run(string[] args, CliEnvironment env) => Run(args, env, registerAll: false);

    // Spectre.Console.Cli binds settings by reflection. Native AOT keeps working because the project
    // roots Spectre.Console.Cli and this assembly (TrimmerRootAssembly), so every member it reflects
    // over is preserved; bench/ and the AOT smoke test exercise the published binary.
    /// <param name="registerAll">Register every command even when the run names one (tests compare both ways).</param>
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reflection targets are rooted; see the csproj.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection targets are rooted; see the csproj.")]
    internal static int Run(string[] args, CliEnvironment env, bool registerAll)
    {
        if (args is ["--version" or "-v"])
        {
            env.Out.WriteLine(Version); // Spectre's own version output has no line end
            return ExitCodes.Success;
        }

        var app = new CommandApp();
        app.Configure(config =>
        {
            config.Settings.Registrar.RegisterInstance(env);
            config.SetApplicationName("infradedup");
            config.SetApplicationVersion(Version);
            config.PropagateExceptions();
            config.Settings.StrictParsing = true;
            config.Settings.Console = env.Console;

            // Spectre builds its command model by reflecting over every registered command's settings (~20 ms
            // of a Native AOT start-up); a run that names its command only needs that one (help lists them all).
            var registrations = new List<(string Name, Action<IConfigurator> Add)>();
            void Register(string name, Action<IConfigurator> add) => registrations.Add((name, add));

            Register("demo", c =>
            {
                c.AddCommand<DemoCommand>("demo")
                    .WithDescription("Generate the embedded sample monorepo and run every pipeline stage on it, with a readable summary.");
            });
            Register("sample", c =>
            {
                c.AddCommand<SampleCommand>("sample")
                    .WithDescription("Write a deterministic sample monorepo (with ground-truth.json) for trying and benchmarking.")
                    .WithExample("sample", "--out", "/tmp/mono", "--services", "120", "--seed", "42");
            });
            Register("dockerfile", c =>
            {
                c.AddBranch("dockerfile", dockerfile =>
                {
                    dockerfile.SetDescription("Debug the Dockerfile model: BuildKit AST dump, lossless and canonical printing.");
                    dockerfile.AddCommand<DockerfileDumpCommand>("dump")
                        .WithDescription("Print BuildKit's AST dump of a Dockerfile, to diff against BuildKit itself.");
                    dockerfile.AddCommand<DockerfilePrintCommand>("print")
                        .WithDescription("Print a Dockerfile back: byte-exact by default, or with --canonical in canonical form.");
                });
            });
            Register("scan", c =>
            {
                c.AddCommand<ScanCommand>("scan")
                    .WithDescription("Inventory a tree: classify files, exact and near duplicates, dead files, directory copies, base images.")
                    .WithExample("scan", ".", "--format", "json");
            });
            Register("similar", c =>
            {
                c.AddCommand<SimilarCommand>("similar")
                    .WithDescription("Find near-duplicate Dockerfiles and script clones (families with what varies).")
                    .WithExample("similar", ".", "--threshold", "0.85", "--kind", "dockerfile");
            });
            Register("plan", c =>
            {
                c.AddCommand<PlanCommand>("plan")
                    .WithDescription("Plan a provably equivalent consolidation (shared Dockerfiles with build args, base images, templates); writes plan.json.")
                    .WithExample("plan", ".", "--out", "plan");
            });
            Register("schema", c =>
            {
                c.AddCommand<SchemaCommand>("schema")
                    .WithDescription("Print the JSON Schema of a machine-readable document (scan, plan, apply, …); --list names them all.")
                    .WithExample("schema", "--list")
                    .WithExample("schema", "plan");
            });
            Register("apply", c =>
            {
                c.AddCommand<ApplyCommand>("apply")
                    .WithDescription("Apply a plan transactionally: archive, write atomically, journal every step (undo with rollback).")
                    .WithExample("apply", ".", "--plan", "plan.json", "--dry-run")
                    .WithExample("apply", ".", "--resume");
            });
            Register("rollback", c =>
            {
                c.AddCommand<RollbackCommand>("rollback")
                    .WithDescription("Undo an apply: restore every file byte-exact with its mode, remove the files it created, verify.")
                    .WithExample("rollback", ".", "--last");
            });
            Register("archive", c =>
            {
                c.AddBranch("archive", archive =>
                {
                    archive.SetDescription("The checksummed archive of every file apply changed: list, verify, export, import.");
                    archive.AddCommand<ArchiveListCommand>("list").WithDescription("List the operations in the archive with their state.");
                    archive.AddCommand<ArchiveVerifyCommand>("verify").WithDescription("Re-hash every archived object; exit 1 naming each missing or corrupt one.");
                    archive.AddCommand<ArchiveExportCommand>("export").WithDescription("Write one operation (manifest, journal, objects) to a portable .tar.gz.")
                        .WithExample("archive", "export", "last", "--out", "op.tar.gz");
                    archive.AddCommand<ArchiveImportCommand>("import").WithDescription("Add an exported operation to this tree's archive (checked in full before anything is written).");
                });
            });
            Register("report", c =>
            {
                c.AddCommand<ReportCommand>("report")
                    .WithDescription("Write the consolidation report: a Markdown executive summary and/or a self-contained HTML report with charts and diffs.")
                    .WithExample("report", ".", "--html", "report.html", "--markdown", "report.md")
                    .WithExample("report", ".", "--plan", "plan.json", "--op", "20250101T120000123Z-a1b2c3", "--html", "report.html");
            });
            Register("deploy", c =>
            {
                c.AddCommand<DeployCommand>("deploy")
                    .WithDescription("Build a compose project's images in dependency order (skipping unchanged ones), roll out, health-gate, roll back.")
                    .WithExample("deploy", ".", "--env", "prod", "--build", "--rollback-on-failure");
            });
            Register("monitor", c =>
            {
                c.AddCommand<MonitorCommand>("monitor")
                    .WithDescription("Check containers, HTTP endpoints and system metrics; watch them live or serve Prometheus metrics.")
                    .WithExample("monitor", ".", "--mode", "check", "--url", "http://127.0.0.1:8080/health");
            });
            Register("maintain", c =>
            {
                c.AddBranch("maintain", maintain =>
                {
                    maintain.SetDescription("Backups (PostgreSQL, Redis, Neo4j), verify, restore, retention, cleanup, disk usage, schedules.");
                    maintain.AddCommand<MaintainBackupCommand>("backup").WithExample("maintain", "backup", "--postgres", "postgresql://app:pw@127.0.0.1:5432/app", "--out", "backups");
                    maintain.AddCommand<MaintainVerifyCommand>("verify").WithExample("maintain", "verify", "backups");
                    maintain.AddCommand<MaintainRestoreCommand>("restore").WithExample("maintain", "restore", "--postgres", "postgresql://app:pw@127.0.0.1:5432/app_copy", "--from", "backups");
                    maintain.AddCommand<MaintainPruneCommand>("prune").WithExample("maintain", "prune", "backups", "--keep-last", "7", "--keep-daily", "7", "--keep-weekly", "4");
                    maintain.AddCommand<MaintainCleanupCommand>("cleanup").WithExample("maintain", "cleanup", "archives", "--older-than", "30d", "--images");
                    maintain.AddCommand<MaintainDiskUsageCommand>("disk-usage").WithExample("maintain", "disk-usage", ".");
                    maintain.AddCommand<MaintainScheduleCommand>("schedule").WithExample("maintain", "schedule", ".", "--systemd");
                });
            });
            Register("lint", c =>
            {
                c.AddCommand<LintCommand>("lint")
                    .WithDescription("Lint Dockerfiles: hadolint's DL rules (same ids, pragmas, .hadolint.yaml) plus security and consolidation rules.")
                    .WithExample("lint", ".", "--format", "sarif", "-o", "lint.sarif");
            });
            Register("validate", c =>
            {
                c.AddCommand<ValidateCommand>("validate")
                    .WithDescription("Check that an applied consolidation changed no image: static equivalence, generated files, compose references; --build builds both forms.")
                    .WithExample("validate", ".", "--format", "sarif", "-o", "validate.sarif")
                    .WithExample("validate", ".", "--build");
            });
            Register("generate", c =>
            {
                c.AddCommand<GenerateCommand>("generate")
                    .WithDescription("Render every generated Dockerfile from its template and the service mapping (--check: fail on any difference).")
                    .WithExample("generate", "--check");
            });

            var only = registerAll ? null : SingleCommand(args, registrations.Select(r => r.Name));
            foreach (var (name, add) in registrations)
            {
                if (only is null || only == name)
                {
                    add(config);
                }
            }
        });

        try
        {
            return app.Run(args);
        }
        catch (UserInputException e)
        {
            env.Error.WriteLine($"error: {e.Describe()}");
            return ExitCodes.UsageOrInput;
        }
        catch (CommandAppException e)
        {
            // An option value our converters refused says which values are valid; Spectre keeps that as the inner exception.
            var valid = e.InnerException is FormatException refused ? " " + refused.Message : "";
            env.Error.WriteLine($"error: {e.Message}{valid}");
            env.Error.WriteLine("Run 'infradedup --help' (or 'infradedup <command> --help') for usage.");
            return ExitCodes.UsageOrInput;
        }
        catch (OperationCanceledException)
        {
            env.Error.WriteLine("cancelled; nothing was changed.");
            return ExitCodes.UsageOrInput;
        }
        catch (Exception e)
        {
            // A bug, not the user's fault: one line, no stack trace unless asked for.
            env.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            env.Error.WriteLine("Please report it with the command you ran; set INFRADEDUP_DEBUG=1 to see the stack trace.");
            if (Environment.GetEnvironmentVariable("INFRADEDUP_DEBUG") == "1")
            {
                env.Error.WriteLine(e.ToString());
            }

            return ExitCodes.UsageOrInput;
        }
    }

    /// <summary>
    /// The top-level command a run names, when registering it alone cannot change what the run does: not for help,
    /// version or an unknown first word, whose output lists or suggests the other commands.
    /// </summary>
    internal static string? SingleCommand(string[] args, IEnumerable<string> topLevelCommands)
    {
        if (args.Length == 0 || !topLevelCommands.Contains(args[0], StringComparer.Ordinal))
        {
            return null;
        }

        return args.Any(a => a is "-h" or "--help" or "-?" or "-v" or "--version") ? null : args[0];
    }

    /// <summary>The product version (from the assembly's informational version, without build metadata).</summary>
    public static string Version { get; } =
        (typeof(CliApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
