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
    public static int Run(string[] args) => Run(args, CliEnvironment.FromProcess(noColor: NoColorAsked(args)));

    /// <summary>
    /// Whether the run asks for <c>--no-color</c>. Decided before parsing because the console is set up before the
    /// command runs, and so that every command (and help, and errors) honours it the same way.
    /// </summary>
    internal static bool NoColorAsked(IEnumerable<string> args) =>
        args.TakeWhile(a => a != "--").Contains("--no-color", StringComparer.Ordinal);

    public static int Run(string[] args, CliEnvironment env) => Run(args, env, registerAll: false);

    /// <param name="registerAll">
    /// Register every command and let Spectre parse even when the run names one, or is a plain scan (tests compare both ways).
    /// </param>
    internal static int Run(string[] args, CliEnvironment env, bool registerAll)
    {
        if (args is ["--version" or "-v"])
        {
            env.Out.WriteLine(Version); // Spectre's own version output has no line end
            return ExitCodes.Success;
        }

        if (!registerAll && ScanCommandLine.TryRead(args) is { } scan)
        {
            return Guarded(args, env, () => new ScanCommand(env).Execute(ScanCommandLine.ContextFor(args), scan, CancellationToken.None));
        }

        var app = Build(args, env, registerAll);
        return Guarded(args, env, () => app.Run(args));
    }

    // Spectre.Console.Cli binds settings by reflection. Native AOT keeps working because the project
    // roots Spectre.Console.Cli and this assembly (TrimmerRootAssembly), so every member it reflects
    // over is preserved; bench/ and the AOT smoke test exercise the published binary.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reflection targets are rooted; see the csproj.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection targets are rooted; see the csproj.")]
    private static CommandApp Build(string[] args, CliEnvironment env, bool registerAll)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.Settings.Registrar.RegisterInstance(env);
            config.SetApplicationName("infradedup");
            config.SetApplicationVersion(Version);
            config.PropagateExceptions();
            config.Settings.StrictParsing = true;
            config.Settings.Console = env.Console;

            // Each command's description is its class's [Description] (Spectre reads it), so help, README checks and
            // tests see one text; only the branches (archive, dockerfile, maintain), which have no class, set theirs here.
            // Spectre builds its command model by reflecting over every registered command's settings (~20 ms
            // of a Native AOT start-up); a run that names its command only needs that one (help lists them all).
            var registrations = new List<(string Name, Action<IConfigurator> Add)>();
            void Register(string name, Action<IConfigurator> add) => registrations.Add((name, add));

            Register("demo", c =>
            {
                c.AddCommand<DemoCommand>("demo");
            });
            Register("sample", c =>
            {
                c.AddCommand<SampleCommand>("sample")
                    .WithExample("sample", "--out-dir", "/tmp/mono", "--services", "120", "--seed", "42");
            });
            Register("dockerfile", c =>
            {
                c.AddBranch("dockerfile", dockerfile =>
                {
                    dockerfile.SetDescription("Debug the Dockerfile model: BuildKit AST dump, lossless and canonical printing.");
                    dockerfile.AddCommand<DockerfileDumpCommand>("dump");
                    dockerfile.AddCommand<DockerfilePrintCommand>("print");
                });
            });
            Register("scan", c =>
            {
                c.AddCommand<ScanCommand>("scan")
                    .WithExample("scan", ".", "--format", "json");
            });
            Register("similar", c =>
            {
                c.AddCommand<SimilarCommand>("similar")
                    .WithExample("similar", ".", "--threshold", "0.85", "--kind", "dockerfile");
            });
            Register("scripts", c =>
            {
                c.AddCommand<ScriptsCommand>("scripts")
                    .WithExample("scripts", ".", "--format", "json");
            });
            Register("plan", c =>
            {
                c.AddCommand<PlanCommand>("plan")
                    .WithExample("plan", ".", "--out-dir", "plan");
            });
            Register("schema", c =>
            {
                c.AddCommand<SchemaCommand>("schema")
                    .WithExample("schema", "--list")
                    .WithExample("schema", "plan");
            });
            Register("apply", c =>
            {
                c.AddCommand<ApplyCommand>("apply")
                    .WithExample("apply", ".", "--plan", "plan.json", "--dry-run")
                    .WithExample("apply", ".", "--resume");
            });
            Register("rollback", c =>
            {
                c.AddCommand<RollbackCommand>("rollback")
                    .WithExample("rollback", ".", "--last");
            });
            Register("archive", c =>
            {
                c.AddBranch("archive", archive =>
                {
                    archive.SetDescription("The checksummed archive of every file apply changed: list, verify, export, import.");
                    archive.AddCommand<ArchiveListCommand>("list");
                    archive.AddCommand<ArchiveVerifyCommand>("verify");
                    archive.AddCommand<ArchiveExportCommand>("export")
                        .WithExample("archive", "export", "last", "--out", "op.tar.gz");
                    archive.AddCommand<ArchiveImportCommand>("import");
                });
            });
            Register("report", c =>
            {
                c.AddCommand<ReportCommand>("report")
                    .WithExample("report", ".", "--html", "report.html", "--markdown", "report.md")
                    .WithExample("report", ".", "--plan", "plan.json", "--op", "20250101T120000123Z-a1b2c3", "--html", "report.html");
            });
            Register("deploy", c =>
            {
                c.AddCommand<DeployCommand>("deploy")
                    .WithExample("deploy", ".", "--env", "prod", "--build", "--rollback-on-failure");
            });
            Register("monitor", c =>
            {
                c.AddCommand<MonitorCommand>("monitor")
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
                    .WithExample("lint", ".", "--format", "sarif", "-o", "lint.sarif");
            });
            Register("validate", c =>
            {
                c.AddCommand<ValidateCommand>("validate")
                    .WithExample("validate", ".", "--format", "sarif", "-o", "validate.sarif")
                    .WithExample("validate", ".", "--build");
            });
            Register("generate", c =>
            {
                c.AddCommand<GenerateCommand>("generate")
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
        return app;
    }

    /// <summary>Runs a command, mapping every failure to an exit code and a one-line message.</summary>
    private static int Guarded(string[] args, CliEnvironment env, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (UserInputException e)
        {
            env.Error.WriteLine($"error: {e.Describe()}");
            return ExitCodes.UsageOrInput;
        }
        catch (CommandAppException e)
        {
            env.Error.WriteLine($"error: {UsageErrors.Describe(e, args)}");
            env.Error.WriteLine(HelpHint(args));
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

    /// <summary>Where to read about the options: the named command's help, else the tool's.</summary>
    private static string HelpHint(string[] args)
    {
        var (command, _) = UsageErrors.CommandNamed(args);
        return command.Length == 0 ? "Run 'infradedup --help' for usage." : $"Run 'infradedup {command} --help' for usage.";
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
