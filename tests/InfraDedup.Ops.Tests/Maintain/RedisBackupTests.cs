using System.Globalization;
using System.Net;
using System.Net.Sockets;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Maintain;
using InfraDedup.Ops.Tests.Support;

namespace InfraDedup.Ops.Tests.Maintain;

/// <summary>Redis backup → verify, checked by loading the backup into a second Redis server.</summary>
public sealed class RedisBackupTests
{
    private static async Task<string> Cli(RedisUrl url, params string[] args)
    {
        var result = await TestServices.Tool("redis-cli", [.. url.ClientArguments(), .. args], url.Environment());
        Assert.True(result.Succeeded, result.Stderr);
        return result.Stdout.Trim();
    }

    private static async Task<RedisUrl> Server()
    {
        var url = RedisUrl.Parse(TestServices.RedisUrl);
        var ping = await TestServices.Tool("redis-cli", [.. url.ClientArguments(), "ping"]);
        if (ping.Stdout.Trim() != "PONG")
        {
            TestServices.Unavailable("Redis", $"{url} does not answer");
        }

        return url;
    }

    [Fact]
    public async Task Backup_holds_the_data_and_verifies()
    {
        var server = await Server();
        var prefix = "infradedup-test:" + Guid.NewGuid().ToString("N")[..8];
        await Cli(server, "set", prefix + ":s", "hello wörld");
        await Cli(server, "rpush", prefix + ":l", "a", "b", "c");
        await Cli(server, "hset", prefix + ":h", "f1", "v1", "f2", "v2");
        try
        {
            using var dir = new TempDir();
            var service = new BackupService(ProcessRunner.Instance);
            var backup = await service.BackupAsync(new RedisSource(server), dir.Path);
            var verified = Assert.Single(await service.VerifyAsync(dir.Path));
            Assert.True(verified.Ok, verified.Detail);
            Assert.Contains("CRC-64 ok", verified.Detail, StringComparison.Ordinal);

            // Load the backup into a fresh server: the keys are there with their values.
            var port = FreePort();
            var replica = new RedisUrl("127.0.0.1", port, null, null);
            var start = await TestServices.Tool("redis-server", ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--daemonize", "yes",
                "--dir", backup.Path, "--dbfilename", BackupService.RedisDumpName, "--save", "", "--appendonly", "no", "--pidfile", Path.Combine(dir.Path, "r.pid")]);
            Assert.True(start.Succeeded, start.Stderr);
            try
            {
                for (var i = 0; i < 50 && (await TestServices.Tool("redis-cli", [.. replica.ClientArguments(), "ping"])).Stdout.Trim() != "PONG"; i++)
                {
                    await Task.Delay(100);
                }

                Assert.Equal("hello wörld", await Cli(replica, "get", prefix + ":s"));
                Assert.Equal("a\nb\nc", await Cli(replica, "lrange", prefix + ":l", "0", "-1"));
                Assert.Equal("v2", await Cli(replica, "hget", prefix + ":h", "f2"));
            }
            finally
            {
                await TestServices.Tool("redis-cli", [.. replica.ClientArguments(), "shutdown", "nosave"]);
            }
        }
        finally
        {
            await Cli(server, "del", prefix + ":s", prefix + ":l", prefix + ":h");
        }
    }

    [Fact]
    public async Task Corrupt_rdb_is_detected_by_checksum_and_by_crc()
    {
        var server = await Server();
        await Cli(server, "set", "infradedup-test:corrupt", new string('z', 300));
        using var dir = new TempDir();
        var service = new BackupService(ProcessRunner.Instance);
        var backup = await service.BackupAsync(new RedisSource(server), dir.Path);
        var rdb = Path.Combine(backup.Path, BackupService.RedisDumpName);
        var bytes = File.ReadAllBytes(rdb);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(rdb, bytes);

        var result = Assert.Single(await service.VerifyAsync(backup.Path));
        Assert.False(result.Ok);
        Assert.Contains("SHA-256", result.Detail, StringComparison.Ordinal);

        // Even with a manifest rewritten to match, the RDB's own CRC-64 gives it away.
        (backup.Manifest with { Files = [BackupManifest.Describe(rdb)] }).Write(backup.Path);
        result = Assert.Single(await service.VerifyAsync(backup.Path));
        Assert.False(result.Ok);
        Assert.Contains("CRC-64 mismatch", result.Detail, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
