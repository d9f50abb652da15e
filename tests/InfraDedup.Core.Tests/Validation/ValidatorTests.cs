using InfraDedup.Core.Apply;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Tests.Planning.Stages;
using InfraDedup.Core.Tests.TestSupport;
using InfraDedup.Core.Validation;

namespace InfraDedup.Core.Tests.Validation;

/// <summary>Static validation after a real plan and apply: equal when untouched, and each kind of tampering caught.</summary>
public sealed class ValidatorTests
{
    private const string Compose = """
        services:
          alpha:
            build:
              context: ./services/alpha
              dockerfile: Dockerfile
          beta:
            build: ./services/beta
          gamma:
            build:
              context: ./services/gamma
              args:
                BUILD_ENV: production
          db:
            image: postgres:16

        """;

    private const string Shared = "docker/shared/python-3-11-slim.Dockerfile";

    /// <summary>Three agents that plan into one shared Dockerfile with build args, applied for real.</summary>
    private static (TempTree Tree, string OpId, Plan Plan) AppliedAgents()
    {
        var tree = new TempTree().File("docker-compose.yml", Compose);
        StageFixture.AddAgents(tree);

        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;
        Assert.Equal(3, plan.Summary.ServicesConsolidated);
        var applied = ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true, NoFsync = true });
        return (tree, applied.OpId!, plan);
    }

    private static string SharedPathOf(Plan plan) => plan.Actions.Single(a => a.Path.StartsWith("docker/shared/", StringComparison.Ordinal)).Path;

    private static IReadOnlyList<ValidationCheck> Run(TempTree tree, string? op = null) => Validator.Run(tree.Root, new ValidateOptions { OpId = op }).Checks;

    [Fact]
    public void After_apply_every_touched_service_is_statically_equal_and_references_resolve()
    {
        var (tree, opId, _) = AppliedAgents();
        using var _ = tree;
        var (subject, checks) = Validator.Run(tree.Root, new ValidateOptions());

        Assert.Equal(opId, subject.OpId);
        Assert.All(checks, c => Assert.False(c.Failed, c.Detail));
        var statics = checks.Where(c => c.Kind == CheckKind.Static).ToList();
        Assert.Equal(["alpha", "beta", "gamma"], statics.Select(c => c.Service));
        Assert.All(statics, c => Assert.Equal(CheckStatus.Pass, c.Status));
        Assert.Equal(3, checks.Count(c => c.Kind == CheckKind.Compose && c.Status == CheckStatus.Pass));
    }

    [Fact]
    public void A_tampered_shared_Dockerfile_fails_every_service_on_it_with_the_first_difference()
    {
        var (tree, _, plan) = AppliedAgents();
        using var _ = tree;
        var shared = SharedPathOf(plan);
        File.WriteAllText(tree.PathOf(shared), File.ReadAllText(tree.PathOf(shared)).Replace("USER 10001", "USER root", StringComparison.Ordinal));

        var failed = Run(tree).Where(c => c.Failed).ToList();

        Assert.Equal(["alpha", "beta", "gamma"], failed.Select(c => c.Service));
        Assert.All(failed, c =>
        {
            Assert.Equal(CheckKind.Static, c.Kind);
            Assert.Contains("10001", c.Detail, StringComparison.Ordinal);
            Assert.Contains("root", c.Detail, StringComparison.Ordinal);
            Assert.Equal(shared, c.File);
        });
    }

    [Fact]
    public void A_changed_compose_build_arg_fails_that_service_only()
    {
        var (tree, _, _) = AppliedAgents();
        using var _ = tree;
        var compose = File.ReadAllText(tree.PathOf("docker-compose.yml"));
        Assert.Contains("PORT: \"8002\"", compose, StringComparison.Ordinal);
        File.WriteAllText(tree.PathOf("docker-compose.yml"), compose.Replace("PORT: \"8002\"", "PORT: \"9002\"", StringComparison.Ordinal));

        var failed = Assert.Single(Run(tree), c => c.Failed);

        Assert.Equal("beta", failed.Service);
        Assert.Equal("docker-compose.yml", failed.ComposeFile);
        Assert.Contains("8002", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("9002", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_shared_Dockerfile_is_a_broken_compose_reference_with_its_line()
    {
        var (tree, _, plan) = AppliedAgents();
        using var _ = tree;
        File.Delete(tree.PathOf(SharedPathOf(plan)));

        var checks = Run(tree);

        var compose = checks.Where(c => c.Kind == CheckKind.Compose && c.Failed).ToList();
        Assert.Equal(["alpha", "beta", "gamma"], compose.Select(c => c.Service));
        Assert.All(compose, c =>
        {
            Assert.Contains("does not exist", c.Detail, StringComparison.Ordinal);
            Assert.True(c.Line > 1);
        });
        Assert.All(checks.Where(c => c.Kind == CheckKind.Static), c => Assert.Equal(CheckStatus.Fail, c.Status));
    }

    [Fact]
    public void A_file_the_operation_did_not_touch_but_compose_now_misses_is_reported()
    {
        var (tree, _, _) = AppliedAgents();
        using var _ = tree;
        Directory.Delete(tree.PathOf("services/gamma"), recursive: true);

        var failed = Run(tree).Where(c => c.Kind == CheckKind.Compose && c.Failed).ToList();

        var gamma = Assert.Single(failed);
        Assert.Equal("gamma", gamma.Service);
        Assert.Contains("build context 'services/gamma' does not exist", gamma.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void On_the_sample_plan_apply_validate_passes_and_a_tampered_generated_file_is_caught()
    {
        using var tree = new TempTree();
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = tree.Root, Services = 40, Seed = 3, Overwrite = true });
        var plan = Planner.Make(tree.Root, new PlanOptions { Project = "sample", RemoveDeadFiles = true }).Plan;
        ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true, NoFsync = true });

        var checks = Run(tree);
        Assert.All(checks, c => Assert.False(c.Failed, $"{c.Kind} {c.ComposeFile}:{c.Service}: {c.Detail}"));
        var proven = plan.Services.Select(s => (s.ComposeFile, s.Service)).ToHashSet();
        var passed = checks.Where(c => c.Kind == CheckKind.Static && c.Status == CheckStatus.Pass).Select(c => (c.ComposeFile!, c.Service!)).ToHashSet();
        Assert.True(proven.SetEquals(passed), string.Join("; ", checks.Where(c => c.Kind == CheckKind.Static && c.Status != CheckStatus.Pass).Select(c => $"{c.ComposeFile}:{c.Service} {c.Status} {c.Detail}")) + " | missing " + string.Join(", ", proven.Except(passed)));
        var generated = checks.Where(c => c.Kind == CheckKind.Generated).ToList();
        Assert.NotEmpty(generated);

        // Edit a generated Dockerfile by hand: its generated check fails naming the file, the line, and both texts.
        var victim = generated[0].File!;
        var lines = File.ReadAllLines(tree.PathOf(victim)).ToList();
        var cmd = lines.FindLastIndex(l => l.StartsWith("CMD", StringComparison.Ordinal) || l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.True(cmd >= 0);
        var was = lines[cmd];
        lines[cmd] = "CMD [\"sh\"]";
        File.WriteAllText(tree.PathOf(victim), string.Join('\n', lines) + "\n");

        var failed = Run(tree).Where(c => c.Failed).ToList();
        var drift = Assert.Single(failed, c => c.Kind == CheckKind.Generated);
        Assert.Equal(victim, drift.File);
        Assert.Equal(cmd + 1, drift.Line);
        Assert.Contains(was, drift.Detail, StringComparison.Ordinal);
        Assert.Contains("CMD [\"sh\"]", drift.Detail, StringComparison.Ordinal);

        // The same edit changes the image: the static checks of the services built from it fail too, with CMD named.
        var statics = failed.Where(c => c.Kind == CheckKind.Static).ToList();
        Assert.NotEmpty(statics);
        Assert.All(statics, c => Assert.Contains("CMD", c.Detail, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Without_an_operation_the_mapping_is_used_and_a_compose_arg_that_disagrees_is_caught()
    {
        // Consolidation done by hand (no journal): shared Dockerfile, mapping and compose edits, originals still there.
        var tree = new TempTree().File("docker-compose.yml", Compose);
        using var _ = tree;
        StageFixture.AddAgents(tree);

        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;
        foreach (var action in plan.Actions.Where(a => a.Kind != PlanActionKind.Remove))
        {
            tree.File(action.Path, action.Content!);
        }

        var (subject, checks) = Validator.Run(tree.Root, new ValidateOptions());
        Assert.Null(subject.OpId);
        Assert.StartsWith("service mapping", subject.Basis, StringComparison.Ordinal);
        Assert.Equal(3, checks.Count(c => c.Kind == CheckKind.Static && c.Status == CheckStatus.Pass));

        var compose = File.ReadAllText(tree.PathOf("docker-compose.yml"));
        File.WriteAllText(tree.PathOf("docker-compose.yml"), compose.Replace("AGENT_NAME: \"alpha\"", "AGENT_NAME: \"omega\"", StringComparison.Ordinal));
        var failed = Assert.Single(Run(tree), c => c.Failed);
        Assert.Equal("alpha", failed.Service);
        Assert.Contains("AGENT_NAME", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("omega", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void After_rollback_there_is_nothing_to_validate_and_that_is_a_clear_error()
    {
        var (tree, opId, _) = AppliedAgents();
        using var _ = tree;
        ApplyEngine.Rollback(tree.Root, opId, new RollbackOptions { NoFsync = true });

        var e = Assert.Throws<UserInputException>(() => Run(tree));
        Assert.Contains("nothing to validate", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{opId}, was rolled back", e.Message, StringComparison.Ordinal);

        var named = Assert.Throws<UserInputException>(() => Run(tree, opId));
        Assert.Contains("rolled back", named.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_or_malformed_operation_id_is_a_clear_error()
    {
        var (tree, _, _) = AppliedAgents();
        using var _ = tree;

        var unknown = Assert.Throws<UserInputException>(() => Run(tree, "20200101T000000000Z-abcdef"));
        Assert.Contains("there is no operation 20200101T000000000Z-abcdef", unknown.Message, StringComparison.Ordinal);
        var malformed = Assert.Throws<UserInputException>(() => Run(tree, "latest"));
        Assert.Contains("not an operation id", malformed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_archive_object_stops_validation_naming_the_file()
    {
        var (tree, opId, _) = AppliedAgents();
        using var _ = tree;
        var state = new StateFolder(TreePath.ResolveRoot(tree.Root), new DurableFs(FaultInjection.None, sync: false));
        var journal = state.ReadJournal(opId);
        var step = journal.Steps.First(s => s.Before is not null);
        var obj = state.Archive.ObjectPath(step.Before!.Sha256);
        File.SetUnixFileMode(obj, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(obj, "garbage");

        var e = Assert.Throws<UserInputException>(() => Run(tree));
        Assert.Contains("damaged", e.Message, StringComparison.Ordinal);
        Assert.Contains(step.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_render_as_json_markdown_and_sarif_with_one_result_per_failed_check()
    {
        var (tree, _, plan) = AppliedAgents();
        using var _ = tree;
        File.Delete(tree.PathOf(SharedPathOf(plan)));
        var (subject, checks) = Validator.Run(tree.Root, new ValidateOptions());
        var report = new ValidationReport(subject.Root, subject.OpId, subject.Basis, false, checks);

        var json = ValidationFormatter.Json(report);
        Assert.Contains("\"kind\": \"compose\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"fail\"", json, StringComparison.Ordinal);
        Assert.Contains("\"composeFile\": \"docker-compose.yml\"", json, StringComparison.Ordinal);

        var markdown = ValidationFormatter.Markdown(report);
        Assert.Contains("| FAIL | compose | alpha | docker-compose.yml |", markdown, StringComparison.Ordinal);

        var sarif = System.Text.Json.JsonDocument.Parse(ValidationFormatter.Sarif(report, "test"));
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.Equal(checks.Count(c => c.Failed), results.GetArrayLength());
        var ids = results.EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()).ToHashSet();
        Assert.Equal(["IDV001", "IDV004"], ids.Order());
    }

    /// <summary>Three Dockerfiles built on their own (no compose file), docker-library style: one per folder.</summary>
    private static TempTree StandaloneVariants()
    {
        var tree = new TempTree();
        foreach (var (name, port) in new[] { ("alpha", 8001), ("beta", 8002), ("gamma", 8003) })
        {
            tree.File($"{name}/Dockerfile", $"FROM alpine:3.20\nRUN apk add --no-cache curl\nWORKDIR /app\nCOPY app.txt .\nENV APP_NAME={name} PORT={port}\nEXPOSE {port}\nCMD [\"cat\", \"app.txt\"]\n");
            tree.File($"{name}/app.txt", name + "\n");
        }

        return tree;
    }

    [Fact]
    public void Generated_Dockerfiles_no_compose_file_builds_are_compared_on_their_own_with_their_folder_as_context()
    {
        using var tree = StandaloneVariants();
        var plan = Planner.Make(tree.Root, new PlanOptions { Project = "solo", Strategy = StrategyChoice.Template }).Plan;
        Assert.Equal(1, plan.Summary.Templates);
        ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true, NoFsync = true });

        var (subject, checks) = Validator.Run(tree.Root, new ValidateOptions());
        Assert.Equal(["alpha/Dockerfile", "beta/Dockerfile", "gamma/Dockerfile"], subject.Pairs.Select(p => p.Consolidated.Dockerfile));
        Assert.All(subject.Pairs, p =>
        {
            Assert.Null(p.ComposeFile);
            Assert.Equal(p.Consolidated.Dockerfile, p.DeclaredIn);
            Assert.Equal(RepoPaths.DirectoryOf(p.Consolidated.Dockerfile), p.Original.Context);
            Assert.Equal(p.Original.Context, p.Consolidated.Context);
            Assert.IsType<OriginalTree>(p.Original.Tree);
        });
        var statics = checks.Where(c => c.Kind == CheckKind.Static).ToList();
        Assert.Equal(3, statics.Count);
        Assert.All(statics, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.File}: {c.Detail}"));
        Assert.All(statics, c => Assert.Equal((c.File, 1, 1), (subject.Pairs.Single(p => p.Service == c.Service).Consolidated.Dockerfile, c.Line!.Value, c.Column!.Value)));

        // A hand edit of one generated Dockerfile changes its image: its own static check fails, naming it; the others pass.
        var beta = tree.PathOf("beta/Dockerfile");
        File.WriteAllText(beta, File.ReadAllText(beta).Replace("PORT=8002", "PORT=9999", StringComparison.Ordinal));
        var failed = Run(tree).Where(c => c.Kind == CheckKind.Static && c.Failed).ToList();
        var changed = Assert.Single(failed);
        Assert.Equal("beta/Dockerfile", changed.File);
        Assert.Contains("9999", changed.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// Three variants built from the repository root by per-service scripts (<c>docker build -f alpha/Dockerfile .</c>),
    /// their COPY sources named from the root. The scripts are near-copies, so the plan may turn them into wrappers.
    /// </summary>
    private static TempTree RootContextVariants()
    {
        var tree = new TempTree();
        foreach (var (name, port) in new[] { ("alpha", 8001), ("beta", 8002), ("gamma", 8003) })
        {
            tree.File($"{name}/Dockerfile", $"FROM alpine:3.20\nRUN apk add --no-cache curl\nWORKDIR /app\nCOPY {name}/app.txt .\nCOPY shared/motd.txt /etc/motd\nENV APP_NAME={name} PORT={port}\nEXPOSE {port}\nCMD [\"cat\", \"app.txt\"]\n");
            tree.File($"{name}/app.txt", name + "\n");
            tree.File($"scripts/build-{name}.sh", $"#!/bin/sh\nset -eu\ncd \"$(dirname \"$0\")/..\"\necho \"building {name}\"\ndocker build -f {name}/Dockerfile -t {name}:latest .\n");
        }

        tree.File("shared/motd.txt", "welcome\n");
        return tree;
    }

    [Fact]
    public void Generated_Dockerfiles_a_script_builds_are_compared_with_the_context_that_script_gave_before_the_operation()
    {
        using var tree = RootContextVariants();
        var plan = Planner.Make(tree.Root, new PlanOptions { Project = "solo", Strategy = StrategyChoice.Template }).Plan;
        Assert.Equal(1, plan.Summary.Templates);
        ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true, NoFsync = true });

        var (subject, checks) = Validator.Run(tree.Root, new ValidateOptions());
        Assert.Equal(["alpha/Dockerfile", "beta/Dockerfile", "gamma/Dockerfile"], subject.Pairs.Select(p => p.Consolidated.Dockerfile));
        Assert.All(subject.Pairs, p => Assert.Equal((string.Empty, string.Empty), (p.Original.Context, p.Consolidated.Context)));
        var statics = checks.Where(c => c.Kind == CheckKind.Static).ToList();
        Assert.Equal(3, statics.Count);
        Assert.All(statics, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.File}: {c.Detail}"));

        // Files are read from the root context: a generated Dockerfile edited to copy another root file into
        // /etc/motd builds a different image, and only its own check fails.
        var beta = tree.PathOf("beta/Dockerfile");
        File.WriteAllText(beta, File.ReadAllText(beta).Replace("COPY shared/motd.txt", "COPY alpha/app.txt", StringComparison.Ordinal));
        var failed = Assert.Single(Run(tree), c => c.Kind == CheckKind.Static && c.Failed);
        Assert.Equal("beta/Dockerfile", failed.File);
        Assert.Contains("/etc/motd", failed.Detail, StringComparison.Ordinal);
    }
}

/// <summary>
/// Validate blames the operation only for what it changed: problems the tree had before it (rebuilt from journal and
/// archive) are reported as pre-existing and fail the run only with --strict; each kind of check is counted apart.
/// </summary>
public sealed class ValidatorPreExistingTests
{
    /// <summary>
    /// Three agents to consolidate, plus what was already wrong before apply: 'delta' builds a Dockerfile that does
    /// not exist, 'outside' builds a context that leaves the repository, and legacy/docker-compose.yml does not read.
    /// </summary>
    private static (TempTree Tree, string OpId) AppliedOverBrokenTree()
    {
        var tree = new TempTree()
            .File("docker-compose.yml", """
                services:
                  alpha:
                    build: ./services/alpha
                  beta:
                    build: ./services/beta
                  gamma:
                    build: ./services/gamma
                  delta:
                    build: ./services/delta
                  outside:
                    build:
                      context: ../../backend

                """)
            .File("legacy/docker-compose.yml", "services:\n  old:\n    build: [not, a, path]\n")
            .File("services/delta/app.py", "print('no Dockerfile here')\n");
        StageFixture.AddAgents(tree);

        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;
        Assert.Equal(3, plan.Summary.ServicesConsolidated);
        Assert.Contains(plan.Actions, a => a.Path == "docker-compose.yml"); // delta's compose file is one the operation edits
        var applied = ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true, NoFsync = true });
        return (tree, applied.OpId!);
    }

    [Fact]
    public void Problems_the_tree_had_before_the_operation_are_pre_existing_and_do_not_fail_the_run_unless_strict()
    {
        var (tree, _) = AppliedOverBrokenTree();
        using var _ = tree;
        var (subject, checks) = Validator.Run(tree.Root, new ValidateOptions());

        var problems = checks.Where(c => c.Failed).ToList();
        Assert.NotEmpty(problems);
        Assert.All(problems, c => Assert.True(c.PreExisting, $"{c.Kind} {c.ComposeFile}:{c.Service}: {c.Detail}"));
        Assert.Contains(problems, c => c.Kind == CheckKind.Compose && c.ComposeFile == "legacy/docker-compose.yml" && c.Status == CheckStatus.Error);
        Assert.Contains(problems, c => c.Kind == CheckKind.Compose && c.Service == "delta" && c.Detail.Contains("services/delta/Dockerfile", StringComparison.Ordinal));
        var deltaStatic = Assert.Single(problems, c => c.Kind == CheckKind.Static && c.Service == "delta");
        Assert.Contains("did not exist before the operation either", deltaStatic.Detail, StringComparison.Ordinal);

        var report = new ValidationReport(subject.Root, subject.OpId, subject.Basis, false, checks);
        Assert.True(report.Ok);
        Assert.Equal(problems.Count, report.Summary.PreExisting);
        Assert.Equal((0, 0), (report.Summary.Failed, report.Summary.Errors));
        var s = report.Summary;
        Assert.Equal(s.Checks, s.Passed + s.Failed + s.Errors + s.PreExisting + s.Skipped);
        Assert.Contains("were there before the operation", ValidationFormatter.Headline(report), StringComparison.Ordinal);
        Assert.Contains("\"level\": \"warning\"", ValidationFormatter.Sarif(report, "1.0"), StringComparison.Ordinal);

        var strict = report with { Strict = true };
        Assert.False(strict.Ok);
        Assert.DoesNotContain("\"level\": \"warning\"", ValidationFormatter.Sarif(strict, "1.0"), StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_operation_broke_still_fails_next_to_the_pre_existing_problems()
    {
        var (tree, _) = AppliedOverBrokenTree();
        using var _ = tree;
        var shared = Directory.EnumerateFiles(tree.PathOf("docker/shared")).Single();
        File.Delete(shared);

        var checks = Validator.Run(tree.Root, new ValidateOptions()).Checks;
        var introduced = checks.Where(c => c.FailsRun(strict: false)).ToList();

        Assert.Equal(["alpha", "beta", "gamma"], introduced.Where(c => c.Kind == CheckKind.Compose).Select(c => c.Service));
        Assert.DoesNotContain(introduced, c => c.Service == "delta" || c.ComposeFile == "legacy/docker-compose.yml");
        Assert.False(new ValidationReport(tree.Root, null, "operation", false, checks).Ok);
    }

    [Fact]
    public void A_context_outside_the_repository_is_named_as_such_not_as_remote_or_unset()
    {
        var (tree, _) = AppliedOverBrokenTree();
        using var _ = tree;

        var outside = Assert.Single(Validator.Run(tree.Root, new ValidateOptions()).Checks, c => c.Kind == CheckKind.Compose && c.Service == "outside");

        Assert.Equal(CheckStatus.Skipped, outside.Status);
        Assert.Contains("'../../backend' leaves the repository", outside.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("remote", outside.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("unset", outside.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_kind_of_check_is_counted_under_its_own_name_and_details_name_both_sides()
    {
        var (tree, opId) = AppliedOverBrokenTree();
        using var _ = tree;
        var (subject, checks) = Validator.Run(tree.Root, new ValidateOptions());
        var report = new ValidationReport(subject.Root, subject.OpId, subject.Basis, false, checks);

        var statics = checks.Where(c => c.Kind == CheckKind.Static && c.Status == CheckStatus.Pass).ToList();
        Assert.Equal(["alpha", "beta", "gamma"], statics.Select(c => c.Service));
        Assert.All(statics, c =>
        {
            Assert.StartsWith($"services/{c.Service}/Dockerfile before the operation and docker/shared/", c.Detail, StringComparison.Ordinal);
            Assert.Contains(" now (build args ", c.Detail, StringComparison.Ordinal);
        });

        var headline = ValidationFormatter.Headline(report);
        var composePassed = checks.Count(c => c.Kind == CheckKind.Compose && c.Status == CheckStatus.Pass);
        var composeDecided = checks.Count(c => c.Kind == CheckKind.Compose && c.Status != CheckStatus.Skipped);
        Assert.Contains("equivalence proofs (static) 3/4 (1 pre-existing)", headline, StringComparison.Ordinal);
        Assert.Contains($"compose references {composePassed}/{composeDecided} resolve", headline, StringComparison.Ordinal);
        Assert.Equal(report.Kinds.Sum(k => k.Checks), report.Summary.Checks);

        // The report's validation section: only static (and build) checks are equivalence proofs.
        var status = ValidationStatus.FromValidation("operation " + opId, checks);
        Assert.Equal((3, checks.Count(c => c.Kind == CheckKind.Static)), (status.ProofsProven, status.Proofs));
        Assert.True(status.Proofs < status.Checks.Count); // compose references and the rest are not proofs
        Assert.Equal(checks.Count, status.Methods.Sum(m => m.Checks));
        Assert.Contains("compose reference resolves", status.Breakdown(), StringComparison.Ordinal);
        Assert.Equal((0, 3), (status.Failed, status.PreExisting)); // delta's static check and its compose reference, and the unreadable legacy file

    }
}
