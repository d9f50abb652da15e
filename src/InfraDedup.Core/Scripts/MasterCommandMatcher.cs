using System.Globalization;

namespace InfraDedup.Core.Scripts;

/// <summary>
/// A master command (<c>infradedup deploy|monitor|maintain …</c>) that does what a whole script does, with the options
/// derived from it. <see cref="Preamble"/> are the script's own <c>cd</c> lines, kept so relative paths mean the same;
/// <see cref="Replaced"/> names the commands it stands for, with their lines.
/// </summary>
public sealed record MasterCommandMatch(ScriptClass Master, string Command, IReadOnlyList<string> Preamble, string Replaced);

/// <summary>
/// Decides whether a script's whole effect is something a master command does with options the tool can derive:
/// only <c>docker compose [-f …] up -d [--build] [services]</c> (→ <c>deploy</c>), only <c>curl -f</c>/<c>wget
/// --spider</c> probes of fixed URLs (→ <c>monitor --url</c>), or only <c>du</c> of one folder (→ <c>maintain
/// disk-usage</c>), besides shell housekeeping (<c>set</c>, <c>echo</c>, <c>cd</c> to the script's folder, <c>exit</c>).
/// Anything else, control flow included, keeps the script as it is, with the reason. A match is a proposal for
/// review — the output and details differ — never a proof.
/// </summary>
public static class MasterCommandMatcher
{
    private static readonly string[] DefaultComposeNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    private static readonly HashSet<string> ControlWords = new(StringComparer.Ordinal) { "if", "for", "while", "until", "case", "function", "select" };

    /// <param name="scriptPath">Repository path of the script (its folder resolves <c>cd "$(dirname "$0")"</c>).</param>
    /// <param name="text">The script.</param>
    /// <param name="exists">Whether a repository path exists (compose files are looked up with it).</param>
    /// <param name="reason">Why nothing matched, when the result is null.</param>
    public static MasterCommandMatch? Match(string scriptPath, string text, Func<string, bool> exists, out string reason)
    {
        ArgumentNullException.ThrowIfNull(scriptPath);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(exists);
        var tokenization = ShellTokenizer.Tokenize(text);
        if (tokenization.Diagnostics.Count > 0)
        {
            reason = $"line {tokenization.Diagnostics[0].Line}: does not tokenize cleanly";
            return null;
        }

        var tokens = tokenization.Tokens.ToList();
        var controlAt = tokens.FindIndex(t => t.Kind == ShellTokenKind.Word && ControlWords.Contains(t.Text));
        if (controlAt >= 0)
        {
            var control = tokens[controlAt];
            reason = $"line {control.Span.Line}: control flow ('{control.Text}'); only straight-line scripts are matched";
            return null;
        }

        var pipeAt = tokens.FindIndex(t => t.IsOperator("|") || t.IsOperator("&") || t.IsOperator("("));
        if (pipeAt >= 0)
        {
            var pipe = tokens[pipeAt];
            reason = $"line {pipe.Span.Line}: '{pipe.Text}' (pipes, background jobs and subshells are not matched)";
            return null;
        }

        var folder = Folder(scriptPath);
        var cwd = string.Empty;
        var preamble = new List<string>();
        var covered = new List<(ShellCommand Command, ScriptClass Master)>();
        foreach (var command in ShellCommand.Parse(text, includeSubstitutions: false))
        {
            var words = command.Words;
            if (words.Count == 0)
            {
                reason = $"line {command.Span.Line}: an assignment or redirection only";
                return null;
            }

            var name = words[0].Value;
            if (name == "exec" && words.Count > 1)
            {
                words = [.. words.Skip(1)];
                name = words[0].Value;
            }

            if (name is "set" or "echo" or "printf" or ":" or "true" || (name == "exit" && (words.Count == 1 || words[1].Value is "0" or "1")))
            {
                continue;
            }

            if (name == "cd" && words.Count == 2 && Cd(words[1], folder, cwd) is { } next)
            {
                cwd = next;
                preamble.Add(string.Join(' ', command.Words.Select(w => w.Text)));
                continue;
            }

            var master = name switch
            {
                "docker" when words.Count > 1 && words[1].Value == "compose" => ScriptClass.Deploy,
                "docker-compose" => ScriptClass.Deploy,
                "curl" or "wget" => ScriptClass.Monitor,
                "du" => ScriptClass.Maintain,
                _ => ScriptClass.Other,
            };
            if (master == ScriptClass.Other || command.Redirects.Any(r => r.Target?.Value != "/dev/null"))
            {
                reason = $"line {command.Span.Line}: '{Shorten(command.ToString())}' is not something a master command does";
                return null;
            }

            covered.Add((command, master));
        }

        if (covered.Count == 0)
        {
            reason = "no command a master command covers";
            return null;
        }

        if (covered.Select(c => c.Master).Distinct().Count() > 1)
        {
            reason = "mixes the work of more than one master command";
            return null;
        }

        var replaced = string.Join("; ", covered.Select(c => $"line {c.Command.Span.Line}: {Shorten(c.Command.ToString())}"));
        string? command1 = covered[0].Master switch
        {
            ScriptClass.Deploy when covered.Count == 1 => Deploy(covered[0].Command, cwd, exists, out reason),
            ScriptClass.Deploy => Fail("more than one compose command", out reason),
            ScriptClass.Monitor => Monitor(covered.Select(c => c.Command).ToList(), out reason),
            _ when covered.Count == 1 => DiskUsage(covered[0].Command, out reason),
            _ => Fail("more than one du command", out reason),
        };
        return command1 is null ? null : new MasterCommandMatch(covered[0].Master, command1, preamble, replaced);
    }

