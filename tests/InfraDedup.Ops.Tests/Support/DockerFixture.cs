using InfraDedup.Ops.Docker;

namespace InfraDedup.Ops.Tests.Support;

/// <summary>The test engine (tests/services/docker.sh) and its local busybox base image; skips/fails when absent.</summary>
public static class TestDocker
{
    public static async Task<(DockerEngineClient Engine, string Busybox)> ConnectAsync()
    {
        var host = TestServices.DockerHost;
        var busybox = TestServices.BusyboxImage;
        var engine = new DockerEngineClient(host);
        if (!await engine.PingAsync())
        {
            engine.Dispose();
            TestServices.Unavailable("Docker engine", $"{host} does not answer");
        }

        if (await engine.InspectImageAsync(busybox) is null)
        {
            engine.Dispose();
            TestServices.Unavailable("Docker engine", $"base image {busybox} is missing");
        }

        return (engine, busybox);
    }

    /// <summary>Removes the test's containers and images (best effort).</summary>
    public static async Task CleanupAsync(IDockerEngine engine, IEnumerable<string> containers, IEnumerable<string> images)
    {
        foreach (var c in containers)
        {
            try
            {
                await engine.RemoveContainerAsync(c);
            }
            catch (DockerEngineException)
            {
            }
        }

        foreach (var i in images)
        {
            try
            {
                await engine.RemoveImageAsync(i);
            }
            catch (DockerEngineException)
            {
            }
        }
    }
}
