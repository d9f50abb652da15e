namespace InfraDedup.Ops.Docker;

/// <summary>An image build: a tar of the context, the Dockerfile's path inside it, tags, args and labels.</summary>
public sealed record BuildRequest(
    Func<Stream, CancellationToken, Task> WriteContext,
    string DockerfilePath,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> BuildArgs,
    IReadOnlyDictionary<string, string> Labels,
    string? Target = null);

/// <summary>The Docker Engine operations the operations suite uses. <see cref="DockerEngineClient"/> talks to a real engine; tests fake it.</summary>
public interface IDockerEngine
{
    /// <summary>Where the engine is (for messages).</summary>
    string Endpoint { get; }

    Task<bool> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>The image, or null when the engine has no image by that reference.</summary>
    Task<ImageInspect?> InspectImageAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Builds (classic builder) and returns the new image id; throws <see cref="DockerEngineException"/> with the builder's message on failure.</summary>
    Task<string> BuildImageAsync(BuildRequest request, Action<string>? log = null, CancellationToken cancellationToken = default);

    /// <summary>Points <paramref name="reference"/> (<c>repo:tag</c>) at image <paramref name="imageId"/>.</summary>
    Task TagImageAsync(string imageId, string reference, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default);

    Task<ContainerInspect?> InspectContainerAsync(string idOrName, CancellationToken cancellationToken = default);

    Task<string> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken cancellationToken = default);

    Task StartContainerAsync(string id, CancellationToken cancellationToken = default);

    Task StopContainerAsync(string id, int timeoutSeconds = 10, CancellationToken cancellationToken = default);

    Task RemoveContainerAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ImageSummary>> ListImagesAsync(bool danglingOnly, CancellationToken cancellationToken = default);

    /// <summary>Removes an image; returns false when it is in use or gone.</summary>
    Task<bool> RemoveImageAsync(string id, CancellationToken cancellationToken = default);

    Task<SystemDataUsage> DataUsageAsync(CancellationToken cancellationToken = default);
}

/// <summary>The engine answered with an error (or could not be reached).</summary>
public sealed class DockerEngineException(string message, int statusCode = 0, Exception? inner = null) : Exception(message, inner)
{
    public int StatusCode { get; } = statusCode;
}
