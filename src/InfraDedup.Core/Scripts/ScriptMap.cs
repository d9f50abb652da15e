using System.Text.Json.Serialization;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Scripts;

/// <summary>The <c>infradedup scripts</c> document: every shell script of a tree, classified, with callers, copies and master-command coverage.</summary>
public sealed record ScriptMapReport
{
    public const string SchemaId = "infradedup/scripts@1";

    /// <summary>Identifies the document type and version.</summary>
    public string Schema { get; init; } = SchemaId;

    /// <summary>Absolute path of the mapped folder.</summary>
    public required string Root { get; init; }

    public required ScriptMapSummary Summary { get; init; }

    /// <summary>Every shell script, sorted by path.</summary>
    public required IReadOnlyList<ScriptEntry> Scripts { get; init; }

    /// <summary>Scripts that could not be read, with the reason (they have no class).</summary>
    public IReadOnlyList<SkippedEntry> Skipped { get; init; } = [];
}

/// <summary>Counts: scripts per class, how many are operational (outside build contexts), covered by a master command, replaceable by one.</summary>
public sealed record ScriptMapSummary(
    int Scripts,
    int Operational,
    int InBuildContext,
    int Deploy,
    int Monitor,
    int Maintain,
    int Other,
    int CoveredFully,
    int CoveredPartly,
    int ExactCopyGroups,
    int NearCopyGroups);

/// <summary>
/// One script: its class and the commands that decided it (file:line), whether it lives inside a build context (then
/// it is image content, not an operational script), who calls it, its exact and near copies, and master-command coverage.
/// </summary>
public sealed record ScriptEntry(
    string Path,
    ScriptClass Class,
    bool InBuildContext,
    IReadOnlyList<ScriptEvidence> Evidence,
    IReadOnlyList<ScriptCaller> Callers,
    IReadOnlyList<string> ExactCopies,
    IReadOnlyList<string> NearCopies,
    MasterCoverage Coverage);

/// <summary>
/// A file that runs or names the script: <paramref name="Kind"/> is <c>ci</c>, <c>makefile</c>, <c>cron</c>,
/// <c>systemd</c>, <c>script</c>, <c>compose</c>, <c>dockerfile</c>, <c>docs</c> or <c>other</c>; <paramref name="Reference"/>
/// the reference kind of the scan's evidence (<c>workflow</c>, <c>makefile</c>, <c>script</c>, <c>mention</c>, …).
/// </summary>
public sealed record ScriptCaller(string Source, int Line, string Kind, string Reference, string Detail);

/// <summary>How far a master command covers the script.</summary>
public enum CoverageLevel
{
    /// <summary>The script's whole effect is the master command with the options in <see cref="MasterCoverage.Command"/>.</summary>
    [JsonStringEnumMemberName("full")]
    Full,

    /// <summary>The master command of its class does this kind of work, but the script does more or other things (see the reason).</summary>
    [JsonStringEnumMemberName("partial")]
    Partial,

    /// <summary>No master command does what it does.</summary>
    [JsonStringEnumMemberName("none")]
    None,
}

/// <summary>Master-command coverage: level, the master (<c>deploy</c>, <c>monitor</c>, <c>maintain</c>), the derived command for full coverage, and why.</summary>
public sealed record MasterCoverage(CoverageLevel Level, string? Master, string? Command, string Reason);

/// <summary>Builds the <see cref="ScriptMapReport"/> from one scan with references (the scan's reference evidence gives the callers; no second index).</summary>
public static class ScriptMap
{
    /// <summary>Scans <paramref name="root"/> (with references) and maps its shell scripts.</summary>
    public static ScriptMapReport Make(string root, WalkOptions walk, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var scan = Scanner.Scan(root, walk, ScanParts.References, progress, cancellationToken);
        var families = FamilyFinder.Find(scan.Root, scan.Inventory, new SimilarityOptions { Kinds = FamilyKinds.Shell, IncludeImageSources = true }, progress, cancellationToken).Families;
        return Build(scan, [.. families.Where(f => f.Kind == FamilyKind.Shell).Select(f => (IReadOnlyList<string>)[.. f.Paths])], cancellationToken);
    }

