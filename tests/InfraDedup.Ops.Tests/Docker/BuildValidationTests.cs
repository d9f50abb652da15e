using InfraDedup.Core.Apply;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Validation;
using InfraDedup.Ops.Docker;
using InfraDedup.Ops.Tests.Support;

namespace InfraDedup.Ops.Tests.Docker;

/// <summary>
/// validate --build against the real engine: two busybox services planned into one shared Dockerfile with build args
/// and applied; the originals (from the archive) and the consolidated form build to equal images, and planted
/// differences (an ENV value that differs only after build-arg substitution, a file mode) are caught.
/// </summary>
public sealed class BuildValidationTests
{
    private static string Service(string busybox, string name, int port) => $"""
        FROM {busybox}
        WORKDIR /app
        COPY app.txt .
        ENV SERVICE_NAME={name} PORT={port}
        EXPOSE {port}
        CMD ["cat", "app.txt"]

        """;

    private static TempDir AppliedTree(string busybox)
    {
        var dir = new TempDir();
        dir.Write("docker-compose.yml", "services:\n  web:\n    build: ./services/web\n  api:\n    build:\n      context: ./services/api\n");
        dir.Write("services/web/Dockerfile", Service(busybox, "web", 8001));
        dir.Write("services/web/app.txt", "web\n");
        dir.Write("services/api/Dockerfile", Service(busybox, "api", 8002));
        dir.Write("services/api/app.txt", "api\n");
        var plan = Planner.Make(dir.Path, new PlanOptions { Project = "vt" }).Plan;
        Assert.Equal(2, plan.Summary.ServicesConsolidated);
        ApplyEngine.Apply(dir.Path, plan, new ApplyOptions { AllowDirty = true });
        Assert.False(File.Exists(Path.Combine(dir.Path, "services/web/Dockerfile")));
        return dir;
    }

    private static async Task<IReadOnlyList<ValidationCheck>> BuildChecks(DockerEngineClient engine, string root)
    {
        var (subject, statics) = Validator.Run(root, new ValidateOptions());
        Assert.Equal(2, subject.Pairs.Count);
        var builds = await BuildEquivalence.RunAsync(subject, new EngineImageBuilder(engine), new BuildEquivalenceOptions { Parallelism = 2 }, cancellationToken: TestContext.Current.CancellationToken);
        return [.. statics.Where(c => c.Kind == CheckKind.Static), .. builds];
    }

    [Fact]
    public async Task Originals_from_the_archive_and_the_shared_Dockerfile_build_equal_images_and_planted_differences_are_caught()
    {
        var (engine, busybox) = await TestDocker.ConnectAsync();
        using var _ = engine;
        using var dir = AppliedTree(busybox);
        var before = Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).Order().ToList();

