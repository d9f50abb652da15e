using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint;

/// <summary>
/// The shell view of one RUN instruction: its simple commands (from the shell-form text, the
/// <c>sh -c</c> argument of an exec form, or a heredoc script) and what separates them.
/// </summary>
public sealed class RunScript
{
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "ash", "dash", "zsh", "ksh", "busybox" };

    private readonly Dictionary<ShellCommand, string?> _nextOperator = new(ReferenceEqualityComparer.Instance);

    internal RunScript(RunInstruction run, DockerfileInstruction location, int stageIndex, bool inOnbuild, bool posixShell)
    {
        Run = run;
        Location = location;
        StageIndex = stageIndex;
        InOnbuild = inOnbuild;
        IsPosixShell = posixShell;
        var commands = new List<ShellCommand>();
        if (posixShell)
        {
            foreach (var script in Scripts(run))
            {
                var tokenization = ShellTokenizer.Tokenize(script);
                var split = ShellCommand.Split(tokenization);
                commands.AddRange(split);
                IndexOperators(tokenization, split);
            }
        }

        Commands = commands;
    }

    /// <summary>The RUN instruction (for ONBUILD RUN: the inner one).</summary>
    public RunInstruction Run { get; }

    /// <summary>Where findings point: the RUN itself, or the ONBUILD that holds it.</summary>
    public DockerfileInstruction Location { get; }

    /// <summary>Index of the stage the RUN is in (-1 before the first FROM).</summary>
    public int StageIndex { get; }

    /// <summary>True for the RUN of an <c>ONBUILD RUN</c>.</summary>
    public bool InOnbuild { get; }

    /// <summary>False when a SHELL instruction or a <c># hadolint shell=</c> pragma selects a non-POSIX shell; <see cref="Commands"/> is then empty.</summary>
    public bool IsPosixShell { get; }

    /// <summary>Every simple command, in source order (those inside <c>$(...)</c> included).</summary>
    public IReadOnlyList<ShellCommand> Commands { get; }

    /// <summary>The <c>--mount</c> flag values.</summary>
    public IReadOnlyList<string> Mounts => Run.Mounts;

    /// <summary>The control operator after a top-level command (<c>|</c>, <c>&amp;&amp;</c>, <c>;</c>, a newline as <c>"\n"</c>), or null at the end.</summary>
    public string? OperatorAfter(ShellCommand command) => _nextOperator.GetValueOrDefault(command);

    /// <summary>True when the command's output is piped into the next command.</summary>
    public bool IsPipedOut(ShellCommand command) => OperatorAfter(command) is "|" or "|&";

    /// <summary>True when any top-level command is piped into another.</summary>
    public bool HasPipe => _nextOperator.Values.Any(o => o is "|" or "|&");

    /// <summary>The commands whose command word is one of <paramref name="names"/> (compared by basename).</summary>
    public IEnumerable<ShellCommand> CommandsNamed(params string[] names) => Commands.Where(c => c.Is(names));

    /// <summary>The targets of the <c>type=cache</c> and <c>type=tmpfs</c> mounts, without a trailing slash.</summary>
    public IEnumerable<string> CacheMountTargets()
    {
        foreach (var mount in Mounts)
        {
            if (ParseMount(mount) is ("cache" or "tmpfs", { } target))
            {
                yield return target.Length > 1 ? target.TrimEnd('/') : target;
            }
        }
    }

    /// <summary>True when a cache or tmpfs mount targets <paramref name="path"/> (or a folder holding it).</summary>
    public bool HasCacheMountOn(string path)
    {
        foreach (var mount in Mounts)
        {
            var (type, target) = ParseMount(mount);
            if (type is "cache" or "tmpfs" && target is not null)
            {
                var t = target.TrimEnd('/');
                var p = path.TrimEnd('/');
                if (t == p || p.StartsWith(t + "/", StringComparison.Ordinal) || (t.Length > 0 && p.EndsWith(t, StringComparison.Ordinal)) || t.EndsWith(p, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static (string? Type, string? Target) ParseMount(string mount)
    {
        string? type = null;
        string? target = null;
        foreach (var field in mount.Split(','))
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? field : field[..eq];
            var value = eq < 0 ? string.Empty : field[(eq + 1)..];
            switch (key.Trim().ToLowerInvariant())
            {
                case "type":
                    type = value;
                    break;
                case "target" or "dst" or "destination":
                    target = value;
                    break;
            }
        }

        return (type, target);
    }

    private void IndexOperators(ShellTokenization tokenization, IReadOnlyList<ShellCommand> commands)
    {
        var tokens = tokenization.Tokens;
        var indexByOffset = new Dictionary<int, int>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            indexByOffset[tokens[i].Span.Offset] = i;
        }

        foreach (var c in commands)
        {
            if (c.Depth != 0 || !indexByOffset.TryGetValue(c.Tokens[^1].Span.Offset, out var at))
            {
                continue;
            }

            string? op = null;
            for (var i = at + 1; i < tokens.Count; i++)
            {
                var t = tokens[i];
                if (t.IsTrivia || t.Kind is ShellTokenKind.HeredocBody or ShellTokenKind.HeredocEnd)
                {
                    continue;
                }

                op = t.Kind switch
                {
                    ShellTokenKind.Operator => t.Text,
                    ShellTokenKind.Newline => "\n",
                    _ => null,
                };
                break;
            }

            _nextOperator[c] = op;
        }
    }

    private static List<string> Scripts(RunInstruction run)
    {
        var scripts = new List<string>();
        if (run.IsJson)
        {
            var parts = run.CommandParts;
            if (parts.Count == 0)
            {
                return scripts;
            }

            var dashC = -1;
            for (var i = 1; i < parts.Count; i++)
            {
                if (parts[i] is "-c" or "-ec" or "-ex" or "-xc" or "-ce" or "-exc" or "-euc" or "-eux" or "-euxc")
                {
                    dashC = i;
                    break;
                }
            }

            if (Shells.Contains(ShellCommandFacts.Basename(parts[0])) && dashC > 0 && dashC + 1 < parts.Count)
            {
                scripts.Add(parts[dashC + 1]);
            }
            else
            {
                scripts.Add(string.Join(' ', parts.Select(Quote)));
            }

            return scripts;
        }

        var command = run.Command ?? string.Empty;
        scripts.Add(command);
        if (run.Heredocs.Count > 0)
        {
            // A heredoc is a shell script when RUN has no command of its own (RUN <<EOF) or feeds a shell.
            var first = ShellCommand.Parse(command, includeSubstitutions: false).FirstOrDefault(c => c.Name is not null);
            if (first is null || Shells.Contains(ShellCommandFacts.Basename(first.CommandName ?? string.Empty)))
            {
                scripts.AddRange(run.Heredocs.Select(h => h.Content));
            }
        }

        return scripts;
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
