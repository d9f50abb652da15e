using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core;
using InfraDedup.Core.Reports;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

/// <summary>Takes the display options (<c>-o</c> writes the schema to a file) like every command that prints something.</summary>
public sealed class SchemaSettings : DisplaySettings
{
    [CommandArgument(0, "[NAME]")]
    [Description("The document whose JSON Schema to print (e.g. scan, plan, apply, maintain-prune); without it, the list of names.")]
    public string? Name { get; init; }

    [CommandOption("--list")]
    [Description("List every schema name with the document it describes (also what no NAME does).")]
    public bool List { get; init; }

    public override Spectre.Console.ValidationResult Validate() =>
        List && Name is not null
            ? Spectre.Console.ValidationResult.Error("give either --list or a schema NAME, not both.")
            : base.Validate();
}

[Description("Print the JSON Schema of a machine-readable document (scan, plan, apply, …); --list names them all.")]
public sealed class SchemaCommand(CliEnvironment env) : Command<SchemaSettings>
{
    public override int Execute(CommandContext context, SchemaSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Name is null)
        {
            ResultWriter.WriteDocument(env, settings, Listing());
            return ExitCodes.Success;
        }

        var schema = JsonSchemas.Get(settings.Name)
            ?? throw new UserInputException($"no schema named '{settings.Name}'; known: {string.Join(", ", JsonSchemas.Names)} (see 'infradedup schema --list')");
        ResultWriter.WriteDocument(env, settings, schema);
        return ExitCodes.Success;
    }

    /// <summary>One line per schema: the name, a tab, and its title (so <c>cut -f1</c> gives the bare names).</summary>
    private static string Listing() =>
        string.Concat(JsonSchemas.Names.Select(name => $"{name}\t{JsonSchemas.Title(name)}\n"));
}
