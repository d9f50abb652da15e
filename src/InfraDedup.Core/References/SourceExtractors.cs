using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.References;

/// <summary>
/// Python scripts: string literals grouped by the bracket they sit in are read as an argument vector
/// (<c>subprocess.run(["bash", "scripts/x.sh"])</c>), and each literal is also read as a shell line
/// (<c>os.system("docker build -f a/Dockerfile a")</c>). f-strings and names are run-time values.
/// </summary>
internal static class PythonSource
{
    /// <summary>
    /// Words one of which any reference this class can find must contain (<c>./</c>, a script extension,
    /// <c>Dockerfile</c>, or a program it understands). Most Python modules have none and are not tokenized.
    /// Known gap: an extension-less script named by a path without <c>./</c> (<c>"bin/deploy"</c>) is missed.
    /// </summary>
    private static readonly System.Buffers.SearchValues<string> Markers = System.Buffers.SearchValues.Create(
        ["./", ".sh", ".py", "docker", "podman", "nerdctl", "buildah", "bash", "python", "pypy", "source", "Dockerfile", "compose"],
        StringComparison.Ordinal);

    /// <summary>Whether the text holds one of the words every reference needs.</summary>
    internal static bool HasMarkers(string text) => text.AsSpan().ContainsAny(Markers);

    public static void Extract(string text, CommandReferences commands, CommandSite site)
    {
        if (!HasMarkers(text))
        {
            return;
        }

        var sink = new ReferenceSink(text, commands, site);
        PythonTokenizer.Scan(text, ref sink);
    }

    /// <summary>
    /// Takes the tokens straight from the lexer (no token list): string literals are collected per bracket group, and
    /// line numbers are worked out only for the tokens that need one (group openers and strings).
    /// </summary>
    private struct ReferenceSink(string text, CommandReferences commands, CommandSite site) : IPythonTokenSink
    {
        private readonly Stack<(List<string?> Words, int Line)> _groups = new([([], 1)]);
        private LineTracker _lines = new(text, 0, 1, 1);

        public void Emit(string source, PythonTokenKind kind, int offset, int length, string? indentation)
        {
            switch (kind)
            {
                case PythonTokenKind.Op:
                    Operator(source.AsSpan(offset, length), offset);
                    break;
                case PythonTokenKind.String:
                    var value = Unquote(source.Substring(offset, length));
                    _groups.Peek().Words.Add(value);
                    if (value is not null && value.Contains(' ', StringComparison.Ordinal) && CommandReferences.MayBeCommand(value))
                    {
                        commands.Text(value, _lines.Span(offset, length).Line, site, 1);
                    }

                    break;
                case PythonTokenKind.Newline when _groups.Count == 1:
                    _groups.Peek().Words.Clear();
                    break;
                case PythonTokenKind.Whitespace or PythonTokenKind.Comment or PythonTokenKind.NL or PythonTokenKind.LineContinuation
                    or PythonTokenKind.Indent or PythonTokenKind.Dedent or PythonTokenKind.Newline:
                    break;
                default:
                    _groups.Peek().Words.Add(null);
                    break;
            }
        }

        private void Operator(ReadOnlySpan<char> op, int offset)
        {
            switch (op)
            {
                case "(" or "[" or "{":
                    _groups.Push(([], _lines.Span(offset, op.Length).Line));
                    break;
                case ")" or "]" or "}":
                    if (_groups.Count > 1)
                    {
                        var (words, line) = _groups.Pop();
                        if (words.Count > 0 && words[0] is not null)
                        {
                            commands.Words(words, line, site);
                        }

                        _groups.Peek().Words.Add(null);
                    }

                    break;
                case ",":
                    break;
                default:
                    _groups.Peek().Words.Add(null);
                    break;
            }
        }
    }

