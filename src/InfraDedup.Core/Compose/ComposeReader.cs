using InfraDedup.Core.References;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InfraDedup.Core.Compose;

/// <summary>
/// Reads the parts of a compose file that locate Dockerfiles: services (<c>build</c> short and long form,
/// <c>image</c>, <c>extends</c>) and top-level <c>include</c>. Uses YamlDotNet's representation model
/// (aliases resolved by the loader; merge keys <c>&lt;&lt;</c> applied here), keeps source spans for later
/// text edits, and never throws: bad YAML and wrongly shaped sections become <see cref="ComposeError"/>s.
/// </summary>
public static class ComposeReader
{
    private const string MergeKey = "<<";
    private const int MaxMergeDepth = 16;

    /// <summary>The service keys read into <see cref="ComposeService.Runtime"/> (what deploy and monitor use).</summary>
    public static readonly IReadOnlyList<string> RuntimeKeys = ["environment", "ports", "command", "healthcheck", "network_mode", "depends_on"];

    /// <summary>Reads compose text. <paramref name="path"/> is the file's repository path (relative paths resolve against its folder).</summary>
    public static ComposeFile Read(string path, string text) => Read(path, text, null);

    /// <summary>
    /// Reads compose text, interpolating <c>${VAR}</c> with <paramref name="variables"/> (the project's <c>.env</c>,
    /// see <see cref="ComposeInterpolation.ReadEnvFile"/>) and defaults.
    /// </summary>
    public static ComposeFile Read(string path, string text, IReadOnlyDictionary<string, string>? variables)
    {
        var errors = new List<ComposeError>();
        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
            if (stream.Documents.Count > 0 && root is null && !IsEmptyScalar(stream.Documents[0].RootNode))
            {
                var start = stream.Documents[0].RootNode.Start;
                errors.Add(new ComposeError(path, (int)start.Line, (int)start.Column, "the top level is not a mapping"));
            }
        }
        catch (YamlException e)
        {
            var mark = e is AnchorNotFoundException ? UndefinedAliasMark(text) ?? e.Start : e.Start;
            var (line, column) = e.Message.Contains("tab", StringComparison.Ordinal) && IndentationTab(text, (int)mark.Line) is { } tab
                ? tab
                : ((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));
            errors.Add(new ComposeError(path, line, column, FirstLine(e.Message)));
            return new ComposeFile(path, [], [], errors);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            errors.Add(new ComposeError(path, 1, 1, FirstLine(e.Message)));
            return new ComposeFile(path, [], [], errors);
        }

        if (root is null)
        {
            return new ComposeFile(path, [], [], errors);
        }

        var reader = new Reader(path, errors, variables);
        var top = reader.Entries(root);
        var services = new List<ComposeService>();
        if (top.TryGetValue("services", out var servicesEntry))
        {
            if (servicesEntry.Value is YamlMappingNode servicesNode)
            {
                foreach (var (name, entry) in reader.Entries(servicesNode))
                {
                    if (entry.Value is YamlMappingNode serviceNode)
                    {
                        services.Add(reader.Service(name, entry, serviceNode));
                    }
                    else if (!IsEmptyScalar(entry.Value))
                    {
                        reader.Error(entry.Value, $"service '{name}' is not a mapping");
                    }
                }
            }
            else if (!IsEmptyScalar(servicesEntry.Value))
            {
                reader.Error(servicesEntry.Value, "'services' is not a mapping");
            }
        }

