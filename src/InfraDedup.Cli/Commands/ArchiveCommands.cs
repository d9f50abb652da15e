using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Archive;
using InfraDedup.Core.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

/// <summary>Options of the archive commands that name the tree with --root (their argument is an operation or a file).</summary>
public class ArchiveRootSettings : OutputSettings
{
    [CommandOption("--root <PATH>")]
    [Description("Root of the tree whose .infradedup/ archive to use " + OptionText.CurrentDirectoryDefault + ".")]
    public string Root { get; init; } = ".";
}

public sealed class ArchiveListSettings : OutputSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Root of the tree " + OptionText.CurrentDirectoryDefault + ".")]
    public string Path { get; init; } = ".";
}

public sealed class ArchiveVerifySettings : ArchiveRootSettings
{
    [CommandArgument(0, "[OP]")]
    [Description("The operation to verify (default: every operation in the archive).")]
    public string? Op { get; init; }
}

public sealed class ArchiveExportSettings : ArchiveRootSettings
{
    [CommandArgument(0, "<OP>")]
    [Description("The operation to export ('last' for the latest).")]
    public string Op { get; init; } = string.Empty;

    [CommandOption("--out <FILE>")]
    [Description("The tarball to write (FILE.tar.gz).")]
    public string? Out { get; init; }

    public override ValidationResult Validate() =>
        Out is null ? ValidationResult.Error("give the file to write with --out FILE.tar.gz.") : ValidationResult.Success();
}

public sealed class ArchiveImportSettings : ArchiveRootSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("A tarball written by 'infradedup archive export'.")]
    public string File { get; init; } = string.Empty;
}

[Description("List the operations in the archive with their state.")]
[JsonOutput("archive-list")]
public sealed class ArchiveListCommand(CliEnvironment env) : Command<ArchiveListSettings>
{
    public override int Execute(CommandContext context, ArchiveListSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Path, "whose archive to list");
        var listing = ArchiveOperations.List(settings.Path);
        switch (settings.Format)
        {
            case OutputFormat.Json:
                ResultWriter.WriteDocument(env, settings, JsonText.Document(listing, ApplyJsonContext.Default.ArchiveListing));
                break;
            case OutputFormat.Markdown:
                ResultWriter.WriteDocument(env, settings, OperationMarkdown.ArchiveList(listing));
                break;
            default:
                ResultWriter.WriteView(env, settings, OperationTables.ArchiveList(listing));
                break;
        }

        return ExitCodes.Success;
    }
}

[Description("Re-hash every archived object; exit 1 naming each missing or corrupt one.")]
[JsonOutput("archive-verify")]
public sealed class ArchiveVerifyCommand(CliEnvironment env) : Command<ArchiveVerifySettings>
{
    public override int Execute(CommandContext context, ArchiveVerifySettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Root, "whose archive to verify (--root)");
        var result = ArchiveOperations.Verify(settings.Root, settings.Op);
        if (settings.Format == OutputFormat.Json)
        {
            ResultWriter.WriteDocument(env, settings, JsonText.Document(result, ApplyJsonContext.Default.ArchiveVerifyResult));
        }
        else if (settings.Format == OutputFormat.Markdown)
        {
            ResultWriter.WriteDocument(env, settings, OperationMarkdown.ArchiveVerify(result));
        }
        else
        {
            ResultWriter.WriteView(env, settings, OperationTables.ArchiveVerify(result));
        }

        return result.Ok ? ExitCodes.Success : ExitCodes.Findings;
    }
}

[Description("Write one operation (manifest, journal, objects) to a portable .tar.gz.")]
[JsonOutput("archive-export")]
public sealed class ArchiveExportCommand(CliEnvironment env) : Command<ArchiveExportSettings>
{
    public override int Execute(CommandContext context, ArchiveExportSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Root, "whose archive to export from (--root)");
        var result = ArchiveOperations.Export(settings.Root, settings.Op, settings.Out!);
        if (settings.Format == OutputFormat.Json)
        {
            ResultWriter.WriteDocument(env, settings, JsonText.Document(result, ApplyJsonContext.Default.ArchiveExportResult));
        }
        else
        {
            ResultWriter.Status(env, settings, $"exported operation {result.OpId}: {result.Objects} objects ({Bytes.Format(result.Bytes)}) to {result.File}");
        }

        return ExitCodes.Success;
    }
}

[Description("Add an exported operation to this tree's archive (checked in full before anything is written).")]
[JsonOutput("archive-import")]
public sealed class ArchiveImportCommand(CliEnvironment env) : Command<ArchiveImportSettings>
{
    public override int Execute(CommandContext context, ArchiveImportSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Root, "whose archive to import into (--root)");
        var result = ArchiveOperations.Import(settings.Root, settings.File);
        if (settings.Format == OutputFormat.Json)
        {
            ResultWriter.WriteDocument(env, settings, JsonText.Document(result, ApplyJsonContext.Default.ArchiveImportResult));
        }
        else
        {
            ResultWriter.Status(env, settings, $"imported operation {result.OpId}: {result.Objects} new objects, {result.ObjectsAlreadyPresent} already present; manifest {(result.ManifestWritten ? "added" : "already present")}; journal {(result.JournalWritten ? "added" : "not changed")}");
            foreach (var note in result.Notes)
            {
                ResultWriter.Note(env, settings, note);
            }

            ResultWriter.Status(env, settings, $"Roll it back with: infradedup rollback --op {result.OpId}");
        }

        return ExitCodes.Success;
    }
}
