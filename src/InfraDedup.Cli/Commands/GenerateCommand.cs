using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Templates;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class GenerateSettings : OutputSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Repository root the mapping's paths are relative to " + OptionText.CurrentDirectoryDefault + ".")]
    public string Path { get; init; } = ".";

    [CommandOption("--mapping <FILE>")]
    [Description("The service mapping (default: PATH/docker/service-mapping.json).")]
    public string? Mapping { get; init; }

    [CommandOption("--service <NAME>")]
    [Description("Only this service (or output path); repeatable.")]
    public string[] Service { get; init; } = [];

    [CommandOption("--check")]
    [Description("Render in memory and fail (exit 1, with a unified diff) if any generated file differs from its template.")]
    public bool Check { get; init; }

    [CommandOption("--header <MODE>")]
    [TypeConverter(typeof(KebabEnumConverter<HeaderMode>))]
    [Description("Generated-file header for every file: comment or none (default: each entry's own, comment unless set).")]
    public HeaderMode? Header { get; init; }
}

[Description("Render every generated Dockerfile from its template and the service mapping (--check: fail on any difference).")]
[JsonOutput("generate")]
public sealed class GenerateCommand(CliEnvironment env) : Command<GenerateSettings>
{
    public override int Execute(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Path, "to generate Dockerfiles in");
        var mappingFile = settings.Mapping ?? System.IO.Path.Combine(settings.Path, TemplateMapping.DefaultPath);
        var display = settings.Mapping ?? TemplateMapping.DefaultPath;
        var mapping = TemplateGenerator.LoadMapping(mappingFile, display);
        var result = TemplateGenerator.Run(settings.Path, mapping, display, new GenerateOptions
        {
            Services = settings.Service,
            Check = settings.Check,
            Header = settings.Header,
        }, cancellationToken);

        switch (settings.Format)
        {
            case OutputFormat.Json:
                ResultWriter.WriteDocument(env, settings, JsonText.Document(result, TemplateJsonContext.Default.GenerateResult));
                break;
            case OutputFormat.Markdown:
                ResultWriter.WriteDocument(env, settings, GenerateMarkdown.Render(result, settings.Check));
                break;
            default:
                if (settings.Check && result.HasDifferences)
                {
                    foreach (var file in result.Files.Where(f => f.Diff is not null))
                    {
                        env.Out.Write(file.Diff);
                    }

                    env.Out.Flush();
                }

                ResultWriter.WriteView(env, settings, GenerateTables.Render(result, settings.Check));
                break;
        }

        return settings.Check && result.HasDifferences ? ExitCodes.Findings : ExitCodes.Success;
    }
}
