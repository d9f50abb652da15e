using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core;
using InfraDedup.Core.Dockerfiles;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public class DockerfileFileSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The Dockerfile to read.")]
    public string File { get; init; } = "";

    /// <summary>Reads and parses the file; a missing file or a parse error is the user's to fix.</summary>
    internal DockerfileDocument Load()
    {
        var bytes = Core.Inventory.InputFile.ReadAllBytes(File, "a Dockerfile");

        var document = DockerfileParser.Parse(bytes, File);
        if (document.Errors is [var error, ..])
        {
            throw new UserInputException(error.Message + " (fix the Dockerfile; BuildKit would reject it too)", File, error.Line, error.Column);
        }

        return document;
    }
}

public sealed class DockerfilePrintSettings : DockerfileFileSettings
{
    [CommandOption("--canonical")]
    [Description("Print the canonical form (stable keyword case, spacing and continuation layout) instead of the original bytes.")]
    public bool Canonical { get; init; }
}

[Description("Print BuildKit's AST dump of a Dockerfile, to diff against BuildKit itself.")]
public sealed class DockerfileDumpCommand(CliEnvironment env) : Command<DockerfileFileSettings>
{
    public override int Execute(CommandContext context, DockerfileFileSettings settings, CancellationToken cancellationToken)
    {
        var document = settings.Load();
        var dump = DockerfileAstDumper.DumpBytes(document);
        env.RawOut.Write(dump);
        env.RawOut.WriteByte((byte)'\n');
        env.RawOut.Flush();
        return ExitCodes.Success;
    }
}

[Description("Print a Dockerfile back: byte-exact by default, or in canonical form.")]
public sealed class DockerfilePrintCommand(CliEnvironment env) : Command<DockerfilePrintSettings>
{
    public override int Execute(CommandContext context, DockerfilePrintSettings settings, CancellationToken cancellationToken)
    {
        var document = settings.Load();
        var bytes = settings.Canonical
            ? new System.Text.UTF8Encoding(false).GetBytes(CanonicalPrinter.Print(document))
            : document.PrintBytes();
        env.RawOut.Write(bytes);
        env.RawOut.Flush();
        return ExitCodes.Success;
    }
}