    /// <summary>The value of a plain or raw string literal; null for f-strings, bytes and anything with escapes.</summary>
    internal static string? Unquote(string literal)
    {
        var i = 0;
        var raw = false;
        while (i < literal.Length && char.IsAsciiLetter(literal[i]))
        {
            var p = char.ToLowerInvariant(literal[i]);
            if (p is 'f' or 'b' or 't')
            {
                return null;
            }

            raw |= p == 'r';
            i++;
        }

        var body = literal[i..];
        var quote = body.StartsWith("\"\"\"", StringComparison.Ordinal) || body.StartsWith("'''", StringComparison.Ordinal) ? 3 : 1;
        if (body.Length < 2 * quote)
        {
            return null;
        }

        var value = body[quote..^quote];
        return !raw && value.Contains('\\', StringComparison.Ordinal) ? null : value;
    }
}

/// <summary>
/// Dockerfiles: <c>COPY</c>/<c>ADD</c> sources (files, folders, globs) that are scripts of the build context
/// and not excluded by its <c>.dockerignore</c>; scripts named by <c>RUN</c>, <c>CMD</c>, <c>ENTRYPOINT</c>
/// (resolved against the context: the image layout is not modelled) and <c>RUN --mount=…,source=</c>.
/// </summary>
/// <summary>What one Dockerfile instruction names: COPY/ADD sources, or commands (argument vectors with lines) and RUN mounts.</summary>
internal sealed record DockerfileFact(
    int Line,
    string Instruction,
    IReadOnlyList<string> CopySources,
    IReadOnlyList<(IReadOnlyList<string?> Words, int Line)> Commands,
    IReadOnlyList<string> Mounts);

/// <summary>The reference-bearing instructions of one Dockerfile.</summary>
internal sealed record DockerfileFacts(string Path, IReadOnlyList<DockerfileFact> Items);

