using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Tests.Planning.Stages;

public sealed class BaseImageStageTests
{
    private static string Service(string name, int port, string tool) => $"""
        FROM python:3.11-slim
        RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
        RUN pip install --no-cache-dir requests==2.32.3
        WORKDIR /app
        COPY app.py .
        RUN pip install --no-cache-dir {tool}
        ENV NAME={name} PORT={port}
        CMD ["python", "app.py"]

        """;

    [Fact]
    public void Two_shared_Dockerfiles_with_the_same_start_get_one_base_proven_for_every_member()
    {
        using var tree = new Core.Tests.TestSupport.TempTree();
        var compose = "services:\n";
        var names = new[] { "a1", "a2", "b1", "b2" };
        for (var i = 0; i < names.Length; i++)
        {
            var tool = names[i][0] == 'a' ? "flask" : "fastapi";
            tree.File($"svc/{names[i]}/Dockerfile", Service(names[i], 8000 + i, tool)).File($"svc/{names[i]}/app.py", "print()\n");
            compose += $"  {names[i]}:\n    build: ./svc/{names[i]}\n";
        }

        tree.File("docker-compose.yml", compose);
        var context = StageFixture.Context(tree);
        var family = StageFixture.OnlyFamily(context);
        SharedGroup Group(string name, params string[] members)
        {
            var inputs = members.Select(m => new SynthesisInput(m, context.Load(m).Doc)).ToList();
            return new SharedGroup(family, name, Assert.Single(new BuildArgStrategy(context).ProveGroups(name, inputs, out _)));
        }

        var stage = new BaseImageStage(context, new TemplateStrategy(context));
        var bases = stage.Extract([Group("flask", "svc/a1/Dockerfile", "svc/a2/Dockerfile"), Group("fastapi", "svc/b1/Dockerfile", "svc/b2/Dockerfile")]);

        var extracted = Assert.Single(bases).Value;
        Assert.Equal(["fastapi", "flask"], extracted.RewrittenConsumers.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("requests==2.32.3", extracted.Text, StringComparison.Ordinal);
        Assert.Empty(stage.Refusals);
    }

    [Fact]
    public void A_single_shared_Dockerfile_gets_no_base()
    {
        using var tree = StageFixture.Agents();
        var context = StageFixture.Context(tree);
        var shared = Assert.Single(new BuildArgStrategy(context).ProveGroups("agent", [.. StageFixture.Members.Select(m => new SynthesisInput(m, context.Load(m).Doc))], out _));

        Assert.Empty(new BaseImageStage(context, new TemplateStrategy(context)).Extract([new SharedGroup(StageFixture.OnlyFamily(context), "agent", shared)]));
    }
}
