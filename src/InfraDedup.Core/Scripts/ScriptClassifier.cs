using System.Text.Json.Serialization;

namespace InfraDedup.Core.Scripts;

/// <summary>What an operational script is for, decided from the commands it runs.</summary>
public enum ScriptClass
{
    /// <summary>Builds, pushes or rolls out images and containers (docker build/push, compose up, kubectl apply, helm).</summary>
    [JsonStringEnumMemberName("deploy")]
    Deploy,

    /// <summary>Checks health: HTTP probes of health endpoints, docker ps/stats/inspect, log checks.</summary>
    [JsonStringEnumMemberName("monitor")]
    Monitor,

    /// <summary>Keeps things running: database dumps, backups, prune and cleanup, disk usage.</summary>
    [JsonStringEnumMemberName("maintain")]
    Maintain,

    /// <summary>None of the above (entrypoints, build helpers, setup scripts, ...).</summary>
    [JsonStringEnumMemberName("other")]
    Other,
}

/// <summary>One command that decided (or, for <see cref="ScriptClass.Other"/>, describes) a script's class.</summary>
/// <param name="Line">1-based line of the command.</param>
/// <param name="Command">The command as written, shortened.</param>
/// <param name="Class">The class this command points to.</param>
/// <param name="Reason">Which rule matched, in a few words.</param>
public sealed record ScriptEvidence(int Line, string Command, ScriptClass Class, string Reason);

/// <summary>A script's class with the commands that decided it.</summary>
public sealed record ScriptClassification(ScriptClass Class, IReadOnlyList<ScriptEvidence> Evidence);

/// <summary>
/// Classifies a shell script from its parsed commands (<see cref="ShellCommand"/>; nested <c>$(...)</c>, <c>sh -c</c>
/// and <c>ssh host '...'</c> command strings included). Every command that matches a rule adds its weight to one
/// class; the heaviest class wins, deploy before maintain before monitor on a tie (a deploy script that checks health
/// afterwards is still a deploy script). Nothing is executed.
/// </summary>
public static partial class ScriptClassifier
{
    /// <summary>At most this many evidence lines are kept per script (the strongest first, then in source order).</summary>
    public const int MaxEvidence = 12;

    private const int Strong = 3;
    private const int Medium = 2;
    private const int Weak = 1;

    public static ScriptClassification Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = new List<(ScriptEvidence Evidence, int Weight)>();
        var commands = new List<(int Line, IReadOnlyList<string?> Words, string Text)>();
        Collect(text, 0, null, commands);
        var healthUrlInText = HealthUrl().IsMatch(text);
        foreach (var (line, words, shown) in commands)
        {
            if (Rule(words, healthUrlInText) is { } hit)
            {
                matches.Add((new ScriptEvidence(line, shown, hit.Class, hit.Reason), hit.Weight));
            }
        }

        var scores = new int[4];
        foreach (var (e, w) in matches)
        {
            scores[(int)e.Class] += w;
        }

        var best = Decide(scores);
        if (best == ScriptClass.Other)
        {
            // No rule matched: the evidence is what the script does run, so a reader can check "other".
            var described = commands.Where(c => c.Words.Count > 0 && c.Words[0] is not null && !Harmless(c.Words))
                .Take(5)
                .Select(c => new ScriptEvidence(c.Line, c.Text, ScriptClass.Other, "no deploy, monitor or maintain command"))
                .ToList();
            if (described.Count == 0)
            {
                described.Add(new ScriptEvidence(1, string.Empty, ScriptClass.Other, commands.Count == 0 ? "no commands" : "only shell housekeeping (set, echo, cd, exit)"));
            }

            return new ScriptClassification(ScriptClass.Other, described);
        }

