namespace InfraDedup.Core.Compose;

/// <summary>A position in a YAML file: 0-based character offset, 1-based line and column (from YamlDotNet marks).</summary>
public readonly record struct YamlMark(long Offset, int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>
/// Where a YAML node is written: from its first character to just past its last. For a node that came
/// from a merge key (<c>&lt;&lt;: *anchor</c>) or an alias this is the anchored definition, and
/// <see cref="Shared"/> is true (editing it changes every user of the anchor).
/// </summary>
public readonly record struct YamlSpan(YamlMark Start, YamlMark End, bool Shared = false)
{
    public override string ToString() => Start.ToString();
}

/// <summary>
/// A string value from a compose file: as written, and after <c>${VAR}</c> interpolation with defaults
/// and the project's <c>.env</c> only (the process environment is never read). <see cref="Value"/> is null when a
/// variable has neither.
/// </summary>
public sealed record ComposeValue(string Raw, string? Value, IReadOnlyList<string> UnresolvedVariables, YamlSpan Span)
{
    /// <summary>Variables whose value came from the project's <c>.env</c> (empty when only literals and defaults were used).</summary>
    public IReadOnlyList<string> EnvVariables { get; init; } = [];
}

/// <summary>One <c>args</c> entry (map form <c>KEY: value</c> or list form <c>KEY=value</c> / <c>KEY</c>).</summary>
/// <param name="Value">Interpolated value; null when the entry has no value (taken from the environment at build time).</param>
public sealed record ComposeBuildArg(string Name, ComposeValue? Value, YamlSpan Span);

/// <summary>
/// A service's <c>build</c> section. Paths are repository-relative (<c>""</c> is the root) after
/// interpolation; <see cref="Context"/> is null for remote contexts (git, URLs) and unresolved variables,
/// <see cref="Dockerfile"/> is null when it cannot be located in the tree (remote context, inline Dockerfile,
/// unresolved variable, absolute path).
/// </summary>
public sealed record ComposeBuild
{
    /// <summary>True for <c>build: ./dir</c>; false for the mapping form.</summary>
    public required bool IsShortForm { get; init; }

    /// <summary>Resolved context folder, relative to the scan root.</summary>
    public string? Context { get; init; }

    /// <summary>The <c>context</c> value as written (the whole value in the short form); null when omitted (".").</summary>
    public ComposeValue? ContextValue { get; init; }

    /// <summary>Resolved Dockerfile path (the default <c>Dockerfile</c> in the context when none is named).</summary>
    public string? Dockerfile { get; init; }

    /// <summary>The <c>dockerfile</c> value as written; null when omitted.</summary>
    public ComposeValue? DockerfileValue { get; init; }

    /// <summary>The <c>dockerfile_inline</c> content, if any.</summary>
    public string? DockerfileInline { get; init; }

    public IReadOnlyList<ComposeBuildArg> Args { get; init; } = [];

    public ComposeValue? Target { get; init; }

    /// <summary>Span of the whole <c>build</c> value (scalar or mapping).</summary>
    public required YamlSpan Span { get; init; }

    /// <summary>Span of the <c>build</c> key.</summary>
    public required YamlSpan KeySpan { get; init; }

    /// <summary>Span of the context value (the short-form scalar, or the <c>context</c> value); null when omitted.</summary>
    public YamlSpan? ContextSpan => ContextValue?.Span;

    /// <summary>Span of the <c>dockerfile</c> value; null when omitted.</summary>
    public YamlSpan? DockerfileSpan => DockerfileValue?.Span;

    /// <summary>Span of the <c>args</c> value (mapping or sequence); null when omitted.</summary>
    public YamlSpan? ArgsSpan { get; init; }

    /// <summary><c>additional_contexts</c> entries (map form <c>name: value</c> or list form <c>name=value</c>): named build contexts, e.g. <c>service:base</c>.</summary>
    public IReadOnlyList<ComposeBuildArg> AdditionalContexts { get; init; } = [];
}

/// <summary><c>extends</c>: the service this one is based on, in this file or another.</summary>
/// <param name="File">Repository path of the compose file that defines it (this file when <c>file</c> is omitted); null when unresolvable.</param>
public sealed record ComposeExtends(string? File, string Service, YamlSpan Span);

/// <summary>A compose service as written in one file (before <c>extends</c> is applied).</summary>
public sealed record ComposeService
{
    /// <summary>Repository path of the compose file.</summary>
    public required string File { get; init; }

    public required string Name { get; init; }

    public required YamlSpan NameSpan { get; init; }

    public ComposeValue? Image { get; init; }

    public ComposeBuild? Build { get; init; }

    public ComposeExtends? Extends { get; init; }

    /// <summary>
    /// The service's run-time settings as written (<see cref="ComposeReader.RuntimeKeys"/>: <c>environment</c>,
    /// <c>ports</c>, <c>command</c>, <c>healthcheck</c>, <c>network_mode</c>, <c>depends_on</c>), merge keys applied, by
    /// key. Deploy and monitor read them from here, so compose is parsed once, by <see cref="ComposeReader"/>.
    /// </summary>
    public IReadOnlyDictionary<string, ComposeNode> Runtime { get; init; } = new Dictionary<string, ComposeNode>(StringComparer.Ordinal);
}

/// <summary>
/// A YAML value of a compose file without YamlDotNet types: a scalar (<see cref="Scalar"/>, interpolated like every
/// <see cref="ComposeValue"/>), a sequence (<see cref="Items"/>) or a mapping (<see cref="Entries"/>, in source order,
/// merge keys applied). Exactly one of the three is set.
/// </summary>
public sealed record ComposeNode
{
    public required YamlSpan Span { get; init; }

    public ComposeValue? Scalar { get; init; }

    public IReadOnlyList<ComposeNode>? Items { get; init; }

    public IReadOnlyList<KeyValuePair<string, ComposeNode>>? Entries { get; init; }

    /// <summary>The entry of a mapping with this key; null when absent or not a mapping.</summary>
    public ComposeNode? this[string key] => Entries?.FirstOrDefault(e => e.Key == key).Value;
}

/// <summary>A top-level <c>include</c> entry: another compose file loaded into this project.</summary>
/// <param name="Path">Resolved repository path; null when it leaves the tree or uses an unresolved variable.</param>
public sealed record ComposeInclude(string? Path, ComposeValue Value);

/// <summary>A compose file that does not parse, or has a section of the wrong shape.</summary>
public sealed record ComposeError(string Path, int Line, int Column, string Message);

/// <summary>Everything read from one compose file. Never thrown from: problems become <see cref="Errors"/>.</summary>
public sealed record ComposeFile(
    string Path,
    IReadOnlyList<ComposeService> Services,
    IReadOnlyList<ComposeInclude> Includes,
    IReadOnlyList<ComposeError> Errors);
