using CsCheck;
using InfraDedup.Core;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Maintain;
using InfraDedup.Ops.Tests.Support;

namespace InfraDedup.Ops.Tests.Maintain;

public sealed class MaintainUnitTests
{
    [Fact]
    public void Crc64_is_redis_jones_variant()
    {
        Assert.Equal(0xe9c6d914c4b8d9caUL, RdbFile.Crc64("123456789"u8));
        Assert.Equal(0UL, RdbFile.Crc64([]));
    }

    [Fact]
    public void Rdb_check_accepts_a_well_formed_file_and_rejects_damage()
    {
        using var dir = new TempDir();
        var body = "REDIS0011\xfa\x09redis-ver\x057.0.15\xfe\x00\xfb\x01\x00\x00\x01k\x01v"u8.ToArray().Concat(new byte[] { 0xFF }).ToArray();
        var crc = BitConverter.GetBytes(RdbFile.Crc64(body));
        var good = dir.Write("good.rdb", "");
        File.WriteAllBytes(good, [.. body, .. crc]);
        Assert.True(RdbFile.Check(good).Ok);

        var bad = dir.Write("bad.rdb", "");
        var damaged = body.ToArray();
        damaged[12] ^= 1;
        File.WriteAllBytes(bad, [.. damaged, .. crc]);
        Assert.Contains("CRC-64 mismatch", RdbFile.Check(bad).Detail, StringComparison.Ordinal);

        File.WriteAllBytes(bad, "NOTREDIS0011"u8.ToArray());
        Assert.False(RdbFile.Check(bad).Ok);
        File.WriteAllBytes(bad, [.. body[..^3]]);
        Assert.False(RdbFile.Check(bad).Ok);
    }

    [Fact]
    public void Urls_parse_and_never_show_the_password()
    {
        var pg = PostgresUrl.Parse("postgresql://app:s%40cret@db.local:6543/shop");
        Assert.Equal(("db.local", 6543, "app", "s@cret", "shop"), (pg.Host, pg.Port, pg.User, pg.Password, pg.Database));
        Assert.DoesNotContain("cret", pg.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cret", string.Join(' ', pg.ClientArguments()), StringComparison.Ordinal);
        Assert.Equal("s@cret", pg.Environment()["PGPASSWORD"]);
        Assert.Equal(5432, PostgresUrl.Parse("postgres://u@h/d").Port);
        var e = Assert.Throws<UserInputException>(() => PostgresUrl.Parse("mysql://u:topsecret@h/d"));
        Assert.DoesNotContain("topsecret", e.Message, StringComparison.Ordinal);

        var redis = RedisUrl.Parse("redis://:pw@127.0.0.1:6380");
        Assert.Equal((6380, "pw"), (redis.Port, redis.Password));
        Assert.Equal(6379, RedisUrl.Parse("redis://cache").Port);
    }

    private static readonly DateTimeOffset T0 = new(2026, 3, 15, 3, 0, 0, TimeSpan.Zero); // a Sunday

    [Fact]
    public void Retention_keeps_last_daily_and_weekly_and_always_the_newest()
    {
        // Two backups a day (03:00 and 15:00) for 30 days, newest first.
        var items = Enumerable.Range(0, 60).Select(i => new RetentionItem($"b{i:00}", T0.AddHours(-12 * i))).ToList();
        var kept = Retention.Keep(items, new RetentionPolicy(3, 5, 3));

        // last 3: b00 b01 b02; daily 5 → newest of each of the 5 newest days: b00 (03-15), b01 (03-14 15:00), b03, b05, b07;
        // weekly 3 → newest of ISO weeks: b00 (week 11, Sunday), b01 (week 11 too → not new), 03-08 Sunday 15:00 = b13, 03-01 = b27.
        var expected = new[] { "b00", "b01", "b02", "b03", "b05", "b07", "b13", "b27" };
        Assert.Equal(expected, kept.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("last", kept["b00"], StringComparison.Ordinal);
        Assert.Contains("weekly", kept["b13"], StringComparison.Ordinal);

        Assert.Equal(["b00"], Retention.Keep(items, new RetentionPolicy(0, 0, 0)).Keys);
        Assert.Empty(Retention.Keep([], RetentionPolicy.Default));
    }

    [Fact]
    public void Retention_property_kept_items_are_a_subset_bounded_by_the_policy()
    {
        Gen.Select(Gen.Int[0, 400].Array[0, 60], Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 5])
            .Sample((hours, last, daily, weekly) =>
            {
                var items = hours.Select((h, i) => new RetentionItem("i" + i, T0.AddHours(-h * 7))).ToList();
                var kept = Retention.Keep(items, new RetentionPolicy(last, daily, weekly));
                Assert.True(kept.Count <= Math.Max(1, last) + daily + weekly);
                Assert.All(kept.Keys, k => Assert.Contains(items, i => i.Id == k));
                if (items.Count > 0)
                {
                    var newest = items.OrderByDescending(i => i.Created).ThenBy(i => i.Id, StringComparer.Ordinal).First();
                    Assert.Contains(newest.Id, kept.Keys);
                }
            });
    }

    [Fact]
    public void Prune_deletes_only_outside_the_policy_per_database()
    {
        using var dir = new TempDir();
        for (var i = 0; i < 6; i++)
        {
            foreach (var db in new[] { "a", "b" })
            {
                var folder = Path.Combine(dir.Path, $"postgres-{db}-{i}");
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, "dump.pgdump"), "x");
                new BackupManifest(1, "postgres", db, "src", "direct", T0.AddDays(-i), [BackupManifest.Describe(Path.Combine(folder, "dump.pgdump"))]).Write(folder);
            }
        }

