using System.ComponentModel;
using System.Globalization;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Scripts;
using InfraDedup.Core.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class ScriptsSettings : TreeSettings;

[Description("Map every shell script onto deploy / monitor / maintain / other, with evidence, callers, copies and master-command coverage.")]
[JsonOutput("scripts")]
public sealed class ScriptsCommand(CliEnvironment env) : Command<ScriptsSettings>
{
    public override int Execute(CommandContext context, ScriptsSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Path, "to map the scripts of");
        var report = ProgressDisplay.Run(env, settings, progress => ScriptMap.Make(settings.Path, settings.ToWalkOptions(), progress, cancellationToken));

        // Evidence quotes command lines, which can carry credentials: masked in every format.
        var redactor = SecretRedactor.ForTree(settings.Path, settings.ToWalkOptions());
        switch (settings.Format)
        {
            case OutputFormat.Json:
                ResultWriter.WriteDocument(env, settings, JsonText.Document(report, ScriptMapJsonContext.Default.ScriptMapReport), redactor);
                break;
            case OutputFormat.Markdown:
                ResultWriter.WriteDocument(env, settings, ScriptMapMarkdown.Render(report), redactor);
                break;
            default:
                ResultWriter.WriteView(env, settings, ScriptTables.Render(report), redactor);
                break;
        }

        return ExitCodes.Success;
    }
}
