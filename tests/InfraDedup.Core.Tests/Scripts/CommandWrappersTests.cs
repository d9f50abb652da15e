using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Tests.Scripts;

public class CommandWrappersTests
{
    [Theory]
    [InlineData("docker build .", 0)]
    [InlineData("sudo -u deploy docker build .", 3)]
    [InlineData("env -u HOME A=1 B=2 make build", 5)]
    [InlineData("timeout -s KILL 30 curl -f http://x/health", 4)]
    [InlineData("nice -n 10 ionice -c 3 pg_dump db", 6)]
    [InlineData("/usr/bin/sudo exec nohup ./run.sh", 3)]
    [InlineData("sudo", 1)]
    public void The_command_behind_wrappers_is_found(string line, int expected)
    {
        Assert.Equal(expected, CommandWrappers.Skip(line.Split(' ')));
    }

    [Fact]
    public void A_script_function_that_runs_its_arguments_is_skipped_like_a_wrapper()
    {
        string?[] words = ["run", "sudo", "docker", "image", "prune"];
        Assert.Equal(2, CommandWrappers.Skip(words, 0, new HashSet<string>(StringComparer.Ordinal) { "run" }));
        Assert.Equal(0, CommandWrappers.Skip(words));
    }

    [Fact]
    public void An_unknown_word_stops_the_walk()
    {
        string?[] words = ["sudo", null, "docker"];
        Assert.Equal(1, CommandWrappers.Skip(words));
    }
}
