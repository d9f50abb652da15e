using System.Diagnostics;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Common;

public sealed class AtomicFileTests
{
    [Fact]
    public void A_regular_file_is_replaced_whole_and_no_temp_file_is_left()
    {
        using var dir = new TempTree();
        var target = Path.Combine(dir.Root, "out.json");
        File.WriteAllText(target, "old content that is longer");

        AtomicFile.Write(target, "new"u8.ToArray());

        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(["out.json"], Directory.GetFiles(dir.Root).Select(Path.GetFileName));
    }

    /// <summary>
    /// <c>-o /dev/null</c> or a named pipe: a rename over the node would turn it into a regular file (as root this
    /// replaced the machine's /dev/null) and the pipe's reader would wait forever. The output goes into the node.
    /// </summary>
    [Fact]
    public async Task A_named_pipe_stays_a_pipe_and_its_reader_gets_the_output()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("named pipes are checked on Linux");
        }

        using var dir = new TempTree();
        var fifo = Path.Combine(dir.Root, "results.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var reader = Task.Run(() => File.ReadAllText(fifo), TestContext.Current.CancellationToken);
        AtomicFile.Write(fifo, "{\"ok\":true}\n"u8.ToArray());

        Assert.Equal("FIFO (named pipe)", UnixFileType.DescribeIfSpecial(fifo));
        Assert.Equal("{\"ok\":true}\n", await reader.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal(["results.fifo"], Directory.GetFiles(dir.Root).Select(Path.GetFileName));
    }
}
