using System.Runtime.CompilerServices;

namespace InfraDedup.Core.Tests.TestSupport;

/// <summary>
/// Golden-file assertions: compares output with a file kept beside the test source in <c>Golden/</c>.
/// Set INFRADEDUP_UPDATE_GOLDEN=1 to rewrite the files after an intended change (then review the diff).
/// </summary>
public static class Golden
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string testFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(testFile)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("INFRADEDUP_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with INFRADEDUP_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
