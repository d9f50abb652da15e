using System.Globalization;
using InfraDedup.Core;

namespace InfraDedup.Ops.Maintain;

/// <summary>A PostgreSQL connection from <c>postgresql://user:password@host:port/database</c>.</summary>
public sealed record PostgresUrl(string Host, int Port, string User, string? Password, string Database)
{
    public static PostgresUrl Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            throw new UserInputException($"'{Redact(url)}' is not a PostgreSQL URL; write postgresql://user:password@host:5432/database.");
        }

        var (user, password) = UserInfo(uri);
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new PostgresUrl(uri.Host.Length == 0 ? "127.0.0.1" : uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port, user ?? "postgres", password, database.Length == 0 ? user ?? "postgres" : database);
    }

    /// <summary>The same server, another database.</summary>
    public PostgresUrl WithDatabase(string database) => this with { Database = database };

    /// <summary>Arguments for pg_dump/pg_restore/psql (the password goes through <see cref="Environment"/>, never the command line).</summary>
    public IReadOnlyList<string> ClientArguments(bool withDatabase = true)
    {
        var args = new List<string> { "-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User };
        if (withDatabase)
        {
            args.AddRange(["-d", Database]);
        }

        return args;
    }

    public IReadOnlyDictionary<string, string> Environment() =>
        Password is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["PGPASSWORD"] = Password };

    /// <summary>The URL without the password, for manifests and messages.</summary>
    public override string ToString() => $"postgresql://{Uri.EscapeDataString(User)}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(Database)}";

    internal static (string? User, string? Password) UserInfo(Uri uri)
    {
        if (uri.UserInfo.Length == 0)
        {
            return (null, null);
        }

        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (Uri.UnescapeDataString(uri.UserInfo), null)
            : (Uri.UnescapeDataString(uri.UserInfo[..colon]), Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
    }

    /// <summary>A URL with its password replaced, for error messages.</summary>
    public static string Redact(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme)
        {
            return url;
        }

        var colon = url.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? url[..(colon + 1)] + "***" + url[at..] : url;
    }
}

/// <summary>A Redis connection from <c>redis://[:password@]host:port[/db]</c>.</summary>
public sealed record RedisUrl(string Host, int Port, string? User, string? Password)
{
    public static RedisUrl Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not "redis")
        {
            throw new UserInputException($"'{PostgresUrl.Redact(url)}' is not a Redis URL; write redis://host:6379 or redis://:password@host:6379.");
        }

        var (user, password) = PostgresUrl.UserInfo(uri);
        return new RedisUrl(uri.Host.Length == 0 ? "127.0.0.1" : uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port, string.IsNullOrEmpty(user) ? null : user, password);
    }

    public IReadOnlyList<string> ClientArguments()
    {
        var args = new List<string> { "-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture) };
        if (User is not null)
        {
            args.AddRange(["--user", User]);
        }

        return args;
    }

    /// <summary>redis-cli reads the password from REDISCLI_AUTH, keeping it off the command line.</summary>
    public IReadOnlyDictionary<string, string> Environment() =>
        Password is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["REDISCLI_AUTH"] = Password };

    public override string ToString() => $"redis://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
