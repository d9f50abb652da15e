using System.Text;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Templates;
using InfraDedup.Core.Tests.TestSupport;
using InfraDedup.Core.Validation;

namespace InfraDedup.Core.Tests.Planning.Stages;

/// <summary>
/// Files copied into many build contexts: one canonical source (a kept original, a new file or a template) and every
/// context copy a generated file that regenerates byte for byte with its mode.
/// </summary>
public sealed class CopiedFileStageTests
{
    private const string Entrypoint = "#!/bin/sh\nset -e\nif [ \"${1#-}\" != \"$1\" ]; then\n\tset -- {0} \"$@\"\nfi\nexec \"$@\"\n";

    private static string EntrypointFor(string command) => Entrypoint.Replace("{0}", command, StringComparison.Ordinal);

    private static string Dockerfile(string image) => $"FROM {image}\nCOPY docker-entrypoint.sh /usr/local/bin/\nCOPY app.conf /etc/app.conf\nENTRYPOINT [\"docker-entrypoint.sh\"]\n";

    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    /// <summary>Version folders like docker-library's: each a build context with its own copy of the entrypoint.</summary>
    private static TempTree Versions(Func<string, string> entrypoint, bool rootOriginal, params string[] versions)
    {
        var tree = new TempTree();
        if (rootOriginal)
        {
            tree.File("docker-entrypoint.sh", entrypoint("root"));
            File.SetUnixFileMode(tree.PathOf("docker-entrypoint.sh"), Executable);
        }

        foreach (var version in versions)
        {
            tree.File($"{version}/Dockerfile", Dockerfile("alpine:" + version))
                .File($"{version}/docker-entrypoint.sh", entrypoint(version))
                .File($"{version}/app.conf", "listen 80\n")
                .File($"{version}/README.md", "not copied by the Dockerfile\n");
            File.SetUnixFileMode(tree.PathOf($"{version}/docker-entrypoint.sh"), Executable);
        }

        return tree;
    }

    private static Plan MakePlan(TempTree tree) => Planner.Make(tree.Root, new PlanOptions { Project = "copies" }).Plan;

    [Fact]
    public void Identical_copies_come_from_the_root_original_which_is_kept_as_it_is()
    {
        using var tree = Versions(_ => EntrypointFor("app"), rootOriginal: true, "3.19", "3.20", "3.21");

        var plan = MakePlan(tree);

        var group = Assert.Single(plan.Copies!, g => g.ContextPath == "docker-entrypoint.sh");
        Assert.Equal(["docker-entrypoint.sh"], group.Sources);
        Assert.Empty(group.SourcesCreated);
        Assert.Equal(["3.19/docker-entrypoint.sh", "3.20/docker-entrypoint.sh", "3.21/docker-entrypoint.sh"], group.Outputs);
        var mapping = Mapping(plan);
        Assert.All(mapping.Generated.Where(e => e.Output.EndsWith("docker-entrypoint.sh", StringComparison.Ordinal)), e =>
        {
            Assert.True(e.Verbatim);
            Assert.Equal("docker-entrypoint.sh", e.Template);
            Assert.Equal("0755", e.Mode);
        });
        Assert.Contains(plan.Inputs, i => i.Path == "docker-entrypoint.sh");
        Assert.Contains(plan.Inputs, i => i.Path == "3.20/docker-entrypoint.sh");
        Assert.DoesNotContain(plan.Actions, a => a.Path.EndsWith("docker-entrypoint.sh", StringComparison.Ordinal));
    }

    [Fact]
    public void Identical_copies_without_an_original_get_a_new_canonical_source_with_their_mode()
    {
        using var tree = Versions(_ => EntrypointFor("app"), rootOriginal: false, "3.19", "3.20");

        var plan = MakePlan(tree);

        var created = Assert.Single(plan.Actions, a => a.Path == "docker/shared/files/docker-entrypoint.sh");
        Assert.Equal(PlanActionKind.Create, created.Kind);
        Assert.Equal("0755", created.Mode);
        Assert.Equal(EntrypointFor("app"), created.Content);
        var conf = Assert.Single(plan.Actions, a => a.Path == "docker/shared/files/app.conf");
        Assert.Equal("0644", conf.Mode);
        Assert.Equal(4, plan.Summary.GeneratedCopies);
        Assert.Equal(2, plan.Summary.CopySources);
    }