        var includes = top.TryGetValue("include", out var includeEntry) ? reader.Includes(includeEntry.Value) : [];
        return new ComposeFile(path, services, includes, errors);
    }

    /// <summary>
    /// YamlDotNet reports a tab in indentation at the start of the enclosing mapping or the end of the line before:
    /// the first tab in a line's leading whitespace from <paramref name="fromLine"/> on is where the user must look.
    /// </summary>
    private static (int Line, int Column)? IndentationTab(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    /// <summary>The loader reports an alias to an unknown anchor without a position: find it with the event parser.</summary>
    private static Mark? UndefinedAliasMark(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case YamlDotNet.Core.Events.NodeEvent { Anchor.IsEmpty: false } node:
                        anchors.Add(node.Anchor.Value);
                        break;
                    case YamlDotNet.Core.Events.AnchorAlias alias when !anchors.Contains(alias.Value.Value):
                        return alias.Start;
                }
            }
        }
        catch (YamlException e)
        {
            return e.Start;
        }

        return null;
    }

    private static bool IsEmptyScalar(YamlNode node) =>
        node is YamlScalarNode { Value: null or "" or "~" or "null" } scalar && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain;

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n', StringComparison.Ordinal);
        return (nl < 0 ? message : message[..nl]).Trim();
    }

    /// <summary>A mapping entry after merge keys are applied; <see cref="Shared"/> when it came from a merged anchor.</summary>
    private readonly record struct Entry(YamlNode Key, YamlNode Value, bool Shared);

    private sealed class Reader(string path, List<ComposeError> errors, IReadOnlyDictionary<string, string>? variables)
    {
        private const int MaxNodeDepth = 32;

        private readonly string _folder = RepoPaths.DirectoryOf(path);

        public void Error(YamlNode node, string message) =>
            errors.Add(new ComposeError(path, (int)node.Start.Line, (int)node.Start.Column, message));

        /// <summary>Entries of a mapping in source order, with <c>&lt;&lt;</c> merges applied (explicit keys win, then earlier merge sources).</summary>
        public Dictionary<string, Entry> Entries(YamlMappingNode mapping)
        {
            var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
            Collect(mapping, result, shared: false, depth: 0);
            return result;
        }

        private void Collect(YamlMappingNode mapping, Dictionary<string, Entry> result, bool shared, int depth)
        {
            var merges = new List<YamlMappingNode>();
            foreach (var (key, value) in mapping.Children)
            {
                if (key is not YamlScalarNode { Value: { } name })
                {
                    continue;
                }

                if (name == MergeKey && key is YamlScalarNode { Style: ScalarStyle.Plain })
                {
                    switch (value)
                    {
                        case YamlMappingNode single:
                            merges.Add(single);
                            break;
                        case YamlSequenceNode many:
                            merges.AddRange(many.Children.OfType<YamlMappingNode>());
                            break;
                        default:
                            Error(value, "a merge key (<<) needs a mapping or a list of mappings");
                            break;
                    }

                    continue;
                }

                result.TryAdd(name, new Entry(key, value, shared || !value.Anchor.IsEmpty));
            }

            if (depth >= MaxMergeDepth)
            {
                return;
            }

            foreach (var merged in merges)
            {
                Collect(merged, result, shared: true, depth + 1);
            }
        }

        public ComposeService Service(string name, Entry entry, YamlMappingNode node)
        {
            var fields = Entries(node);
            ComposeBuild? build = null;
            if (fields.TryGetValue("build", out var buildEntry))
            {
                build = Build(buildEntry);
            }

            ComposeExtends? extends = null;
            if (fields.TryGetValue("extends", out var extendsEntry))
            {
                extends = Extends(extendsEntry);
            }

            return new ComposeService
            {
                File = path,
                Name = name,
                NameSpan = Span(entry.Key, false),
                Image = fields.TryGetValue("image", out var image) ? Value(image) : null,
                Build = build,
                Extends = extends,
                Runtime = RuntimeKeys
                    .Where(fields.ContainsKey)
                    .ToDictionary(k => k, k => Node(fields[k].Value, fields[k].Shared, 0), StringComparer.Ordinal),
            };
        }

        /// <summary>A YAML node as a <see cref="ComposeNode"/> (nesting beyond <see cref="MaxNodeDepth"/> is cut to an empty mapping).</summary>
        private ComposeNode Node(YamlNode node, bool shared, int depth)
        {
            var span = Span(node, shared);
            switch (node)
            {
                case YamlScalarNode scalar:
                    var raw = scalar.Value ?? string.Empty;
                    var unresolved = new List<string>();
                    var used = new List<string>();
                    var value = ComposeInterpolation.Interpolate(raw, unresolved, variables, used);
                    return new ComposeNode { Span = span, Scalar = new ComposeValue(raw, value, unresolved, span) { EnvVariables = used } };
                case YamlSequenceNode sequence when depth < MaxNodeDepth:
                    return new ComposeNode { Span = span, Items = [.. sequence.Children.Select(c => Node(c, shared, depth + 1))] };
                case YamlMappingNode mapping when depth < MaxNodeDepth:
                    return new ComposeNode
                    {
                        Span = span,
                        Entries = [.. Entries(mapping).Select(e => new KeyValuePair<string, ComposeNode>(e.Key, Node(e.Value.Value, e.Value.Shared, depth + 1)))],
                    };
                default:
                    return new ComposeNode { Span = span, Entries = [] };
            }
        }

        private ComposeBuild? Build(Entry entry)
        {
            var keySpan = Span(entry.Key, false);
            if (entry.Value is YamlScalarNode scalar)
            {
                var shortContext = Value(entry);
                var resolved = shortContext?.Value is { } c ? ResolveContext(c) : null;
                return new ComposeBuild
                {
                    IsShortForm = true,
                    ContextValue = shortContext,
                    Context = resolved,
                    Dockerfile = resolved is null ? null : RepoPaths.Combine(resolved, "Dockerfile"),
                    Span = Span(scalar, entry.Shared),
                    KeySpan = keySpan,
                };
            }

            if (entry.Value is not YamlMappingNode mapping)
            {
                Error(entry.Value, "'build' is neither a path nor a mapping");
                return null;
            }

            var fields = Entries(mapping);
            var contextValue = fields.TryGetValue("context", out var ctx) ? Value(ctx) : null;
            var context = contextValue is null ? _folder : contextValue.Value is { } raw ? ResolveContext(raw) : null;
            var dockerfileValue = fields.TryGetValue("dockerfile", out var df) ? Value(df) : null;
            var inline = fields.TryGetValue("dockerfile_inline", out var inl) && inl.Value is YamlScalarNode inlineScalar ? inlineScalar.Value : null;
            string? dockerfile = null;
            if (inline is null && context is not null)
            {
                dockerfile = dockerfileValue is null
                    ? RepoPaths.Combine(context, "Dockerfile")
                    : dockerfileValue.Value is { } d ? RepoPaths.Combine(context, d) : null;
            }

            YamlSpan? argsSpan = null;
            var args = new List<ComposeBuildArg>();
            if (fields.TryGetValue("args", out var argsEntry))
            {
                argsSpan = Span(argsEntry.Value, argsEntry.Shared);
                Args(argsEntry, args);
            }

            var additionalContexts = new List<ComposeBuildArg>();
            if (fields.TryGetValue("additional_contexts", out var contextsEntry))
            {
                Args(contextsEntry, additionalContexts, "additional_contexts");
            }

            return new ComposeBuild
            {
                IsShortForm = false,
                AdditionalContexts = additionalContexts,
                ContextValue = contextValue,
                Context = context,
                DockerfileValue = dockerfileValue,
                Dockerfile = dockerfile,
                DockerfileInline = inline,
                Args = args,
                ArgsSpan = argsSpan,
                Target = fields.TryGetValue("target", out var target) ? Value(target) : null,
                Span = Span(mapping, entry.Shared),
                KeySpan = keySpan,
            };
        }

        private void Args(Entry entry, List<ComposeBuildArg> args, string key = "args")
        {
            switch (entry.Value)
            {
                case YamlMappingNode map:
                    foreach (var (name, arg) in Entries(map))
                    {
                        var value = IsNull(arg.Value) ? null : Value(arg);
                        args.Add(new ComposeBuildArg(name, value, Span(arg.Key, arg.Shared)));
                    }

                    break;
                case YamlSequenceNode list:
                    foreach (var item in list.Children)
                    {
                        if (item is not YamlScalarNode { Value: { } text })
                        {
                            Error(item, "a build arg list entry is not a string");
                            continue;
                        }

                        var eq = text.IndexOf('=', StringComparison.Ordinal);
                        var span = Span(item, entry.Shared);
                        ComposeValue? value = null;
                        if (eq >= 0)
                        {
                            var unresolved = new List<string>();
                            var used = new List<string>();
                            var raw = text[(eq + 1)..];
                            value = new ComposeValue(raw, ComposeInterpolation.Interpolate(raw, unresolved, variables, used), unresolved, span) { EnvVariables = used };
                        }

                        args.Add(new ComposeBuildArg(eq < 0 ? text : text[..eq], value, span));
                    }

                    break;
                default:
                    if (!IsNull(entry.Value))
                    {
                        Error(entry.Value, $"'{key}' is neither a mapping nor a list");
                    }

                    break;
            }
        }

        private ComposeExtends? Extends(Entry entry)
        {
            if (entry.Value is YamlScalarNode { Value: { } same })
            {
                return new ComposeExtends(path, same, Span(entry.Value, entry.Shared));
            }

            if (entry.Value is not YamlMappingNode mapping)
            {
                Error(entry.Value, "'extends' is neither a service name nor a mapping");
                return null;
            }

            var fields = Entries(mapping);
            if (!fields.TryGetValue("service", out var service) || service.Value is not YamlScalarNode { Value: { } serviceName })
            {
                Error(mapping, "'extends' has no 'service'");
                return null;
            }

            var file = path;
            if (fields.TryGetValue("file", out var fileEntry))
            {
                var value = Value(fileEntry);
                file = value?.Value is { } f ? RepoPaths.Combine(_folder, f) : null;
            }

            return new ComposeExtends(file, serviceName, Span(mapping, entry.Shared));
        }

        public List<ComposeInclude> Includes(YamlNode node)
        {
            if (node is not YamlSequenceNode list)
            {
                if (!IsNull(node))
                {
                    Error(node, "'include' is not a list");
                }

                return [];
            }

            var result = new List<ComposeInclude>();
            foreach (var item in list.Children)
            {
                switch (item)
                {
                    case YamlScalarNode:
                        AddInclude(new Entry(item, item, false), result);
                        break;
                    case YamlMappingNode mapping when Entries(mapping).TryGetValue("path", out var pathEntry):
                        if (pathEntry.Value is YamlSequenceNode paths)
                        {
                            foreach (var p in paths.Children)
                            {
                                AddInclude(new Entry(p, p, false), result);
                            }
                        }
                        else
                        {
                            AddInclude(pathEntry, result);
                        }

                        break;
                    default:
                        Error(item, "an 'include' entry has no path");
                        break;
                }
            }

            return result;
        }

        private void AddInclude(Entry entry, List<ComposeInclude> result)
        {
            if (Value(entry) is { } value)
            {
                result.Add(new ComposeInclude(value.Value is { } v ? RepoPaths.Combine(_folder, v) : null, value));
            }
        }

        private string? ResolveContext(string raw) =>
            IsRemote(raw) ? null : RepoPaths.Combine(_folder, raw);

        private ComposeValue? Value(Entry entry)
        {
            if (entry.Value is not YamlScalarNode { Value: { } raw } scalar)
            {
                Error(entry.Value, "expected a string");
                return null;
            }

            var unresolved = new List<string>();
            var used = new List<string>();
            var value = ComposeInterpolation.Interpolate(raw, unresolved, variables, used);
            return new ComposeValue(raw, value, unresolved, Span(scalar, entry.Shared)) { EnvVariables = used };
        }

        private static bool IsNull(YamlNode node) =>
            node is YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain };

        private static YamlSpan Span(YamlNode node, bool shared) =>
            new(Mark(node.Start), Mark(node.End), shared || !node.Anchor.IsEmpty);

        private static YamlMark Mark(Mark mark) => new(mark.Index, (int)mark.Line, (int)mark.Column);
    }

    /// <summary>Git and URL contexts (<c>https://…</c>, <c>git@…</c>, <c>github.com/…</c> style) are not in the tree.</summary>
    public static bool IsRemote(string context) =>
        context.Contains("://", StringComparison.Ordinal)
        || context.StartsWith("git@", StringComparison.Ordinal)
        || context.StartsWith("github.com/", StringComparison.Ordinal)
        || context.EndsWith(".git", StringComparison.Ordinal)
        || context.Contains(".git#", StringComparison.Ordinal);
}
