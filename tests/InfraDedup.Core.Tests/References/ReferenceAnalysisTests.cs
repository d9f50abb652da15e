using InfraDedup.Core.Apply;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.References;

/// <summary>
/// Reference statuses through interpolation and script variables, and the rule that an incomplete analysis never
/// removes anything. Unreadable files: tests run as root, where file permissions do not stop a read, so they use the
/// <see cref="FileReads.Fault"/> seam (an async-local function that makes reads of one path fail as the OS would).
/// </summary>
public class ReferenceAnalysisTests
{
    private static ScanReport Scan(TempTree tree) =>
        Scanner.Scan(tree.Root, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken);

    private static FileReferences StatusOf(ScanReport report, string path) => report.FileReferences.Single(f => f.Path == path);

    /// <summary>A tree whose only Dockerfile is built by compose.yaml (or by nothing when the compose file is broken).</summary>
    private static TempTree ComposeTree(string compose) => new TempTree()
        .File("compose.yaml", compose)
        .File("svc/api/Dockerfile", "FROM alpine:3.20\nRUN echo api\n");

    private const string GoodCompose = "services:\n  api:\n    build:\n      context: ./svc/api\n";

    [Fact]
    public void Compose_dockerfile_from_env_is_built_with_the_compose_line_as_evidence()
    {
        using var tree = new TempTree()
            .File(".env", "# paths\nAPI_DOCKERFILE=./svc/api/Dockerfile\nGONE_DOCKERFILE=./svc/gone/Dockerfile\n")
            .File("compose.yaml", "services:\n  api:\n    build:\n      context: ./\n      dockerfile: ${API_DOCKERFILE}\n  web:\n    build:\n      context: ./\n      dockerfile: ${WEB_DOCKERFILE:-svc/web/Dockerfile}\n  gone:\n    build:\n      context: ./\n      dockerfile: ${GONE_DOCKERFILE}\n")
            .File("svc/api/Dockerfile", "FROM alpine\n")
            .File("svc/web/Dockerfile", "FROM alpine\n");

        var report = Scan(tree);

        var api = StatusOf(report, "svc/api/Dockerfile");
        Assert.Equal(ReferenceStatus.Built, api.Status);
        Assert.Equal(("compose.yaml", 5, "compose-build"), (api.Evidence[0].Source, api.Evidence[0].Line, api.Evidence[0].Kind));
        Assert.Contains("${API_DOCKERFILE} from .env", api.Evidence[0].Detail, StringComparison.Ordinal);
        Assert.Equal(ReferenceStatus.Built, StatusOf(report, "svc/web/Dockerfile").Status);
        var missing = Assert.Single(report.MissingBuilds);
        Assert.Equal("compose.yaml", missing.Path);
        Assert.Contains("svc/gone/Dockerfile", missing.Reason, StringComparison.Ordinal);
        Assert.True(report.DeadFilesComplete);
        Assert.Contains(".env", report.References!.Inputs.Keys);
    }

    [Fact]
    public void A_build_path_from_a_variable_without_value_makes_the_analysis_incomplete()
    {
        using var tree = ComposeTree("services:\n  api:\n    build:\n      context: ./\n      dockerfile: ${API_DOCKERFILE}\n");

        var report = Scan(tree);

        var incomplete = Assert.Single(report.IncompleteReferenceSources);
        Assert.Equal("compose.yaml", incomplete.Path);
        Assert.Contains("${API_DOCKERFILE}", incomplete.Reason, StringComparison.Ordinal);
        Assert.False(report.DeadFilesComplete);
    }

    [Fact]
    public void Docker_build_of_a_context_from_an_associative_array_is_built()
    {
        using var tree = new TempTree()
            .File("build.sh", """
                #!/usr/bin/env bash
                declare -A CTX=(
                  ["autogen"]="./docker/autogen"
                  ["worker"]="./docker/worker"
                )
                for k in "${!CTX[@]}"; do
                  docker build -t "app-$k" "${CTX[$k]}"
                done
                """)
            .File("docker/autogen/Dockerfile", "FROM alpine\n")
            .File("docker/worker/Dockerfile", "FROM alpine\n")
            .File("other.sh", "#!/bin/sh\nIMAGES=(a b)\nctx=./images/base\ndocker build \"$ctx\"\n")
            .File("images/base/Dockerfile", "FROM alpine\n");

        var report = Scan(tree);

        foreach (var path in new[] { "docker/autogen/Dockerfile", "docker/worker/Dockerfile" })
        {
            var status = StatusOf(report, path);
            Assert.Equal(ReferenceStatus.Built, status.Status);
            Assert.Equal(("build.sh", 7), (status.Evidence[0].Source, status.Evidence[0].Line));
        }

        Assert.Equal(ReferenceStatus.Built, StatusOf(report, "images/base/Dockerfile").Status);
    }