    private static string? Fail(string why, out string reason)
    {
        reason = why;
        return null;
    }

    /// <summary><c>docker compose [-f FILE]… up -d [--build] [SERVICE]…</c> → <c>infradedup deploy DIR [--env E] [--services …] [--build]</c>.</summary>
    private static string? Deploy(ShellCommand command, string cwd, Func<string, bool> exists, out string reason)
    {
        var words = command.Words.Select(w => w.Value).ToList();
        if (words.Any(w => w is null))
        {
            reason = $"line {command.Span.Line}: a word of the compose command expands at run time";
            return null;
        }

        var i = words[0] == "exec" ? 1 : 0;
        i += words[i] == "docker" ? 2 : 1;
        var files = new List<string>();
        for (; i < words.Count && words[i]!.StartsWith('-'); i++)
        {
            var w = words[i]!;
            if (w is "-f" or "--file" && i + 1 < words.Count)
            {
                files.Add(words[++i]!);
            }
            else if (w.StartsWith("--file=", StringComparison.Ordinal))
            {
                files.Add(w["--file=".Length..]);
            }
            else
            {
                reason = $"line {command.Span.Line}: compose option '{w}' has no deploy equivalent";
                return null;
            }
        }

        if (i >= words.Count || words[i] != "up")
        {
            reason = $"line {command.Span.Line}: only 'compose up' is matched";
            return null;
        }

        var detached = false;
        var build = false;
        var services = new List<string>();
        foreach (var w in words.Skip(i + 1).Select(w => w!))
        {
            switch (w)
            {
                case "-d" or "--detach":
                    detached = true;
                    break;
                case "--build":
                    build = true;
                    break;
                default:
                    if (w.StartsWith('-'))
                    {
                        reason = $"line {command.Span.Line}: 'up {w}' has no deploy equivalent";
                        return null;
                    }

                    services.Add(w);
                    break;
            }
        }

        if (!detached)
        {
            reason = $"line {command.Span.Line}: 'up' without -d runs in the foreground; deploy starts containers detached";
            return null;
        }

        var written = files.Count == 0 ? "." : Folder(files[0]);
        var dir = Join(cwd, written);
        if (files.Any(f => Folder(f) != Folder(files[0])))
        {
            reason = $"line {command.Span.Line}: compose files in different folders";
            return null;
        }

        var names = files.Select(FileName).ToList();
        var baseName = names.Count > 0 ? names[0] : DefaultComposeNames.FirstOrDefault(n => exists(Join(dir, n)));
        if (baseName is null || !DefaultComposeNames.Contains(baseName))
        {
            reason = $"line {command.Span.Line}: deploy reads the default compose file names (compose.yaml, docker-compose.yml, …), not '{baseName ?? "none found"}'";
            return null;
        }

        foreach (var f in names.Select(n => Join(dir, n)))
        {
            if (!exists(f))
            {
                reason = $"line {command.Span.Line}: {f} not found (paths are read from the repository root, or from the script's folder after its cd)";
                return null;
            }
        }

        string? env = null;
        var overrideName = baseName.StartsWith("docker-", StringComparison.Ordinal) ? "docker-compose.override.yml" : "compose.override.yaml";
        if (names.Count == 1 && exists(Join(dir, overrideName)))
        {
            reason = $"line {command.Span.Line}: -f {names[0]} leaves out {overrideName}, which deploy would load";
            return null;
        }

        if (names.Count == 2)
        {
            var prefix = baseName[..baseName.IndexOf('.', StringComparison.Ordinal)] + ".";
            var extension = baseName[baseName.LastIndexOf('.')..];
            var second = names[1];
            if (!second.StartsWith(prefix, StringComparison.Ordinal) || !second.EndsWith(extension, StringComparison.Ordinal) || exists(Join(dir, ".infradedup.yaml")))
            {
                reason = $"line {command.Span.Line}: '{second}' is not the environment file deploy --env reads ({prefix}<env>{extension}, without .infradedup.yaml)";
                return null;
            }

            env = second[prefix.Length..^extension.Length];
            if (env.Length == 0 || env.Contains('.', StringComparison.Ordinal))
            {
                reason = $"line {command.Span.Line}: '{second}' is not the environment file deploy --env reads";
                return null;
            }
        }
        else if (names.Count > 2)
        {
            reason = $"line {command.Span.Line}: more than two compose files";
            return null;
        }

        reason = string.Empty;
        var line = "infradedup deploy " + ScriptParameterizer.Quote(written);
        line += env is null ? string.Empty : " --env " + ScriptParameterizer.Quote(env);
        line += services.Count == 0 ? string.Empty : " --services " + ScriptParameterizer.Quote(string.Join(',', services));
        return line + (build ? " --build" : string.Empty);
    }