        var evidence = matches
            .OrderByDescending(m => m.Evidence.Class == best)
            .ThenByDescending(m => m.Weight)
            .ThenBy(m => m.Evidence.Line)
            .Take(MaxEvidence)
            .Select(m => m.Evidence)
            .OrderBy(e => e.Line)
            .ToList();
        return new ScriptClassification(best, evidence);
    }

    /// <summary>
    /// Deploy and maintain change things, monitoring only reads: a script with a strong changing command (score at
    /// least <see cref="Strong"/>) is classified by what it changes, the probes it runs afterwards are secondary.
    /// Otherwise the heaviest class wins; ties go deploy, maintain, monitor.
    /// </summary>
    private static ScriptClass Decide(int[] scores)
    {
        int Score(ScriptClass c) => scores[(int)c];
        var changing = Score(ScriptClass.Deploy) >= Score(ScriptClass.Maintain) ? ScriptClass.Deploy : ScriptClass.Maintain;
        if (Score(changing) >= Strong || Score(changing) >= Score(ScriptClass.Monitor))
        {
            return Score(changing) > 0 ? changing : ScriptClass.Other;
        }

        return ScriptClass.Monitor;
    }

    /// <summary>
    /// Every simple command of <paramref name="text"/> as (line, words, display text): words are static values or
    /// null where they expand at run time; command strings of <c>sh -c</c>, <c>bash -c</c> and <c>ssh host CMD</c>
    /// are parsed too (at the outer command's line).
    /// </summary>
    internal static void Collect(string text, int depth, int? lineOverride, List<(int Line, IReadOnlyList<string?> Words, string Text)> into, IReadOnlySet<string>? passThrough = null)
    {
        passThrough ??= PassThroughFunctions(text);
        foreach (var command in ShellCommand.Parse(text))
        {
            var words = command.Words.Select(w => w.Value).ToList();
            var start = CommandWrappers.Skip(words, 0, passThrough);
            if (start >= words.Count)
            {
                continue;
            }

            var body = words.Skip(start).ToList();
            var line = lineOverride ?? command.Span.Line;
            into.Add((line, body, Shorten(string.Join(' ', command.Words.Skip(start).Select(w => w.Text)))));
            if (depth < 2 && InnerScript(body) is { } inner)
            {
                Collect(inner, depth + 1, line, into, passThrough);
            }
        }
    }

    /// <summary>The command string a command runs in another shell (<c>sh -c '...'</c>, <c>ssh host '...'</c>, <c>docker exec c sh -c '...'</c>).</summary>
    private static string? InnerScript(List<string?> words)
    {
        var name = Name(words[0]);
        if (name is "sh" or "bash" or "dash" or "zsh" or "ash")
        {
            var c = words.IndexOf("-c");
            return c >= 0 && c + 1 < words.Count ? words[c + 1] : null;
        }

        if (name == "ssh")
        {
            // ssh [options] host command...: the last static word after the host, when it looks like a command line.
            var positional = 0;
            for (var i = 1; i < words.Count; i++)
            {
                var w = words[i];
                if (w is null)
                {
                    return null;
                }

                if (w.StartsWith('-'))
                {
                    i += w.Length == 2 && "bcDEeFIiJLlmOopQRSWw".Contains(w[1], StringComparison.Ordinal) ? 1 : 0;
                    continue;
                }

                if (++positional == 2)
                {
                    return string.Join(' ', words.Skip(i).Select(x => x ?? "\"$x\""));
                }
            }

            return null;
        }

        if (name is "docker" or "podman" && words.Count > 2 && words[1] == "exec")
        {
            var c = words.IndexOf("-c");
            return c > 2 && c + 1 < words.Count && Name(words[c - 1]) is "sh" or "bash" ? words[c + 1] : null;
        }

        return null;
    }

    /// <summary>
    /// Functions of the script that run their arguments as a command (a body line that starts with <c>"$@"</c>, or
    /// passes it to <c>exec</c>, <c>eval</c>, <c>sudo</c> or <c>ssh host</c>), like <c>run() { ... "$@"; }</c>: a call
    /// <c>run docker image prune</c> is classified by the command it runs, as <c>sudo docker ...</c> is.
    /// </summary>
    internal static IReadOnlySet<string> PassThroughFunctions(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match definition in FunctionDefinition().Matches(text))
        {
            var bodyStart = definition.Index + definition.Length;
            var bodyEnd = text.IndexOf("\n}", bodyStart, StringComparison.Ordinal);
            var body = text[bodyStart..(bodyEnd < 0 ? text.Length : bodyEnd)];
            if (ArgumentsRunAsCommand().IsMatch(body))
            {
                names.Add(definition.Groups["name"].Value);
            }
        }

        return names;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?m)^[ \t]*(?:function[ \t]+)?(?<name>[A-Za-z_][\w-]*)[ \t]*\(\)[ \t]*\{?")]
    private static partial System.Text.RegularExpressions.Regex FunctionDefinition();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?m)^[ \t]*(?:(?:exec|eval|sudo|command)[ \t]+|ssh[ \t]+\S+[ \t]+)?""?\$(?:@|\{@\})""?(?:[ \t;&|]|$)")]
    private static partial System.Text.RegularExpressions.Regex ArgumentsRunAsCommand();

    private readonly record struct Hit(ScriptClass Class, int Weight, string Reason);

    /// <summary>The rule a command matches, or null. Words: the command word first; null where a word expands at run time.</summary>
    private static Hit? Rule(IReadOnlyList<string?> words, bool healthUrlInText = false)
    {
        var name = Name(words[0]);
        if (name is null)
        {
            return null;
        }

        var args = words.Skip(1).ToList();
        return name switch
        {
            "docker" or "podman" or "nerdctl" => Docker(args),
            "docker-compose" or "podman-compose" => Compose(args),
            "kubectl" or "oc" => Kubectl(args),
            "helm" or "helmfile" => Helm(args),
            "skaffold" or "tilt" or "kustomize" or "argocd" or "flux" or "kamal" => new Hit(ScriptClass.Deploy, Strong, name + " rollout"),
            "terraform" or "tofu" or "pulumi" => args.FirstOrDefault() is "apply" or "up" or "deploy" ? new Hit(ScriptClass.Deploy, Strong, name + " apply") : null,
            "ansible-playbook" => new Hit(ScriptClass.Deploy, Medium, "ansible-playbook"),
            "buildah" or "kaniko" or "executor" or "img" or "crane" or "skopeo" => new Hit(ScriptClass.Deploy, Medium, "image build or copy"),
            "curl" or "wget" or "http" or "httpie" => Http(name, args, healthUrlInText),
            "nc" or "ncat" => args.Contains("-z") ? new Hit(ScriptClass.Monitor, Medium, "port probe") : null,
            "pg_isready" => new Hit(ScriptClass.Monitor, Medium, "database readiness probe"),
            "mysqladmin" => args.Contains("ping") || args.Contains("status") ? new Hit(ScriptClass.Monitor, Medium, "database readiness probe") : null,
            "redis-cli" => RedisCli(args),
            "pg_dump" or "pg_dumpall" or "pg_basebackup" or "mysqldump" or "mariadb-dump" or "mongodump" or "neo4j-admin" or "etcdctl" when name != "etcdctl" || args.Contains("snapshot")
                => new Hit(ScriptClass.Maintain, Strong, "database dump"),
            "pg_restore" or "mongorestore" => new Hit(ScriptClass.Maintain, Strong, "database restore"),
            "vacuumdb" or "reindexdb" => new Hit(ScriptClass.Maintain, Strong, "database maintenance"),
            "psql" => Psql(args),
            "restic" or "borg" or "duplicity" or "rclone" or "rdiff-backup" or "velero" => new Hit(ScriptClass.Maintain, Strong, "backup tool"),
            "tar" or "zip" or "gzip" when args.Any(a => a is not null && Mentions(a, BackupWords)) => new Hit(ScriptClass.Maintain, Medium, "backup archive"),
            "aws" or "gsutil" or "az" when args.Any(a => a is not null && Mentions(a, BackupWords)) => new Hit(ScriptClass.Maintain, Medium, "backup upload"),
            "find" => Find(args),
            "rm" when args.Any(a => a is not null && Mentions(a, CleanupWords)) => new Hit(ScriptClass.Maintain, Weak, "removes old files"),
            "xargs" when args.Any(a => a is not null && Name(a) == "rm") => new Hit(ScriptClass.Maintain, Medium, "removes listed files"),
            "du" or "df" or "ncdu" or "dust" => new Hit(ScriptClass.Maintain, Medium, "disk usage"),
            "logrotate" => new Hit(ScriptClass.Maintain, Strong, "log rotation"),
            "journalctl" => args.Any(a => a is not null && a.StartsWith("--vacuum", StringComparison.Ordinal))
                ? new Hit(ScriptClass.Maintain, Strong, "journal cleanup")
                : new Hit(ScriptClass.Monitor, Medium, "log check"),
            "certbot" => args.Contains("renew") ? new Hit(ScriptClass.Maintain, Medium, "certificate renewal") : null,
            "tail" or "grep" or "egrep" or "zgrep" when args.Any(a => a is not null && (a.EndsWith(".log", StringComparison.Ordinal) || a.Contains("/log/", StringComparison.Ordinal) || a.Contains("/logs/", StringComparison.Ordinal)))
                => new Hit(ScriptClass.Monitor, Medium, "log check"),
            "uptime" or "vmstat" or "iostat" or "free" or "mpstat" => new Hit(ScriptClass.Monitor, Weak, "system status"),
            "systemctl" or "service" => Systemctl(args),
            _ => null,
        };
    }

    private static Hit? Docker(List<string?> args)
    {
        var (sub, rest) = Subcommand(args);
        switch (sub)
        {
            case "compose":
                return Compose(rest);
            case "build" or "push" or "tag":
                return new Hit(ScriptClass.Deploy, Strong, "docker " + sub);
            case "buildx":
                return rest.FirstOrDefault() is "build" or "bake" ? new Hit(ScriptClass.Deploy, Strong, "docker buildx " + rest[0]) : null;
            case "stack" or "service":
                return rest.FirstOrDefault() is "deploy" or "update" or "create" or "scale" or "rollback"
                    ? new Hit(ScriptClass.Deploy, Strong, $"docker {sub} {rest[0]}")
                    : rest.FirstOrDefault() is "ps" or "ls" or "logs" ? new Hit(ScriptClass.Monitor, Medium, $"docker {sub} {rest[0]}") : null;
            case "run" or "start" or "restart" or "pull" or "load":
                return new Hit(ScriptClass.Deploy, Weak, "docker " + sub);
            case "ps" or "stats" or "inspect" or "events" or "top" or "logs" or "healthcheck":
                return new Hit(ScriptClass.Monitor, sub is "logs" or "inspect" ? Medium : Strong, "docker " + sub);
            case "container" or "image" or "volume" or "network" or "system" or "builder":
                if (rest.FirstOrDefault() is "prune" or "rm" or "remove")
                {
                    return new Hit(ScriptClass.Maintain, Strong, $"docker {sub} {rest[0]}");
                }

                if (sub == "system" && rest.FirstOrDefault() is "df")
                {
                    return new Hit(ScriptClass.Maintain, Strong, "docker system df");
                }

                return rest.FirstOrDefault() is "ls" or "inspect" or "stats" ? new Hit(ScriptClass.Monitor, Weak, $"docker {sub} {rest[0]}") : null;
            case "rmi":
                return new Hit(ScriptClass.Maintain, Medium, "docker rmi");
            case "rm" or "stop" or "kill":
                return new Hit(ScriptClass.Maintain, Weak, "docker " + sub);
            case "exec":
                return Exec(rest); // what it runs inside the container decides
            default:
                return null;
        }
    }

    /// <summary><c>exec [options] CONTAINER COMMAND...</c>: the rule of COMMAND.</summary>
    private static Hit? Exec(List<string?> rest)
    {
        var i = 0;
        while (i < rest.Count && rest[i] is { } option && option.StartsWith('-'))
        {
            i += option is "-u" or "--user" or "-e" or "--env" or "-w" or "--workdir" or "--env-file" or "--index" ? 2 : 1;
        }

        var command = rest.Skip(i + 1).ToList();
        return command.Count > 0 && command[0] is not null && Name(command[0]) is not ("sh" or "bash") ? Rule(command) : null;
    }

    private static Hit? Compose(List<string?> args)
    {
        var (sub, _) = Subcommand(args, ComposeOptionsWithValue);
        return sub switch
        {
            "up" or "build" or "push" or "create" => new Hit(ScriptClass.Deploy, Strong, "compose " + sub),
            "pull" or "restart" or "start" or "run" or "down" or "stop" => new Hit(ScriptClass.Deploy, Weak, "compose " + sub),
            "ps" or "top" or "logs" or "events" or "stats" => new Hit(ScriptClass.Monitor, sub == "logs" ? Medium : Strong, "compose " + sub),
            "rm" => new Hit(ScriptClass.Maintain, Weak, "compose rm"),
            "exec" => Exec(Subcommand(args, ComposeOptionsWithValue).After),
            _ => null,
        };
    }

    private static readonly HashSet<string> ComposeOptionsWithValue = new(StringComparer.Ordinal)
    {
        "-f", "--file", "-p", "--project-name", "--project-directory", "--env-file", "--profile", "--ansi", "--progress", "-H", "--host", "--context", "-c",
    };

    private static Hit? Kubectl(List<string?> args)
    {
        var (sub, rest) = Subcommand(args, KubectlOptionsWithValue);
        return sub switch
        {
            "apply" or "create" or "replace" or "set" or "scale" or "patch" or "autoscale" => new Hit(ScriptClass.Deploy, Strong, "kubectl " + sub),
            "rollout" => rest.FirstOrDefault() is "status" or "history"
                ? new Hit(ScriptClass.Monitor, Weak, "kubectl rollout " + rest[0])
                : new Hit(ScriptClass.Deploy, Strong, "kubectl rollout"),
            "get" or "describe" or "top" or "logs" or "events" or "wait" => new Hit(ScriptClass.Monitor, sub is "top" or "logs" ? Medium : Weak, "kubectl " + sub),
            "delete" => new Hit(ScriptClass.Maintain, Weak, "kubectl delete"),
            _ => null,
        };
    }

    private static readonly HashSet<string> KubectlOptionsWithValue = new(StringComparer.Ordinal)
    {
        "-n", "--namespace", "--context", "--kubeconfig", "-l", "--selector", "--cluster", "--user", "-s", "--server",
    };

    private static Hit? Helm(List<string?> args)
    {
        var (sub, _) = Subcommand(args, KubectlOptionsWithValue);
        return sub switch
        {
            "upgrade" or "install" or "rollback" or "apply" or "sync" or "uninstall" => new Hit(ScriptClass.Deploy, Strong, "helm " + sub),
            "status" or "list" or "history" => new Hit(ScriptClass.Monitor, Weak, "helm " + sub),
            _ => null,
        };
    }

    private static Hit? Http(string name, List<string?> args, bool healthUrlInText)
    {
        var urls = args.Where(a => a is not null && (a.Contains("://", StringComparison.Ordinal) || a.StartsWith("localhost", StringComparison.Ordinal) || a.StartsWith("127.0.0.1", StringComparison.Ordinal))).Select(a => a!).ToList();
        var dynamic = args.Any(a => a is null);
        if (urls.Any(u => Mentions(u, HealthWords)))
        {
            return new Hit(ScriptClass.Monitor, Strong, name + " health endpoint");
        }

        // A URL built at run time (curl "$URL/healthz", a loop over URLs): the script's text names a health endpoint.
        if (dynamic && (healthUrlInText || args.Any(a => a is not null && Mentions(a, HealthWords))))
        {
            return new Hit(ScriptClass.Monitor, Strong, name + " health endpoint");
        }

        if (args.Any(a => a is "-X" or "--request" or "-d" or "--data" or "--data-binary" or "-F" or "--post-data" or "-T" or "--upload-file"))
        {
            return null; // a POST or upload (webhooks, API calls) says nothing about the class on its own
        }

        var silentCheck = args.Any(a => a is not null && (a is "-f" or "--fail" or "-I" or "--head" or "--spider" or "-w" or "--write-out" || (a.StartsWith('-') && !a.StartsWith("--", StringComparison.Ordinal) && a.Contains('f', StringComparison.Ordinal) && a.Length <= 5)));
        return silentCheck && urls.Count > 0 && !args.Any(a => a is "-o" or "-O" or "--output") ? new Hit(ScriptClass.Monitor, Weak, name + " probe") : null;
    }

    private static Hit? RedisCli(List<string?> args)
    {
        if (args.Any(a => a is "--rdb" or "save" or "SAVE" or "bgsave" or "BGSAVE" or "bgrewriteaof" or "BGREWRITEAOF"))
        {
            return new Hit(ScriptClass.Maintain, Strong, "redis backup");
        }

        if (args.Any(a => a is "flushall" or "FLUSHALL" or "flushdb" or "FLUSHDB" or "--scan" or "unlink" or "UNLINK" or "del" or "DEL" or "memory" or "MEMORY"))
        {
            return new Hit(ScriptClass.Maintain, Medium, "redis cleanup");
        }

        return args.Any(a => a is "ping" or "PING" or "info" or "INFO" or "--latency" or "--stat" or "dbsize" or "DBSIZE")
            ? new Hit(ScriptClass.Monitor, Medium, "redis probe")
            : null;
    }

    private static Hit? Psql(List<string?> args)
    {
        var sql = string.Join(' ', args.Where(a => a is not null)).ToUpperInvariant();
        if (sql.Contains("VACUUM", StringComparison.Ordinal) || sql.Contains("REINDEX", StringComparison.Ordinal) || sql.Contains("ANALYZE", StringComparison.Ordinal) || sql.Contains("DELETE FROM", StringComparison.Ordinal))
        {
            return new Hit(ScriptClass.Maintain, Medium, "database maintenance");
        }

        return sql.Contains("SELECT 1", StringComparison.Ordinal) || sql.Contains("PG_STAT", StringComparison.Ordinal)
            ? new Hit(ScriptClass.Monitor, Weak, "database probe")
            : null;
    }

    private static Hit? Find(List<string?> args)
    {
        var ages = args.Any(a => a is "-mtime" or "-mmin" or "-atime" or "-ctime" or "-newermt" or "-size");
        var removes = args.Any(a => a is "-delete") || args.Where(a => a is not null).Select((a, i) => (a, i)).Any(x => x.a == "-exec" && x.i + 1 < args.Count && args[x.i + 1] is "rm" or "/bin/rm");
        return ages && removes ? new Hit(ScriptClass.Maintain, Strong, "deletes old files")
            : removes ? new Hit(ScriptClass.Maintain, Medium, "deletes files")
            : ages ? new Hit(ScriptClass.Maintain, Weak, "finds old files")
            : null;
    }

    private static Hit? Systemctl(List<string?> args)
    {
        var verb = args.FirstOrDefault(a => a is not null && !a.StartsWith('-'));
        return verb switch
        {
            "restart" or "reload" or "start" or "enable" => new Hit(ScriptClass.Deploy, Weak, "service " + verb),
            "status" or "is-active" or "is-failed" => new Hit(ScriptClass.Monitor, Medium, "service " + verb),
            _ => null,
        };
    }

    /// <summary>The first word that is not an option (skipping the values of options that take one), and the words after it.</summary>
    private static (string? Sub, List<string?> After) Subcommand(List<string?> args, HashSet<string>? withValue = null)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is null)
            {
                return (null, []);
            }

            if (a.StartsWith('-'))
            {
                if (withValue is not null && withValue.Contains(a))
                {
                    i++;
                }

                continue;
            }

            return (a, args.Skip(i + 1).ToList());
        }

        return (null, []);
    }

    /// <summary>Commands that say nothing about what a script is for.</summary>
    internal static bool Harmless(IReadOnlyList<string?> words) =>
        Name(words[0]) is "set" or "echo" or "printf" or "cd" or "exit" or "return" or "true" or ":" or "shift" or "local" or "export" or "readonly" or "trap" or "source" or "." or "sleep" or "date" or "[" or "test" or "dirname" or "basename" or "pwd" or "read";

    internal static string? Name(string? word)
    {
        if (word is null)
        {
            return null;
        }

        var slash = word.LastIndexOf('/');
        return slash >= 0 ? word[(slash + 1)..] : word;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^\s""']*(health|ready|livez|alive|/ping|/status|heartbeat)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex HealthUrl();

    private static readonly string[] HealthWords = ["health", "healthz", "ready", "readyz", "livez", "alive", "liveness", "readiness", "/ping", "/status", "/metrics", "heartbeat"];

    private static readonly string[] BackupWords = ["backup", "backups", "dump", "snapshot", ".sql", ".rdb", "archive"];

    private static readonly string[] CleanupWords = ["/tmp/", "backup", "cache", "/log", ".log", "old", "archive", "dump"];

    private static bool Mentions(string value, string[] words) => words.Any(w => value.Contains(w, StringComparison.OrdinalIgnoreCase));

    private static string Shorten(string text)
    {
        var oneLine = string.Join(' ', text.Split(['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries)).Replace("\\ ", " ", StringComparison.Ordinal);
        return oneLine.Length <= 120 ? oneLine : oneLine[..117] + "...";
    }
}
