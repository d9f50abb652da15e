using InfraDedup.Core;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Maintain;
using InfraDedup.Ops.Tests.Support;

namespace InfraDedup.Ops.Tests.Maintain;

/// <summary>Backup → verify → restore against the PostgreSQL server tests/services/start.sh runs.</summary>
public sealed class PostgresBackupTests
{
    private static async Task<string> Sql(PostgresUrl url, string sql)
    {
        var result = await TestServices.Tool("psql", [.. url.ClientArguments(), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql], url.Environment());
        Assert.True(result.Succeeded, $"psql failed: {result.Stderr}");
        return result.Stdout.Trim();
    }

    private static async Task<PostgresUrl> Server()
    {
        var url = PostgresUrl.Parse(TestServices.PostgresUrl);
        var ready = await TestServices.Tool("pg_isready", ["-h", url.Host, "-p", url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (!ready.Succeeded)
        {
            TestServices.Unavailable("PostgreSQL", $"{url} does not answer");
        }

        return url;
    }

    private const string Fingerprint =
        "select count(*) || ':' || md5(string_agg(id || '|' || name || '|' || encode(data, 'hex') || '|' || coalesce(price::text, '-'), ',' order by id)) from shop.items";

    [Fact]
    public async Task Backup_verify_restore_into_a_fresh_database_gives_equal_data_and_refuses_to_overwrite_without_force()
    {
        var server = await Server();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var source = server.WithDatabase("src_" + suffix);
        var target = server.WithDatabase("dst_" + suffix);
        await Sql(server, $"create database {source.Database}");
        try
        {
            await Sql(source, "create schema shop; create table shop.items(id serial primary key, name text not null, data bytea, price numeric(10,2));"
                + "insert into shop.items(name, data, price) select 'item ' || g || ' ünïcødé ''q''', decode(md5(g::text), 'hex'), case when g % 7 = 0 then null else g * 1.5 end from generate_series(1, 500) g;"
                + "create view shop.cheap as select * from shop.items where price < 10;");
            var expected = await Sql(source, Fingerprint);
            Assert.StartsWith("500:", expected, StringComparison.Ordinal);

            using var dir = new TempDir();
            var service = new BackupService(ProcessRunner.Instance);
            var backup = await service.BackupAsync(new PostgresSource(source), dir.Path);
            Assert.True(File.Exists(Path.Combine(backup.Path, BackupService.PostgresDumpName)));
            Assert.Equal("postgres", backup.Manifest.Kind);
            Assert.Equal(source.ToString(), backup.Manifest.Source);
            Assert.DoesNotContain($":{server.Password}@", File.ReadAllText(Path.Combine(backup.Path, BackupManifest.FileName)), StringComparison.Ordinal);

            var verified = await service.VerifyAsync(dir.Path);
            var only = Assert.Single(verified);
            Assert.True(only.Ok, only.Detail);
            Assert.Contains("pg_restore --list", only.Detail, StringComparison.Ordinal);

            // Restore into a database that does not exist yet: created, data equal.
            await service.RestorePostgresAsync(target, dir.Path, force: false);
            Assert.Equal(expected, await Sql(target, Fingerprint));
            Assert.Equal("1", await Sql(target, "select count(*) from information_schema.views where table_schema = 'shop' and table_name = 'cheap'"));

            // Not empty now: refused without --force, nothing changed.
            await Sql(target, "delete from shop.items where id > 250");
            var refused = await Assert.ThrowsAsync<UserInputException>(() => service.RestorePostgresAsync(target, dir.Path, force: false));
            Assert.Contains("not empty", refused.Message, StringComparison.Ordinal);
            Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
            Assert.Equal("250", await Sql(target, "select count(*) from shop.items"));

            // With --force the contents are replaced by the backup's.
            await service.RestorePostgresAsync(target, dir.Path, force: true);
            Assert.Equal(expected, await Sql(target, Fingerprint));
        }
        finally
        {
            await Sql(server, $"drop database if exists {source.Database}");
            await Sql(server, $"drop database if exists {target.Database}");
        }
    }

    [Fact]
    public async Task Corrupt_backups_are_detected_by_checksum_and_by_pg_restore()
    {
        var server = await Server();
        var source = server.WithDatabase("corrupt_" + Guid.NewGuid().ToString("N")[..8]);
        await Sql(server, $"create database {source.Database}");
        try
        {
            await Sql(source, "create table t(id int primary key, v text); insert into t select g, repeat('x', g) from generate_series(1, 200) g;");
            using var dir = new TempDir();
            var service = new BackupService(ProcessRunner.Instance);
            var backup = await service.BackupAsync(new PostgresSource(source), dir.Path);
            var dump = Path.Combine(backup.Path, BackupService.PostgresDumpName);

            // One flipped byte: the manifest's SHA-256 no longer matches.
            var bytes = File.ReadAllBytes(dump);
            bytes[bytes.Length / 2] ^= 0x5A;
            File.WriteAllBytes(dump, bytes);
            var result = Assert.Single(await service.VerifyAsync(backup.Path));
            Assert.False(result.Ok);
            Assert.Contains("SHA-256", result.Detail, StringComparison.Ordinal);

            // A truncated dump whose manifest was rewritten to match: pg_restore --list rejects it.
            File.WriteAllBytes(dump, bytes.AsSpan(0, 40).ToArray());
            (backup.Manifest with { Files = [BackupManifest.Describe(dump)] }).Write(backup.Path);
            result = Assert.Single(await service.VerifyAsync(backup.Path));
            Assert.False(result.Ok);
            Assert.Contains("pg_restore", result.Detail, StringComparison.Ordinal);

            // Restore refuses a backup that fails verification.
            var target = server.WithDatabase("never_" + Guid.NewGuid().ToString("N")[..8]);
            var e = await Assert.ThrowsAsync<UserInputException>(() => service.RestorePostgresAsync(target, backup.Path, force: false));
            Assert.Contains("failed verification", e.Message, StringComparison.Ordinal);
            Assert.Equal("0", await Sql(server, $"select count(*) from pg_database where datname = '{target.Database}'"));
        }
        finally
        {
            await Sql(server, $"drop database if exists {source.Database}");
        }
    }

    [Fact]
    public async Task A_wrong_password_is_a_one_line_input_error_without_the_password()
    {
        var server = await Server();
        var wrong = server with { Password = "definitely-wrong-pw" };
        using var dir = new TempDir();
        var e = await Assert.ThrowsAsync<UserInputException>(() => new BackupService(ProcessRunner.Instance).BackupAsync(new PostgresSource(wrong), dir.Path));
        Assert.Contains("pg_dump", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("definitely-wrong-pw", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
