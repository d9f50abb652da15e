using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;
using InfraDedup.Core.Templates;

namespace InfraDedup.Core.Validation;

/// <summary>
/// The checks of <c>validate</c> that need no Docker engine: static equivalence of every touched service (effective
/// image spec before and after, base chain resolved, no changed file leaking in through the context), generated files
/// against their templates, and compose build references. Real builds are <see cref="BuildEquivalence"/>.
/// </summary>
public static class Validator
{
    /// <summary>Resolves <paramref name="root"/> and runs the static checks.</summary>
    public static (ValidationSubject Subject, IReadOnlyList<ValidationCheck> Checks) Run(string root, ValidateOptions options, CancellationToken cancellationToken = default)
    {
        var subject = ValidationSubject.Resolve(root, options, cancellationToken);
        return (subject, StaticChecks(subject, cancellationToken));
    }

    /// <summary>Every static, generated and compose check of a resolved subject, in that order.</summary>
    public static IReadOnlyList<ValidationCheck> StaticChecks(ValidationSubject subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var checks = new List<ValidationCheck>(subject.Findings);
        var resolver = BaseResolver(subject);
        var changed = subject.ChangedPaths;
        foreach (var pair in subject.Pairs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            checks.Add(Compare(pair, resolver, changed));
        }

        checks.AddRange(GeneratedChecks(subject, cancellationToken));
        checks.AddRange(MarkPreExisting(ComposeChecks(subject), subject));
        return [.. checks.OrderBy(c => c.Kind).ThenBy(c => c.ComposeFile ?? c.File, StringComparer.Ordinal).ThenBy(c => c.Service, StringComparer.Ordinal)];
    }

    /// <summary>Resolves the mapping's base image tags to their Dockerfiles in the current tree.</summary>
    public static IBaseImageResolver? BaseResolver(ValidationSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Mapping is not { BaseImages.Count: > 0 } mapping)
        {
            return null;
        }

        var images = new Dictionary<string, BaseImageDefinition>(StringComparer.Ordinal);
        foreach (var b in mapping.BaseImages)
        {
            if (subject.Current.Read(b.Dockerfile) is { } bytes)
            {
                images[b.Tag] = new BaseImageDefinition(DockerfileParser.Parse(bytes, b.Dockerfile), new Dictionary<string, string>(StringComparer.Ordinal));
            }
        }

