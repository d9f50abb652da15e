using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Reports;

/// <summary>Later stages take the scan the command already made: <c>plan</c> and <c>report</c> walk the tree once.</summary>
public sealed class OneScanTests
{
    private static TempTree Tree()
    {
        var tree = new TempTree();
        const string Dockerfile = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";
        tree.File("services/a/Dockerfile", Dockerfile)
            .File("services/b/Dockerfile", Dockerfile.Replace("8000", "8001", StringComparison.Ordinal))
            .File("services/a/app.py", "print('a')\n")
            .File("services/b/app.py", "print('b')\n")
            .File("compose.yaml", "services:\n  a:\n    build: services/a\n  b:\n    build: services/b\n");
        return tree;
    }

    [Fact]
    public void Plan_walks_the_tree_once()
    {
        using var tree = Tree();
        using var walks = WalkCounter.Start();
        var result = Planner.Make(tree.Root, new PlanOptions(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEmpty(result.Plan.Services);
        Assert.Equal(1, walks.Walks);
    }

    [Fact]
    public void Report_of_an_unapplied_tree_scans_once_and_plans_from_that_scan()
    {
        using var tree = Tree();
        using var walks = WalkCounter.Start();
        var sources = ReportLoader.Load(tree.Root, new ReportLoadOptions(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotNull(sources.Plan);
        Assert.Equal(1, walks.Walks);
    }

    [Fact]
    public void A_plan_from_a_given_scan_equals_the_plan_from_the_tree()
    {
        using var tree = Tree();
        var fromTree = Planner.Make(tree.Root, new PlanOptions());
        var scan = Scanner.Scan(tree.Root, new WalkOptions());
        using var walks = WalkCounter.Start();
        var fromScan = Planner.Make(scan, new PlanOptions());
        Assert.Equal(0, walks.Walks);
        Assert.Equal(PlanJsonContext.Serialize(fromTree.Plan), PlanJsonContext.Serialize(fromScan.Plan));
    }

    [Fact]
    public void Counting_is_off_unless_started_and_nested_counters_both_count()
    {
        using var tree = Tree();
        Scanner.Inventory(tree.Root, new WalkOptions());
        using var outer = WalkCounter.Start();
        using (var inner = WalkCounter.Start())
        {
            Scanner.Inventory(tree.Root, new WalkOptions());
            Assert.Equal(1, inner.Walks);
        }

        Scanner.Inventory(tree.Root, new WalkOptions());
        Assert.Equal(2, outer.Walks);
    }
}