    [Fact]
    public void Copies_in_a_few_variants_become_one_template_whose_renderings_are_the_original_bytes()
    {
        // The cli/fpm/apache pattern of docker-php-entrypoint: one word differs per variant; the root is one variant.
        using var tree = Versions(v => EntrypointFor(v == "root" || v.EndsWith('0') ? "php" : v.EndsWith('1') ? "php-fpm" : "apache2-foreground"), rootOriginal: true, "8.0", "8.1", "8.2", "9.0", "9.1", "9.2");

        var plan = MakePlan(tree);

        var group = Assert.Single(plan.Copies!, g => g.ContextPath == "docker-entrypoint.sh");
        Assert.Equal(3, group.DistinctContents);
        var template = Assert.Single(group.Sources);
        Assert.Equal("docker/shared/files/docker-entrypoint.sh.sbn", template);
        Assert.Contains("docker-entrypoint.sh", group.Outputs); // the root original is one of the variants
        Assert.Equal(7, group.Outputs.Count);
        var source = Assert.Single(plan.Actions, a => a.Path == template).Content!;
        Assert.Contains("{{", source, StringComparison.Ordinal);
        foreach (var entry in Mapping(plan).Generated.Where(e => e.Template == template))
        {
            var rendered = TemplateRenderer.Compile(source, template).Render(entry.Parameters, entry.Layout, entry.EffectiveHeader);
            Assert.Equal(File.ReadAllBytes(tree.PathOf(entry.Output)), rendered);
            Assert.Equal("0755", entry.Mode);
        }
    }

    [Fact]
    public void Files_different_in_every_context_files_no_COPY_sends_and_application_code_are_not_copies()
    {
        using var tree = new TempTree();
        foreach (var (name, n) in new[] { ("a", 1), ("b", 2), ("c", 3), ("d", 4) })
        {
            tree.File($"svc/{name}/Dockerfile", "FROM python:3.12\nCOPY app.py settings.ini ./\n")
                .File($"svc/{name}/app.py", "print('same in every service')\n")
                .File($"svc/{name}/settings.ini", $"id = {n}\n")
                .File($"svc/{name}/notes.txt", "same, but never copied\n");
        }

        var plan = MakePlan(tree);

        Assert.Null(plan.Copies);
        Assert.Null(plan.Summary.GeneratedCopies);
        Assert.DoesNotContain("\"copies\": [", PlanJsonContext.Serialize(plan), StringComparison.Ordinal);
        Assert.DoesNotContain("generatedCopies", PlanJsonContext.Serialize(plan), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".", "a/b.sh", true)]
    [InlineData("prebuildfs", "prebuildfs/opt/lib.sh", true)]
    [InlineData("prebuildfs", "prebuildfsx/lib.sh", false)]
    [InlineData("docker-php-*", "docker-php-source", true)]
    [InlineData("docker-php-*", "docker-entrypoint", false)]
    [InlineData("conf/*.conf", "conf/nginx.conf", true)]
    [InlineData("conf/*.conf", "conf/sub/nginx.conf", false)]
    public void A_COPY_source_sends_the_file_itself_what_is_under_a_folder_and_glob_matches(string source, string file, bool sends) =>
        Assert.Equal(sends, CopiedFileStage.Sends(source, file));

