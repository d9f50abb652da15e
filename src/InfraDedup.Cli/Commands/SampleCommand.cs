using System.ComponentModel;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Sample;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

public sealed class SampleSettings : SampleSizeSettings
{
    [CommandOption("--out-dir <DIR>")]
    [Description("Folder to write the sample monorepo into (created; must be empty unless --force).")]
    public string? OutDir { get; init; }

    [CommandOption("--out <DIR>", IsHidden = true)]
    [Description(OptionText.OldOutDir)]
    public string? Out { get; init; }

    /// <summary>The folder asked for (<c>--out-dir</c>, or its old name <c>--out</c>).</summary>
    public string? OutDirectory => OutDir ?? Out;

    [CommandOption("--force")]
    [Description("Replace the contents of a non-empty --out-dir folder.")]
    public bool Force { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(OutDirectory))
        {
            return ValidationResult.Error("--out-dir DIR is required: say where to write the sample.");
        }

        return base.Validate();
    }
}

[Description("Write a deterministic sample monorepo (with ground-truth.json) for trying and benchmarking.")]
public sealed class SampleCommand(CliEnvironment env) : Command<SampleSettings>
{
    public override int Execute(CommandContext context, SampleSettings settings, CancellationToken cancellationToken)
    {
        var truth = Generate(settings.OutDirectory!, settings.Services, settings.Seed, settings.Force);
        var dockerfiles = DockerfilesScanCounts(settings.OutDirectory!);
        ResultWriter.WriteView(env, settings, new TableView()
            .Summary(new Markup($"Wrote a sample monorepo of [bold]{truth.Services}[/] services (seed {truth.Seed}) to [bold]{Markup.Escape(settings.OutDirectory!)}[/]\n"))
            .Detail(new Text($"  {Plural.Of(dockerfiles, "Dockerfile")} ({truth.DockerfileFamilies.Sum(f => f.Paths.Count)} of them in {Plural.Of(truth.DockerfileFamilies.Count, "near-duplicate family", "near-duplicate families")}), "
                + $"{Plural.Of(truth.ExactDuplicates.Count, "exact-duplicate group")}, "
                + $"{Plural.Of(truth.DeadFiles.Count, "dead file")}, {Plural.Of(truth.ComposeServices.Count, "compose service")}; ground truth in {SampleGroundTruth.FileName}\n")));

        return ExitCodes.Success;
    }

    /// <summary>
    /// The Dockerfiles of the written tree as <c>scan</c> counts them (ignore files honoured, classified by name), so the
    /// two commands print the same total; the families hold fewer (a service kind with one member is no family).
    /// </summary>
    internal static int DockerfilesScanCounts(string root) =>
        RepoWalker.Walk(root, new WalkOptions()).Files
            .Count(f => FileClassifier.ClassifyByName(f.RelativePath) == FileKind.Dockerfile);

    /// <summary>Generates a sample, turning the generator's refusals into user errors.</summary>
    internal static SampleGroundTruth Generate(string outputDirectory, int services, long seed, bool overwrite)
    {
        try
        {
            return SampleGenerator.Generate(new SampleOptions { OutputDirectory = outputDirectory, Services = services, Seed = seed, Overwrite = overwrite });
        }
        catch (SampleOutputNotEmptyException)
        {
            throw new UserInputException($"'{outputDirectory}' is not empty; choose an empty or new folder, or pass --force to replace its contents.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot write the sample to '{outputDirectory}': {IoErrors.Reason(e)}", e);
        }
    }
}
