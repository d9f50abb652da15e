using System.Diagnostics;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Cli.Tests.Security;

/// <summary>
/// Issue 19, item 4 (and lint's unreadable file from item 5): a path argument that is not a regular file is refused at
/// once with exit 2. A FIFO used to hang these commands (reading it waits for a writer); the test opens the FIFO for
/// writing if a command has not finished in time, so a regression fails instead of hanging the run.
/// </summary>
public class SpecialFileArgumentTests
{
    [Theory]
    [InlineData("dockerfile", "dump")]
    [InlineData("dockerfile", "print")]
    [InlineData("lint")]
    public async Task A_fifo_argument_is_refused_at_once(params string[] command)
    {
        using var dir = new TempDir();
        var fifo = Path.Join(dir.Path, "Dockerfile");
        using (var mkfifo = Process.Start("mkfifo", [fifo])!)
        {
            mkfifo.WaitForExit();
        }

        var run = Task.Run(() => CliRun.Of([.. command, fifo]), TestContext.Current.CancellationToken);
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)) != run)
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
                // unblocks the reader
            }

            Assert.Fail($"{string.Join(' ', command)} blocked on a FIFO");
        }

        var result = await run;
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("FIFO", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dockerfile", "dump")]
    [InlineData("dockerfile", "print")]
    public void A_directory_where_a_dockerfile_is_expected_is_refused(params string[] command)
    {
        using var dir = new TempDir();

        var run = CliRun.Of([.. command, dir.Path]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a directory", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_of_an_unreadable_file_exits_2()
    {
        using var dir = new TempDir();
        var file = dir.Write("Dockerfile", "FROM alpine:3.20\n");

        // Tests run as root, who can read any file whatever its mode: the read seam simulates EACCES (docs/security.md).
        using var unreadable = ReadFaults.MakeUnreadable(file);
        var run = CliRun.Of("lint", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_to_a_device_writes_into_it_instead_of_replacing_it()
    {
        using var dir = new TempDir();
        dir.Write("Dockerfile", "FROM alpine:3.20\n");
        var device = Path.Join(dir.Path, "null");
        using (var mknod = Process.Start(new ProcessStartInfo("mknod", [device, "c", "1", "3"]) { RedirectStandardError = true })!)
        {
            mknod.WaitForExit();
            if (mknod.ExitCode != 0)
            {
                Assert.Skip("mknod (root) is needed to make a private null device");
            }
        }

        var run = CliRun.Of("scan", dir.Path, "--format", "json", "--output", device);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(InputFile.IsSpecial(device), "the device was replaced by a regular file");
    }
}
