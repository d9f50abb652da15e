using Xunit;

namespace InfraDedup.Core.Tests.Dockerfiles;

/// <summary>Finds <c>shared/corpora/buildkit-parser</c> beside the repository (i.e. <c>&lt;repo&gt;/../shared</c>).</summary>
internal static class CorpusLocator
{
    private static readonly Lazy<string?> Root = new(Find);

    public static string? BuildKitParserDir => Root.Value;

    private static string? Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpora", "buildkit-parser");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        return null;
    }

    /// <summary>Returns the corpus dir, or fails (services required) / skips the test.</summary>
    public static string Require()
    {
        var d = BuildKitParserDir;
        if (d is not null)
        {
            return d;
        }

        const string Message = "BuildKit parser corpus (../shared/corpora/buildkit-parser) not found";
        if (Environment.GetEnvironmentVariable("INFRADEDUP_REQUIRE_SERVICES") == "1")
        {
            Assert.Fail(Message);
        }

        Assert.Skip(Message);
        return string.Empty;
    }
}
