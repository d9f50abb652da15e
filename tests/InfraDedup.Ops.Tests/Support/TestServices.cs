using InfraDedup.Ops.Common;

namespace InfraDedup.Ops.Tests.Support;

/// <summary>
/// Connection settings of the services tests/services/start.sh started (environment variables, else
/// tests/services/.env). A missing or unreachable service makes the test fail when
/// INFRADEDUP_REQUIRE_SERVICES=1 and skip otherwise — never a silent pass.
/// </summary>
public static class TestServices
{
    private static readonly Lazy<Dictionary<string, string>> EnvFile = new(ReadEnvFile);

    public static bool Required => Environment.GetEnvironmentVariable("INFRADEDUP_REQUIRE_SERVICES") == "1";

    public static string PostgresUrl => Get("INFRADEDUP_TEST_PG_URL", "PostgreSQL");

    public static string RedisUrl => Get("INFRADEDUP_TEST_REDIS_URL", "Redis");

    public static string DockerHost => Get("INFRADEDUP_TEST_DOCKER_HOST", "Docker engine");

    public static string BusyboxImage => Get("INFRADEDUP_TEST_BUSYBOX_IMAGE", "Docker engine");

    /// <summary>Skips (or fails under REQUIRE_SERVICES) with the reason.</summary>
    public static void Unavailable(string what, string reason)
    {
        var message = $"{what} not available: {reason} (run tests/services/start.sh)";
        if (Required)
        {
            Assert.Fail(message + "; INFRADEDUP_REQUIRE_SERVICES=1");
        }

        Assert.Skip(message);
    }

    public static string Get(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value) && Environment.GetEnvironmentVariable("INFRADEDUP_NO_SERVICES") != "1")
        {
            EnvFile.Value.TryGetValue(variable, out value);
        }

        if (string.IsNullOrEmpty(value))
        {
            Unavailable(what, $"{variable} is not set");
        }

        return value!;
    }

    /// <summary>Runs a command-line tool the test needs (psql, redis-cli); skips/fails when it is not installed.</summary>
    public static async Task<ProcessResult> Tool(string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        try
        {
            return await ProcessRunner.Instance.RunAsync(new ProcessSpec(file, args) { Environment = env ?? new Dictionary<string, string>(), Timeout = TimeSpan.FromMinutes(2) });
        }
        catch (ToolNotFoundException)
        {
            Unavailable(file, "not installed");
            throw;
        }
    }

    private static Dictionary<string, string> ReadEnvFile()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "tests", "services", ".env");
            if (File.Exists(file))
            {
                foreach (var line in File.ReadAllLines(file))
                {
                    var eq = line.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0 && !line.StartsWith('#'))
                    {
                        result[line[..eq]] = line[(eq + 1)..];
                    }
                }

                break;
            }
        }

        return result;
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "infradedup-ops-" + Guid.NewGuid().ToString("N")[..10]);

    public TempDir() => Directory.CreateDirectory(Path);

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

/// <summary>A clock tests set.</summary>
public sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