internal static class DockerfileSource
{
    /// <summary>
    /// The parts of a Dockerfile that can refer to files, taken while the other sources are read (parsing is
    /// the expensive part); resolving them needs the build contexts, known only once every source is read.
    /// </summary>
    public static DockerfileFacts? Collect(string path, string text)
    {
        DockerfileDocument doc;
        try
        {
            doc = DockerfileParser.Parse(text, path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            return null;
        }

        return new DockerfileFacts(path, Facts(doc));
    }

    /// <summary>
    /// The reference-bearing instructions of a parsed Dockerfile (they depend on its text alone, so the scan takes them
    /// from the parse its Dockerfile survey already made).
    /// </summary>
    public static IReadOnlyList<DockerfileFact> Facts(DockerfileDocument doc)
    {
        var facts = new List<DockerfileFact>();
        foreach (var instruction in doc.Instructions)
        {
            var line = instruction.Span.StartLine;
            switch (instruction)
            {
                case FileTransferInstruction copy when copy.From is null && copy.Sources.Count > 0:
                    facts.Add(new DockerfileFact(line, instruction.Name, copy.Sources, [], []));
                    break;
                case RunInstruction or CmdInstruction or EntrypointInstruction:
                    var command = (CommandInstruction)instruction;
                    var commands = new List<(IReadOnlyList<string?> Words, int Line)>();
                    if (command.IsJson)
                    {
                        commands.Add(([.. command.CommandParts], line));
                    }
                    else if (command.Command is { } shell)
                    {
                        AddCommands(shell, line, commands);
                    }

                    foreach (var heredoc in command.Heredocs)
                    {
                        AddCommands(heredoc.Content, line + 1, commands);
                    }

                    var mounts = instruction is RunInstruction run ? run.Mounts : [];
                    if (commands.Count > 0 || mounts.Count > 0)
                    {
                        facts.Add(new DockerfileFact(line, instruction.Name, [], commands, mounts));
                    }

                    break;
            }
        }

        return facts;
    }

    private static void AddCommands(string text, int firstLine, List<(IReadOnlyList<string?> Words, int Line)> commands)
    {
        foreach (var command in ShellCommand.Parse(text))
        {
            if (command.Words.Count > 0)
            {
                commands.Add(([.. command.Words.Select(w => w.Value)], firstLine + command.Span.Line - 1));
            }
        }
    }

    /// <summary>Resolves collected facts against each build context the Dockerfile is used with.</summary>
    public static void Resolve(DockerfileFacts facts, IReadOnlyList<string> contexts, RepoTree tree, DockerIgnoreCache ignores, List<FileReference> refs)
    {
        var path = facts.Path;
        foreach (var context in contexts)
        {
            var (_, ignore) = ignores.For(context, path);
            bool InContext(string file) => !ignore.IsExcluded(file.Length == context.Length ? "" : context.Length == 0 ? file : file[(context.Length + 1)..]);
            var commands = new CommandReferences(tree, refs, []);
            var site = new CommandSite(path, ReferenceKind.DockerfileRun, [context]);
            foreach (var fact in facts.Items)
            {
                foreach (var source in fact.CopySources)
                {
                    foreach (var file in CopySources(source, context, tree))
                    {
                        if (IsScript(tree.KindOf(file)) && InContext(file))
                        {
                            refs.Add(new FileReference(file, path, fact.Line, ReferenceKind.DockerfileCopy, $"{fact.Instruction} {source}"));
                        }
                    }
                }

                var before = refs.Count;
                foreach (var (words, line) in fact.Commands)
                {
                    commands.Words(words, line, site);
                }

                Mounts(fact.Mounts, path, context, fact.Line, tree, refs);

                // Files the context leaves out are not in the image: not a use.
                for (var i = refs.Count - 1; i >= before; i--)
                {
                    if (!InContext(refs[i].Target) || !RepoPaths.IsUnder(refs[i].Target, context))
                    {
                        refs.RemoveAt(i);
                    }
                }
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Glob> Globs = new(StringComparer.Ordinal);

    private static bool IsScript(FileKind kind) => kind is FileKind.ShellScript or FileKind.PythonScript;

    private static void Mounts(IReadOnlyList<string> mounts, string path, string context, int line, RepoTree tree, List<FileReference> refs)
    {
        foreach (var mount in mounts)
        {
            var fields = mount.Split(',').Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
            if (fields.ContainsKey("from") || (fields.TryGetValue("type", out var type) && type != "bind"))
            {
                continue;
            }

            var source = fields.GetValueOrDefault("source") ?? fields.GetValueOrDefault("src");
            if (source is not null && RepoPaths.Combine(context, source.TrimStart('/')) is { } file)
            {
                foreach (var target in tree.IsFile(file) ? [file] : tree.FilesUnder(file).Where(f => IsScript(tree.KindOf(f))))
                {
                    refs.Add(new FileReference(target, path, line, ReferenceKind.DockerfileRun, $"RUN --mount={mount}"));
                }
            }
        }
    }

    /// <summary>Files a COPY source names inside the context: a file, every file under a folder, or glob matches.</summary>
    private static IEnumerable<string> CopySources(string source, string context, RepoTree tree)
    {
        if (source.Contains('$', StringComparison.Ordinal) || source.Contains("://", StringComparison.Ordinal) || source.StartsWith("<<", StringComparison.Ordinal))
        {
            return [];
        }

        var relative = source.TrimStart('/');
        if (relative.IndexOfAny(['*', '?', '[']) >= 0)
        {
            var glob = Globs.GetOrAdd(relative, p => new Glob(p));
            return tree.FilesUnder(context).Where(f => glob.MatchesOrParent(context.Length == 0 ? f : f[(context.Length + 1)..]));
        }

        if (RepoPaths.Combine(context, relative) is not { } full)
        {
            return [];
        }

        return tree.IsFile(full) ? [full] : tree.FilesUnder(full);
    }

    /// <summary>Go <c>filepath.Match</c> per path segment (a match on a folder takes what is inside).</summary>
    private sealed class Glob(string pattern)
    {
        private readonly System.Text.RegularExpressions.Regex _regex = new(
            "^" + string.Concat(pattern.Select(c => c switch
            {
                '*' => "[^/]*",
                '?' => "[^/]",
                '[' => "[",
                ']' => "]",
                _ => System.Text.RegularExpressions.Regex.Escape(c.ToString()),
            })) + "(?:/.*)?$",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        public bool MatchesOrParent(string path) => _regex.IsMatch(path);
    }
}
