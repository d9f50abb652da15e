using InfraDedup.Core;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Deploy;
using InfraDedup.Ops.Docker;

namespace InfraDedup.Ops.Maintain;

/// <summary>
/// Finds the databases of a compose project to back up through their containers: services whose image is
/// postgres, redis or neo4j, with connection settings from the service's environment
/// (<c>POSTGRES_USER</c>, <c>POSTGRES_PASSWORD</c>, <c>POSTGRES_DB</c>).
/// </summary>
public static class BackupDiscovery
{
    public static async Task<IReadOnlyList<BackupSource>> FromComposeAsync(ComposeProject project, IDockerEngine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(engine);
        var sources = new List<BackupSource>();
        foreach (var service in project.Services)
        {
            var image = (service.Image ?? string.Empty).ToLowerInvariant();
            var kind = Kind(image);
            if (kind is null)
            {
                continue;
            }

            var container = await FindContainerAsync(project, service.Name, engine, cancellationToken)
                ?? throw new UserInputException($"service '{service.Name}' ({image}) has no running container; start the project or give --{kind} URL.", Path.Combine(project.Root, service.File));
            var env = service.Environment;
            sources.Add(kind switch
            {
                "postgres" => new PostgresSource(
                    new PostgresUrl("127.0.0.1", 5432, env.GetValueOrDefault("POSTGRES_USER", "postgres"), env.GetValueOrDefault("POSTGRES_PASSWORD"), env.GetValueOrDefault("POSTGRES_DB", env.GetValueOrDefault("POSTGRES_USER", "postgres"))),
                    container),
                "redis" => new RedisSource(new RedisUrl("127.0.0.1", 6379, null, null), container),
                _ => new Neo4jSource(container),
            });
        }

        return sources;
    }

    /// <summary>postgres, redis or neo4j for an image reference, else null.</summary>
    public static string? Kind(string image)
    {
        var repo = ImageReference.SplitTag(image).Repository;
        var name = repo[(repo.LastIndexOf('/') + 1)..];
        return name switch
        {
            "postgres" or "postgis" or "timescaledb" or "pgvector" => "postgres",
            "redis" or "redis-stack-server" or "valkey" => "redis",
            "neo4j" => "neo4j",
            _ => null,
        };
    }

    private static async Task<string?> FindContainerAsync(ComposeProject project, string service, IDockerEngine engine, CancellationToken cancellationToken)
    {
        foreach (var (projectLabel, serviceLabel) in new[] { (Deployer.ProjectLabel, Deployer.ServiceLabel), ("com.docker.compose.project", "com.docker.compose.service") })
        {
            var found = await engine.ListContainersAsync(false, new Dictionary<string, string> { [projectLabel] = project.Name, [serviceLabel] = service }, cancellationToken);
            if (found is [var c, ..])
            {
                return c.Name;
            }
        }

        return null;
    }
}