    [Fact]
    public void After_apply_generate_check_and_validate_pass_and_rollback_restores_the_tree_exactly()
    {
        using var tree = Versions(v => EntrypointFor(v == "root" || v.EndsWith('0') ? "php" : "php-fpm"), rootOriginal: true, "8.0", "8.1", "9.0", "9.1");
        var before = TreeSnapshot.Capture(tree.Root);
        var plan = MakePlan(tree);

        var op = ApplyEngine.Apply(tree.Root, plan, new ApplyOptions()).OpId;

        var check = TemplateGenerator.Run(tree.Root, TemplateGenerator.LoadMapping(tree.PathOf(ServiceMapping.RepoPath), ServiceMapping.RepoPath), ServiceMapping.RepoPath, new GenerateOptions { Check = true }, TestContext.Current.CancellationToken);
        Assert.False(check.HasDifferences);
        Assert.Equal(plan.Summary.GeneratedCopies, check.Files.Count(f => plan.Copies!.Any(g => g.Outputs.Contains(f.Output))));
        var (_, checks) = Validator.Run(tree.Root, new ValidateOptions(), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(checks, c => c.FailsRun(strict: true));
        Assert.Contains(checks, c => c.Kind == CheckKind.Generated && c.File == "8.1/docker-entrypoint.sh" && c.Status == CheckStatus.Pass);

        // A copy that loses its executable bit is drift: generate --check and validate say so, generate repairs it.
        File.SetUnixFileMode(tree.PathOf("9.1/docker-entrypoint.sh"), (UnixFileMode)0b110_100_100);
        var drift = Validator.Run(tree.Root, new ValidateOptions(), TestContext.Current.CancellationToken).Checks.Single(c => c.Status == CheckStatus.Fail);
        Assert.Contains("mode: 0644 on disk, 0755 in the mapping", drift.Detail, StringComparison.Ordinal);
        TemplateGenerator.Run(tree.Root, TemplateGenerator.LoadMapping(tree.PathOf(ServiceMapping.RepoPath), ServiceMapping.RepoPath), ServiceMapping.RepoPath, new GenerateOptions(), TestContext.Current.CancellationToken);
        Assert.Equal(Executable, File.GetUnixFileMode(tree.PathOf("9.1/docker-entrypoint.sh")));

        ApplyEngine.Rollback(tree.Root, op, new RollbackOptions());
        Assert.Empty(before.Diff(TreeSnapshot.Capture(tree.Root)));
    }

    [Fact]
    public void Generate_writes_a_missing_copy_from_its_source_with_the_recorded_mode()
    {
        using var tree = Versions(_ => EntrypointFor("app"), rootOriginal: true, "3.19", "3.20");
        var plan = MakePlan(tree);
        ApplyEngine.Apply(tree.Root, plan, new ApplyOptions());
        File.Delete(tree.PathOf("3.20/docker-entrypoint.sh"));

        var mapping = TemplateGenerator.LoadMapping(tree.PathOf(ServiceMapping.RepoPath), ServiceMapping.RepoPath);
        var result = TemplateGenerator.Run(tree.Root, mapping, ServiceMapping.RepoPath, new GenerateOptions(), TestContext.Current.CancellationToken);

        Assert.Equal(GeneratedFileStatus.Created, result.Files.Single(f => f.Output == "3.20/docker-entrypoint.sh").Status);
        Assert.Equal(Encoding.UTF8.GetBytes(EntrypointFor("app")), File.ReadAllBytes(tree.PathOf("3.20/docker-entrypoint.sh")));
        Assert.Equal(Executable, File.GetUnixFileMode(tree.PathOf("3.20/docker-entrypoint.sh")));
    }

    [Fact]
    public void A_bad_mode_in_the_mapping_is_an_error_at_its_entry()
    {
        var json = "{\n  \"generated\": [\n    { \"template\": \"a\", \"output\": \"b\", \"mode\": \"rwx\" }\n  ]\n}\n"u8.ToArray();

        var error = Assert.Throws<UserInputException>(() => TemplateMapping.Parse(json, "m.json"));

        Assert.Contains("\"mode\" 'rwx' is not an octal permission string", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    private static ServiceMapping Mapping(Plan plan)
    {
        var text = Assert.Single(plan.Actions, a => a.Path == ServiceMapping.RepoPath).Content!;
        return System.Text.Json.JsonSerializer.Deserialize(text, PlanJsonContext.Default.ServiceMapping)!;
    }

    /// <summary>
    /// The copies are found and prepared while the compose files are rewritten and the plan assembled, before the
    /// plan's own files are known, and the files the plan touches are dropped afterwards: the plan is the one the
    /// stages give one after another, also when a context sends files the plan replaces (nested Dockerfiles).
    /// </summary>
    [Fact]
    public void Copies_found_beside_the_other_stages_give_the_plan_made_one_stage_after_another()
    {
        using var tree = Versions(v => EntrypointFor("app-" + v), rootOriginal: true, "3.19", "3.20", "3.21");
        foreach (var version in new[] { "3.19", "3.20", "3.21" })
        {
            tree.File($"{version}/sub/Dockerfile", "FROM alpine:3.20\nCOPY . /app\n")
                .File($"{version}/sub/entry.sh", "#!/bin/sh\nexec app\n")
                .File($"{version}/wide/Dockerfile", "FROM alpine:" + version + "\nCOPY . /srv\n")
                .File($"{version}/wide/sub/Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");
        }

        var options = new PlanOptions { Project = "copies" };
        var beside = Planner.Make(tree.Root, options);
        var inTurn = Planner.Make(tree.Root, options with { OverlapStages = false });

        Assert.NotEmpty(beside.Plan.Copies!);
        Assert.Equal(PlanJsonContext.Serialize(inTurn.Plan), PlanJsonContext.Serialize(beside.Plan));
        Assert.Equal(PlanJsonContext.Serialize(inTurn.Mapping), PlanJsonContext.Serialize(beside.Mapping));
        Assert.Equal(inTurn.ProposedFiles, beside.ProposedFiles);
    }
}
