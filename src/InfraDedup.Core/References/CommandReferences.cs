using InfraDedup.Core.Compose;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.References;

/// <summary>
/// Where a command line was found and how its relative paths resolve: <see cref="WorkingDirectories"/> are
/// tried in order (a script's callers are unknown, so scripts try their own folder and the root). <see cref="Via"/>
/// is added to each reference's detail when the line recorded is not the command's own (a function call).
/// </summary>
internal sealed record CommandSite(string Source, ReferenceKind Kind, IReadOnlyList<string> WorkingDirectories)
{
    public string Via { get; init; } = string.Empty;
}

/// <summary>
/// Finds file references in shell command lines: <c>bash x.sh</c>, <c>sh -c '…'</c>, <c>./x.sh</c>,
/// <c>source x.sh</c>/<c>. x.sh</c>, <c>python tools/x.py</c>/<c>python -m tools.x</c>,
/// <c>docker build [-f F] CONTEXT</c> (also <c>buildx build</c>, <c>image build</c>, podman, buildah),
/// <c>docker compose -f F</c>/<c>docker-compose -f F</c>, behind <c>sudo</c>/<c>exec</c>/<c>env</c>/<c>nohup</c>/<c>time</c>.
/// Only paths that exist in the inventory are reported. Linters (<c>shellcheck x.sh</c>) are not uses.
/// </summary>
internal sealed class CommandReferences(RepoTree tree, List<FileReference> references, List<BuildUse> builds)
{
    private const int MaxNesting = 4;

    /// <summary>
    /// When set, the paths the analysed text names are recorded here instead of being resolved against the tree: what a
    /// text names depends only on the text, so a file whose bytes another file has is analysed once and its targets
    /// replayed against each copy's own folder (<see cref="Replay"/>).
    /// </summary>
    private List<CommandTarget>? _recording;

    /// <summary>
    /// Analyses a whole script's <paramref name="text"/> with its own variables and functions, and returns what it names
    /// before any path is resolved: the result depends on the text alone (see <see cref="Replay"/>).
    /// </summary>
    public static CommandTarget[] Record(string text, bool shell, CommandSite site, RepoTree tree)
    {
        var recorder = new CommandReferences(tree, [], [])
        {
            Variables = shell ? ShellVariables.Parse(text) : null,
            _recording = [],
        };
        if (shell)
        {
            recorder.Text(text, 1, site);
        }
        else
        {
            PythonSource.Extract(text, recorder, site);
        }

        return [.. recorder._recording];
    }

    /// <summary><see cref="Record"/> of a Python text, with <paramref name="extract"/> reading its literals (tests compare two readers).</summary>
    internal static CommandTarget[] RecordPython(string text, CommandSite site, RepoTree tree, Action<string, CommandReferences, CommandSite> extract)
    {
        var recorder = new CommandReferences(tree, [], []) { _recording = [] };
        extract(text, recorder, site);
        return [.. recorder._recording];
    }

