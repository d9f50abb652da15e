using System.ComponentModel;
using System.Globalization;
using InfraDedup.Cli.Infrastructure;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Secrets;
using InfraDedup.Core.Similarity;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

/// <summary>Which file kinds <c>similar</c> compares.</summary>
public enum SimilarKind
{
    All,
    Dockerfile,
    Shell,
    Python,
}

public sealed class SimilarSettings : FamilySettings
{
    [CommandOption("--kind <KIND>")]
    [TypeConverter(typeof(KebabEnumConverter<SimilarKind>))]
    [Description("Files to compare: dockerfile, shell, python or all.")]
    [DefaultValue("all")]
    public SimilarKind Kind { get; init; } = SimilarKind.All;

    [CommandOption("--min-size <N>")]
    [Description("Smallest family to report (at least 2).")]
    [DefaultValue(2)]
    public int MinSize { get; init; } = 2;

    [CommandOption("--keep-literals")]
    [Description("Compare values as written instead of abstracting literals and identifiers.")]
    public bool KeepLiterals { get; init; }

    [CommandOption("--measure <MEASURE>")]
    [TypeConverter(typeof(KebabEnumConverter<SimilarityMeasure>))]
    [Description("How candidate pairs are verified: aligned (Jaccard or instruction/statement alignment), jaccard (normalized token shingles only) or text (shingles of the raw text's words, comments included).")]
    [DefaultValue("aligned")]
    public SimilarityMeasure Measure { get; init; } = SimilarityMeasure.Aligned;

    [CommandOption("--linkage <LINKAGE>")]
    [TypeConverter(typeof(KebabEnumConverter<FamilyLinkage>))]
    [Description("medoid: every member is similar to its family's medoid; single: connected components of similar pairs (may chain below the threshold); complete: every two members of a family are similar.")]
    [DefaultValue("medoid")]
    public FamilyLinkage Linkage { get; init; } = FamilyLinkage.Medoid;

    [CommandOption("--pairs")]
    [Description("Also list every similar pair of files with its Jaccard (JSON: pairs).")]
    public bool Pairs { get; init; }

    [CommandOption("--include-image-sources")]
    [Description("Also compare scripts that Dockerfiles COPY into images by name (application sources such as app.py).")]
    public bool IncludeImageSources { get; init; }

    public SimilarityOptions ToOptions() => new()
    {
        Threshold = Threshold,
        MinFamilySize = MinSize,
        KeepLiterals = KeepLiterals,
        Measure = Measure,
        Linkage = Linkage,
        ReportPairs = Pairs,
        IncludeImageSources = IncludeImageSources,
        Kinds = Kind switch
        {
            SimilarKind.Dockerfile => FamilyKinds.Dockerfile,
            SimilarKind.Shell => FamilyKinds.Shell,
            SimilarKind.Python => FamilyKinds.Python,
            _ => FamilyKinds.All,
        },
    };

    public override ValidationResult Validate() =>
        MinSize < 2 ? ValidationResult.Error("--min-size must be at least 2.") : base.Validate();
}

[Description("Find near-duplicate Dockerfiles and script clones (families with what varies).")]
[JsonOutput("similar")]
public sealed class SimilarCommand(CliEnvironment env) : Command<SimilarSettings>
{
    public override int Execute(CommandContext context, SimilarSettings settings, CancellationToken cancellationToken)
    {
        TreeRoot.Require(settings.Path, "to search for near duplicates");
        var report = ProgressDisplay.Run(env, settings, progress =>
        {
            // Only the classified inventory is needed (no exact duplicates, no Dockerfile survey).
            var inventory = Scanner.Inventory(settings.Path, settings.ToWalkOptions(), progress, cancellationToken);
            return FamilyFinder.Find(inventory.Root, inventory.Files, settings.ToOptions(), progress, cancellationToken);
        });

        // Varying slots show values side by side: credential values are masked in every format.
        var redactor = SecretRedactor.ForTree(settings.Path, settings.ToWalkOptions());
        switch (settings.Format)
        {
            case OutputFormat.Json:
                ResultWriter.WriteDocument(env, settings, JsonText.Document(report, ReportJsonContext.Default.SimilarityReport), redactor);
                break;
            case OutputFormat.Markdown:
                ResultWriter.WriteDocument(env, settings, SimilarMarkdown.Render(report), redactor);
                break;
            default:
                ResultWriter.WriteView(env, settings, SimilarTables.Render(report, redactor), redactor);
                break;
        }

        return ExitCodes.Success;
    }
}
