using InfraDedup.Core.Apply;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Templates;
using InfraDedup.Core.Tests.TestSupport;
using InfraDedup.Core.Validation;

namespace InfraDedup.Core.Tests.Planning;

/// <summary>
/// Files the real repositories copy into many build contexts (../shared/corpora/real, SOURCES.md Table 3): after
/// apply every copy is a generated file from few maintained sources, regenerates byte for byte with its mode,
/// validate is green, and rollback gives back the tree exactly.
/// </summary>
public sealed class RealCorpusCopyTests
{
    [Fact]
    public void Php_370_shell_files_come_from_at_most_13_maintained_sources()
    {
        using var tree = RealCorpora.Copy("docker-library-php");
        var shell = ShellFiles(tree.Root);
        Assert.Equal(370, shell.Count);

        var plan = Apply(tree, out var generated);

        // The shell files that are not generated copies are maintained sources; templates are maintained too.
        var maintained = shell.Where(p => !generated.Contains(p)).Concat(plan.Copies!.SelectMany(g => g.SourcesCreated)).Distinct(StringComparer.Ordinal).ToList();
        Report($"php: {generated.Count} generated copies, {maintained.Count} maintained sources: {string.Join(", ", maintained.Order(StringComparer.Ordinal))}");
        Assert.True(maintained.Count <= 13, $"{maintained.Count} maintained sources");
        var entrypoint = Assert.Single(plan.Copies!, g => g.ContextPath == "docker-php-entrypoint");
        Assert.Equal(3, entrypoint.DistinctContents);
        Assert.Equal(71, entrypoint.Outputs.Count); // root + 70 variant folders, the root one of the three variants
        Assert.Equal(["docker-php-ext-configure"], plan.Copies!.Single(g => g.ContextPath == "docker-php-ext-configure").Sources);
        Assert.Equal(70, plan.Copies!.Single(g => g.ContextPath == "docker-php-source").Outputs.Count);
        Assert.Equal(10, plan.Copies!.Single(g => g.ContextPath == "apache2-foreground").Outputs.Count);
    }

    [Theory]
    [InlineData("docker-library-postgres", 2, 40)]
    [InlineData("nodejs-docker-node", 1, 24)]
    public void Postgres_and_node_have_one_source_per_distinct_script(string corpus, int scripts, int copies)
    {
        using var tree = RealCorpora.Copy(corpus);

        var plan = Apply(tree, out _);

        Report($"{corpus}: {plan.Summary.GeneratedCopies} generated copies from {plan.Summary.CopySources} sources");
        Assert.Equal(scripts, plan.Copies!.Count);
        Assert.All(plan.Copies!, g => Assert.Equal([g.ContextPath], g.Sources)); // the root originals stay the sources
        Assert.Equal(copies, plan.Summary.GeneratedCopies);
        Assert.Equal(scripts, plan.Summary.CopySources);
        Assert.All(plan.Copies!.SelectMany(g => g.Outputs), o =>
            Assert.Contains(plan.Accounting!.Files, f => f.Path == o && f.Outcome == FileOutcome.Consolidated));
    }

    [Fact]
    public void Bitnami_507_library_copies_come_from_at_most_23_sources()
    {
        using var tree = RealCorpora.Copy("bitnami-docker-legacy");

        var plan = Apply(tree, out _);

        var libraries = plan.Copies!.Where(g => g.ContextPath.StartsWith("prebuildfs/opt/bitnami/scripts/lib", StringComparison.Ordinal) && g.ContextPath.EndsWith(".sh", StringComparison.Ordinal)).ToList();
        var sources = libraries.SelectMany(g => g.Sources).Distinct(StringComparer.Ordinal).Count();
        Report($"bitnami: {libraries.Count} libraries, {libraries.Sum(g => g.Outputs.Count)} copies, {libraries.Sum(g => g.DistinctContents)} distinct contents, {sources} sources; all copied files: {plan.Summary.GeneratedCopies} copies from {plan.Summary.CopySources} sources");
        Assert.Equal(13, libraries.Count);
        Assert.Equal(507, libraries.Sum(g => g.Outputs.Count));
        Assert.Equal(23, libraries.Sum(g => g.DistinctContents));
        Assert.True(sources <= 23, $"{sources} sources");
    }

    /// <summary>
    /// Plans and applies; checks that every generated copy equals its original (bytes and mode, by generate --check
    /// in the applied tree against the snapshot taken before), validate passes, and rollback restores the tree.
    /// </summary>
    private static Plan Apply(TempTree tree, out HashSet<string> generated)
    {
        var before = TreeSnapshot.Capture(tree.Root);
        var plan = Planner.Make(tree.Root, new PlanOptions(), cancellationToken: TestContext.Current.CancellationToken).Plan;
        generated = plan.Copies!.SelectMany(g => g.Outputs).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(generated);

        var op = ApplyEngine.Apply(tree.Root, plan, new ApplyOptions()).OpId;

        var after = TreeSnapshot.Capture(tree.Root);
        Assert.All(generated, path => Assert.Equal(before.Entries[path], after.Entries[path]));
        var mapping = TemplateGenerator.LoadMapping(Path.Join(tree.Root, ServiceMapping.RepoPath), ServiceMapping.RepoPath);
        var check = TemplateGenerator.Run(tree.Root, mapping, ServiceMapping.RepoPath, new GenerateOptions { Check = true }, TestContext.Current.CancellationToken);
        Assert.False(check.HasDifferences, string.Join("\n", check.Files.Where(f => f.Diff is not null).Select(f => f.Diff).Take(3)));
        var copies = generated;
        Assert.All(mapping.Generated.Where(e => copies.Contains(e.Output)), e => Assert.Equal(TemplateMapping.FormatMode(File.GetUnixFileMode(Path.Join(tree.Root, e.Output))), e.Mode));

        // Regenerating from the sources alone reproduces every copy: delete them, generate, compare with before.
        foreach (var path in generated)
        {
            File.Delete(Path.Join(tree.Root, path));
        }

        TemplateGenerator.Run(tree.Root, mapping, ServiceMapping.RepoPath, new GenerateOptions(), TestContext.Current.CancellationToken);
        var regenerated = TreeSnapshot.Capture(tree.Root);
        Assert.All(generated, path => Assert.Equal(before.Entries[path], regenerated.Entries[path]));

        var (_, checks) = Validator.Run(tree.Root, new ValidateOptions(), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(checks, c => c.FailsRun(strict: false));
        Assert.Equal(generated.Count, checks.Count(c => c.Kind == CheckKind.Generated && c.Status == CheckStatus.Pass && c.File is { } f && copies.Contains(f)));

        ApplyEngine.Rollback(tree.Root, op, new RollbackOptions());
        Assert.Empty(before.Diff(TreeSnapshot.Capture(tree.Root)));
        return plan;
    }

    /// <summary>Shell files as SOURCES.md counts them: <c>.sh</c>/<c>.bash</c> plus extensionless files with an sh/bash shebang.</summary>
    private static List<string> ShellFiles(string root) =>
        [.. Scanner.Scan(root, new WalkOptions(), ScanParts.None).Inventory.Where(f => f.Kind == FileKind.ShellScript).Select(f => f.RelativePath)];

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
