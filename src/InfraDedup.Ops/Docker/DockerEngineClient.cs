using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace InfraDedup.Ops.Docker;

/// <summary>
/// A small Docker Engine API client over the engine's unix socket (or tcp://), with source-generated JSON.
/// Hand-written instead of Docker.DotNet: that library serialises with Newtonsoft-style reflection, which
/// native AOT cannot keep working without broad suppressions, and the suite needs only a dozen endpoints.
/// Paths are unversioned, so the engine answers with its own API version.
/// </summary>
public sealed class DockerEngineClient : IDockerEngine, IDisposable
{
    private readonly HttpClient _http;

    public DockerEngineClient(string? host = null)
    {
        host ??= Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host))
        {
            host = "unix:///var/run/docker.sock";
        }

        Endpoint = host;
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var socket = host["unix://".Length..];
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
                        return new NetworkStream(s, ownsSocket: true);
                    }
                    catch
                    {
                        s.Dispose();
                        throw;
                    }
                },
            };
            _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
        }
        else if (host.StartsWith("tcp://", StringComparison.Ordinal) || host.StartsWith("http://", StringComparison.Ordinal))
        {
            var uri = new UriBuilder(host) { Scheme = "http" }.Uri;
            _http = new HttpClient { BaseAddress = uri, Timeout = Timeout.InfiniteTimeSpan };
        }
        else
        {
            throw new InfraDedup.Core.UserInputException($"DOCKER_HOST '{host}' is not supported; use unix:///path/to/docker.sock or tcp://host:port.");
        }
    }

    public string Endpoint { get; }

    public void Dispose() => _http.Dispose();

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var response = await _http.GetAsync("_ping", timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public Task<ImageInspect?> InspectImageAsync(string reference, CancellationToken cancellationToken = default) =>
        GetOrNullAsync($"images/{Uri.EscapeDataString(reference)}/json", DockerJsonContext.Default.ImageInspect, cancellationToken);

    public async Task<string> BuildImageAsync(BuildRequest request, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new StringBuilder("build?version=1&rm=1&forcerm=1");
        query.Append("&dockerfile=").Append(Uri.EscapeDataString(request.DockerfilePath));
        foreach (var tag in request.Tags)
        {
            query.Append("&t=").Append(Uri.EscapeDataString(tag));
        }

        if (request.BuildArgs.Count > 0)
        {
            var args = new Dictionary<string, string>(request.BuildArgs, StringComparer.Ordinal);
            query.Append("&buildargs=").Append(Uri.EscapeDataString(JsonSerializer.Serialize(args, DockerJsonContext.Default.DictionaryStringString)));
        }

        if (request.Labels.Count > 0)
        {
            var labels = new Dictionary<string, string>(request.Labels, StringComparer.Ordinal);
            query.Append("&labels=").Append(Uri.EscapeDataString(JsonSerializer.Serialize(labels, DockerJsonContext.Default.DictionaryStringString)));
        }

        if (request.Target is { Length: > 0 } target)
        {
            query.Append("&target=").Append(Uri.EscapeDataString(target));
        }

        // The context is produced while it is sent: a pipe between the tar writer and the request body.
        var pipe = new System.IO.Pipelines.Pipe();
        var producer = Task.Run(async () =>
        {
            await using var writer = pipe.Writer.AsStream();
            try
            {
                await request.WriteContext(writer, cancellationToken);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
                throw;
            }
        }, cancellationToken);

        using var content = new StreamContent(pipe.Reader.AsStream());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var message = new HttpRequestMessage(HttpMethod.Post, query.ToString()) { Content = content };
        using var response = await SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, "build", cancellationToken);
        await producer;

        string? id = null;
        var lastLines = new Queue<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var msg = JsonSerializer.Deserialize(line, DockerJsonContext.Default.BuildMessage);
            if (msg is null)
            {
                continue;
            }

            if (msg.Error is not null || msg.ErrorDetail?.Message is not null)
            {
                var tail = string.Join(" | ", lastLines);
                throw new DockerEngineException($"build failed: {(msg.ErrorDetail?.Message ?? msg.Error)!.Trim()}{(tail.Length > 0 ? $" (last output: {tail})" : "")}");
            }

            if (msg.Aux?.ID is { } auxId)
            {
                id = auxId;
            }

            if (msg.Stream is { } text)
            {
                foreach (var l in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    log?.Invoke(l);
                    lastLines.Enqueue(l);
                    if (lastLines.Count > 3)
                    {
                        lastLines.Dequeue();
                    }

                    if (l.StartsWith("Successfully built ", StringComparison.Ordinal))
                    {
                        id ??= l["Successfully built ".Length..];
                    }
                }
            }
        }

        if (id is null)
        {
            throw new DockerEngineException("build finished without reporting an image id");
        }

        // Older engines report the short id; resolve it to the full one.
        return (await InspectImageAsync(id, cancellationToken))?.Id ?? id;
    }

    /// <summary>
    /// Streams <c>docker save</c> of one image (a tar of its config, manifest and layers) into
    /// <paramref name="destination"/>; nothing is buffered in memory.
    /// </summary>
    public async Task ExportImageAsync(string reference, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"images/{Uri.EscapeDataString(reference)}/get"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, $"export image {reference}", cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, cancellationToken);
    }

    public async Task TagImageAsync(string imageId, string reference, CancellationToken cancellationToken = default)
    {
        var (repo, tag) = ImageReference.SplitTag(reference);
        using var response = await SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"images/{Uri.EscapeDataString(imageId)}/tag?repo={Uri.EscapeDataString(repo)}&tag={Uri.EscapeDataString(tag)}"),
            HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, $"tag {reference}", cancellationToken);
    }

    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default)
    {
        var path = $"containers/json?all={(all ? 1 : 0)}";
        if (labels is { Count: > 0 })
        {
            var filter = new Dictionary<string, List<string>> { ["label"] = [.. labels.Select(kv => $"{kv.Key}={kv.Value}")] };
            path += "&filters=" + Uri.EscapeDataString(JsonSerializer.Serialize(filter, DockerJsonContext.Default.DictionaryStringListString));
        }

        return await GetAsync(path, DockerJsonContext.Default.ListContainerSummary, cancellationToken);
    }

    public Task<ContainerInspect?> InspectContainerAsync(string idOrName, CancellationToken cancellationToken = default) =>
        GetOrNullAsync($"containers/{Uri.EscapeDataString(idOrName)}/json", DockerJsonContext.Default.ContainerInspect, cancellationToken);

    public async Task<string> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.Serialize(request, DockerJsonContext.Default.ContainerCreateRequest);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"containers/create?name={Uri.EscapeDataString(name)}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, $"create container {name}", cancellationToken);
        var created = await response.Content.ReadFromJsonAsync(DockerJsonContext.Default.ContainerCreateResponse, cancellationToken);
        return created?.Id ?? throw new DockerEngineException($"create container {name}: no id in the answer");
    }

    public Task StartContainerAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"containers/{Uri.EscapeDataString(id)}/start", $"start container {id}", HttpStatusCode.NotModified, cancellationToken);

    public Task StopContainerAsync(string id, int timeoutSeconds = 10, CancellationToken cancellationToken = default) =>
        PostAsync($"containers/{Uri.EscapeDataString(id)}/stop?t={timeoutSeconds.ToString(CultureInfo.InvariantCulture)}", $"stop container {id}", HttpStatusCode.NotModified, cancellationToken);

    public async Task RemoveContainerAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"containers/{Uri.EscapeDataString(id)}?force=1&v=1"), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, $"remove container {id}", cancellationToken);
        }
    }

    public async Task<IReadOnlyList<ImageSummary>> ListImagesAsync(bool danglingOnly, CancellationToken cancellationToken = default)
    {
        var path = "images/json";
        if (danglingOnly)
        {
            var filter = new Dictionary<string, List<string>> { ["dangling"] = ["true"] };
            path += "?filters=" + Uri.EscapeDataString(JsonSerializer.Serialize(filter, DockerJsonContext.Default.DictionaryStringListString));
        }

        return await GetAsync(path, DockerJsonContext.Default.ListImageSummary, cancellationToken);
    }

    public async Task<bool> RemoveImageAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"images/{Uri.EscapeDataString(id)}"), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, $"remove image {id}", cancellationToken);
        return true;
    }

    public Task<SystemDataUsage> DataUsageAsync(CancellationToken cancellationToken = default) =>
        GetAsync("system/df", DockerJsonContext.Default.SystemDataUsage, cancellationToken);

    private async Task PostAsync(string path, string what, HttpStatusCode okStatus, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, path), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != okStatus)
        {
            await EnsureSuccessAsync(response, what, cancellationToken);
        }
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, path, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken) ?? throw new DockerEngineException($"{path}: empty answer");
    }

    private async Task<T?> GetOrNullAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, path, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using (message)
        {
            try
            {
                return await _http.SendAsync(message, completion, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
            {
                throw new DockerEngineException($"cannot reach the Docker engine at {Endpoint} ({e.Message}); start it or set DOCKER_HOST.", 0, e);
            }
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? message = null;
        try
        {
            message = JsonSerializer.Deserialize(body, DockerJsonContext.Default.EngineError)?.Message;
        }
        catch (JsonException)
        {
        }

        throw new DockerEngineException($"{what}: {message ?? body.Trim()} (HTTP {(int)response.StatusCode})", (int)response.StatusCode);
    }
}

internal static class HttpContentJson
{
    public static async Task<T?> ReadFromJsonAsync<T>(this HttpContent content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken);
    }
}
