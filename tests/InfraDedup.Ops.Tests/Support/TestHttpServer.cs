using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InfraDedup.Ops.Tests.Support;

/// <summary>A loopback HTTP server for tests: answers every request with the handler's status (after its delay) and records request bodies.</summary>
public sealed class TestHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<HttpListenerRequest, (int Status, TimeSpan Delay)> _handler;

    public TestHttpServer(Func<HttpListenerRequest, (int Status, TimeSpan Delay)> handler)
    {
        _handler = handler;
        Port = FreePort();
        Url = $"http://127.0.0.1:{Port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url { get; }

    public ConcurrentQueue<string> Bodies { get; } = new();

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                    {
                        Bodies.Enqueue(await reader.ReadToEndAsync());
                    }

                    var (status, delay) = _handler(context.Request);
                    await Task.Delay(delay, _stop.Token);
                    context.Response.StatusCode = status;
                    var bytes = "ok\n"u8.ToArray();
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
                catch (Exception)
                {
                    // the test is over or the client gave up
                }
            });
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
