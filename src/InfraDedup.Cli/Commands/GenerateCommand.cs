using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Core;
using InfraDedup.Core.Templates;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Commands;

public sealed class GenerateSettings : OutputSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Repository root the mapping's paths are relative to (default: the current directory).")]
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

    public override ValidationResult Validate() =>
        Directory.Exists(Path) ? ValidationResult.Success() : ValidationResult.Error($"'{Path}' {(File.Exists(Path) ? "is a file, not a folder" : "does not exist")}; give the folder to generate Dockerfiles in (default: the current directory).");
}

[Description("Render every generated Dockerfile from its template and the service mapping (--check: fail on any difference).")]
[JsonOutput("generate")]
public sealed class GenerateCommand(CliEnvironment env) : Command<GenerateSettings>
{
    public override int Execute(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
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
                ResultWriter.WriteDocument(env, settings, GenerateText.Markdown(result, settings.Check));
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

                if (!settings.Quiet || result.HasDifferences)
                {
                    ResultWriter.WriteRenderables(env, settings, GenerateText.Summary(result, settings.Check));
                }

                break;
        }

        return settings.Check && result.HasDifferences ? ExitCodes.Findings : ExitCodes.Success;
    }
}

/// <summary>Human-readable views of a generate run.</summary>
internal static class GenerateText
{
    public static IEnumerable<IRenderable> Summary(GenerateResult result, bool check)
    {
        var counts = result.Files.GroupBy(f => f.Status).ToDictionary(g => g.Key, g => g.Count());
        int Count(GeneratedFileStatus s) => counts.GetValueOrDefault(s);
        var ms = result.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        if (check)
        {
            var bad = Count(GeneratedFileStatus.Differs) + Count(GeneratedFileStatus.Missing);
            yield return bad == 0
                ? new Markup($"[green]{result.Files.Count} generated files match their templates[/] ({ms} ms)\n")
                : new Markup($"[red]{bad} of {result.Files.Count} generated files differ from their templates[/] "
                    + $"({Count(GeneratedFileStatus.Missing)} missing); run 'infradedup generate' to update them, or fix the template or mapping.\n");
            yield break;
        }

        foreach (var file in result.Files.Where(f => f.Status != GeneratedFileStatus.Unchanged))
        {
            yield return new Text($"{(file.Status == GeneratedFileStatus.Created ? "created" : "updated")} {file.Output}\n");
        }

        yield return new Markup($"{result.Files.Count} generated files: {Count(GeneratedFileStatus.Written)} updated, {Count(GeneratedFileStatus.Created)} created, "
            + $"{Count(GeneratedFileStatus.Unchanged)} unchanged ({ms} ms)\n");
    }

    public static string Markdown(GenerateResult result, bool check)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(check ? "# generate --check\n\n" : "# generate\n\n");
        sb.Append("| output | template | status |\n|---|---|---|\n");
        foreach (var f in result.Files)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| `{f.Output}` | `{f.Template}` | {f.Status.ToString().ToLowerInvariant()} |\n");
        }

        foreach (var f in result.Files.Where(f => f.Diff is not null))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n```diff\n{f.Diff}```\n");
        }

        return sb.ToString();
    }
}
