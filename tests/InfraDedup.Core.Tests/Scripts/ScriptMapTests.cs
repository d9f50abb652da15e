using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Scripts;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Scripts;

public class ScriptMapTests
{
    private static TempTree Tree() => new TempTree()
        .File("docker-compose.yml", "services:\n  api:\n    build: services/api\n")
        .File("services/api/Dockerfile", "FROM alpine:3.20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n")
        .File("services/api/entrypoint.sh", "#!/bin/sh\nset -e\nexec \"$@\"\n")
        .File("scripts/deploy.sh", "#!/bin/sh\nset -e\ndocker compose up -d --build api\n")
        .File("scripts/backup.sh", "#!/bin/sh\ndocker exec db pg_dump -U app app > /var/backups/app.sql\n")
        .File("scripts/health.sh", "#!/bin/sh\ncurl -fsS http://127.0.0.1:8080/health\n")
        .File("ops/health-copy.sh", "#!/bin/sh\ncurl -fsS http://127.0.0.1:8080/health\n")
        .File("Makefile", "deploy:\n\t./scripts/deploy.sh\n")
        .File(".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/health.sh\n")
        .File("ops/cron/backup.cron", "0 3 * * * /srv/app/scripts/backup.sh\n");

    [Fact]
    public void Every_script_gets_a_class_evidence_callers_copies_and_coverage()
    {
        using var tree = Tree();
        var map = ScriptMap.Make(tree.Root, new WalkOptions());
        var byPath = map.Scripts.ToDictionary(s => s.Path);
        Assert.Equal(5, map.Summary.Scripts);

        var deploy = byPath["scripts/deploy.sh"];
        Assert.Equal(ScriptClass.Deploy, deploy.Class);
        Assert.Equal(3, Assert.Single(deploy.Evidence).Line);
        Assert.Contains(deploy.Callers, c => c.Kind == "makefile" && c.Source == "Makefile" && c.Line == 2);
        Assert.Equal(CoverageLevel.Full, deploy.Coverage.Level);
        Assert.Equal("infradedup deploy '.' --services 'api' --build", deploy.Coverage.Command);

        var backup = byPath["scripts/backup.sh"];
        Assert.Equal(ScriptClass.Maintain, backup.Class);
        Assert.Contains(backup.Callers, c => c.Kind == "cron");
        Assert.Equal(CoverageLevel.Partial, backup.Coverage.Level);

        var health = byPath["scripts/health.sh"];
        Assert.Equal(ScriptClass.Monitor, health.Class);
        Assert.Contains(health.Callers, c => c.Kind == "ci");
        Assert.Equal(["ops/health-copy.sh"], health.ExactCopies);
        Assert.Equal("infradedup monitor --no-system --url 'http://127.0.0.1:8080/health'", health.Coverage.Command);

        var entrypoint = byPath["services/api/entrypoint.sh"];
        Assert.True(entrypoint.InBuildContext);
        Assert.Equal(CoverageLevel.None, entrypoint.Coverage.Level);
        Assert.Equal(ScriptClass.Other, entrypoint.Class);
        Assert.All(map.Scripts, s => Assert.NotEmpty(s.Evidence));
        Assert.Equal(1, map.Summary.ExactCopyGroups);
    }

    [Fact]
    public void Json_output_matches_its_schema()
    {
        using var tree = Tree();
        var map = ScriptMap.Make(tree.Root, new WalkOptions());
        var json = JsonText.Document(map, ScriptMapJsonContext.Default.ScriptMapReport);
        var schema = Json.Schema.JsonSchema.FromText(InfraDedup.Core.Reports.JsonSchemas.Get("scripts")!);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var result = schema.Evaluate(doc.RootElement.Clone(), new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Theory]
    [MemberData(nameof(RealCorpora.ContainerNames), MemberType = typeof(RealCorpora))]
    public void Every_script_of_a_real_corpus_gets_a_class_and_evidence(string corpus)
    {
        var root = RealCorpora.Require(corpus);
        var map = ScriptMap.Make(root, new WalkOptions());
        var scan = Scanner.Inventory(root, new WalkOptions());
        var shell = scan.Files.Where(f => f.Kind == FileKind.ShellScript).Select(f => f.RelativePath).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(shell, map.Scripts.Select(s => s.Path).Concat(map.Skipped.Select(s => s.Path)).Order(StringComparer.Ordinal));
        Assert.Empty(map.Skipped);
        Assert.All(map.Scripts, s =>
        {
            Assert.True(Enum.IsDefined(s.Class));
            Assert.NotEmpty(s.Evidence);
            Assert.All(s.Evidence, e => Assert.True(e.Line >= 1, $"{s.Path}: evidence without a line"));
        });
        Assert.Equal(map.Summary.Scripts, map.Summary.Deploy + map.Summary.Monitor + map.Summary.Maintain + map.Summary.Other);
    }

    [Fact]
    public void A_mention_of_only_the_scripts_folder_is_not_a_caller()
    {
        Assert.False(ScriptMap.NamesTheScript(new ReferenceEvidence("web/package.json", 6, "mention", "names its folder name: scripts")));
        Assert.False(ScriptMap.NamesTheScript(new ReferenceEvidence("README.md", 3, "mention", "names its folder path: ops/scripts")));
        Assert.True(ScriptMap.NamesTheScript(new ReferenceEvidence("README.md", 4, "mention", "names its path: scripts/backup.sh")));
        Assert.True(ScriptMap.NamesTheScript(new ReferenceEvidence("Makefile", 18, "makefile", "./scripts/backup.sh")));
    }
}
