using System.Formats.Tar;
using System.Globalization;
using System.Text.Json;
using InfraDedup.Core.Validation;

namespace InfraDedup.Ops.Docker;

/// <summary>
/// Builds and reads images for <c>validate --build</c> through the Engine API: classic-builder builds from a context
/// folder, image inspect for the config, and <c>GET /images/{id}/get</c> (docker save) for the layers, which are
/// read with <see cref="ImageFilesystem"/> into the final filesystem.
/// </summary>
public sealed class EngineImageBuilder(DockerEngineClient engine, Action<string>? log = null) : IImageBuilder
{
    public async Task<string> BuildAsync(ImageBuildInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = BuildContext.Collect(input.ContextDirectory, input.DockerfilePath);
        var request = new BuildRequest(
            context.WriteTarAsync,
            context.DockerfileEntry,
            input.Tags,
            input.Args,
            new Dictionary<string, string>(StringComparer.Ordinal),
            input.Target);
        log?.Invoke($"building {input.Label}");
        return await engine.BuildImageAsync(request, null, cancellationToken);
    }

    public async Task<ImageSnapshot> ReadAsync(string imageId, CancellationToken cancellationToken)
    {
        var inspect = await engine.InspectImageAsync(imageId, cancellationToken)
            ?? throw new DockerEngineException($"image {imageId} is gone before it could be read");
        var scratch = Path.Combine(Path.GetTempPath(), "infradedup-export-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(scratch);
        try
        {
            var tarPath = Path.Combine(scratch, "image.tar");
            await using (var file = new FileStream(tarPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await engine.ExportImageAsync(imageId, file, cancellationToken);
            }

            var extracted = Path.Combine(scratch, "image");
            Directory.CreateDirectory(extracted);
            await TarFile.ExtractToDirectoryAsync(tarPath, extracted, overwriteFiles: true, cancellationToken);
            File.Delete(tarPath);
            return new ImageSnapshot(Config(inspect.Config), ReadLayers(extracted));
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a leftover export in /tmp is only disk space
            }
        }
    }

    public async Task RemoveAsync(string imageId, CancellationToken cancellationToken) =>
        await engine.RemoveImageAsync(imageId, cancellationToken);

    /// <summary>The layers named by the export's <c>manifest.json</c>, applied lowest first.</summary>
    private static ImageFilesystem ReadLayers(string extracted)
    {
        var manifestPath = Path.Combine(extracted, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            throw new DockerEngineException("the image export has no manifest.json; the engine's docker-save format is not one this tool reads");
        }

        var manifests = JsonSerializer.Deserialize(File.ReadAllBytes(manifestPath), DockerJsonContext.Default.ListSavedImageManifest);
        var layers = manifests is [{ Layers: { } list }, ..] ? list : throw new DockerEngineException("the image export's manifest.json lists no layers");
        var fs = new ImageFilesystem();
        foreach (var layer in layers)
        {
            var path = Path.GetFullPath(Path.Combine(extracted, layer));
            if (!path.StartsWith(extracted + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new DockerEngineException($"the image export names a layer outside itself: {layer}");
            }

            using var stream = File.OpenRead(path);
            fs.Apply(stream);
        }

        return fs;
    }

    /// <summary>The config keys validation compares, from image inspect.</summary>
    public static ImageConfigSnapshot Config(ContainerConfig? config)
    {
        config ??= new ContainerConfig();
        return new ImageConfigSnapshot(
            config.Env ?? [],
            config.User ?? string.Empty,
            config.WorkingDir ?? string.Empty,
            config.Entrypoint,
            config.Cmd,
            [.. (config.ExposedPorts ?? []).Keys],
            [.. (config.Volumes ?? []).Keys],
            config.Labels ?? new Dictionary<string, string>(StringComparer.Ordinal),
            config.Healthcheck is { } h ? Healthcheck(h) : null,
            string.IsNullOrEmpty(config.StopSignal) ? null : config.StopSignal);
    }

    private static string Healthcheck(HealthConfig h) => string.Create(
        CultureInfo.InvariantCulture,
        $"[{string.Join(", ", (h.Test ?? []).Select(t => "\"" + t + "\""))}] interval={h.Interval}ns timeout={h.Timeout}ns start-period={h.StartPeriod}ns start-interval={h.StartInterval ?? 0}ns retries={h.Retries}");
}
