using System.Globalization;
using InfraDedup.Core;
using InfraDedup.Ops.Common;

namespace InfraDedup.Ops.Maintain;

/// <summary>Where a database is reached: directly with the client tools, or with <c>docker exec</c> inside its container.</summary>
public abstract record BackupSource(string Kind, string Name, string Description);

public sealed record PostgresSource(PostgresUrl Url, string? Container = null)
    : BackupSource("postgres", Url.Database, Container is null ? Url.ToString() : $"{Url} in container {Container}");

public sealed record RedisSource(RedisUrl Url, string? Container = null)
    : BackupSource("redis", Container ?? $"{Url.Host}-{Url.Port.ToString(CultureInfo.InvariantCulture)}", Container is null ? Url.ToString() : $"redis in container {Container}");

public sealed record Neo4jSource(string Container, string Database = "neo4j")
    : BackupSource("neo4j", Database, $"neo4j database {Database} in container {Container}");

/// <summary>
/// Backup, verify and restore of PostgreSQL (<c>pg_dump -Fc</c> / <c>pg_restore</c>), Redis (RDB via
/// <c>redis-cli --rdb</c>) and Neo4j (<c>neo4j-admin database dump</c> in its container). Each backup is
/// a folder <c>KIND-NAME-yyyyMMddTHHmmssZ</c> with the dump and a SHA-256 manifest.
/// </summary>
public sealed class BackupService(IProcessRunner runner, TimeProvider? clock = null)
{
    public const string PostgresDumpName = "dump.pgdump";
    public const string RedisDumpName = "dump.rdb";
    public const string Neo4jDumpName = "neo4j.dump";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<BackupResult> BackupAsync(BackupSource source, string outDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Directory.CreateDirectory(outDir);
        var now = _clock.GetUtcNow();
        var folderName = $"{source.Kind}-{Safe(source.Name)}-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        var final = Path.Combine(outDir, folderName);
        for (var n = 2; Directory.Exists(final); n++)
        {
            final = Path.Combine(outDir, $"{folderName}-{n.ToString(CultureInfo.InvariantCulture)}");
        }

        var partial = Path.Combine(outDir, "." + Path.GetFileName(final) + ".partial");
        Directory.CreateDirectory(partial);
        try
        {
            var file = source switch
            {
                PostgresSource pg => await DumpPostgresAsync(pg, partial, cancellationToken),
                RedisSource redis => await DumpRedisAsync(redis, partial, cancellationToken),
                Neo4jSource neo => await DumpNeo4jAsync(neo, partial, cancellationToken),
                _ => throw new ArgumentException("unknown source", nameof(source)),
            };
            var via = source switch
            {
                PostgresSource { Container: { } c } => "container:" + c,
                RedisSource { Container: { } c } => "container:" + c,
                Neo4jSource neo => "container:" + neo.Container,
                _ => "direct",
            };
            var manifest = new BackupManifest(1, source.Kind, source.Name, source.Description, via, now, [BackupManifest.Describe(file)]);
            manifest.Write(partial);
            Directory.Move(partial, final);
            return new BackupResult(final, manifest);
        }
        catch
        {
            Directory.Delete(partial, recursive: true);
            throw;
        }
    }

    private async Task<string> DumpPostgresAsync(PostgresSource source, string folder, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, PostgresDumpName);
        ProcessSpec spec;
        if (source.Container is { } container)
        {
            var args = new List<string> { "exec" };
            foreach (var (k, v) in source.Url.Environment())
            {
                args.AddRange(["-e", $"{k}={v}"]);
            }

            args.AddRange([container, "pg_dump", "-Fc", "-U", source.Url.User, "-d", source.Url.Database]);
            spec = new ProcessSpec("docker", args) { StdoutFile = file };
        }
        else
        {
            spec = new ProcessSpec("pg_dump", [.. source.Url.ClientArguments(), "-Fc", "--no-password", "-f", file]) { Environment = source.Url.Environment() };
        }

        var result = await RunToolAsync(spec, "install the PostgreSQL client (apt-get install postgresql-client) or back up through the container.", cancellationToken);
        if (!result.Succeeded)
        {
            throw new UserInputException($"pg_dump of {source.Description} failed: {result.LastErrorLine()}; check the URL, the password and that the server is running.");
        }

