using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Similarity;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Planning.Stages;

/// <summary>A small compose tree of three agents and the planning context the stages share, for stage-level tests.</summary>
internal static class StageFixture
{
    public static string Agent(string name, int port, string extra = "") => $"""
        FROM python:3.11-slim
        WORKDIR /app
        COPY app.py .
        ENV AGENT_NAME={name} PORT={port}
        EXPOSE {port}
        {extra}USER 10001
        CMD ["python", "app.py"]

        """;

    public const string Compose = """
        services:
          alpha:
            build: ./services/alpha
          beta:
            build: ./services/beta
          gamma:
            build:
              context: ./services/gamma
              args:
                BUILD_ENV: production

        """;

    public static TempTree Agents(Func<string, int, string>? dockerfile = null, string compose = Compose) =>
        AddAgents(new TempTree().File("docker-compose.yml", compose), dockerfile);

    /// <summary>
    /// Writes the three agents (services/alpha, beta, gamma on ports 8001–8003, each with an app.py) into a tree: the
    /// one fixture of the planner, accounting and validator tests, whose compose files differ.
    /// </summary>
    public static TempTree AddAgents(TempTree tree, Func<string, int, string>? dockerfile = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        dockerfile ??= (n, p) => Agent(n, p);
        var port = 8001;
        foreach (var name in new[] { "alpha", "beta", "gamma" })
        {
            tree.File($"services/{name}/Dockerfile", dockerfile(name, port++)).File($"services/{name}/app.py", "print('hi')\n");
        }

        return tree;
    }

    public static PlanContext Context(TempTree tree, PlanOptions? options = null)
    {
        options ??= new PlanOptions { Project = "fleet" };
        return new PlanContext(Scanner.Scan(tree.Root, options.Walk, ScanParts.References), options);
    }

    public static Family OnlyFamily(PlanContext context) =>
        Assert.Single(FamilyFinder.Find(context.Scan.Root, context.Scan.Inventory, new SimilarityOptions { Kinds = FamilyKinds.Dockerfile }).Families);

    public static readonly string[] Members = ["services/alpha/Dockerfile", "services/beta/Dockerfile", "services/gamma/Dockerfile"];
}
