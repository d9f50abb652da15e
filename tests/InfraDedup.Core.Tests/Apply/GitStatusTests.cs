using InfraDedup.Core.Apply;

namespace InfraDedup.Core.Tests.Apply;

public class GitStatusTests
{
    /// <summary>
    /// git gets this path for its global config, attributes file and hooks folder. It must not be <c>/dev/null</c>,
    /// which a machine can have replaced by a regular file holding text (git then refuses its config and the
    /// uncommitted-changes check is skipped); it sits below the running executable, a regular file, so it cannot exist.
    /// </summary>
    [Fact]
    public void The_path_git_gets_for_its_global_config_hooks_and_attributes_cannot_exist()
    {
        var parent = Path.GetDirectoryName(GitStatus.Nowhere)!;

        Assert.NotEqual("/dev/null", GitStatus.Nowhere);
        Assert.Equal(Environment.ProcessPath, parent);
        Assert.True(File.Exists(parent), $"{parent} should be the running executable, a regular file");
        Assert.False(File.Exists(GitStatus.Nowhere) || Directory.Exists(GitStatus.Nowhere));
    }
}
