using System.Diagnostics;

namespace InfraDedup.Core.Tests.TestSupport;

/// <summary>
/// The real public repositories in <c>../shared/corpora/real</c> (see its SOURCES.md). Tests never work on the
/// shared copy (it is read-only): <see cref="Copy"/> makes a private copy in a temp folder, committed to a fresh
/// git repository as a user would have it. Missing corpus: the test fails under INFRADEDUP_REQUIRE_SERVICES=1 and
/// is skipped otherwise.
/// </summary>
public static class RealCorpora
{
    /// <summary>The container corpora (every one has Dockerfiles), in SOURCES.md order.</summary>
    public static readonly string[] Container =
    [
        "docker-library-php",
        "docker-library-postgres",
        "docker-library-golang",
        "nodejs-docker-node",
        "jupyter-docker-stacks",
        "open-telemetry-opentelemetry-demo",
        "bitnami-docker-legacy",
    ];

    /// <summary>The Python corpus for near-duplicate detection at scale.</summary>
    public const string Python = "esphome-esphome";

    /// <summary>Every corpus folder name, for xunit's MemberData.</summary>
    public static TheoryData<string> ContainerNames => new(Container);

    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The folder holding the corpora, or null when it is not beside the repository.</summary>
    public static string? Directory => Root.Value;

    /// <summary>The read-only folder of one corpus; fails or skips when it is missing.</summary>
    public static string Require(string name)
    {
        var root = Directory;
        var path = root is null ? null : Path.Combine(root, name);
        if (path is not null && System.IO.Directory.Exists(path))
        {
            return path;
        }

        var message = $"real corpus ../shared/corpora/real/{name} not found";
        if (Environment.GetEnvironmentVariable("INFRADEDUP_REQUIRE_SERVICES") == "1")
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return string.Empty;
    }

    /// <summary>
    /// A private, writable copy of one corpus in a temp folder, with its files committed to a new git
    /// repository (as a real checkout would be). Dispose deletes it.
    /// </summary>
    public static TempTree Copy(string name, bool gitInit = true)
    {
        var source = Require(name);
        var tree = new TempTree();
        CopyDirectory(source, tree.Root);
        if (gitInit)
        {
            Git(tree.Root, "init", "-q");
            Git(tree.Root, "add", "-A");
            Git(tree.Root, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "corpus");
        }

        return tree;
    }

    private static void CopyDirectory(string source, string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
        {
            var to = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, to);
            // The shared copy has no write bits; keep the execute bits, make the copy writable.
            File.SetUnixFileMode(to, File.GetUnixFileMode(file) | UnixFileMode.UserWrite);
        }

        foreach (var dir in System.IO.Directory.EnumerateDirectories(source))
        {
            CopyDirectory(dir, Path.Combine(target, Path.GetFileName(dir)));
        }
    }

    private static void Git(string root, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {error}");
    }

    private static string? Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpora", "real");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        return null;
    }
}