        return new DictionaryBaseImageResolver(images);
    }

    /// <summary>The static comparison of one service: equal, or the first difference with both values.</summary>
    public static ValidationCheck Compare(ServicePair pair, IBaseImageResolver? resolver, IReadOnlyList<string> changedPaths)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(changedPaths);
        ValidationCheck Result(CheckStatus status, string detail, string? file = null) =>
            new(CheckKind.Static, pair.Service, pair.ComposeFile, status, detail, file ?? pair.DeclaredIn, file is null ? pair.Line : null, file is null ? pair.Column : null);

        var (o, c) = (pair.Original, pair.Consolidated);
        if (o.Tree.Read(o.Dockerfile) is not { } originalBytes)
        {
            // The original view is the tree before the operation: without the Dockerfile there the service could not
            // build before either, so this is not the operation's doing (--strict still fails on it).
            return Result(CheckStatus.Error, $"{o.Dockerfile} did not exist before the operation either (the service could not be built from it then); nothing to compare with") with { PreExisting = true };
        }

        if (c.Tree.Read(c.Dockerfile) is not { } consolidatedBytes)
        {
            return Result(CheckStatus.Fail, $"compose builds {c.Dockerfile}, which does not exist");
        }

        if (o.Context != c.Context)
        {
            return Result(CheckStatus.Fail, $"build context: original {RepoPaths.Display(o.Context)}, now {RepoPaths.Display(c.Context)}");
        }

        if (o.Target != c.Target)
        {
            return Result(CheckStatus.Fail, $"build target: original {o.Target ?? "(last stage)"}, now {c.Target ?? "(last stage)"}");
        }

        var originalDoc = DockerfileParser.Parse(originalBytes, o.Dockerfile);
        var consolidatedDoc = DockerfileParser.Parse(consolidatedBytes, c.Dockerfile);
        var proof = EquivalenceProver.Prove(originalDoc, o.Args, consolidatedDoc, c.Args, o.Target, resolver);
        if (!proof.Equivalent)
        {
            return Result(CheckStatus.Fail, $"{o.Dockerfile} → {c.Dockerfile}: {proof.Difference}", c.Dockerfile);
        }

        var ignore = DockerIgnoreOf(o.Tree, o.Context, o.Dockerfile);
        if (EquivalenceProver.ContextLeak(originalDoc, o.Args, o.Target, o.Context, ignore, changedPaths) is { } leak)
        {
            return Result(CheckStatus.Fail, $"{o.Dockerfile}: {leak}", o.Dockerfile);
        }

        return Result(CheckStatus.Pass, $"{SideText(o, "before the operation")} and {SideText(c, "now")} have equal effective image specs");
    }

    /// <summary>"svc/a/Dockerfile before the operation (build args A=1)": each side named with its time, so equal paths still read as two sides.</summary>
    private static string SideText(BuildSide side, string when)
    {
        var args = side.Args.Count == 0 ? string.Empty : $" (build args {string.Join(", ", side.Args.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value))})";
        return $"{side.Dockerfile} {when}{args}";
    }

    /// <summary><c>DOCKERFILE.dockerignore</c> next to the Dockerfile wins over the context's <c>.dockerignore</c>, as in BuildKit.</summary>
    private static DockerIgnore DockerIgnoreOf(ITreeView tree, string context, string dockerfile)
    {
        var bytes = tree.Read(dockerfile + ".dockerignore") ?? tree.Read(RepoPaths.Combine(context, ".dockerignore") ?? ".dockerignore");
        return bytes is null ? DockerIgnore.Empty : DockerIgnore.Parse(System.Text.Encoding.UTF8.GetString(bytes));
    }

    /// <summary><c>generate --check</c> for every generated file of the mapping: one check each.</summary>
    public static IReadOnlyList<ValidationCheck> GeneratedChecks(ValidationSubject subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Mapping is not { Generated.Count: > 0 })
        {
            return [];
        }

        GenerateResult result;
        try
        {
            var mapping = TemplateGenerator.LoadMapping(Path.Join(subject.Root, ServiceMapping.RepoPath), ServiceMapping.RepoPath);
            result = TemplateGenerator.Run(subject.Root, mapping, ServiceMapping.RepoPath, new GenerateOptions { Check = true }, cancellationToken);
        }
        catch (UserInputException e)
        {
            return [new ValidationCheck(CheckKind.Generated, null, null, CheckStatus.Error, e.Message, e.File ?? ServiceMapping.RepoPath, e.Line > 0 ? e.Line : null, e.Column > 0 ? e.Column : null)];
        }

        return [.. result.Files.Select(f => f.Status == GeneratedFileStatus.Unchanged
            ? new ValidationCheck(CheckKind.Generated, f.Service, null, CheckStatus.Pass, $"{f.Output} matches {f.Template}", f.Output)
            : new ValidationCheck(CheckKind.Generated, f.Service, null, CheckStatus.Fail, DriftDetail(f), f.Output, FirstChangedLine(f.Diff)))];
    }

    private static string DriftDetail(GeneratedFileResult file)
    {
        if (file.Status == GeneratedFileStatus.Missing)
        {
            return $"{file.Output} is missing; 'infradedup generate' renders it from {file.Template}";
        }

        var lines = (file.Diff ?? string.Empty).Split('\n');
        if (!lines.Any(l => l.StartsWith("@@", StringComparison.Ordinal)) && lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal)) is { } note)
        {
            // Same text, different bytes or mode (BOM, line ends, final newline, permission bits).
            return $"{file.Output} differs from {file.Template}: {note[2..]}";
        }

        var removed = lines.FirstOrDefault(l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal));
        var added = lines.FirstOrDefault(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal));
        var where = FirstChangedLine(file.Diff) is { } line ? $" at line {line}" : string.Empty;
        return $"{file.Output} differs from {file.Template}{where}: file has '{removed?[1..] ?? "(nothing)"}', the template renders '{added?[1..] ?? "(nothing)"}'";
    }

    /// <summary>The first line of the file (the "-" side) a unified diff changes: its first hunk's start plus the context lines before the change.</summary>
    private static int? FirstChangedLine(string? diff)
    {
        var lines = (diff ?? string.Empty).Split('\n');
        var hunk = Array.FindIndex(lines, l => l.StartsWith("@@ -", StringComparison.Ordinal));
        if (hunk < 0)
        {
            return null;
        }

        var digits = new string(lines[hunk][4..].TakeWhile(char.IsAsciiDigit).ToArray());
        if (!int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var line))
        {
            return null;
        }

        foreach (var text in lines.Skip(hunk + 1))
        {
            if (!text.StartsWith(' '))
            {
                break;
            }

            line++;
        }

        return Math.Max(1, line);
    }

    /// <summary>Every compose build's context folder and Dockerfile must exist in the current tree.</summary>
    public static IReadOnlyList<ValidationCheck> ComposeChecks(ValidationSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return ComposeChecks(subject.Current, subject.ComposeFiles);
    }

    /// <summary>
    /// Marks the compose checks whose problem the tree before the operation has too (same compose file, service and
    /// finding), so validate blames the operation only for what it changed. Without an operation nothing is marked.
    /// </summary>
    private static IEnumerable<ValidationCheck> MarkPreExisting(IReadOnlyList<ValidationCheck> checks, ValidationSubject subject)
    {
        if (subject.Original is not { } original || !checks.Any(c => c.Failed))
        {
            return checks;
        }

        var files = subject.ComposeFiles.Concat(original.Steps.Keys.Where(p => FileClassifier.IsComposeName(RepoPaths.NameOf(p)))).Distinct(StringComparer.Ordinal);
        var before = ComposeChecks(original, files).Where(c => c.Failed).Select(ProblemKey).ToHashSet();
        return checks.Select(c => c.Failed && before.Contains(ProblemKey(c)) ? c with { PreExisting = true } : c);
    }

    private static (string?, string?, CheckStatus, string) ProblemKey(ValidationCheck check) => (check.ComposeFile, check.Service, check.Status, check.Detail);

    /// <summary>The compose checks of <paramref name="files"/> in <paramref name="tree"/> (files absent from it are left out).</summary>
    private static List<ValidationCheck> ComposeChecks(ITreeView tree, IEnumerable<string> files)
    {
        var checks = new List<ValidationCheck>();
        foreach (var file in files)
        {
            var bytes = tree.Read(file);
            if (bytes is null)
            {
                continue;
            }

            var compose = ComposeReader.Read(file, System.Text.Encoding.UTF8.GetString(bytes));
            foreach (var error in compose.Errors)
            {
                checks.Add(new ValidationCheck(CheckKind.Compose, null, file, CheckStatus.Error, $"the compose file does not read cleanly: {error.Message}", file, error.Line, error.Column));
            }

            foreach (var service in compose.Services.Where(s => s.Build is not null))
            {
                checks.Add(ComposeCheck(tree, file, service.Name, service.Build!));
            }
        }

        return checks;
    }

    private static ValidationCheck ComposeCheck(ITreeView tree, string file, string service, ComposeBuild build)
    {
        var contextSpan = build.ContextSpan ?? build.KeySpan;
        if (build.Context is null)
        {
            return new ValidationCheck(CheckKind.Compose, service, file, CheckStatus.Skipped, UncheckableContext(build.ContextValue), file, contextSpan.Start.Line, contextSpan.Start.Column);
        }

        if (!tree.DirectoryExists(build.Context))
        {
            return new ValidationCheck(CheckKind.Compose, service, file, CheckStatus.Fail, $"build context '{RepoPaths.Display(build.Context)}' does not exist", file, contextSpan.Start.Line, contextSpan.Start.Column);
        }

        if (build.DockerfileInline is not null)
        {
            return new ValidationCheck(CheckKind.Compose, service, file, CheckStatus.Pass, $"context {RepoPaths.Display(build.Context)} exists; the Dockerfile is inline", file, contextSpan.Start.Line, contextSpan.Start.Column);
        }

        var dockerfileSpan = build.DockerfileSpan ?? build.KeySpan;
        if (build.Dockerfile is null)
        {
            return new ValidationCheck(CheckKind.Compose, service, file, CheckStatus.Fail, $"build.dockerfile '{build.DockerfileValue?.Raw}' points outside the tree or uses an unset variable", file, dockerfileSpan.Start.Line, dockerfileSpan.Start.Column);
        }

        return tree.Read(build.Dockerfile) is null
            ? new ValidationCheck(CheckKind.Compose, service, file, CheckStatus.Fail, $"Dockerfile '{build.Dockerfile}' does not exist", file, dockerfileSpan.Start.Line, dockerfileSpan.Start.Column)
            : new ValidationCheck(CheckKind.Compose, service, file, CheckStatus.Pass, $"context {RepoPaths.Display(build.Context)} and Dockerfile {build.Dockerfile} exist", file, dockerfileSpan.Start.Line, dockerfileSpan.Start.Column);
    }

    /// <summary>Why a build context cannot be checked in the tree: an unset variable, a remote source, or a path that leaves the repository.</summary>
    internal static string UncheckableContext(ComposeValue? context)
    {
        if (context is null)
        {
            return "the context cannot be located in the tree";
        }

        if (context.Value is null || context.UnresolvedVariables.Count > 0)
        {
            var names = context.UnresolvedVariables.Count > 0 ? string.Join(", ", context.UnresolvedVariables) : context.Raw;
            return $"the context '{context.Raw}' uses a variable that is not set ({names}); set it to check the reference";
        }

        return ComposeReader.IsRemote(context.Value)
            ? $"the context '{context.Raw}' is remote (git or URL); nothing in the tree to check"
            : $"the context '{context.Raw}' leaves the repository (it resolves outside the tree); validate checks only paths inside it";
    }
}
