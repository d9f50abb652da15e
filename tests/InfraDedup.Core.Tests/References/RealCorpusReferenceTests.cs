using System.Text;
using System.Text.RegularExpressions;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.References;

/// <summary>
/// Reference analysis over the real public repositories (../shared/corpora/real): every Dockerfile there is built
/// by its maintainers, so a plan must never delete one by default, and <c>--remove-dead</c> may only delete what an
/// independent plain text search cannot find named anywhere.
/// </summary>
public class RealCorpusReferenceTests
{
    [Theory]
    [MemberData(nameof(RealCorpora.ContainerNames), MemberType = typeof(RealCorpora))]
    public void Default_plan_removes_no_file(string corpus)
    {
        using var tree = RealCorpora.Copy(corpus);

        var plan = Planner.Make(tree.Root, new PlanOptions()).Plan;

        Assert.DoesNotContain(plan.Actions, a => a.Kind == PlanActionKind.Remove && a.Reason.StartsWith("dead", StringComparison.Ordinal));
        Assert.Equal(0, plan.Summary.DeadFilesRemoved);
    }

    [Theory]
    [MemberData(nameof(RealCorpora.ContainerNames), MemberType = typeof(RealCorpora))]
    public void Remove_dead_removes_only_files_a_plain_text_search_finds_nowhere(string corpus)
    {
        using var tree = RealCorpora.Copy(corpus);

        var plan = Planner.Make(tree.Root, new PlanOptions { RemoveDeadFiles = true }).Plan;

        var removedAsDead = plan.Actions.Where(a => a.Kind == PlanActionKind.Remove && a.Reason.StartsWith("dead", StringComparison.Ordinal)).Select(a => a.Path).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine($"{corpus}: {removedAsDead.Length} removed as dead, {plan.DeadFiles.Count} unreferenced, incomplete: {plan.IncompleteReferenceSources.Count}");
        var texts = TextFiles(tree.Root);
        foreach (var path in removedAsDead)
        {
            var found = PlainSearch(texts, path);
            Assert.True(found is null, $"{path} was removed as dead, but {found} names it");
        }
    }

    [Theory]
    [InlineData("docker-library-php")]
    [InlineData("docker-library-postgres")]
    [InlineData("docker-library-golang")]
    [InlineData("nodejs-docker-node")]
    public void Docker_library_and_node_Dockerfiles_are_at_least_mentioned(string corpus)
    {
        using var tree = RealCorpora.Copy(corpus);

        var report = Scanner.Scan(tree.Root, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken);

        var dockerfiles = report.FileReferences.Where(f => f.Kind == DeadFiles.DockerfileKind).ToArray();
        Assert.NotEmpty(dockerfiles);
        Assert.All(dockerfiles, f => Assert.True(f.Status != ReferenceStatus.Unreferenced, $"{f.Path} is unreferenced"));
        Assert.All(dockerfiles.Where(f => f.Status == ReferenceStatus.Mentioned), f => Assert.NotEmpty(f.Evidence));
    }

