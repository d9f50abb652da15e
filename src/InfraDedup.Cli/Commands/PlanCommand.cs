using System.ComponentModel;
using System.Globalization;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class PlanSettings : FamilySettings
{
    [CommandOption("--out-dir <DIR>")]
    [Description("Folder to write plan.json, service-mapping.json and the proposed files into (default: PATH/.infradedup/plan).")]
    public string? OutDir { get; init; }

    [CommandOption("--out <DIR>", IsHidden = true)]
    [Description(OptionText.OldOutDir)]
    public string? Out { get; init; }

    /// <summary>The plan folder asked for (<c>--out-dir</c>, or its old name <c>--out</c>).</summary>
    public string? OutDirectory => OutDir ?? Out;

    [CommandOption("--strategy <STRATEGY>")]
    [TypeConverter(typeof(KebabEnumConverter<StrategyChoice>))]
    [Description("auto (shared Dockerfiles with build args, templates for the rest), build-args, or template.")]
    [DefaultValue("auto")]
    public StrategyChoice Strategy { get; init; } = StrategyChoice.Auto;

    [CommandOption("--remove-dead")]
    [Description("Also remove Dockerfiles nothing in the tree names (status 'unreferenced'); never while the reference analysis is incomplete.")]
    public bool RemoveDead { get; init; }

    /// <summary>The old opt-out; removal is opt-in now, so this does nothing (accepted for one release).</summary>
    [CommandOption("--keep-dead", IsHidden = true)]
    public bool KeepDead { get; init; }

    [CommandOption("--no-base-images")]
    [Description("Do not extract shared instruction prefixes into base images.")]
    public bool NoBaseImages { get; init; }

    [CommandOption("--project <NAME>")]
    [Description("Project name for base image tags (default: the folder's name).")]
    public string? Project { get; init; }

    [CommandOption("--scripts")]
    [Description("Also consolidate operational scripts (exact copies, near-copies that differ only in literal words) and propose master-command replacements (applied only with apply --accept-script-replacements).")]
    public bool Scripts { get; init; }
}

[Description("Plan a provably equivalent consolidation: shared Dockerfiles with build args, base images, templates; writes plan.json.")]
[JsonOutput("plan")]
public sealed class PlanCommand(CliEnvironment env) : Command<PlanSettings>
{
    public override int Execute(CommandContext context, PlanSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Path, "to plan a consolidation for");
        var options = new PlanOptions
        {
            Strategy = settings.Strategy,
            Threshold = settings.Threshold,
            RemoveDeadFiles = settings.RemoveDead && !settings.KeepDead,
            BaseImages = !settings.NoBaseImages,
            Project = settings.Project,
            Scripts = settings.Scripts,
            Walk = settings.ToWalkOptions(),
            ToolVersion = CliApp.Version,
            CollectSecrets = true,
        };
        var outDir = settings.OutDirectory ?? Path.Combine(settings.Path, ".infradedup", "plan");
        PlanWriter.CheckTarget(outDir);
        var result = ProgressDisplay.Run(env, settings, progress => Planner.Make(settings.Path, options, progress, cancellationToken));
        // The secrets of the plan's own scan and parses, collected while it planned (CollectSecrets): the same files the
        // tree's walk finds, without walking and parsing them again. The walk only guards a planner that left them out.
        var redactor = result.Redactor ?? SecretRedactor.ForTree(settings.Path, settings.ToWalkOptions());
        var written = PlanWriter.Write(outDir, result, redactor);
        foreach (var warning in result.Plan.Warnings)
        {
            env.Error.WriteLine("warning: " + warning);
        }

        switch (settings.Format)
        {
            case OutputFormat.Json:
                // plan.json itself: apply's input, which must carry the files' exact content (see docs/security.md).
                ResultWriter.WriteDocument(env, settings, PlanJsonContext.Serialize(result.Plan));
                break;
            case OutputFormat.Markdown:
                ResultWriter.WriteDocument(env, settings, written.Summary);
                break;
            default:
                ResultWriter.WriteView(env, settings, PlanTables.Render(result.Plan, outDir), redactor);
                break;
        }

        if (written.SecretCarriers.Count > 0)
        {
            ResultWriter.Note(env, settings, "some generated files keep credential values the Dockerfiles bake in; summary.md lists them ('infradedup lint' rule ID1001 says how to move them out).");
        }

        return ExitCodes.Success;
    }
}
