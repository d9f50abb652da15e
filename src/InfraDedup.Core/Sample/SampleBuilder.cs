namespace InfraDedup.Core.Sample;

/// <summary>Writes one sample tree through a <see cref="SampleFileSink"/> and derives its ground truth.</summary>
internal sealed partial class SampleBuilder
{
    private readonly SampleFileSink _sink;
    private readonly ulong _seed;
    private readonly long _seedValue;
    private readonly IReadOnlyList<ServicePlan> _plans;

    public SampleBuilder(SampleFileSink sink, int services, long seed)
    {
        _sink = sink;
        _seedValue = seed;
        _seed = unchecked((ulong)seed);
        _plans = SamplePlanner.Plan(services, _seed);
        ChooseLayout();
    }

    public SampleGroundTruth Build()
    {
        var services = _plans.Count;
        WriteRootFiles();
        WriteServices();
        foreach (var p in OldDockerfileOwners())
        {
            WriteOldDockerfile(p);
        }

        foreach (var p in DevDockerfileOwners())
        {
            WriteDevDockerfile(p);
        }

        WriteServiceScripts();
        WriteExperiments(Math.Max(2, services / 40));
        WriteCopies(services);
        WriteRepoScripts(services);
        WriteScriptCopies(services);
        WriteRootCompose();
        WriteProdCompose();
        WriteAgentsCompose();
        WriteDevCompose();
        WriteMakefile();
        WriteWorkflow();
        return GroundTruth();
    }

    private void ChooseLayout()
    {
        var py311 = _plans.Count(p => p.Kind == ServiceKind.Python311);
        var rootAgents = Math.Max(1, Round(py311 * 10, 100));
        foreach (var p in _plans)
        {
            p.InRootCompose = p.Kind switch
            {
                ServiceKind.Python311 => p.KindIndex < rootAgents,
                ServiceKind.Python312 => false,
                _ => true,
            };
            p.HasPycache = p.Kind == ServiceKind.Python311 && p.KindIndex == 0;
            p.HasNodeModules = p.Kind == ServiceKind.Node && p.KindIndex == 0;
        }
    }

    private IEnumerable<ServicePlan> OldDockerfileOwners()
    {
        var py311 = _plans.Where(p => p.Kind == ServiceKind.Python311).ToList();
        var count = Math.Max(1, Round(py311.Count * 4, 100));
        for (var i = 0; i < count; i++)
        {
            var index = Math.Min(py311.Count - 1, 1 + (i * 25));
            if (i == 0 || index != 1 + ((i - 1) * 25))
            {
                yield return py311[index];
            }
        }
    }

    /// <summary>The first root-compose agents also get a Dockerfile.dev built by docker-compose.dev.yml.</summary>
    private IEnumerable<ServicePlan> DevDockerfileOwners() =>
        _plans.Where(p => p.Kind == ServiceKind.Python311 && p.InRootCompose).OrderBy(p => p.KindIndex).Take(2);

    private SampleGroundTruth GroundTruth()
    {
        var records = _sink.Records;

        var dockerFamilies = records
            .Where(r => r.Kind == SampleFileKind.Dockerfile && r.Family is not null)
            .GroupBy(r => r.Family!, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .Select(g => new SampleDockerfileFamily(
                g.Key,
                "dockerfile",
                Sorted(g.Select(r => r.Path)),
                Sorted(g.SelectMany(r => r.Varies).Distinct(StringComparer.Ordinal))))
            .OrderBy(f => f.Id, StringComparer.Ordinal)
            .ToList();

        var scriptFamilies = records
            .Where(r => r.Kind is SampleFileKind.Shell or SampleFileKind.Python && r.Family is not null)
            .GroupBy(r => r.Family!, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .Select(g =>
            {
                var first = g.First().Sha256;
                var cloneType = g.All(r => r.Sha256.AsSpan().SequenceEqual(first)) ? 1 : g.Any(r => r.Type3) ? 3 : 2;
                return new SampleScriptFamily(
                    g.Key,
                    g.First().Kind == SampleFileKind.Shell ? "shell" : "python",
                    cloneType,
                    Sorted(g.Select(r => r.Path)));
            })
            .OrderBy(f => f.Id, StringComparer.Ordinal)
            .ToList();

        var exact = records
            .Where(r => r.Length > 0)
            .GroupBy(r => Convert.ToHexString(r.Sha256), StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .Select(g => new SampleExactDuplicate(Sorted(g.Select(r => r.Path))))
            .OrderBy(g => g.Paths[0], StringComparer.Ordinal)
            .ToList();

        var dead = records
            .Where(r => r.DeadReason is not null)
            .Select(r => new SampleDeadFile(r.Path, r.DeadReason!))
            .OrderBy(d => d.Path, StringComparer.Ordinal)
            .ToList();

        var copies = _directoryCopies
            .GroupBy(c => c.Original, StringComparer.Ordinal)
            .Select(g => new SampleDirectoryCopy(Sorted(g.Select(c => c.Copy).Append(g.Key))))
            .OrderBy(c => c.Paths[0], StringComparer.Ordinal)
            .ToList();

        var compose = _compose
            .OrderBy(c => c.ComposeFile, StringComparer.Ordinal)
            .ThenBy(c => c.Service, StringComparer.Ordinal)
            .ToList();

        return new SampleGroundTruth
        {
            Seed = _seedValue,
            Services = _plans.Count,
            DockerfileFamilies = dockerFamilies,
            ScriptFamilies = scriptFamilies,
            ExactDuplicates = exact,
            DeadFiles = dead,
            DirectoryCopies = copies,
            ComposeServices = compose,
            IgnoredPaths = Sorted(records.Where(r => r.Ignored).Select(r => r.Path)),
        };
    }

    private static List<string> Sorted(IEnumerable<string> items)
    {
        var list = items.ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