        var dry = Retention.Prune(dir.Path, new RetentionPolicy(2, 0, 0), dryRun: true);
        Assert.Equal(8, dry.Decisions.Count(d => !d.Keep));
        Assert.Equal(12, Directory.GetDirectories(dir.Path).Length);

        var real = Retention.Prune(dir.Path, new RetentionPolicy(2, 0, 0), dryRun: false);
        Assert.Equal(["postgres-a-0", "postgres-a-1", "postgres-b-0", "postgres-b-1"], Directory.GetDirectories(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(4, real.Decisions.Count(d => d.Keep));
    }

    [Fact]
    public void Schedules_validate_cron_with_position_and_translate_to_systemd()
    {
        var config = OpsConfig.Parse("maintain:\n  schedules:\n    - name: nightly\n      cron: \"0 3 * * *\"\n      command: maintain backup --out /b\n    - name: weekly\n      cron: \"*/15 2-4 * * 1-5\"\n      command: maintain prune /b\n", "/p/.infradedup.yaml");
        var crontab = Schedules.Crontab(config.Schedules, "/srv/app", "/usr/local/bin/infradedup");
        Assert.Contains("0 3 * * * cd /srv/app && /usr/local/bin/infradedup maintain backup --out /b >> /srv/app/.infradedup/logs/nightly.log 2>&1", crontab, StringComparison.Ordinal);
        var units = Schedules.SystemdUnits(config.Schedules, "/srv/app", "/usr/local/bin/infradedup");
        Assert.Contains("OnCalendar=*-*-* 3:0:00", units, StringComparison.Ordinal);
        Assert.Contains("OnCalendar=Mon..Fri *-*-* 2..4:0/15:00", units, StringComparison.Ordinal);

        var bad = OpsConfig.Parse("maintain:\n  schedules:\n    - name: broken\n      cron: \"61 * * * *\"\n      command: x\n", "/p/.infradedup.yaml");
        var e = Assert.Throws<UserInputException>(() => Schedules.Crontab(bad.Schedules, "/r", "infradedup"));
        Assert.Equal(("/p/.infradedup.yaml", 4, 13), (e.File, e.Line, e.Column));
        Assert.Contains("broken", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleanup_removes_old_entries_and_interrupted_backups_only()
    {
        using var dir = new TempDir();
        var old = dir.Write("old.tar", "12345");
        File.SetLastWriteTimeUtc(old, T0.AddDays(-40).UtcDateTime);
        var fresh = dir.Write("fresh.tar", "1");
        File.SetLastWriteTimeUtc(fresh, T0.AddDays(-1).UtcDateTime);
        Directory.CreateDirectory(Path.Combine(dir.Path, ".postgres-x.partial"));
        var result = await Housekeeping.CleanupAsync(dir.Path, TimeSpan.FromDays(30), null, dryRun: false, new FakeClock(T0));
        Assert.Equal(["fresh.tar"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));
        Assert.Equal(2, result.Items.Count);
        Assert.Equal(5, result.Bytes);
    }
}
