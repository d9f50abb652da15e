using InfraDedup.Core.Planning;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning;

/// <summary>Performs a plan's actions directly on a test tree (independently of apply), checking each written file's hash.</summary>
internal static class PlanByHand
{
    public static void Apply(TempTree tree, Plan plan)
    {
        foreach (var action in plan.Actions)
        {
            var path = tree.PathOf(action.Path);
            if (action.Kind == PlanActionKind.Remove)
            {
                File.Delete(path);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, action.Content);
            Assert.Equal(action.Sha256, Planner.Sha256(File.ReadAllBytes(path)));
        }
    }
}
