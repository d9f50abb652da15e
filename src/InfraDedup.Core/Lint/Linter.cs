using System.Collections.Concurrent;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Lint;

/// <summary>The result of linting a set of files.</summary>
/// <param name="Files">Display paths of the linted files, sorted.</param>
/// <param name="Findings">Reported findings (after ignores and severity overrides), sorted by file, line, column, rule.</param>
/// <param name="Skipped">Paths that could not be read, with the reason.</param>
public sealed record LintReport(IReadOnlyList<string> Files, IReadOnlyList<LintFinding> Findings, IReadOnlyList<SkippedEntry> Skipped)
{
    /// <summary>True when any finding is at or above the threshold.</summary>
    public bool Fails(FailureThreshold threshold) => Findings.Any(f => threshold.Fails(f.Severity));
}

/// <summary>Runs the rules of <see cref="LintRegistry"/> over Dockerfiles.</summary>
public static class Linter
{
    /// <summary>Lints Dockerfile text.</summary>
    public static IReadOnlyList<LintFinding> LintText(string text, string file = "Dockerfile", LintConfig? config = null, IReadOnlyList<LintRule>? rules = null) =>
        Lint(DockerfileParser.Parse(text, file), file, config, rules);

    /// <summary>Lints a parsed document. A document with parse errors yields only <c>DL1000</c> findings.</summary>
    public static IReadOnlyList<LintFinding> Lint(DockerfileDocument document, string file, LintConfig? config = null, IReadOnlyList<LintRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        config ??= LintConfig.Default;
        rules ??= LintRegistry.All;
        var context = new LintContext(document, file, config);
        var parseError = DL1000.StopsOtherRules(document);
        foreach (var rule in rules)
        {
            if (!config.IsEnabled(rule) || (parseError && rule is not DL1000))
            {
                continue;
            }

            try
            {
                rule.Check(context);
            }
            catch (Exception e)
            {
                // A rule bug must not stop the other rules or crash the run: say so as a finding.
                context.Report(rule, 1, 1, 1, $"internal error in rule {rule.Id} ({e.GetType().Name}: {e.Message}); please report it");
            }
        }

        var honourPragmas = !config.DisableIgnorePragma;
        var result = context.Findings
            .Where(f => f.Severity != LintSeverity.Ignore && !(honourPragmas && f.RuleId != DL1000.Code && context.Pragmas.Silences(f.RuleId, f.Line)))
            .Distinct()
            .ToList();
        result.Sort(LintFinding.Compare);
        return result;
    }

    /// <summary>Reads and lints one file; unreadable files become a <c>DL1000</c> finding-free skip.</summary>
    public static IReadOnlyList<LintFinding> LintFile(string fullPath, string displayPath, LintConfig? config = null)
    {
        var bytes = Inventory.ReadFaults.ReadAllBytes(fullPath);
        return Lint(DockerfileParser.Parse(bytes, displayPath), displayPath, config);
    }

    /// <summary>
    /// Lints files and directories. A file argument is linted whatever its name; a directory is walked (ignore files and
    /// globs honoured) and every file named like a Dockerfile in it is linted. Files are linted in parallel; the result is sorted.
    /// </summary>
    /// <exception cref="UserInputException">A path does not exist.</exception>
    public static LintReport LintPaths(IReadOnlyList<string> paths, WalkOptions walkOptions, LintConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(walkOptions);
        config ??= LintConfig.Default;
        var targets = new List<(string Full, string Display)>();
        var skipped = new List<SkippedEntry>();
        var explicitFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in paths.Count == 0 ? ["."] : paths)
        {
            if (File.Exists(p))
            {
                // A file named on the command line must be a regular, readable file: a FIFO would block forever and
                // an unreadable file is an error (exit 2), not a warning.
                Inventory.InputFile.RequireRegular(p, "a Dockerfile or a directory to lint");
                explicitFiles.Add(Path.GetFullPath(p));
                targets.Add((Path.GetFullPath(p), p));
            }
            else if (Directory.Exists(p))
            {
                var walk = RepoWalker.Walk(p, walkOptions, cancellationToken);
                var prefix = p is "." or "./" ? string.Empty : p.TrimEnd('/') + "/";
                foreach (var f in walk.Files)
                {
                    if (FileClassifier.ClassifyByName(f.RelativePath) == FileKind.Dockerfile)
                    {
                        targets.Add((f.FullPath, prefix + f.RelativePath));
                    }
                }
            }
            else
            {
                throw new UserInputException($"'{p}' does not exist; pass Dockerfiles or directories to lint.");
            }
        }

        var results = new ConcurrentBag<LintFinding>();
        var bad = new ConcurrentBag<SkippedEntry>();
        Parallel.ForEach(
            targets.DistinctBy(t => t.Full, StringComparer.Ordinal),
            new ParallelOptions { CancellationToken = cancellationToken },
            t =>
            {
                try
                {
                    foreach (var f in LintFile(t.Full, t.Display, config))
                    {
                        results.Add(f);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    bad.Add(new SkippedEntry(t.Display, e.Message));
                }
            });

        if (targets.Where(t => explicitFiles.Contains(t.Full)).Select(t => bad.FirstOrDefault(b => b.Path == t.Display)).FirstOrDefault(b => b is not null) is { } unreadable)
        {
            throw new UserInputException($"cannot read '{unreadable.Path}': {unreadable.Reason}; make it readable or leave it out.", unreadable.Path);
        }

        var findings = results.ToList();
        findings.Sort(LintFinding.Compare);
        skipped.AddRange(bad.OrderBy(s => s.Path, StringComparer.Ordinal));
        var files = targets.Select(t => t.Display).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new LintReport(files, findings, skipped);
    }
}
