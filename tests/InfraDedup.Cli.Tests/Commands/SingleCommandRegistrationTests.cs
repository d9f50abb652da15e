namespace InfraDedup.Cli.Tests.Commands;

/// <summary>
/// A run that names its command registers only that command (start-up speed); nothing it prints or returns may
/// differ from a run with every command registered.
/// </summary>
public class SingleCommandRegistrationTests
{
    public static TheoryData<string[]> Invocations() => new(
        ["scan", "/nonexistent-infradedup-tree"],
        ["scan", "/nonexistent-infradedup-tree", "--no-such-option"],
        ["scan"],
        ["similar", "/nonexistent-infradedup-tree", "--threshold", "2"],
        ["dockerfile", "dump"],
        ["dockerfile", "nope"],
        ["archive", "list", "/nonexistent-infradedup-tree"],
        ["maintain"],
        ["schema", "no-such-document"],
        ["lint", "/nonexistent-infradedup-tree", "--format", "bogus"],
        ["scna", "."],
        ["scan", "--help"]);

    [Theory]
    [MemberData(nameof(Invocations))]
    public void Output_and_exit_code_equal_a_run_with_every_command(string[] args)
    {
        CliRun.AssertSame(expected: CliRun.WithAllCommands(args), actual: CliRun.Of(args));
    }

    [Theory]
    [InlineData("scan", "scan")]
    [InlineData("scan --format json", "scan")]
    [InlineData("maintain backup", "maintain")]
    [InlineData("scan --help", null)]
    [InlineData("scan -h", null)]
    [InlineData("--version", null)]
    [InlineData("scna", null)]
    [InlineData("", null)]
    public void Names_the_single_command_only_when_it_cannot_matter(string line, string? expected)
    {
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected, CliApp.SingleCommand(args, ["scan", "maintain", "similar"]));
    }
}