        return file;
    }

    private async Task<string> DumpRedisAsync(RedisSource source, string folder, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, RedisDumpName);
        if (source.Container is { } container)
        {
            var inner = "/tmp/infradedup-backup.rdb";
            var dump = await RunToolAsync(new ProcessSpec("docker", ["exec", container, "redis-cli", "--rdb", inner]), "install the Docker CLI.", cancellationToken);
            if (!dump.Succeeded)
            {
                throw new UserInputException($"redis-cli --rdb in container {container} failed: {dump.LastErrorLine()}.");
            }

            var copy = await RunToolAsync(new ProcessSpec("docker", ["cp", $"{container}:{inner}", file]), "install the Docker CLI.", cancellationToken);
            await runner.RunAsync(new ProcessSpec("docker", ["exec", container, "rm", "-f", inner]), cancellationToken);
            if (!copy.Succeeded)
            {
                throw new UserInputException($"copying the RDB out of container {container} failed: {copy.LastErrorLine()}.");
            }
        }
        else
        {
            var result = await RunToolAsync(
                new ProcessSpec("redis-cli", [.. source.Url.ClientArguments(), "--rdb", file]) { Environment = source.Url.Environment() },
                "install redis-tools (apt-get install redis-tools) or back up through the container.", cancellationToken);
            if (!result.Succeeded || !File.Exists(file))
            {
                throw new UserInputException($"redis-cli --rdb from {source.Description} failed: {result.LastErrorLine()}; check the URL and that the server is running.");
            }
        }

        return file;
    }

    private async Task<string> DumpNeo4jAsync(Neo4jSource source, string folder, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, Neo4jDumpName);
        var result = await RunToolAsync(
            new ProcessSpec("docker", ["exec", source.Container, "neo4j-admin", "database", "dump", source.Database, "--to-stdout"]) { StdoutFile = file },
            "install the Docker CLI.", cancellationToken);
        if (!result.Succeeded)
        {
            throw new UserInputException($"neo4j-admin database dump in container {source.Container} failed: {result.LastErrorLine()} (Neo4j 5 needs the database stopped or an enterprise online dump).");
        }

        return file;
    }

    /// <summary>Checks every backup at <paramref name="path"/>: files present with the manifest's size and SHA-256, then the format (pg_restore --list, RDB header/CRC).</summary>
    public async Task<IReadOnlyList<VerifyResult>> VerifyAsync(string path, CancellationToken cancellationToken = default)
    {
        var folders = BackupManifest.Find(path);
        if (folders.Count == 0)
        {
            throw new UserInputException($"no backups in '{path}' (a backup is a folder with {BackupManifest.FileName}).");
        }

        var results = new List<VerifyResult>();
        foreach (var folder in folders)
        {
            results.Add(await VerifyOneAsync(folder, cancellationToken));
        }

        return results;
    }

    private async Task<VerifyResult> VerifyOneAsync(string folder, CancellationToken cancellationToken)
    {
        BackupManifest manifest;
        try
        {
            manifest = BackupManifest.Read(folder);
        }
        catch (UserInputException e)
        {
            return new VerifyResult(folder, "?", "?", false, e.Describe());
        }

        VerifyResult Fail(string detail) => new(folder, manifest.Kind, manifest.Name, false, detail);
        foreach (var expected in manifest.Files)
        {
            var file = Path.Combine(folder, expected.Name);
            if (!File.Exists(file))
            {
                return Fail($"{expected.Name} is missing");
            }

            var actual = BackupManifest.Describe(file);
            if (actual.Size != expected.Size || actual.Sha256 != expected.Sha256)
            {
                return Fail($"{expected.Name}: SHA-256 {actual.Sha256[..12]}… ({actual.Size} bytes) does not match the manifest's {expected.Sha256[..Math.Min(12, expected.Sha256.Length)]}… ({expected.Size} bytes)");
            }
        }

        var dump = manifest.Files.Count > 0 ? Path.Combine(folder, manifest.Files[0].Name) : null;
        switch (manifest.Kind)
        {
            case "postgres" when dump is not null:
                var list = await RunToolAsync(new ProcessSpec("pg_restore", ["--list", dump]), "install the PostgreSQL client to verify PostgreSQL dumps.", cancellationToken);
                if (!list.Succeeded)
                {
                    return Fail($"pg_restore --list rejects the dump: {list.LastErrorLine()}");
                }

                var entries = list.Stdout.Split('\n').Count(l => l.Length > 0 && !l.StartsWith(';'));
                return new VerifyResult(folder, manifest.Kind, manifest.Name, true, $"checksum ok; pg_restore --list: {entries} entries");
            case "redis" when dump is not null:
                var rdb = RdbFile.Check(dump);
                return rdb.Ok ? new VerifyResult(folder, manifest.Kind, manifest.Name, true, "checksum ok; " + rdb.Detail) : Fail(rdb.Detail);
            default:
                return new VerifyResult(folder, manifest.Kind, manifest.Name, true, "checksum ok");
        }
    }

    /// <summary>
    /// Restores a PostgreSQL backup into the database named by <paramref name="target"/>, creating it when
    /// missing. A database that already holds tables is only overwritten with <paramref name="force"/>
    /// (<c>pg_restore --clean --if-exists</c>). The backup is verified first.
    /// </summary>
    public async Task<string> RestorePostgresAsync(PostgresUrl target, string from, bool force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var folder = Newest(from, "postgres", target.Database);
        var check = await VerifyOneAsync(folder, cancellationToken);
        if (!check.Ok)
        {
            throw new UserInputException($"backup '{folder}' failed verification: {check.Detail}; restore from another backup.");
        }

        var maintenance = target.WithDatabase("postgres");
        var exists = await ScalarAsync(maintenance, $"select count(*) from pg_database where datname = {Literal(target.Database)}", cancellationToken) != "0";
        if (!exists)
        {
            await ScalarAsync(maintenance, $"create database {Identifier(target.Database)}", cancellationToken);
        }
        else
        {
            var tables = await ScalarAsync(target, "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                + "where c.relkind in ('r','p','v','m','S','f') and n.nspname not in ('pg_catalog','information_schema') and n.nspname not like 'pg_toast%'", cancellationToken);
            if (tables != "0" && !force)
            {
                throw new UserInputException($"database '{target.Database}' on {target.Host}:{target.Port} is not empty ({tables} relations); restore into a new database name, or pass --force to replace its contents.");
            }
        }

        var args = new List<string>(target.ClientArguments()) { "--no-owner", "--no-password", "--exit-on-error" };
        if (exists && force)
        {
            args.AddRange(["--clean", "--if-exists"]);
        }

        args.Add(Path.Combine(folder, PostgresDumpName));
        var result = await RunToolAsync(new ProcessSpec("pg_restore", args) { Environment = target.Environment() }, "install the PostgreSQL client (apt-get install postgresql-client).", cancellationToken);
        if (!result.Succeeded)
        {
            throw new UserInputException($"pg_restore into {target} failed: {result.LastErrorLine()}.");
        }

        return folder;
    }

    /// <summary>The backup folder to restore: <paramref name="from"/> itself, or its newest backup of the kind (preferring the same name).</summary>
    public static string Newest(string from, string kind, string? name)
    {
        var candidates = BackupManifest.Find(from).Select(f => (Folder: f, Manifest: BackupManifest.Read(f))).Where(c => c.Manifest.Kind == kind).ToList();
        if (candidates.Count == 0)
        {
            throw new UserInputException($"no {kind} backup in '{from}'; give a folder written by 'maintain backup'.");
        }

        var preferred = candidates.Where(c => c.Manifest.Name == name).ToList();
        return (preferred.Count > 0 ? preferred : candidates).OrderByDescending(c => c.Manifest.Created).First().Folder;
    }

    private async Task<string> ScalarAsync(PostgresUrl url, string sql, CancellationToken cancellationToken)
    {
        var result = await RunToolAsync(
            new ProcessSpec("psql", [.. url.ClientArguments(), "-X", "-q", "-t", "-A", "--no-password", "-v", "ON_ERROR_STOP=1", "-c", sql]) { Environment = url.Environment() },
            "install the PostgreSQL client (apt-get install postgresql-client).", cancellationToken);
        if (!result.Succeeded)
        {
            throw new UserInputException($"psql on {url} failed: {result.LastErrorLine()}; check the URL, the password and that the server is running.");
        }

        return result.Stdout.Trim();
    }

    private async Task<ProcessResult> RunToolAsync(ProcessSpec spec, string hint, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.RunAsync(spec, cancellationToken);
        }
        catch (ToolNotFoundException e)
        {
            throw new UserInputException($"'{e.Tool}' is not installed; {hint}");
        }
    }

    internal static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    internal static string Identifier(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Safe(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
}