        var equal = await BuildChecks(engine, dir.Path);
        Assert.All(equal, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.Kind} {c.Service}: {c.Detail}"));
        Assert.Equal(["api", "web"], equal.Where(c => c.Kind == CheckKind.Build).Select(c => c.Service).Order());
        Assert.Equal(before, Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).Order().ToList());

        // Plant: web's PORT arg changes (ENV differs only after substitution), and the shared Dockerfile makes app.txt 0600.
        var compose = Path.Combine(dir.Path, "docker-compose.yml");
        var text = File.ReadAllText(compose);
        Assert.Contains("PORT: \"8001\"", text, StringComparison.Ordinal);
        File.WriteAllText(compose, text.Replace("PORT: \"8001\"", "PORT: \"9001\"", StringComparison.Ordinal));
        var shared = Directory.GetFiles(Path.Combine(dir.Path, "docker", "shared")).Single();
        File.WriteAllText(shared, File.ReadAllText(shared).Replace("COPY app.txt .", "COPY app.txt .\nRUN chmod 600 app.txt", StringComparison.Ordinal));

        var planted = await BuildChecks(engine, dir.Path);
        var web = Assert.Single(planted, c => c.Kind == CheckKind.Build && c.Service == "web");
        Assert.Equal(CheckStatus.Fail, web.Status);
        Assert.Contains("PORT=8001", web.Detail, StringComparison.Ordinal);
        Assert.Contains("PORT=9001", web.Detail, StringComparison.Ordinal);
        var api = Assert.Single(planted, c => c.Kind == CheckKind.Build && c.Service == "api");
        Assert.Equal(CheckStatus.Fail, api.Status);
        Assert.Contains("/app/app.txt", api.Detail, StringComparison.Ordinal);
        Assert.Contains("mode 0600", api.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entrypoint_copied_into_both_contexts_becomes_a_generated_copy_and_both_forms_build_equal_images()
    {
        var (engine, busybox) = await TestDocker.ConnectAsync();
        using var _ = engine;
        using var dir = new TempDir();
        dir.Write("docker-compose.yml", "services:\n  web:\n    build: ./services/web\n  api:\n    build: ./services/api\n");
        foreach (var (name, port) in new[] { ("web", 8001), ("api", 8002) })
        {
            dir.Write($"services/{name}/Dockerfile", Service(busybox, name, port).Replace("CMD [", "COPY entrypoint.sh /usr/local/bin/\nENTRYPOINT [\"entrypoint.sh\"]\nCMD [", StringComparison.Ordinal));
            dir.Write($"services/{name}/app.txt", name + "\n");
            dir.Write($"services/{name}/entrypoint.sh", "#!/bin/sh\nset -e\nexec \"$@\"\n");
            File.SetUnixFileMode(Path.Combine(dir.Path, $"services/{name}/entrypoint.sh"), (UnixFileMode)0b111_101_101);
        }

        var plan = Planner.Make(dir.Path, new PlanOptions { Project = "vt" }).Plan;
        var copies = Assert.Single(plan.Copies!);
        Assert.Equal(["services/api/entrypoint.sh", "services/web/entrypoint.sh"], copies.Outputs);
        Assert.Equal(["docker/shared/files/entrypoint.sh"], copies.Sources);
        ApplyEngine.Apply(dir.Path, plan, new ApplyOptions { AllowDirty = true });

        var checks = await BuildChecks(engine, dir.Path);
        Assert.All(checks, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.Kind} {c.Service}: {c.Detail}"));
        Assert.Equal(2, checks.Count(c => c.Kind == CheckKind.Build));
        var generated = Validator.Run(dir.Path, new ValidateOptions()).Checks.Where(c => c.Kind == CheckKind.Generated).ToList();
        Assert.Equal(2, generated.Count);
        Assert.All(generated, c => Assert.Equal(CheckStatus.Pass, c.Status));
    }

    [Fact]
    public async Task A_consolidated_build_that_fails_is_reported_for_its_service()
    {
        var (engine, busybox) = await TestDocker.ConnectAsync();
        using var _ = engine;
        using var dir = AppliedTree(busybox);
        var shared = Directory.GetFiles(Path.Combine(dir.Path, "docker", "shared")).Single();
        File.WriteAllText(shared, File.ReadAllText(shared).Replace("COPY app.txt .", "COPY missing.txt .", StringComparison.Ordinal));

        var checks = await BuildChecks(engine, dir.Path);

        var builds = checks.Where(c => c.Kind == CheckKind.Build).ToList();
        Assert.Equal(2, builds.Count);
        Assert.All(builds, c =>
        {
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Contains("consolidated build", c.Detail, StringComparison.Ordinal);
            Assert.Contains("missing.txt", c.Detail, StringComparison.Ordinal);
        });
    }

    /// <summary>
    /// The compose file of four services (web, api, mail, jobs) and the two API services, whose Dockerfiles start with
    /// the busybox set-up both base-image tests share; returns that set-up (the workers' Dockerfiles start with it too).
    /// </summary>
    private static string WriteComposeAndApiServices(TempDir dir, string busybox)
    {
        var prefix = $"FROM {busybox}\nRUN mkdir -p /opt/tools && echo v1 > /opt/tools/version\nCOPY tools.txt /opt/tools/\n";
        dir.Write("docker-compose.yml", "services:\n  web:\n    build: ./api/web\n  api:\n    build: ./api/api\n  mail:\n    build: ./workers/mail\n  jobs:\n    build: ./workers/jobs\n");
        foreach (var (name, port) in new[] { ("web", 8001), ("api", 8002) })
        {
            dir.Write($"api/{name}/Dockerfile", prefix + $"WORKDIR /app\nCOPY app.txt .\nENV SERVICE_NAME={name} PORT={port}\nEXPOSE {port}\nCMD [\"cat\", \"app.txt\"]\n");
            dir.Write($"api/{name}/app.txt", name + "\n");
            dir.Write($"api/{name}/tools.txt", "tools\n");
        }

        return prefix;
    }

    /// <summary>
    /// Two API services and two workers (two shared Dockerfiles) that start with the same busybox set-up: the plan
    /// extracts one base; validate --build builds it first (tagged as the members' FROM names it, so the classic
    /// builder finds it), then every member, and the images equal the originals'. The applied compose file orders
    /// the base first for deploy too.
    /// </summary>
    [Fact]
    public async Task A_plan_with_a_base_image_builds_the_base_first_and_every_member_equals_its_original()
    {
        var (engine, busybox) = await TestDocker.ConnectAsync();
        using var _ = engine;
        using var dir = new TempDir();
        var prefix = WriteComposeAndApiServices(dir, busybox);

        foreach (var queue in new[] { "mail", "jobs" })
        {
            dir.Write($"workers/{queue}/Dockerfile", prefix + $"RUN mkdir -p /home/worker\nUSER 1000\nCOPY run.sh /home/worker/\nENV QUEUE={queue}\nCMD [\"sh\", \"/home/worker/run.sh\"]\n");
            dir.Write($"workers/{queue}/run.sh", "echo " + queue + "\n");
            dir.Write($"workers/{queue}/tools.txt", "tools\n");
        }

        var plan = Planner.Make(dir.Path, new PlanOptions { Project = "vb" }).Plan;
        Assert.True(plan.Summary.BaseImages == 1, plan.BaseImagesNote);
        Assert.Equal(4, plan.Summary.ServicesConsolidated);
        ApplyEngine.Apply(dir.Path, plan, new ApplyOptions { AllowDirty = true });
        Assert.True(File.Exists(Path.Combine(dir.Path, BakeFile.FileName)));

        var graph = InfraDedup.Ops.Deploy.BuildGraph.Create(InfraDedup.Ops.Common.ComposeProject.Load(dir.Path, null));
        Assert.StartsWith("vb/", Assert.Single(graph.Levels[0]).Tag, StringComparison.Ordinal);
        Assert.Equal(4, graph.Levels[1].Count);

        var (subject, statics) = Validator.Run(dir.Path, new ValidateOptions());
        Assert.All(statics, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.Kind} {c.Service}: {c.Detail}"));
        Assert.Equal(4, subject.Pairs.Count);
        var builds = await BuildEquivalence.RunAsync(subject, new EngineImageBuilder(engine), new BuildEquivalenceOptions { Parallelism = 2 }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.All(builds, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.Kind} {c.Service}: {c.Detail}"));
        Assert.Equal(["api", "jobs", "mail", "web"], builds.Where(c => c.Kind == CheckKind.Build).Select(c => c.Service).Order());
    }

    /// <summary>
    /// The same four services planned as templates (every family a template): each family's members are rendered from
    /// one template, and both templates start with the busybox set-up, so the plan extracts one base that the
    /// templates' generated Dockerfiles start FROM. validate --build builds the base first (no member build starts
    /// before it), then every member, and every member's image equals its original's.
    /// </summary>
    [Fact]
    public async Task Templates_on_a_base_image_build_the_base_first_and_every_member_equals_its_original()
    {
        var (engine, busybox) = await TestDocker.ConnectAsync();
        using var _ = engine;
        using var dir = new TempDir();
        var prefix = WriteComposeAndApiServices(dir, busybox);

        foreach (var (queue, user) in new[] { ("mail", 1000), ("jobs", 1001) })
        {
            dir.Write($"workers/{queue}/Dockerfile", prefix + $"RUN mkdir -p /home/{queue} && chown {user} /home/{queue}\nUSER {user}\nCOPY run.sh /home/{queue}/\nENV QUEUE={queue}\nCMD [\"sh\", \"/home/{queue}/run.sh\"]\n");
            dir.Write($"workers/{queue}/run.sh", "echo " + queue + "\n");
            dir.Write($"workers/{queue}/tools.txt", "tools\n");
        }

        var result = Planner.Make(dir.Path, new PlanOptions { Project = "vtb", Strategy = StrategyChoice.Template });
        var plan = result.Plan;
        Assert.Equal(2, plan.Summary.Templates);
        Assert.True(plan.Summary.BaseImages == 1, plan.BaseImagesNote);
        var baseImage = Assert.Single(result.Mapping.BaseImages);
        Assert.Equal(2, baseImage.UsedBy.Count);
        Assert.All(baseImage.UsedBy, u => Assert.StartsWith("docker/templates/", u, StringComparison.Ordinal));
        Assert.Equal(4, plan.Summary.ServicesConsolidated);
        ApplyEngine.Apply(dir.Path, plan, new ApplyOptions { AllowDirty = true });
        foreach (var member in new[] { "api/web", "api/api", "workers/mail", "workers/jobs" })
        {
            var text = File.ReadAllText(Path.Combine(dir.Path, member, "Dockerfile"));
            Assert.Contains("FROM " + baseImage.Tag, text, StringComparison.Ordinal);
            Assert.DoesNotContain("/opt/tools/version", text, StringComparison.Ordinal);
        }

        var (subject, statics) = Validator.Run(dir.Path, new ValidateOptions());
        Assert.All(statics, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.Kind} {c.Service}: {c.Detail}"));
        Assert.Equal(4, subject.Pairs.Count);
        var builder = new RecordingBuilder(new EngineImageBuilder(engine));
        var builds = await BuildEquivalence.RunAsync(subject, builder, new BuildEquivalenceOptions { Parallelism = 2 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(builds, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.Kind} {c.Service}: {c.Detail}"));
        Assert.Equal(["api", "jobs", "mail", "web"], builds.Where(c => c.Kind == CheckKind.Build).Select(c => c.Service).Order());
        Assert.StartsWith("base ", builder.Labels[0], StringComparison.Ordinal);
        Assert.Single(builder.Labels, l => l.StartsWith("base ", StringComparison.Ordinal));
        Assert.Equal(1 + (2 * 4), builder.Labels.Count);
    }

    /// <summary>
    /// The four services of the template test with no compose file at all (docker-library style: each Dockerfile is
    /// built on its own from its folder). The default plan renders them from templates; validate --build still builds
    /// every generated Dockerfile before (from the archive) and after, with its folder as context, the extracted base
    /// first.
    /// </summary>
    [Fact]
    public async Task Generated_Dockerfiles_no_compose_file_builds_are_built_on_their_own_and_equal_their_originals()
    {
        var (engine, busybox) = await TestDocker.ConnectAsync();
        using var _ = engine;
        using var dir = new TempDir();
        var prefix = WriteComposeAndApiServices(dir, busybox);
        File.Delete(Path.Combine(dir.Path, "docker-compose.yml"));
        foreach (var (queue, user) in new[] { ("mail", 1000), ("jobs", 1001) })
        {
            dir.Write($"workers/{queue}/Dockerfile", prefix + $"RUN mkdir -p /home/{queue} && chown {user} /home/{queue}\nUSER {user}\nCOPY run.sh /home/{queue}/\nENV QUEUE={queue}\nCMD [\"sh\", \"/home/{queue}/run.sh\"]\n");
            dir.Write($"workers/{queue}/run.sh", "echo " + queue + "\n");
            dir.Write($"workers/{queue}/tools.txt", "tools\n");
        }

        var result = Planner.Make(dir.Path, new PlanOptions { Project = "vsa" });
        Assert.Equal(2, result.Plan.Summary.Templates);
        Assert.True(result.Plan.Summary.BaseImages == 1, result.Plan.BaseImagesNote);
        ApplyEngine.Apply(dir.Path, result.Plan, new ApplyOptions { AllowDirty = true });

        var (subject, statics) = Validator.Run(dir.Path, new ValidateOptions());
        Assert.All(statics, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.Kind} {c.File}: {c.Detail}"));
        Assert.Equal(["api/api/Dockerfile", "api/web/Dockerfile", "workers/jobs/Dockerfile", "workers/mail/Dockerfile"], subject.Pairs.Select(p => p.DeclaredIn));
        var builder = new RecordingBuilder(new EngineImageBuilder(engine));
        var builds = await BuildEquivalence.RunAsync(subject, builder, new BuildEquivalenceOptions { Parallelism = 2 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(builds, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.Kind} {c.File}: {c.Detail}"));
        Assert.Equal(4, builds.Count(c => c.Kind == CheckKind.Build));
        Assert.Single(result.Mapping.BaseImages);
        Assert.Equal(1 + (2 * 4), builder.Labels.Count);
        Assert.StartsWith("base ", builder.Labels[0], StringComparison.Ordinal);

        // A hand edit of one generated Dockerfile that changes its image fails that Dockerfile's build check only.
        var web = Path.Combine(dir.Path, "api/web/Dockerfile");
        File.WriteAllText(web, File.ReadAllText(web).Replace("PORT=8001", "PORT=9001", StringComparison.Ordinal));
        var (edited, _) = Validator.Run(dir.Path, new ValidateOptions());
        var rebuilt = await BuildEquivalence.RunAsync(edited, new EngineImageBuilder(engine), new BuildEquivalenceOptions { Parallelism = 2 }, cancellationToken: TestContext.Current.CancellationToken);
        var failed = Assert.Single(rebuilt, c => c.Status != CheckStatus.Pass);
        Assert.Equal(("api/web/Dockerfile", CheckStatus.Fail), (failed.File, failed.Status));
        Assert.Contains("PORT=9001", failed.Detail, StringComparison.Ordinal);
    }

    /// <summary>Records the order in which images are built (labels), building them with the real engine.</summary>
    private sealed class RecordingBuilder(IImageBuilder inner) : IImageBuilder
    {
        private readonly List<string> _labels = [];

        public IReadOnlyList<string> Labels
        {
            get
            {
                lock (_labels)
                {
                    return [.. _labels];
                }
            }
        }

        public Task<string> BuildAsync(ImageBuildInput input, CancellationToken cancellationToken)
        {
            lock (_labels)
            {
                _labels.Add(input.Label);
            }

            return inner.BuildAsync(input, cancellationToken);
        }

        public Task<ImageSnapshot> ReadAsync(string imageId, CancellationToken cancellationToken) => inner.ReadAsync(imageId, cancellationToken);

        public Task RemoveAsync(string imageId, CancellationToken cancellationToken) => inner.RemoveAsync(imageId, cancellationToken);
    }
}