    [Fact]
    public void Otel_demo_Dockerfiles_named_in_env_are_built_through_interpolation()
    {
        using var tree = RealCorpora.Copy("open-telemetry-opentelemetry-demo");
        var env = File.ReadAllLines(tree.PathOf(".env"))
            .Select(l => Regex.Match(l, @"^(?<name>[A-Z_]+_DOCKERFILE)=(?<path>\S+)$"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["path"].Value.TrimStart('.', '/'));

        var report = Scanner.Scan(tree.Root, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken);
        var status = report.FileReferences.ToDictionary(f => f.Path);
        var composeText = string.Join("\n", Directory.EnumerateFiles(tree.Root, "compose*.yaml").Select(File.ReadAllText));

        var viaEnv = 0;
        foreach (var (name, path) in env.Where(kv => composeText.Contains("${" + kv.Key + "}", StringComparison.Ordinal)))
        {
            if (!File.Exists(tree.PathOf(path)))
            {
                Assert.Contains(report.MissingBuilds, m => m.Reason.Contains(path, StringComparison.Ordinal));
                continue;
            }

            var s = status[path];
            Assert.True(s.Status == ReferenceStatus.Built, $"{path} ({name}) is {s.Status}");
            Assert.Contains(s.Evidence, e => e.Kind == "compose-build" && e.Detail.Contains("from .env", StringComparison.Ordinal));
            viaEnv++;
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{viaEnv} built through .env; statuses: {string.Join(", ", report.FileReferences.Where(f => f.Kind == DeadFiles.DockerfileKind).GroupBy(f => f.Status).Select(g => $"{g.Key} {g.Count()}"))}");
        Assert.True(viaEnv >= 20, $"only {viaEnv} Dockerfiles built through .env");
        Assert.All(report.FileReferences.Where(f => f.Kind == DeadFiles.DockerfileKind), f => Assert.True(f.Status != ReferenceStatus.Unreferenced, $"{f.Path} is unreferenced"));
    }

    [Fact]
    public void Otel_demo_every_Dockerfile_is_built_including_the_genproto_ones_built_by_function_calls()
    {
        using var tree = RealCorpora.Copy("open-telemetry-opentelemetry-demo");
        var onDisk = Directory.EnumerateFiles(tree.Root, "*Dockerfile*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(tree.Root, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith(".git/", StringComparison.Ordinal) && !p.EndsWith(".dockerignore", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        var report = Scanner.Scan(tree.Root, new WalkOptions(), cancellationToken: TestContext.Current.CancellationToken);

        var dockerfiles = report.FileReferences.Where(f => f.Kind == DeadFiles.DockerfileKind).ToArray();
        Assert.Equal(32, onDisk.Count); // SOURCES.md
        Assert.Equal(onDisk.Order(StringComparer.Ordinal), dockerfiles.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(dockerfiles, f => Assert.True(f.Status == ReferenceStatus.Built, $"{f.Path} is {f.Status}"));
        var genproto = dockerfiles.Where(f => f.Path.EndsWith("/genproto/Dockerfile", StringComparison.Ordinal)).ToArray();
        Assert.Equal(5, genproto.Length);
        Assert.All(genproto, f => Assert.Contains(f.Evidence, e => e.Source == "docker-gen-proto.sh" && e.Detail.Contains("called as gen_proto_", StringComparison.Ordinal)));
    }

    /// <summary>Every text file of the copy (no .git, no NUL byte), by repository path.</summary>
    private static Dictionary<string, string> TextFiles(string root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (rel.StartsWith(".git/", StringComparison.Ordinal) || rel.StartsWith(".infradedup/", StringComparison.Ordinal))
            {
                continue;
            }

            var bytes = File.ReadAllBytes(file);
            if (Array.IndexOf(bytes, (byte)0) < 0)
            {
                result[rel] = Encoding.UTF8.GetString(bytes);
            }
        }

        return result;
    }

    /// <summary>
    /// The first "file:line" of another file that names <paramref name="path"/>, its folder path or its folder name as
    /// a whole word (not inside a longer name of letters, digits, '.', '_' or '-'); null when none does.
    /// </summary>
    private static string? PlainSearch(Dictionary<string, string> texts, string path)
    {
        var folder = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : string.Empty;
        var names = new List<string> { path };
        if (folder.Length > 0)
        {
            names.Add(folder);
            names.Add(folder[(folder.LastIndexOf('/') + 1)..]);
        }

        var patterns = names.Select(n => new Regex(@"(?<![A-Za-z0-9_.\-])" + Regex.Escape(n) + @"(?![A-Za-z0-9_.\-])")).ToArray();
        foreach (var (file, text) in texts)
        {
            if (file == path)
            {
                continue;
            }

            foreach (var pattern in patterns)
            {
                var match = pattern.Match(text);
                if (match.Success)
                {
                    return $"{file}:{text[..match.Index].Count(c => c == '\n') + 1}";
                }
            }
        }

        return null;
    }
}