    [Fact]
    public void Docker_build_of_a_function_argument_is_built_with_the_call_as_evidence()
    {
        using var tree = new TempTree()
            .File("gen.sh", """
                #!/bin/sh
                gen_go() {
                  echo "generating $1"
                  docker build --build-arg V=${UNSET_VERSION} -f "src/$1/genproto/Dockerfile" -t "$1-gen" .
                }

                function wrap {
                  gen_go "$2"
                }

                gen_go checkout
                wrap x product
                for s in one two; do gen_go "$s"; done
                gen_go "$UNKNOWN"
                gen_go missing
                """)
            .File("src/checkout/genproto/Dockerfile", "FROM golang\n")
            .File("src/product/genproto/Dockerfile", "FROM golang\n")
            .File("src/one/genproto/Dockerfile", "FROM golang\n")
            .File("src/two/genproto/Dockerfile", "FROM golang\n")
            .File("src/never/genproto/Dockerfile", "FROM golang\n");

        var report = Scan(tree);

        var checkout = StatusOf(report, "src/checkout/genproto/Dockerfile");
        Assert.Equal(ReferenceStatus.Built, checkout.Status);
        var evidence = Assert.Single(checkout.Evidence, e => e.Kind != "mention");
        Assert.Equal(("gen.sh", 11), (evidence.Source, evidence.Line));
        Assert.Contains("line 4, called as gen_go checkout", evidence.Detail, StringComparison.Ordinal);

        // Through another function's parameter: the evidence is the outer call.
        var product = StatusOf(report, "src/product/genproto/Dockerfile");
        Assert.Equal(ReferenceStatus.Built, product.Status);
        Assert.Contains(product.Evidence, e => e.Source == "gen.sh" && e.Line == 12);

        Assert.Equal(ReferenceStatus.Built, StatusOf(report, "src/one/genproto/Dockerfile").Status);
        Assert.Equal(ReferenceStatus.Built, StatusOf(report, "src/two/genproto/Dockerfile").Status);
        Assert.NotEqual(ReferenceStatus.Built, StatusOf(report, "src/never/genproto/Dockerfile").Status);
    }

    [Theory]
    [InlineData("over 4 MiB", "larger than 4 MiB")]
    [InlineData("tab", "found invalid tab")]
    [InlineData("undefined alias", "3:")]
    public void A_compose_file_that_cannot_be_parsed_completely_stops_dead_removal(string what, string reasonPart)
    {
        var compose = what switch
        {
            "over 4 MiB" => GoodCompose + "x-padding: \"" + new string('a', 4 * 1024 * 1024) + "\"\n",
            "tab" => "services:\n  api:\n\tbuild: ./svc/api\n",
            _ => "services:\n  api:\n    <<: *missing\n    build: ./svc/api\n",
        };
        using var tree = new TempTree()
            .File("compose.yaml", compose)
            .File("svc/api/Dockerfile", "FROM alpine:3.20\nRUN echo api\n");

        AssertNothingRemoved(tree, "compose.yaml", reasonPart, what);
    }

    [Fact]
    public void An_unreadable_compose_file_stops_dead_removal()
    {
        using var tree = ComposeTree(GoodCompose);
        using var fault = Fault(tree, "compose.yaml", () => new UnauthorizedAccessException("Access to the path is denied."));

        AssertNothingRemoved(tree, "compose.yaml", "permission denied", "unreadable");
    }

    [Fact]
    public void An_unreadable_script_stops_dead_removal()
    {
        using var tree = new TempTree()
            .File("build.sh", "#!/bin/sh\ndocker build ./svc/api\n")
            .File("svc/api/Dockerfile", "FROM alpine:3.20\nRUN echo api\n");
        using var fault = Fault(tree, "build.sh", () => new UnauthorizedAccessException("Access to the path is denied."));

        AssertNothingRemoved(tree, "build.sh", "permission denied", "unreadable script");
    }

