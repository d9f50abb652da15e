using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core;
using InfraDedup.Core.Reports;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class SchemaSettings : CommandSettings
{
    [CommandArgument(0, "[NAME]")]
    [Description("The document whose JSON Schema to print (e.g. scan, plan, apply, maintain-prune); without it, the list of names.")]
    public string? Name { get; init; }

    [CommandOption("--list")]
    [Description("List every schema name with the document it describes (also what no NAME does).")]
    public bool List { get; init; }

    [CommandOption("-o|--output <FILE>")]
    [Description("Write the schema to FILE instead of standard output.")]
    public string? Output { get; init; }

    public override Spectre.Console.ValidationResult Validate() =>
        List && Name is not null
            ? Spectre.Console.ValidationResult.Error("give either --list or a schema NAME, not both.")
            : Spectre.Console.ValidationResult.Success();
}

[Description("Print the JSON Schema of a machine-readable document (scan, plan, apply, …); --list names them all.")]
public sealed class SchemaCommand(CliEnvironment env) : Command<SchemaSettings>
{
    public override int Execute(CommandContext context, SchemaSettings settings, CancellationToken cancellationToken)
    {
        var output = new DisplaySettings { Output = settings.Output };
        if (settings.Name is null)
        {
            ResultWriter.WriteDocument(env, output, Listing());
            return ExitCodes.Success;
        }

        var schema = JsonSchemas.Get(settings.Name)
            ?? throw new UserInputException($"no schema named '{settings.Name}'; known: {string.Join(", ", JsonSchemas.Names)} (see 'infradedup schema --list')");
        ResultWriter.WriteDocument(env, output, schema);
        return ExitCodes.Success;
    }

    /// <summary>One line per schema: the name, a tab, and its title (so <c>cut -f1</c> gives the bare names).</summary>
    private static string Listing() =>
        string.Concat(JsonSchemas.Names.Select(name => $"{name}\t{JsonSchemas.Title(name)}\n"));
}
