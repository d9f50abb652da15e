using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class ReportSettings : CommandSettings, ITreeFilter
{
    [CommandArgument(0, "[PATH]")]
    [Description("Root of the tree to report on (default: the current directory).")]
    public string Path { get; init; } = ".";

    [CommandOption("--plan <FILE>")]
    [Description("The plan.json to report on. Default: a plan computed now (nothing applied), or the latest operation's journal (the plan itself is not stored, so pass it to include families and proofs).")]
    public string? Plan { get; init; }

    [CommandOption("--op <ID>")]
    [Description("The operation to report on ('infradedup archive list' shows them; default: the latest).")]
    public string? Op { get; init; }

    [CommandOption("--html <FILE>")]
    [Description("Write the self-contained HTML report (charts, sortable family table, side-by-side diffs) to FILE.")]
    public string? Html { get; init; }

    [CommandOption("--markdown <FILE>")]
    [Description("Write the Markdown executive summary to FILE.")]
    public string? Markdown { get; init; }

    [CommandOption("--generated-at <TEXT>")]
    [Description("The generated-at text shown in the report (default: the operation's time, or none, so the same tree gives the same bytes).")]
    public string? GeneratedAt { get; init; }

    [CommandOption("--no-ignore")]
    [Description("Do not honour .gitignore, .infradedupignore and .git/info/exclude.")]
    public bool NoIgnore { get; init; }

    [CommandOption("--include <GLOB>")]
    [Description("Only take files matching GLOB (gitignore syntax; repeatable).")]
    public string[] Include { get; init; } = [];

    [CommandOption("--exclude <GLOB>")]
    [Description("Leave out files and folders matching GLOB (gitignore syntax; repeatable).")]
    public string[] Exclude { get; init; } = [];

    [CommandOption("-q|--quiet")]
    [Description("Print nothing but errors.")]
    public bool Quiet { get; init; }

    public override ValidationResult Validate()
    {
        if (Html is null && Markdown is null)
        {
            return ValidationResult.Error("say where to write the report: --html FILE and/or --markdown FILE.");
        }

        return this.CheckGlobs("'*.sh' or 'backups/'");
    }
}

[Description("Write the consolidation report: a Markdown executive summary and/or a self-contained HTML report with charts and diffs.")]
public sealed class ReportCommand(CliEnvironment env) : Command<ReportSettings>
{
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var load = new ReportLoadOptions
        {
            PlanFile = settings.Plan,
            OpId = settings.Op,
            Walk = settings.ToWalkOptions(),
            Plan = new PlanOptions { ToolVersion = CliApp.Version },
        };
        var progressSettings = new OutputSettings { Quiet = settings.Quiet };
        var sources = ProgressDisplay.Run(env, progressSettings, progress => ReportLoader.Load(settings.Path, load, progress, cancellationToken));
        var model = ReportBuilder.Build(sources, new ReportOptions { RootArgument = settings.Path, GeneratedAt = settings.GeneratedAt });
        // Side-by-side diffs and varying values would show credentials: both reports mask them.
        var redactor = SecretRedactor.ForTree(settings.Path, settings.ToWalkOptions());
        Write(settings.Markdown, () => redactor.Redact(MarkdownReport.Render(model)), settings.Quiet);
        Write(settings.Html, () => redactor.Redact(HtmlReport.Render(model)), settings.Quiet);
        return ExitCodes.Success;
    }

    private void Write(string? path, Func<string> render, bool quiet)
    {
        if (path is null)
        {
            return;
        }

        ResultWriter.WriteFileAtomically(path, render());
        if (!quiet)
        {
            env.Out.WriteLine($"wrote {path}");
        }
    }
}
