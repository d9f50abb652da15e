using InfraDedup.Ops.Common;
using InfraDedup.Ops.Deploy;
using InfraDedup.Ops.Docker;
using InfraDedup.Ops.Tests.Support;

namespace InfraDedup.Ops.Tests.Deploy;

/// <summary>deploy against the real engine: two images where one builds FROM the other, skip on re-run, health gate and rollback.</summary>
public sealed class DeployEngineTests
{
    private sealed record Project(TempDir Dir, string BaseTag, string AppTag, string Container);

    private static Project Write(string busybox, string healthcheck = "test -f /hello.txt")
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var dir = new TempDir();
        var project = new Project(dir, $"infradedup-test/deploy-base-{id}:1", $"infradedup-test/deploy-app-{id}:1", $"p{id}-app-1");
        dir.Write(".infradedup.yaml", $"project: p{id}\ndeploy:\n  images:\n    - tag: {project.BaseTag}\n      context: base\n");
        dir.Write("base/Dockerfile", $"FROM {busybox}\nRUN echo base > /base.txt\n");
        dir.Write("app/Dockerfile", $"FROM {project.BaseTag}\nCOPY hello.txt /hello.txt\nHEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD {healthcheck}\nCMD [\"sleep\", \"3600\"]\n");
        dir.Write("app/hello.txt", "hello v1\n");
        dir.Write("app/.dockerignore", "notes/\n");
        dir.Write("app/notes/todo.md", "not part of the image\n");
        dir.Write("docker-compose.yml", $"services:\n  app:\n    build: ./app\n    image: {project.AppTag}\n    network_mode: none\n    environment:\n      GREETING: hi\n");
        return project;
    }

    private static DeployOptions Options(bool rollback = false, bool dryRun = false) =>
        new() { Build = true, Runtime = DeployRuntime.Engine, Timeout = TimeSpan.FromSeconds(40), RollbackOnFailure = rollback, DryRun = dryRun, Parallel = 2 };

    [Fact]
    public async Task Builds_bases_first_skips_unchanged_images_and_rebuilds_what_changed()
    {
        var (engine, busybox) = await TestDocker.ConnectAsync();
        var p = Write(busybox);
        using var dir = p.Dir;
        using var _ = engine;
        var deployer = new Deployer(engine, ProcessRunner.Instance) { HealthPollInterval = TimeSpan.FromMilliseconds(200) };
        var built = new List<string>();
        try
        {
            var first = await deployer.RunAsync(dir.Path, Options());
            built.AddRange(first.Builds.Select(b => b.ImageId!));
            Assert.True(first.Succeeded, first.Error);
            Assert.Equal([[p.BaseTag], [p.AppTag]], first.Order.Select(l => l.ToArray()).ToArray());
            Assert.Equal([("built", 0), ("built", 1)], first.Builds.Select(b => (b.Action, b.Level)).ToArray());

            // The app image really is built FROM the base: it holds the base's file and the label with its key.
            var app = await engine.InspectImageAsync(p.AppTag);
            Assert.NotNull(app);
            Assert.Equal(first.Builds[1].ContentKey, app.Label(ContentKey.Label));
            var rollout = Assert.Single(first.Services);
            Assert.Equal(("app", "healthy"), (rollout.Service, rollout.Health));
            var container = await engine.InspectContainerAsync(p.Container);
            Assert.Equal(app.Id, container!.Image);
            Assert.Contains("GREETING=hi", container.Config!.Env!);

            // Second run: nothing changed, nothing is built.
            var second = await deployer.RunAsync(dir.Path, Options());
            Assert.True(second.Succeeded, second.Error);
            Assert.All(second.Builds, b => Assert.Equal("skip", b.Action));
            Assert.Equal(app.Id, second.Builds[1].ImageId);

            // A file the .dockerignore excludes does not count; one that is sent does.
            dir.Write("app/notes/todo.md", "changed, still ignored\n");
            Assert.All((await deployer.RunAsync(dir.Path, Options(dryRun: true))).Builds, b => Assert.Equal("skip", b.Action));
            dir.Write("app/hello.txt", "hello v2\n");
            var third = await deployer.RunAsync(dir.Path, Options());
            built.AddRange(third.Builds.Select(b => b.ImageId!));
            Assert.Equal(["skip", "built"], third.Builds.Select(b => b.Action));
            Assert.NotEqual(app.Id, third.Builds[1].ImageId);

            // Changing the base rebuilds both: the app's key covers its base image's id.
            dir.Write("base/Dockerfile", $"FROM {busybox}\nRUN echo base v2 > /base.txt\n");
            var fourth = await deployer.RunAsync(dir.Path, Options());
            built.AddRange(fourth.Builds.Select(b => b.ImageId!));
            Assert.Equal(["built", "built"], fourth.Builds.Select(b => b.Action));
            Assert.Contains("content key differs", fourth.Builds[1].Reason, StringComparison.Ordinal);
        }
        finally
        {
            await TestDocker.CleanupAsync(engine, [p.Container], [p.AppTag, p.BaseTag, .. built.Where(i => i is not null).Distinct()]);
        }
    }

    [Fact]
    public async Task A_failing_healthcheck_rolls_back_to_the_previous_image()
    {
        var (engine, busybox) = await TestDocker.ConnectAsync();
        var p = Write(busybox);
        using var dir = p.Dir;
        using var _ = engine;
        var deployer = new Deployer(engine, ProcessRunner.Instance) { HealthPollInterval = TimeSpan.FromMilliseconds(200) };
        try
        {
            var good = await deployer.RunAsync(dir.Path, Options(rollback: true));
            Assert.True(good.Succeeded, good.Error);
            var goodId = (await engine.InspectImageAsync(p.AppTag))!.Id;

            // Version 2's HEALTHCHECK fails.
            dir.Write("app/Dockerfile", $"FROM {p.BaseTag}\nCOPY hello.txt /hello.txt\nHEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD test -f /missing\nCMD [\"sleep\", \"3600\"]\n");
            var bad = await deployer.RunAsync(dir.Path, Options(rollback: true));
            Assert.False(bad.Succeeded);
            Assert.True(bad.RolledBack);
            var rollout = Assert.Single(bad.Services);
            Assert.Equal("unhealthy", rollout.Health);
            Assert.True(rollout.RolledBack);
            Assert.Equal(goodId, rollout.PreviousImageId);
            Assert.NotEqual(goodId, rollout.ImageId);
            Assert.Contains("rolled back to the previous image: healthy", rollout.Detail, StringComparison.Ordinal);

            // The tag points at the previous image again, and the running container uses it.
            Assert.Equal(goodId, (await engine.InspectImageAsync(p.AppTag))!.Id);
            var container = await engine.InspectContainerAsync(p.Container);
            Assert.Equal(goodId, container!.Image);
            Assert.Equal("healthy", container.State.Health?.Status);
            await TestDocker.CleanupAsync(engine, [], [rollout.ImageId!]);
        }
        finally
        {
            await TestDocker.CleanupAsync(engine, [p.Container], [p.AppTag, p.BaseTag]);
        }
    }

    [Fact]
    public async Task Without_rollback_a_failing_healthcheck_fails_the_deploy_and_leaves_the_new_image()
    {
        var (engine, busybox) = await TestDocker.ConnectAsync();
        var p = Write(busybox, healthcheck: "false");
        using var dir = p.Dir;
        using var _ = engine;
        var deployer = new Deployer(engine, ProcessRunner.Instance) { HealthPollInterval = TimeSpan.FromMilliseconds(200) };
        try
        {
            var report = await deployer.RunAsync(dir.Path, Options());
            Assert.False(report.Succeeded);
            Assert.False(report.RolledBack);
            Assert.Equal("unhealthy", Assert.Single(report.Services).Health);
            Assert.Contains("health gate failed: app", report.Error, StringComparison.Ordinal);
        }
        finally
        {
            await TestDocker.CleanupAsync(engine, [p.Container], [p.AppTag, p.BaseTag]);
        }
    }
}