    /// <summary>Probes that fail on an error status (<c>curl -f</c>, <c>wget --spider</c>) of fixed URLs → <c>infradedup monitor --url …</c>.</summary>
    private static string? Monitor(List<ShellCommand> commands, out string reason)
    {
        var urls = new List<string>();
        string? timeout = null;
        foreach (var command in commands)
        {
            var words = command.Words.Select(w => w.Value).SkipWhile(w => w == "exec").ToList();
            var curl = words[0] == "curl";
            var fails = false;
            for (var i = 1; i < words.Count; i++)
            {
                var w = words[i];
                if (w is null)
                {
                    reason = $"line {command.Span.Line}: a word expands at run time";
                    return null;
                }

                if (w.StartsWith("http://", StringComparison.Ordinal) || w.StartsWith("https://", StringComparison.Ordinal))
                {
                    urls.Add(w);
                }
                else if (curl && (w is "--fail" || (w.StartsWith('-') && !w.StartsWith("--", StringComparison.Ordinal) && w.Length > 1 && w[1..].All(c => c is 'f' or 's' or 'S' or 'L') && w.Contains('f', StringComparison.Ordinal))))
                {
                    fails = true;
                }
                else if (curl && w is "-s" or "-S" or "-L" or "-sS" or "-sL" or "--silent" or "--show-error" or "--location")
                {
                    continue;
                }
                else if (curl && w is "-m" or "--max-time" or "--connect-timeout" && i + 1 < words.Count && int.TryParse(words[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    timeout = seconds.ToString(CultureInfo.InvariantCulture) + "s";
                    i++;
                }
                else if (curl && w is "-o" && i + 1 < words.Count && words[i + 1] == "/dev/null")
                {
                    i++;
                }
                else if (!curl && w is "--spider")
                {
                    fails = true;
                }
                else if (!curl && (w is "-q" or "--quiet" || w.StartsWith("--timeout=", StringComparison.Ordinal)))
                {
                    timeout = w.StartsWith("--timeout=", StringComparison.Ordinal) ? w["--timeout=".Length..] + "s" : timeout;
                }
                else
                {
                    reason = $"line {command.Span.Line}: option '{w}' has no monitor equivalent";
                    return null;
                }
            }

            if (!fails)
            {
                reason = $"line {command.Span.Line}: the probe does not fail on an error status (curl without -f, wget without --spider)";
                return null;
            }
        }

        if (urls.Count == 0)
        {
            reason = "no fixed URL";
            return null;
        }

        reason = string.Empty;
        return "infradedup monitor --no-system" + string.Concat(urls.Select(u => " --url " + ScriptParameterizer.Quote(u)))
            + (timeout is null ? string.Empty : " --http-timeout " + timeout);
    }

    /// <summary><c>du [-s] [-h] [-d N] DIR</c> → <c>infradedup maintain disk-usage DIR</c>.</summary>
    private static string? DiskUsage(ShellCommand command, out string reason)
    {
        var words = command.Words.Select(w => w.Value).SkipWhile(w => w == "exec").Skip(1).ToList();
        var paths = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (w is null)
            {
                reason = $"line {command.Span.Line}: a word expands at run time";
                return null;
            }

            if (w is "-d" or "--max-depth")
            {
                i++;
            }
            else if (w.StartsWith('-'))
            {
                if (!w.StartsWith("--max-depth=", StringComparison.Ordinal) && !w[1..].All(c => c is 's' or 'h' or 'c' or 'x'))
                {
                    reason = $"line {command.Span.Line}: du option '{w}' has no disk-usage equivalent";
                    return null;
                }
            }
            else
            {
                paths.Add(w);
            }
        }

        if (paths.Count > 1 || paths.Any(p => p.IndexOfAny(['*', '?', '[']) >= 0))
        {
            reason = $"line {command.Span.Line}: du of more than one folder";
            return null;
        }

        reason = string.Empty;
        return "infradedup maintain disk-usage " + ScriptParameterizer.Quote(paths.Count == 0 ? "." : paths[0]);
    }

    /// <summary>The working folder after <c>cd WORD</c>: the script's folder for <c>"$(dirname "$0")"</c> (optionally <c>/..</c>), a fixed relative path, or null.</summary>
    private static string? Cd(ShellWord target, string scriptFolder, string cwd)
    {
        var text = target.Text;
        foreach (var self in new[] { "\"$(dirname \"$0\")\"", "$(dirname \"$0\")", "\"$(dirname \"$0\")/..\"", "\"$(dirname \"$0\")\"/.." })
        {
            if (text == self)
            {
                return !text.Contains("..", StringComparison.Ordinal) ? scriptFolder : scriptFolder.Length == 0 ? null : Folder(scriptFolder);
            }
        }

        var value = target.Value;
        return value is null || value.StartsWith('/') || value.StartsWith('~') || value == "-" ? null : Join(cwd, value);
    }

    private static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>A repository-relative path: <paramref name="relative"/> from folder <paramref name="folder"/> ("" is the root); <c>.</c> and <c>..</c> resolved.</summary>
    private static string Join(string folder, string relative)
    {
        var parts = new List<string>(folder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var p in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (p == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (p != ".")
            {
                parts.Add(p);
            }
        }

        return string.Join('/', parts);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
