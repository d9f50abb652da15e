using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

/// <summary>Output formats of <c>report</c>.</summary>
public enum ReportFormat
{
    Markdown,
    Html,
}

/// <summary>
/// Options of <c>report</c>: the tree and display options, <c>--format markdown|html</c> for the one report written to
/// standard output or <c>-o FILE</c>, and <c>--html</c>/<c>--markdown</c> to write both kinds in one run.
/// </summary>
public sealed class ReportSettings : TreeFilterSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Root of the tree to report on " + OptionText.CurrentDirectoryDefault + ".")]
    public string Path { get; init; } = ".";

    [CommandOption("--plan <FILE>")]
    [Description("The plan.json to report on. Default: a plan computed now (nothing applied), or the latest operation's journal (the plan itself is not stored, so pass it to include families and proofs).")]
    public string? Plan { get; init; }

    [CommandOption("--op <ID>")]
    [Description("The operation to report on ('infradedup archive list' shows them; default: the latest).")]
    public string? Op { get; init; }

    [CommandOption("--format <FORMAT>")]
    [TypeConverter(typeof(KebabEnumConverter<ReportFormat>))]
    [Description("Output format of the report written to standard output or -o FILE: markdown or html.")]
    [DefaultValue("markdown")]
    public ReportFormat Format { get; init; } = ReportFormat.Markdown;

    [CommandOption("--html <FILE>")]
    [Description("Write the self-contained HTML report (charts, sortable family table, side-by-side diffs) to FILE.")]
    public string? Html { get; init; }

    [CommandOption("--markdown <FILE>")]
    [Description("Write the Markdown executive summary to FILE.")]
    public string? Markdown { get; init; }

    [CommandOption("--generated-at <TEXT>")]
    [Description("The generated-at text shown in the report (default: none, so the same tree gives the same bytes).")]
    public string? GeneratedAt { get; init; }

    public override ValidationResult Validate()
    {
        if (Output is not null && (Html is not null || Markdown is not null))
        {
            return ValidationResult.Error("give either -o FILE (with --format) or --html/--markdown FILE, not both.");
        }

        return base.Validate();
    }

    /// <summary>Progress may show only while the reports go to files and standard output stays free.</summary>
    public override bool PrintsTable => Html is not null || Markdown is not null;
}

[Description("Write the consolidation report: a Markdown executive summary and/or a self-contained HTML report with charts and diffs.")]
public sealed class ReportCommand(CliEnvironment env) : Command<ReportSettings>
{
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Path, "to report on");
        var load = new ReportLoadOptions
        {
            PlanFile = settings.Plan,
            OpId = settings.Op,
            Walk = settings.ToWalkOptions(),
            Plan = new PlanOptions { ToolVersion = CliApp.Version },
        };
        var sources = ProgressDisplay.Run(env, settings, progress => ReportLoader.Load(settings.Path, load, progress, cancellationToken));
        var model = ReportBuilder.Build(sources, new ReportOptions { RootArgument = settings.Path, GeneratedAt = settings.GeneratedAt });
        // Side-by-side diffs and varying values would show credentials: every report output masks them.
        var redactor = SecretRedactor.ForTree(settings.Path, settings.ToWalkOptions());
        if (settings.Html is null && settings.Markdown is null)
        {
            ResultWriter.WriteDocument(env, settings, redactor.Redact(settings.Format == ReportFormat.Html ? HtmlReport.Render(model) : MarkdownReport.Render(model)));
            return ExitCodes.Success;
        }

        Write(settings, settings.Markdown, () => redactor.Redact(MarkdownReport.Render(model)));
        Write(settings, settings.Html, () => redactor.Redact(HtmlReport.Render(model)));
        return ExitCodes.Success;
    }

    /// <summary>Writes one report file and names it (the names are details: <c>-q</c> prints nothing).</summary>
    private void Write(ReportSettings settings, string? path, Func<string> render)
    {
        if (path is null)
        {
            return;
        }

        ResultWriter.WriteFileAtomically(path, render());
        if (TableView.Shows(settings.Verbosity, kept: false))
        {
            env.Out.WriteLine($"wrote {path}");
        }
    }
}
