namespace InfraDedup.Core.Dockerfiles;

/// <summary>Result of an expansion: the value (or words) or an error message.</summary>
public sealed record ExpansionResult(string Value, IReadOnlyList<string> Words, string? Error)
{
    public bool Success => Error is null;
}

/// <summary>
/// Dockerfile environment replacement as BuildKit's shell lexer performs it: <c>$x</c>, <c>${x}</c>,
/// <c>${x:-d}</c>, <c>${x-d}</c>, <c>${x:+d}</c>, <c>${x+d}</c>, <c>${x:?msg}</c>, <c>${x?msg}</c>,
/// <c>${x#p}</c>, <c>${x%p}</c>, <c>${x/p/r}</c>; quotes are removed, the escape char escapes, unset variables expand to "".
/// </summary>
public static class VariableExpander
{
    /// <summary>Expands one word (quotes removed, spaces kept). Never throws; errors are in the result.</summary>
    public static ExpansionResult Expand(string word, IReadOnlyDictionary<string, string> env, char escape = '\\')
    {
        ArgumentNullException.ThrowIfNull(env);
        var lexer = new ShellLexer(escape);
        var ok = lexer.TryProcess(word ?? string.Empty, k => env.TryGetValue(k, out var v) ? v : null, out var result, out var words, out var error);
        return ok ? new ExpansionResult(result, words, null) : new ExpansionResult(string.Empty, [], error);
    }

    /// <summary>Expands and splits into words on unquoted whitespace (BuildKit <c>ProcessWords</c>).</summary>
    public static ExpansionResult ExpandWords(string word, IReadOnlyDictionary<string, string> env, char escape = '\\') => Expand(word, env, escape);

    /// <summary>Expands one word; throws <see cref="FormatException"/> on a substitution error.</summary>
    public static string ExpandOrThrow(string word, IReadOnlyDictionary<string, string> env, char escape = '\\')
    {
        var r = Expand(word, env, escape);
        return r.Error is null ? r.Value : throw new FormatException(r.Error);
    }

    /// <summary>
    /// Whether BuildKit applies environment replacement to an instruction's arguments: ADD, COPY, ENV, EXPOSE,
    /// FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR (and ARG default values). RUN, CMD, ENTRYPOINT, SHELL,
    /// HEALTHCHECK and MAINTAINER are not expanded by the builder; ONBUILD is not expanded when declared
    /// (its inner instruction is expanded when the trigger runs in a child build).
    /// </summary>
    public static bool SupportsExpansion(string keyword) => keyword?.ToUpperInvariant() switch
    {
        "ADD" or "COPY" or "ENV" or "EXPOSE" or "FROM" or "LABEL" or "STOPSIGNAL" or "USER" or "VOLUME" or "WORKDIR" or "ARG" => true,
        _ => false,
    };
}