    /// <summary>Without the broken file the Dockerfile would be dead; with it, plan --remove-dead removes nothing and says why.</summary>
    private static void AssertNothingRemoved(TempTree tree, string file, string reasonPart, string what)
    {
        var plan = Planner.Make(tree.Root, new PlanOptions { RemoveDeadFiles = true }).Plan;

        Assert.DoesNotContain(plan.Actions, a => a.Kind == PlanActionKind.Remove);
        var incomplete = Assert.Single(plan.IncompleteReferenceSources, i => i.Path == file);
        Assert.Contains(reasonPart, incomplete.Reason, StringComparison.Ordinal);
        var warning = Assert.Single(plan.Warnings, w => w.StartsWith("reference analysis incomplete", StringComparison.Ordinal));
        Assert.Contains(file, warning, StringComparison.Ordinal);
        Assert.True(plan.DeadFiles.All(d => !d.Removed), what);
    }

    [Fact]
    public void The_same_tree_without_the_fault_does_remove_the_dead_Dockerfile()
    {
        // The control for the tests above: the Dockerfile is dead when nothing builds it and the analysis is complete.
        using var tree = new TempTree()
            .File("compose.yaml", "services:\n  db:\n    image: postgres:16\n")
            .File("svc/api/Dockerfile", "FROM alpine:3.20\nRUN echo api\n");

        var plan = Planner.Make(tree.Root, new PlanOptions { RemoveDeadFiles = true }).Plan;

        Assert.Contains(plan.Actions, a => a.Kind == PlanActionKind.Remove && a.Path == "svc/api/Dockerfile");
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void A_compose_edit_after_plan_makes_apply_refuse_naming_the_compose_file()
    {
        using var tree = new TempTree()
            .File("compose.yaml", "services:\n  db:\n    image: postgres:16\n")
            .File("svc/api/Dockerfile", "FROM alpine:3.20\nRUN echo api\n");
        var plan = Planner.Make(tree.Root, new PlanOptions { RemoveDeadFiles = true }).Plan;
        Assert.Contains(plan.Inputs, i => i.Path == "compose.yaml");

        File.WriteAllText(tree.PathOf("compose.yaml"), "services:\n  db:\n    image: postgres:16\n  api:\n    build: ./svc/api\n");

        var error = Assert.Throws<UserInputException>(() => ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AllowDirty = true }));
        Assert.Contains("compose.yaml", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(tree.PathOf("svc/api/Dockerfile")));
    }

    [Fact]
    public void A_Dockerfile_that_cannot_be_read_while_planning_is_left_alone_with_the_reason()
    {
        using var tree = new TempTree()
            .File("compose.yaml", "services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n  c:\n    build: ./c\n")
            .File("a/Dockerfile", "FROM alpine:3.20\nRUN echo a\nRUN echo common\n")
            .File("b/Dockerfile", "FROM alpine:3.20\nRUN echo b\nRUN echo common\n")
            .File("c/Dockerfile", "FROM alpine:3.20\nRUN echo c\nRUN echo common\n");
        var target = tree.PathOf("b/Dockerfile");

        // The walk saw b/Dockerfile; every later read fails as if it had been deleted while the plan runs.
        using var fault = Fault(tree, "b/Dockerfile", () => new FileNotFoundException("gone", target));
        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;

        var left = Assert.Single(plan.LeftAlone, l => l.Path == "b/Dockerfile");
        Assert.Contains("vanished", left.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Actions, a => a.Path == "b/Dockerfile");
        Assert.Contains(plan.Warnings, w => w.Contains("b/Dockerfile", StringComparison.Ordinal));
    }

    [Fact]
    public void Default_plan_removes_nothing_even_when_files_are_unreferenced()
    {
        using var tree = new TempTree()
            .File("compose.yaml", "services:\n  db:\n    image: postgres:16\n")
            .File("svc/api/Dockerfile", "FROM alpine:3.20\nRUN echo api\n");

        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;

        Assert.DoesNotContain(plan.Actions, a => a.Kind == PlanActionKind.Remove);
        Assert.Equal(["svc/api/Dockerfile"], plan.DeadFiles.Select(d => d.Path));
    }

    private static FaultScope Fault(TempTree tree, string relative, Func<Exception?> exception)
    {
        var full = Path.GetFullPath(tree.PathOf(relative));
        return new FaultScope(path => string.Equals(Path.GetFullPath(path), full, StringComparison.Ordinal) ? exception() : null);
    }

    private sealed class FaultScope : IDisposable
    {
        private readonly Func<string, Exception?>? _previous;

        public FaultScope(Func<string, Exception?> fault)
        {
            _previous = FileReads.Fault.Value;
            FileReads.Fault.Value = fault;
        }

        public void Dispose() => FileReads.Fault.Value = _previous;
    }
}