    /// <summary>The map of a scan made with <see cref="ScanParts.References"/>; <paramref name="shellFamilies"/> (the paths of each near-duplicate shell family) give the near copies.</summary>
    public static ScriptMapReport Build(ScanReport scan, IReadOnlyList<IReadOnlyList<string>> shellFamilies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(shellFamilies);
        var scripts = scan.Inventory.Where(f => f.Kind == FileKind.ShellScript).OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
        var paths = scan.Inventory.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var contexts = BuildContexts.Of(scan);
        var references = scan.FileReferences.ToDictionary(r => r.Path, StringComparer.Ordinal);
        var exact = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var exactGroups = 0;
        var shell = scripts.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        foreach (var group in scan.ExactDuplicates)
        {
            var members = group.Paths.Where(shell.Contains).ToList();
            exactGroups += members.Count > 1 ? 1 : 0;
            foreach (var p in members)
            {
                exact[p] = [.. members.Where(m => m != p)];
            }
        }

        var near = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var nearGroups = 0;
        foreach (var members in shellFamilies)
        {
            var distinct = false;
            foreach (var p in members)
            {
                var others = members.Where(m => m != p && !(exact.TryGetValue(p, out var e) && e.Contains(m, StringComparer.Ordinal))).ToList();
                distinct |= others.Count > 0;
                near[p] = others;
            }

            nearGroups += distinct ? 1 : 0;
        }

        var entries = new List<ScriptEntry>();
        var skipped = new List<SkippedEntry>();
        foreach (var file in scripts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string text;
            try
            {
                text = File.ReadAllText(file.FullPath);
            }
            catch (Exception e) when (FileReads.IsReadFailure(e))
            {
                skipped.Add(new SkippedEntry(file.RelativePath, FileReads.Describe(e)));
                continue;
            }

            var classification = ScriptClassifier.Classify(text);
            var inContext = contexts.Contains(file.RelativePath);
            var callers = references.TryGetValue(file.RelativePath, out var refs)
                ? refs.Evidence.Where(NamesTheScript).Select(e => new ScriptCaller(e.Source, e.Line, CallerKind(e), e.Kind, e.Detail)).ToList()
                : [];
            entries.Add(new ScriptEntry(
                file.RelativePath,
                classification.Class,
                inContext,
                classification.Evidence,
                callers,
                exact.TryGetValue(file.RelativePath, out var x) ? x : [],
                near.TryGetValue(file.RelativePath, out var n) ? n : [],
                Coverage(file.RelativePath, text, classification, inContext, paths.Contains)));
        }

        var operational = entries.Where(e => !e.InBuildContext).ToList();
        var summary = new ScriptMapSummary(
            entries.Count,
            operational.Count,
            entries.Count - operational.Count,
            entries.Count(e => e.Class == ScriptClass.Deploy),
            entries.Count(e => e.Class == ScriptClass.Monitor),
            entries.Count(e => e.Class == ScriptClass.Maintain),
            entries.Count(e => e.Class == ScriptClass.Other),
            operational.Count(e => e.Coverage.Level == CoverageLevel.Full),
            operational.Count(e => e.Coverage.Level == CoverageLevel.Partial),
            exactGroups,
            nearGroups);
        return new ScriptMapReport { Root = scan.Root, Summary = summary, Scripts = entries, Skipped = skipped };
    }

    /// <summary>Master-command coverage of one script (scripts inside build contexts are image content: never replaced).</summary>
    public static MasterCoverage Coverage(string path, string text, ScriptClassification classification, bool inBuildContext, Func<string, bool> exists)
    {
        ArgumentNullException.ThrowIfNull(classification);
        var master = MasterName(classification.Class);
        if (inBuildContext)
        {
            return new MasterCoverage(CoverageLevel.None, null, null, "inside a build context: image content, not an operational script");
        }

        if (MasterCommandMatcher.Match(path, text, exists, out var reason) is { } match)
        {
            return new MasterCoverage(CoverageLevel.Full, MasterName(match.Master), match.Command, "the whole script is " + match.Replaced);
        }

        return master is null
            ? new MasterCoverage(CoverageLevel.None, null, null, "no master command does what it does")
            : new MasterCoverage(CoverageLevel.Partial, master, null, $"infradedup {master} does this kind of work, but not all of it: {reason}");
    }

