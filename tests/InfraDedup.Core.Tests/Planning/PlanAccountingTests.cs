using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Tests.Planning.Stages;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning;

/// <summary>The plan accounts for every Dockerfile and script: one outcome each, with a reason, and counts that add up.</summary>
public sealed class PlanAccountingTests
{
    /// <summary>Every Dockerfile and script on disk, as the scan classifies them (the totals the accounting must reach).</summary>
    private static (HashSet<string> Dockerfiles, HashSet<string> Scripts) OnDisk(string root)
    {
        var files = Scanner.Scan(root, new WalkOptions()).Inventory;
        return (
            files.Where(f => f.Kind == FileKind.Dockerfile).Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal),
            files.Where(f => f.Kind is FileKind.ShellScript or FileKind.PythonScript).Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal));
    }

    private static void AssertAddsUp(PlanAccounting accounting, string root)
    {
        var (dockerfiles, scripts) = OnDisk(root);
        Assert.Equal(dockerfiles.Count, accounting.Dockerfiles);
        Assert.Equal(scripts.Count, accounting.Scripts);
        Assert.Equal(accounting.Dockerfiles, accounting.Outcomes.Sum(o => o.Dockerfiles));
        Assert.Equal(accounting.Scripts, accounting.Outcomes.Sum(o => o.Scripts));
        Assert.Equal(Enum.GetValues<FileOutcome>(), accounting.Outcomes.Select(o => o.Outcome));

        // Each file exactly once, and every file of the tree is there.
        Assert.Equal(accounting.Files.Count, accounting.Files.Select(f => f.Path).Distinct(StringComparer.Ordinal).Count());
        Assert.True(dockerfiles.SetEquals(accounting.Files.Where(f => f.Kind == "dockerfile").Select(f => f.Path)));
        Assert.True(scripts.SetEquals(accounting.Files.Where(f => f.Kind == "script").Select(f => f.Path)));
        Assert.All(accounting.Files, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason), f.Path));
    }

    [Fact]
    public void Singletons_outside_every_family_dead_files_and_scripts_each_get_one_outcome_and_the_counts_add_up()
    {
        using var tree = new TempTree()
            .File("docker-compose.yml", """
                services:
                  alpha:
                    build: ./services/alpha
                  beta:
                    build: ./services/beta
                  gamma:
                    build: ./services/gamma
                  lonely:
                    build: ./services/lonely

                """)
            .File("services/lonely/Dockerfile", "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./cmd/app\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n")
            .File("tools/legacy/Dockerfile", "FROM node:20-alpine\nWORKDIR /w\nCOPY package.json .\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n")
            .File("scripts/deploy.sh", "#!/bin/sh\nset -eu\necho deploying \"$1\"\n")
            .File("scripts/release.sh", "#!/bin/sh\nset -eu\necho releasing\n")
            .File("Makefile", "release:\n\t./scripts/release.sh\n");
        StageFixture.AddAgents(tree);

        var plan = Planner.Make(tree.Root, new PlanOptions { RemoveDeadFiles = true }).Plan;
        var accounting = Assert.IsType<PlanAccounting>(plan.Accounting);

        AssertAddsUp(accounting, tree.Root);
        var byPath = accounting.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        Assert.All(new[] { "alpha", "beta", "gamma" }, n =>
        {
            Assert.Equal(FileOutcome.Consolidated, byPath[$"services/{n}/Dockerfile"].Outcome);
            Assert.Contains("docker/shared/", byPath[$"services/{n}/Dockerfile"].Reason, StringComparison.Ordinal);
        });
        Assert.Equal(FileOutcome.NotConsidered, byPath["services/lonely/Dockerfile"].Outcome);
        Assert.Contains("in no family", byPath["services/lonely/Dockerfile"].Reason, StringComparison.Ordinal);
        Assert.Equal(FileOutcome.Dead, byPath["tools/legacy/Dockerfile"].Outcome);
        Assert.Contains("removed by the plan", byPath["tools/legacy/Dockerfile"].Reason, StringComparison.Ordinal);
        Assert.Equal(("script", FileOutcome.Dead), (byPath["scripts/deploy.sh"].Kind, byPath["scripts/deploy.sh"].Outcome));
        Assert.Contains("kept", byPath["scripts/deploy.sh"].Reason, StringComparison.Ordinal);
        Assert.Equal(("script", FileOutcome.NotConsidered), (byPath["scripts/release.sh"].Kind, byPath["scripts/release.sh"].Outcome));

        // summary.md shows the same counts, a total row equal to the files on disk, and names the singleton.
        var summary = PlanMarkdown.Render(plan, ".infradedup/plan");
        Assert.Contains("| consolidated | 3 | 0 |", summary, StringComparison.Ordinal);
        Assert.Contains($"| **total** | **{accounting.Dockerfiles}** | **{accounting.Scripts}** |", summary, StringComparison.Ordinal);
        Assert.Contains("`services/lonely/Dockerfile`: in no family", summary, StringComparison.Ordinal);
        Assert.Contains("`tools/legacy/Dockerfile`", summary, StringComparison.Ordinal);

        // Kept dead files are still accounted for (dead, not removed) when the plan does not remove them.
        var keep = Planner.Make(tree.Root, new PlanOptions { RemoveDeadFiles = false }).Plan.Accounting!;
        var legacy = Assert.Single(keep.Files, f => f.Path == "tools/legacy/Dockerfile");
        Assert.Equal(FileOutcome.Dead, legacy.Outcome);
        Assert.Contains("kept", legacy.Reason, StringComparison.Ordinal);
    }

    /// <summary>The build configurations of each outcome add up to every compose build of a Dockerfile of the tree, and the consolidated ones are the summary's.</summary>
    private static void AssertConfigurationsAddUp(Plan plan)
    {
        var accounting = plan.Accounting!;
        Assert.Equal(accounting.BuildConfigurations, accounting.Outcomes.Sum(o => o.BuildConfigurations));
        Assert.Equal(plan.Summary.ServicesConsolidated, accounting.Outcomes.Single(o => o.Outcome == FileOutcome.Consolidated).BuildConfigurations);
        Assert.True(plan.Summary.ServicesLeftAlone <= accounting.BuildConfigurations - plan.Summary.ServicesConsolidated, "services left alone exceed the configurations not consolidated");
    }

    [Fact]
    public void An_invalid_Dockerfile_is_its_own_outcome_with_its_position_and_the_build_configurations_reconcile()
    {
        using var tree = new TempTree()
            .File("docker-compose.yml", """
                services:
                  alpha:
                    build: ./services/alpha
                  beta:
                    build: ./services/beta
                  gamma:
                    build: ./services/gamma
                  gamma-debug:
                    build: ./services/gamma
                  broken:
                    build: ./services/broken
                  lonely:
                    build: ./services/lonely

                """)
            .File("services/broken/Dockerfile", "FROM alpine:3.20\nRUNN echo typo\n")
            .File("tools/broken-too/Dockerfile", "FROM alpine:3.20\nCOPYY a b\n")
            .File("Makefile", "img:\n\tdocker build tools/broken-too\n")
            .File("services/lonely/Dockerfile", "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./cmd/app\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n");
        StageFixture.AddAgents(tree);

        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;
        var accounting = plan.Accounting!;

        AssertAddsUp(accounting, tree.Root);
        var byPath = accounting.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var (path, line) in new[] { ("services/broken/Dockerfile", 2), ("tools/broken-too/Dockerfile", 2) })
        {
            Assert.Equal(FileOutcome.Invalid, byPath[path].Outcome);
            Assert.Contains($"{path}:{line}:", byPath[path].Reason, StringComparison.Ordinal);
        }

        Assert.Equal(2, accounting.Outcomes.Single(o => o.Outcome == FileOutcome.Invalid).Dockerfiles);

        // Six compose services build a Dockerfile of the tree: 4 consolidated (gamma twice), 1 invalid, 1 not considered.
        Assert.Equal(6, accounting.BuildConfigurations);
        Assert.Equal(
            [(FileOutcome.Consolidated, 4), (FileOutcome.NotConsidered, 1), (FileOutcome.Invalid, 1)],
            accounting.Outcomes.Where(o => o.BuildConfigurations > 0).Select(o => (o.Outcome, o.BuildConfigurations)).OrderBy(p => p.Outcome));
        AssertConfigurationsAddUp(plan);

        var summary = PlanMarkdown.Render(plan, ".infradedup/plan");
        Assert.Contains("| invalid | 2 | 0 | 1 |", summary, StringComparison.Ordinal);
        Assert.Contains("6 build configurations in compose", summary, StringComparison.Ordinal);
        Assert.Contains("by their Dockerfile's outcome: 4 consolidated, 1 invalid, 1 not considered", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void On_the_sample_every_Dockerfile_and_script_is_accounted_for_and_families_say_what_happens_to_their_members()
    {
        using var tree = new TempTree();
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = tree.Root, Services = 40, Seed = 3, Overwrite = true });
        var plan = Planner.Make(tree.Root, new PlanOptions { Project = "sample" }).Plan;
        var accounting = plan.Accounting!;

        AssertAddsUp(accounting, tree.Root);
        AssertConfigurationsAddUp(plan);
        Assert.Equal(plan.Summary.DockerfilesBefore, accounting.Dockerfiles);
        var consolidated = plan.Families.SelectMany(f => f.Groups).SelectMany(g => g.Members).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(consolidated.Count, accounting.Outcomes.Single(o => o.Outcome == FileOutcome.Consolidated).Dockerfiles);
        Assert.Equal(plan.Summary.DeadFilesRemoved, accounting.Files.Count(f => f.Outcome == FileOutcome.Dead && f.Reason.Contains("removed by the plan", StringComparison.Ordinal)));

        // Each family's members add up to its member count across the outcomes named in its row.
        foreach (var family in plan.Families)
        {
            var text = accounting.MembersText(family);
            var total = text.Split(", ").Sum(part => int.Parse(part.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(family.Members.Count, total);
        }
    }

    [Theory]
    [MemberData(nameof(RealCorpora.ContainerNames), MemberType = typeof(RealCorpora))]
    public void On_the_real_corpora_the_accounting_adds_up_to_the_files_on_disk_and_the_compose_builds(string corpus)
    {
        using var tree = RealCorpora.Copy(corpus);

        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;

        AssertAddsUp(plan.Accounting!, tree.Root);
        AssertConfigurationsAddUp(plan);
        Assert.Equal(plan.Summary.DockerfilesBefore, plan.Accounting!.Dockerfiles);
        var outcome = plan.Accounting.Files.ToDictionary(f => f.Path, f => f.Outcome, StringComparer.Ordinal);
        Assert.All(
            plan.LeftAlone.Where(l => l.Reason.StartsWith(PlanContext.InvalidReason, StringComparison.Ordinal)),
            l => Assert.Contains(outcome[l.Path], new[] { FileOutcome.Invalid, FileOutcome.Dead }));
        TestContext.Current.TestOutputHelper?.WriteLine($"{corpus}: {string.Join(", ", plan.Accounting.Outcomes.Select(o => $"{o.Outcome} {o.Dockerfiles}/{o.Scripts}/{o.BuildConfigurations}"))}; {plan.Accounting.ConfigurationsText()}");
    }
}
