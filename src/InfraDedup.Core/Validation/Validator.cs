using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
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
        checks.AddRange(ComposeChecks(subject));
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
            new(CheckKind.Static, pair.Service, pair.ComposeFile, status, detail, file ?? pair.ComposeFile, file is null ? pair.Line : null, file is null ? pair.Column : null);

        var (o, c) = (pair.Original, pair.Consolidated);
        if (o.Tree.Read(o.Dockerfile) is not { } originalBytes)
        {
            return Result(CheckStatus.Error, $"the original Dockerfile {o.Dockerfile} is in neither the tree nor the archive");
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

        var args = c.Args.Count == 0 ? string.Empty : $" (build args {string.Join(", ", c.Args.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value))})";
        return Result(CheckStatus.Pass, $"{o.Dockerfile} and {c.Dockerfile}{args} have equal effective image specs");
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
        var checks = new List<ValidationCheck>();
        foreach (var file in subject.ComposeFiles)
        {
            var bytes = subject.Current.Read(file);
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
                checks.Add(ComposeCheck(subject.Current, file, service.Name, service.Build!));
            }
        }

        return checks;
    }

    private static ValidationCheck ComposeCheck(CurrentTree tree, string file, string service, ComposeBuild build)
    {
        var contextSpan = build.ContextSpan ?? build.KeySpan;
        if (build.Context is null)
        {
            return new ValidationCheck(CheckKind.Compose, service, file, CheckStatus.Skipped, "the context is remote or uses an unset variable", file, contextSpan.Start.Line, contextSpan.Start.Column);
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
}