    private static string? MasterName(ScriptClass c) => c switch
    {
        ScriptClass.Deploy => "deploy",
        ScriptClass.Monitor => "monitor",
        ScriptClass.Maintain => "maintain",
        _ => null,
    };

    /// <summary>Who a piece of reference evidence says calls the script, from the kind of file it is in.</summary>
    /// <summary>
    /// A caller names the script itself: a mention of only its folder (a <c>"scripts": {…}</c> key in package.json
    /// names every script under <c>scripts/</c>) keeps a file from being called dead, but calls nothing.
    /// </summary>
    internal static bool NamesTheScript(ReferenceEvidence evidence) =>
        evidence.Kind != "mention" || evidence.Detail.StartsWith("names its path", StringComparison.Ordinal);

    public static string CallerKind(ReferenceEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var source = evidence.Source;
        var name = source[(source.LastIndexOf('/') + 1)..];
        if (name.EndsWith(".service", StringComparison.Ordinal) || name.EndsWith(".timer", StringComparison.Ordinal))
        {
            return "systemd";
        }

        if (name.Contains("cron", StringComparison.OrdinalIgnoreCase) || source.Contains("/cron.", StringComparison.Ordinal) || source.StartsWith("cron", StringComparison.Ordinal))
        {
            return "cron";
        }

        if (ReferenceIndex.IsWorkflow(source) || evidence.Kind == "workflow" || name is ".gitlab-ci.yml" or "Jenkinsfile" or ".travis.yml" or "azure-pipelines.yml" || source.StartsWith(".circleci/", StringComparison.Ordinal))
        {
            return "ci";
        }

        return evidence.Kind switch
        {
            "makefile" => "makefile",
            "script" => "script",
            "compose-build" or "compose-file" => "compose",
            "dockerfile-run" or "dockerfile-copy" => "dockerfile",
            _ when ReferenceIndex.IsMakefile(source) => "makefile",
            _ when name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rst", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || source.StartsWith("docs/", StringComparison.Ordinal) => "docs",
            _ when name.EndsWith(".sh", StringComparison.Ordinal) || name.EndsWith(".bash", StringComparison.Ordinal) => "script",
            _ => "other",
        };
    }
}

/// <summary>
/// Which scripts are image content: named by a Dockerfile's COPY/ADD/RUN, or inside a build context other than the
/// repository root (the folder of a Dockerfile, or a context a compose file, workflow, Makefile or script builds).
/// A root context makes nothing image content by itself, or every script of such a repository would be.
/// </summary>
internal sealed class BuildContexts
{
    private readonly HashSet<string> _named = new(StringComparer.Ordinal);
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);

    public static BuildContexts Of(ScanReport scan)
    {
        var result = new BuildContexts();
        foreach (var f in scan.Inventory.Where(f => f.Kind == FileKind.Dockerfile))
        {
            result.AddFolder(RepoPaths.DirectoryOf(f.RelativePath));
        }

        foreach (var build in scan.References?.Builds ?? [])
        {
            result.AddFolder(build.Context);
        }

        foreach (var r in scan.References?.References ?? [])
        {
            if (r.Kind is ReferenceKind.DockerfileCopy or ReferenceKind.DockerfileRun)
            {
                result._named.Add(r.Target);
            }
        }

        return result;
    }

    private void AddFolder(string folder)
    {
        var f = folder.Trim('/');
        while (f.StartsWith("./", StringComparison.Ordinal))
        {
            f = f[2..];
        }

        if (f.Length > 0 && f != ".")
        {
            _folders.Add(f + "/");
        }
    }

    public bool Contains(string path)
    {
        if (_named.Contains(path))
        {
            return true;
        }

        for (var i = path.IndexOf('/', StringComparison.Ordinal); i >= 0; i = path.IndexOf('/', i + 1))
        {
            if (_folders.Contains(path[..(i + 1)]))
            {
                return true;
            }
        }

        return false;
    }
}