    /// <summary>Resolves recorded targets from <paramref name="site"/>'s working directories, as the analysis itself would have.</summary>
    public void Replay(IEnumerable<CommandTarget> targets, CommandSite site)
    {
        foreach (var target in targets)
        {
            Resolve(target, site);
        }
    }

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "ash", "zsh", "ksh" };

    private static readonly HashSet<string> BuildValueOptions = new(StringComparer.Ordinal)
    {
        "-t", "--tag", "--build-arg", "--target", "--platform", "--label", "--cache-from", "--cache-to", "--secret", "--ssh",
        "--network", "--progress", "--iidfile", "-o", "--output", "--add-host", "--build-context", "--shm-size", "--ulimit",
        "-m", "--memory", "--memory-swap", "--isolation", "--cgroup-parent", "--metadata-file", "--attest", "--annotation",
        "--builder", "--allow", "--call", "--cpu-shares", "--cpuset-cpus", "--cpuset-mems", "--cpu-period", "--cpu-quota",
        "--security-opt", "--sbom", "--provenance", "--ignorefile", "--layers", "--format", "--jobs", "--volume", "-v",
    };

    private static readonly HashSet<string> ComposeValueOptions = new(StringComparer.Ordinal)
    {
        "-p", "--project-name", "--project-directory", "--env-file", "--profile", "--ansi", "--progress", "--parallel",
    };

    /// <summary>
    /// A cheap test before parsing a string literal as a command line: its first word is a program this
    /// class understands, or a path. Docstrings and messages are not parsed.
    /// </summary>
    public static bool MayBeCommand(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        var end = trimmed.IndexOfAny(' ', '\t', '\n');
        var first = end < 0 ? trimmed : trimmed[..end];
        if (first.Contains('/'))
        {
            return true;
        }

        var name = first.ToString();
        return Shells.Contains(name) || name is "source" or "." or "docker" or "podman" or "nerdctl" or "buildah" or "docker-compose"
            or "podman-compose" or "sudo" or "exec" or "env" or "nohup" or "time" or "timeout" or "uv" or "pypy" or "pypy3"
            || name.StartsWith("python", StringComparison.Ordinal);
    }

    /// <summary>Analyses a shell text whose first line is <paramref name="firstLine"/> of the source file.</summary>
    public void Text(string text, int firstLine, CommandSite site, int nesting = 0)
    {
        if (nesting > MaxNesting || text.Length == 0)
        {
            return;
        }

        var commands = ShellCommand.Parse(text);
        var functions = nesting == 0 && Variables is { } scriptVariables ? ShellFunctions.Parse(text, commands, scriptVariables) : null;
        foreach (var command in commands)
        {
            var words = command.Words.Select(w => w.Value).ToArray();
            var line = firstLine + command.Span.Line - 1;
            Words(words, line, site, nesting);
            if (Array.IndexOf(words, null) < 0)
            {
                continue;
            }

            if (Variables is { IsEmpty: false } variables)
            {
                foreach (var resolved in Resolve(command.Words, variables))
                {
                    Words(resolved, line, site, nesting);
                }
            }

            if (functions is not null && Variables is { } known && command.Words.Any(w => w.Value is null && ShellFunctions.UsesArguments(w.Token.TextSpan)))
            {
                // Inside a function, $1… are the arguments of each call: the evidence is the call's line.
                foreach (var call in functions.CallsAround(command.Span.Line))
                {
                    var callSite = site with { Via = $" (line {line}, called as {call.Text})" };
                    foreach (var resolved in Resolve(command.Words, known.WithArguments(call.Arguments)))
                    {
                        Words(resolved, firstLine + call.Line - 1, callSite, nesting);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The literal values the script's own assignments give its variables (null: none known, and the text is not a
    /// whole script: its functions are not followed either).
    /// </summary>
    public ShellVariables? Variables { get; init; }

    private const int MaxResolvedCommands = 64;

    /// <summary>The one choice of a word that stays unknown (shared: never changed).</summary>
    private static readonly string?[] UnknownWord = [null];

    /// <summary>
    /// Every argument vector a command can have when its variable words take the script's literal values. A word
    /// that stays unknown stays null (an option's value such as <c>--build-arg V=${X}</c> need not be known); none
    /// when no word resolves.
    /// </summary>
    private static IEnumerable<string?[]> Resolve(IReadOnlyList<ShellWord> words, ShellVariables variables)
    {
        // The choices are only built once a word resolves: most commands with unknown words have none that does.
        List<IReadOnlyList<string?>>? choices = null;
        var total = 1;
        for (var k = 0; k < words.Count; k++)
        {
            var word = words[k];
            if (word.Value is { } literal)
            {
                choices?.Add([literal]);
                continue;
            }

            if (variables.Resolve(word) is not { Count: > 0 } values)
            {
                choices?.Add(UnknownWord);
                continue;
            }

            if (choices is null)
            {
                choices = new List<IReadOnlyList<string?>>(words.Count);
                for (var before = 0; before < k; before++)
                {
                    choices.Add(words[before].Value is { } known ? [known] : UnknownWord);
                }
            }

            total *= values.Count;
            if (total > MaxResolvedCommands)
            {
                yield break;
            }

            choices.Add(values);
        }

        if (choices is null)
        {
            yield break; // no word resolved
        }

        var index = new int[choices.Count];
        for (var n = 0; n < total; n++)
        {
            var vector = new string?[choices.Count];
            for (var i = 0; i < choices.Count; i++)
            {
                vector[i] = choices[i][index[i]];
            }

            yield return vector;
            for (var i = choices.Count - 1; i >= 0; i--)
            {
                if (++index[i] < choices[i].Count)
                {
                    break;
                }

                index[i] = 0;
            }
        }
    }

    /// <summary>Analyses one argument vector (null entries are words whose value is only known at run time).</summary>
    public void Words(IReadOnlyList<string?> words, int line, CommandSite site, int nesting = 0)
    {
        var i = CommandWrappers.Skip(words);
        if (i >= words.Count || words[i] is not { } name)
        {
            return;
        }

        var program = RepoPaths.NameOf(name);
        if (Shells.Contains(program))
        {
            Shell(words, i + 1, line, site, nesting, program);
        }
        else if (program is "source" or ".")
        {
            if (i + 1 < words.Count && words[i + 1] is { } sourced)
            {
                Script(sourced, line, site, $"{program} {sourced}");
            }
        }
        else if (program.StartsWith("python", StringComparison.Ordinal) || program is "pypy" or "pypy3" || (program == "uv" && Next(words, i) == "run"))
        {
            Python(words, program == "uv" ? i + 2 : i + 1, line, site);
        }
        else if (program is "docker" or "podman" or "nerdctl")
        {
            Docker(words, i + 1, line, site);
        }
        else if (program is "buildah")
        {
            if (i + 1 < words.Count && words[i + 1] is "bud" or "build")
            {
                Build(words, i + 2, line, site, "buildah build");
            }
        }
        else if (program is "docker-compose" or "podman-compose")
        {
            Compose(words, i + 1, line, site);
        }
        else if (name.Contains('/', StringComparison.Ordinal))
        {
            Script(name, line, site, Shorten(words, i));
        }
    }

    private static string? Next(IReadOnlyList<string?> words, int i) => i + 1 < words.Count ? words[i + 1] : null;

    private void Shell(IReadOnlyList<string?> words, int i, int line, CommandSite site, int nesting, string shell)
    {
        for (; i < words.Count; i++)
        {
            var w = words[i];
            if (w is null)
            {
                return;
            }

            if (w == "-c")
            {
                if (i + 1 < words.Count && words[i + 1] is { } inner)
                {
                    Text(inner, line, site, nesting + 1);
                }

                return;
            }

            if (w is "-o" or "-O" or "+O" or "+o")
            {
                i++;
                continue;
            }

            if (w.StartsWith('-') || w.StartsWith('+'))
            {
                continue;
            }

            Script(w, line, site, $"{shell} {w}");
            return;
        }
    }

    private void Python(IReadOnlyList<string?> words, int i, int line, CommandSite site)
    {
        for (; i < words.Count; i++)
        {
            var w = words[i];
            if (w is null || w == "-c")
            {
                return;
            }

            if (w == "-m")
            {
                if (i + 1 < words.Count && words[i + 1] is { } module)
                {
                    var path = module.Replace('.', '/');
                    Target(new CommandTarget(CommandTargetKind.Script, path + ".py", path + "/__main__.py", line, $"python -m {module}" + site.Via), site);
                }

                return;
            }

            if (w is "-W" or "-X" or "--check-hash-based-pycs")
            {
                i++;
                continue;
            }

            if (w.StartsWith('-'))
            {
                continue;
            }

            Script(w, line, site, $"python {w}");
            return;
        }
    }

    private void Docker(IReadOnlyList<string?> words, int i, int line, CommandSite site)
    {
        // Global options before the sub-command (docker --context x, -H host, --log-level l).
        while (i < words.Count && words[i] is { } option && option.StartsWith('-'))
        {
            i += option is "-H" or "--host" or "-c" or "--context" or "-l" or "--log-level" or "--config" ? 2 : 1;
        }

        var sub = i < words.Count ? words[i] : null;
        var next = i + 1 < words.Count ? words[i + 1] : null;
        switch (sub)
        {
            case "build":
                Build(words, i + 1, line, site, "docker build");
                break;
            case "buildx" or "image" or "builder" when next == "build":
                Build(words, i + 2, line, site, $"docker {sub} build");
                break;
            case "compose":
                Compose(words, i + 1, line, site);
                break;
        }
    }

    private void Build(IReadOnlyList<string?> words, int i, int line, CommandSite site, string what)
    {
        string? file = null;
        string? context = null;
        var fileKnown = true;
        for (; i < words.Count; i++)
        {
            var w = words[i];
            if (w is null)
            {
                if (i > 0 && words[i - 1] is "-f" or "--file")
                {
                    fileKnown = false;
                }
                else if (context is null && !(i > 0 && words[i - 1] is { } prev && BuildValueOptions.Contains(prev)))
                {
                    return; // the context is only known at run time
                }

                continue;
            }

            if (w is "-f" or "--file")
            {
                file = Next(words, i);
                fileKnown = file is not null;
                i++;
            }
            else if (w.StartsWith("--file=", StringComparison.Ordinal))
            {
                file = w["--file=".Length..];
            }
            else if (w.StartsWith("-f", StringComparison.Ordinal) && w.Length > 2 && !w.StartsWith("--", StringComparison.Ordinal))
            {
                file = w[2..];
            }
            else if (BuildValueOptions.Contains(w))
            {
                i++;
            }
            else if (w.StartsWith('-'))
            {
                continue;
            }
            else
            {
                context ??= w;
            }
        }

        if (context is null || context == "-" || ComposeReader.IsRemote(context) || !fileKnown)
        {
            return;
        }

        var detail = file is null ? $"{what} {context}" : $"{what} -f {file} {context}";
        Target(new CommandTarget(CommandTargetKind.Build, context, file, line, detail + site.Via), site);
    }

    /// <summary>Records <paramref name="target"/> (recording mode) or resolves it now.</summary>
    private bool Target(CommandTarget target, CommandSite site)
    {
        if (_recording is { } recording)
        {
            recording.Add(target);
            return true;
        }

        return Resolve(target, site);
    }

    private bool Resolve(CommandTarget target, CommandSite site)
    {
        if (target.Kind == CommandTargetKind.Build)
        {
            ResolveBuild(target.Path, target.Other, target.Line, site, target.Detail);
            return true;
        }

        return ResolveScript(target.Path, target.Line, site, target.Detail)
            || (target.Other is { } fallback && ResolveScript(fallback, target.Line, site, target.Detail));
    }

    /// <summary>
    /// Records the builds a <c>docker build</c> can mean: for each working directory the script may run in, the context
    /// and the Dockerfile as seen from that same directory. A pairing no single directory gives (the context from one,
    /// the <c>-f</c> file from another) is no build anyone can run, so it is not recorded.
    /// </summary>
    private void ResolveBuild(string context, string? file, int line, CommandSite site, string detail)
    {
        var found = new List<(string Context, string Dockerfile)>();
        foreach (var cwd in site.WorkingDirectories)
        {
            if (RepoPaths.Combine(cwd, context) is not { } ctx || !tree.IsDirectory(ctx))
            {
                continue;
            }

            // The CLI reads -f relative to the working directory; when that names nothing, try the context (older
            // clients and many scripts assume that).
            var dockerfile = file is null
                ? RepoPaths.Combine(ctx, "Dockerfile")
                : RepoPaths.Combine(cwd, file) is { } fromCwd && tree.IsFile(fromCwd) ? fromCwd : RepoPaths.Combine(ctx, file);
            if (dockerfile is not null && tree.IsFile(dockerfile) && !found.Contains((ctx, dockerfile)))
            {
                found.Add((ctx, dockerfile));
            }
        }

        foreach (var (ctx, dockerfile) in found)
        {
            references.Add(new FileReference(dockerfile, site.Source, line, site.Kind, detail) { Ambiguous = found.Count > 1 });
            builds.Add(new BuildUse(dockerfile, ctx, site.Source, line));
        }
    }

    private void Compose(IReadOnlyList<string?> words, int i, int line, CommandSite site)
    {
        for (; i < words.Count; i++)
        {
            var w = words[i];
            if (w is "-f" or "--file")
            {
                if (Next(words, i) is { } file)
                {
                    Script(file, line, site, $"docker compose -f {file}");
                }

                i++;
            }
            else if (w is not null && w.StartsWith("--file=", StringComparison.Ordinal))
            {
                Script(w["--file=".Length..], line, site, $"docker compose {w}");
            }
            else if (w is not null && ComposeValueOptions.Contains(w))
            {
                i++;
            }
            else if (w is null || !w.StartsWith('-'))
            {
                return; // the sub-command: options after it are not compose files
            }
        }
    }

    /// <summary>Records a reference to the file a relative path names (from each working directory that has it).</summary>
    public bool Script(string path, int line, CommandSite site, string detail) =>
        Target(new CommandTarget(CommandTargetKind.Script, path, null, line, detail + site.Via), site);

    private bool ResolveScript(string path, int line, CommandSite site, string detail)
    {
        // The distinct existing files the path names from each working directory, in the directories' order.
        List<string>? found = null;
        foreach (var cwd in site.WorkingDirectories)
        {
            if (RepoPaths.Combine(cwd, path) is { } candidate && tree.IsFile(candidate) && found?.Contains(candidate) != true)
            {
                (found ??= []).Add(candidate);
            }
        }

        if (found is null)
        {
            return false;
        }

        foreach (var target in found)
        {
            references.Add(new FileReference(target, site.Source, line, site.Kind, detail) { Ambiguous = found.Count > 1 });
        }

        return true;
    }

    private static string Shorten(IReadOnlyList<string?> words, int from)
    {
        var text = string.Join(' ', words.Skip(from).Select(w => w ?? "…"));
        return text.Length > 120 ? text[..119] + "…" : text;
    }
}

internal enum CommandTargetKind
{
    /// <summary>A file run, sourced or passed to a compose command (<see cref="CommandTarget.Other"/>: a fallback path tried when the first names nothing).</summary>
    Script,

    /// <summary>A build context (<see cref="CommandTarget.Other"/>: the <c>-f</c> Dockerfile, null for the default).</summary>
    Build,
}

/// <summary>A path a command line names, before it is resolved against working directories and the tree; <paramref name="Detail"/> is final.</summary>
internal sealed record CommandTarget(CommandTargetKind Kind, string Path, string? Other, int Line, string Detail);
