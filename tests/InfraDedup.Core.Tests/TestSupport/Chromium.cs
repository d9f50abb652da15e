using System.Diagnostics;

namespace InfraDedup.Core.Tests.TestSupport;

/// <summary>
/// Headless Chromium for rendering tests: the binary from INFRADEDUP_TEST_CHROMIUM (environment, else
/// tests/services/.env, written by tests/services/start.sh). Missing: the test fails under
/// INFRADEDUP_REQUIRE_SERVICES=1 and is skipped otherwise — never a silent pass.
/// </summary>
public static class Chromium
{
    private const string Variable = "INFRADEDUP_TEST_CHROMIUM";

    public static string Binary()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(value) && Environment.GetEnvironmentVariable("INFRADEDUP_NO_SERVICES") != "1")
        {
            value = FromEnvFile();
        }

        if (string.IsNullOrEmpty(value))
        {
            Unavailable($"{Variable} is not set");
        }
        else if (!File.Exists(value))
        {
            Unavailable($"{value} does not exist");
        }

        return value!;
    }

    /// <summary>Runs Chromium headless on a file URL with the given extra arguments; returns standard output.</summary>
    public static string Run(string binary, string profileDir, string url, params string[] args)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profileDir }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        info.ArgumentList.Add(url);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 3 minutes");
        }

        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    private static void Unavailable(string reason)
    {
        var message = $"Chromium not available: {reason} (run tests/services/start.sh)";
        if (Environment.GetEnvironmentVariable("INFRADEDUP_REQUIRE_SERVICES") == "1")
        {
            Assert.Fail(message + "; INFRADEDUP_REQUIRE_SERVICES=1");
        }

        Assert.Skip(message);
    }

    private static string? FromEnvFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "tests", "services", ".env");
            if (File.Exists(file))
            {
                return File.ReadAllLines(file).Where(l => l.StartsWith(Variable + "=", StringComparison.Ordinal)).Select(l => l[(Variable.Length + 1)..]).LastOrDefault();
            }
        }

        return null;
    }
}
