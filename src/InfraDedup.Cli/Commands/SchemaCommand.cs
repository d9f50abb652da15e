using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core;
using InfraDedup.Core.Reports;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class SchemaSettings : CommandSettings
{
    [CommandArgument(0, "[NAME]")]
    [Description("The document whose JSON Schema to print (e.g. plan, service-mapping); without it, the list of names.")]
    public string? Name { get; init; }

    [CommandOption("-o|--output <FILE>")]
    [Description("Write the schema to FILE instead of standard output.")]
    public string? Output { get; init; }
}

[Description("Print the JSON Schema of a machine-readable document (plan, service-mapping, …).")]
public sealed class SchemaCommand(CliEnvironment env) : Command<SchemaSettings>
{
    public override int Execute(CommandContext context, SchemaSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Name is null)
        {
            foreach (var name in JsonSchemas.Names)
            {
                env.Out.WriteLine(name);
            }

            return ExitCodes.Success;
        }

        var schema = JsonSchemas.Get(settings.Name)
            ?? throw new UserInputException($"no schema named '{settings.Name}'; known: {string.Join(", ", JsonSchemas.Names)}");
        ResultWriter.WriteDocument(env, new OutputSettings { Output = settings.Output }, schema);
        return ExitCodes.Success;
    }
}
