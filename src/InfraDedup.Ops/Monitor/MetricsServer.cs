using System.Globalization;
using System.Net;
using System.Text;

namespace InfraDedup.Ops.Monitor;

/// <summary>
/// Prometheus text exposition of monitor results, served on a loopback address at <c>/metrics</c>.
/// Written by hand (the format is a few lines of text) rather than with prometheus-net: that package pulls
/// in dependency versions the package mirror does not serve, and it adds nothing the exporter needs.
/// </summary>
public static class PrometheusText
{
    public static string Render(MonitorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("# HELP infradedup_check_up 1 when the check passes (ok or warn), 0 when it fails.\n# TYPE infradedup_check_up gauge\n");
        foreach (var c in report.Checks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"infradedup_check_up{{kind=\"{Escape(c.Kind)}\",name=\"{Escape(c.Name)}\",status=\"{c.Status.ToString().ToLowerInvariant()}\"}} {(c.Status == CheckStatus.Fail ? 0 : 1)}\n");
        }

        void Gauge(string metric, string help, IEnumerable<CheckResult> checks)
        {
            var list = checks.Where(c => c.Value is not null).ToList();
            if (list.Count == 0)
            {
                return;
            }

            sb.Append(CultureInfo.InvariantCulture, $"# HELP {metric} {help}\n# TYPE {metric} gauge\n");
            foreach (var c in list)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{metric}{{name=\"{Escape(c.Name)}\"}} {c.Value!.Value.ToString("R", CultureInfo.InvariantCulture)}\n");
            }
        }

        Gauge("infradedup_http_response_seconds", "Time to the response headers of an HTTP check.", report.Checks.Where(c => c.Kind == "http"));
        Gauge("infradedup_container_restarts", "Restart count of a container.", report.Checks.Where(c => c.Kind == "container"));
        Gauge("infradedup_system_value", "System metric: cpu, memory and disk in percent, load as the 1-minute average.", report.Checks.Where(c => c.Kind == "system"));
        sb.Append("# HELP infradedup_healthy 1 when no check fails.\n# TYPE infradedup_healthy gauge\n");
        sb.Append(CultureInfo.InvariantCulture, $"infradedup_healthy {(report.Healthy ? 1 : 0)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"infradedup_last_check_timestamp_seconds {report.Time.ToUnixTimeSeconds()}\n");
        return sb.ToString();
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>Serves the latest report's metrics at <c>http://ADDRESS/metrics</c>; loopback addresses only.</summary>
public sealed class MetricsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private volatile string _body = "# no check has run yet\n";

    public MetricsServer(string listen)
    {
        var (host, port) = ParseListen(listen);
        Prefix = $"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}/";
        _listener.Prefixes.Add(Prefix);
    }

    public string Prefix { get; }

    /// <summary>Parses <c>HOST:PORT</c>; only loopback hosts are accepted (the exporter has no authentication).</summary>
    public static (string Host, int Port) ParseListen(string listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InfraDedup.Core.UserInputException($"--listen '{listen}' is not HOST:PORT; write e.g. 127.0.0.1:9464.");
        }

        var host = listen[..colon].Trim('[', ']');
        if (host is not ("127.0.0.1" or "localhost" or "::1") && !host.StartsWith("127.", StringComparison.Ordinal))
        {
            throw new InfraDedup.Core.UserInputException($"--listen '{listen}': the metrics endpoint has no authentication and only listens on loopback (127.0.0.1, ::1); put a reverse proxy in front to expose it.");
        }

        return (host == "::1" ? "[::1]" : host, port);
    }

    public void Update(MonitorReport report) => _body = PrometheusText.Render(report);

    public void Start()
    {
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException e)
        {
            throw new InfraDedup.Core.UserInputException($"cannot listen on {Prefix}: {e.Message}; choose another --listen port.");
        }
    }

    /// <summary>Answers requests until cancelled.</summary>
    public async Task ServeAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => _listener.Stop());
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            var path = context.Request.Url?.AbsolutePath ?? "/";
            var body = path is "/metrics" or "/" ? _body : "not found; metrics are at /metrics\n";
            context.Response.StatusCode = path is "/metrics" or "/" ? 200 : 404;
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, cancellationToken);
            context.Response.Close();
        }
    }

    public void Dispose() => ((IDisposable)_listener).Dispose();
}
