using System.Diagnostics;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning;

public class ScriptConsolidationStageTests
{
    private const string DeployApi = "#!/bin/sh\nset -e\n# api\nSERVICE=api\necho \"deploying $SERVICE\" on 8001\nprintf '%s\\n' 'it'\"'\"'s done' api\n";
    private const string DeployWeb = "#!/bin/sh\nset -e\n# web\nSERVICE=web\necho \"deploying $SERVICE\" on 8002\nprintf '%s\\n' 'it'\"'\"'s done' web\n";
    private const string Report = "#!/bin/sh\necho \"report for $1\"\n";

    private static TempTree Tree()
    {
        var tree = new TempTree()
            .File("docker-compose.yml", "services:\n  api:\n    image: alpine:3.20\n")
            .File("ops/api/deploy.sh", DeployApi)
            .File("ops/web/deploy.sh", DeployWeb)
            .File("tools/report.sh", Report)
            .File("backup/tools/report.sh", Report)
            .File("scripts/up.sh", "#!/bin/sh\nset -e\ndocker compose up -d --build api\n")
            .File("scripts/odd.sh", "#!/bin/sh\nfor x in a b; do echo $x; done\n");
        tree.Shell("chmod +x ops/api/deploy.sh ops/web/deploy.sh tools/report.sh backup/tools/report.sh scripts/up.sh && git init -q && git add -A && git -c user.email=t@t -c user.name=t commit -qm t");
        return tree;
    }

    [Fact]
    public void Without_the_option_the_plan_has_no_script_actions()
    {
        using var tree = Tree();
        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;
        Assert.Null(plan.Scripts);
        Assert.DoesNotContain(plan.Actions, a => a.Path.EndsWith(".sh", StringComparison.Ordinal));
    }

    [Fact]
    public void Copies_become_wrappers_near_copies_a_parameterized_script_and_a_compose_up_a_proposal()
    {
        using var tree = Tree();
        var plan = Planner.Make(tree.Root, new PlanOptions { Scripts = true }).Plan;
        var scripts = plan.Scripts!;

        var exact = Assert.Single(scripts.Groups, g => g.Kind == "exact-copies");
        Assert.Equal("tools/report.sh", exact.Source);
        var wrapper = Assert.Single(plan.Actions, a => a.Path == "backup/tools/report.sh");
        Assert.Equal(PlanActionKind.Wrapper, wrapper.Kind);
        Assert.Equal("tools/report.sh", wrapper.Target);

        var near = Assert.Single(scripts.Groups, g => g.Kind == "parameterized");
        Assert.Equal("scripts/shared/deploy.sh", near.Source);
        Assert.Equal(["ops/api/deploy.sh", "ops/web/deploy.sh"], near.Members.Order(StringComparer.Ordinal));
        var create = Assert.Single(plan.Actions, a => a.Path == "scripts/shared/deploy.sh");
        Assert.Equal(PlanActionKind.Create, create.Kind);
        Assert.Equal("0755", create.Mode);
        Assert.True(plan.Actions.ToList().IndexOf(create) < plan.Actions.ToList().FindIndex(a => a.Path == "ops/api/deploy.sh"));

        var proposal = Assert.Single(scripts.Proposals);
        Assert.Equal("scripts/up.sh", proposal.Path);
        Assert.Equal("infradedup deploy '.' --services 'api' --build", proposal.Command);
        var replace = Assert.Single(plan.Actions, a => a.Path == "scripts/up.sh");
        Assert.Equal(PlanActionKind.Replace, replace.Kind);
        Assert.NotNull(replace.BehaviourChange);
        Assert.DoesNotContain(plan.Actions, a => a.Path == "scripts/odd.sh");
        Assert.Equal(3, plan.Summary.ScriptWrappers);
        var valid = PlanSchemaTests.Evaluate("plan", PlanJsonContext.Serialize(plan));
        Assert.True(valid.IsValid, PlanSchemaTests.Errors(valid));
        Assert.Equal(plan.Scripts!.Groups.Count, PlanJsonContext.ReadPlan("plan.json", PlanJsonContext.Serialize(plan)).Scripts!.Groups.Count);
        Assert.Contains(plan.Inputs, i => i.Path == "ops/api/deploy.sh");
    }

    [Fact]
    public void Apply_leaves_master_command_replacements_alone_without_the_flag_and_wrapped_scripts_run_the_same()
    {
        using var tree = Tree();
        var before = new[] { "ops/api/deploy.sh", "ops/web/deploy.sh", "backup/tools/report.sh" }.ToDictionary(p => p, p => Run(tree, p));
        var upBefore = File.ReadAllBytes(tree.PathOf("scripts/up.sh"));
        var plan = Planner.Make(tree.Root, new PlanOptions { Scripts = true }).Plan;

        var result = ApplyEngine.Apply(tree.Root, plan, new ApplyOptions());
        Assert.Equal(upBefore, File.ReadAllBytes(tree.PathOf("scripts/up.sh")));
        Assert.DoesNotContain(result.Steps, s => s.Path == "scripts/up.sh");
        Assert.Contains(result.Notes, n => n.Contains("--accept-script-replacements", StringComparison.Ordinal));
        Assert.Contains("exec /bin/sh", File.ReadAllText(tree.PathOf("ops/api/deploy.sh")), StringComparison.Ordinal);
        foreach (var (path, output) in before)
        {
            Assert.Equal(output, Run(tree, path));
        }

        ApplyEngine.Rollback(tree.Root, result.OpId, new RollbackOptions());
        Assert.Equal(DeployApi, File.ReadAllText(tree.PathOf("ops/api/deploy.sh")));
        Assert.False(File.Exists(tree.PathOf("scripts/shared/deploy.sh")));
    }

    [Fact]
    public void Apply_replaces_scripts_by_master_commands_only_with_the_flag()
    {
        using var tree = Tree();
        var plan = Planner.Make(tree.Root, new PlanOptions { Scripts = true }).Plan;
        var result = ApplyEngine.Apply(tree.Root, plan, new ApplyOptions { AcceptScriptReplacements = true });
        Assert.Contains(result.Steps, s => s.Path == "scripts/up.sh");
        Assert.EndsWith("exec infradedup deploy '.' --services 'api' --build\n", File.ReadAllText(tree.PathOf("scripts/up.sh")), StringComparison.Ordinal);
    }

    private static string Run(TempTree tree, string script)
    {
        using var process = Process.Start(new ProcessStartInfo(tree.PathOf(script), ["arg one"]) { WorkingDirectory = tree.Root, RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
