namespace InfraDedup.Core.Planning;

/// <summary>
/// Whether a COPY/ADD source (relative to the build context, already cleaned) brings a given context file into the
/// image. A plain source copies the path itself or, when it names a folder, everything under it. A source with
/// wildcards is resolved the way BuildKit resolves it: one path component at a time, each component matched against
/// the names present in the folder reached so far with Go's <c>filepath.Match</c> rules (<c>*</c> and <c>?</c> never
/// cross a <c>/</c>, <c>[...]</c> classes with <c>^</c> for negation, <c>\</c> escapes, no <c>**</c>); an entry
/// it matches is copied whole, so a file is copied when the pattern's components match its first components.
/// </summary>
public static class ContextSourcePattern
{
    /// <summary>
    /// True when copying <paramref name="source"/> from the context takes <paramref name="relativePath"/> (a file of
    /// the context) along. A malformed pattern (BuildKit fails such a build) is treated as copying everything.
    /// </summary>
    public static bool Copies(string source, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(relativePath);
        var cleaned = Clean(source);
        if (cleaned.Length == 0)
        {
            return true; // the context root
        }

        if (!HasWildcards(cleaned))
        {
            return relativePath == cleaned || relativePath.StartsWith(cleaned + "/", StringComparison.Ordinal);
        }

        var patternParts = cleaned.Split('/');
        var pathParts = relativePath.Split('/');
        if (patternParts.Length > pathParts.Length)
        {
            return false;
        }

        for (var i = 0; i < patternParts.Length; i++)
        {
            switch (MatchName(patternParts[i], pathParts[i]))
            {
                case null:
                    return true;
                case false:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Whether BuildKit treats the source as a pattern: an unescaped <c>*</c>, <c>?</c> or <c>[</c>.</summary>
    public static bool HasWildcards(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (var i = 0; i < source.Length; i++)
        {
            switch (source[i])
            {
                case '\\':
                    i++;
                    break;
                case '*' or '?' or '[':
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Go's <c>filepath.Match</c> on one path component (no <c>/</c> in <paramref name="name"/>): true or false, or
    /// null when the pattern is malformed (an unclosed or empty class, a trailing <c>\</c>).
    /// </summary>
    public static bool? MatchName(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        return Match(pattern, 0, name, 0);
    }

    private static bool? Match(string pattern, int p, string name, int n)
    {
        while (p < pattern.Length)
        {
            switch (pattern[p])
            {
                case '*':
                    while (p < pattern.Length && pattern[p] == '*')
                    {
                        p++;
                    }

                    // Try every split of the rest of the name; a malformed rest is reported even when nothing matches.
                    for (var k = n; k <= name.Length; k++)
                    {
                        var attempt = Match(pattern, p, name, k);
                        if (attempt is null or true)
                        {
                            return attempt;
                        }
                    }

                    return false;
                case '?':
                    if (n >= name.Length || name[n] == '/')
                    {
                        return false;
                    }

                    p++;
                    n++;
                    break;
                case '[':
                    if (MatchClass(pattern, ref p, n < name.Length ? name[n] : (char?)null) is not { } inClass)
                    {
                        return null;
                    }

                    if (!inClass || n >= name.Length)
                    {
                        return false;
                    }

                    n++;
                    break;
                case '\\':
                    if (p + 1 >= pattern.Length)
                    {
                        return null;
                    }

                    if (n >= name.Length || name[n] != pattern[p + 1])
                    {
                        return false;
                    }

                    p += 2;
                    n++;
                    break;
                default:
                    if (n >= name.Length || name[n] != pattern[p])
                    {
                        return false;
                    }

                    p++;
                    n++;
                    break;
            }
        }

        return n == name.Length;
    }

    /// <summary>
    /// Reads the class starting at <paramref name="p"/> (a <c>[</c>) and moves past its <c>]</c>; true when
    /// <paramref name="c"/> is in it (a missing character is in no class), null when the class is malformed.
    /// </summary>
    private static bool? MatchClass(string pattern, ref int p, char? c)
    {
        p++;
        var negated = p < pattern.Length && pattern[p] == '^';
        if (negated)
        {
            p++;
        }

        var matched = false;
        var ranges = 0;
        while (true)
        {
            if (p >= pattern.Length)
            {
                return null;
            }

            if (pattern[p] == ']' && ranges > 0)
            {
                p++;
                break;
            }

            if (ClassChar(pattern, ref p) is not { } lo)
            {
                return null;
            }

            var hi = lo;
            if (p < pattern.Length && pattern[p] == '-')
            {
                p++;
                if (ClassChar(pattern, ref p) is not { } upper)
                {
                    return null;
                }

                hi = upper;
            }

            matched |= c is { } ch && lo <= ch && ch <= hi;
            ranges++;
        }

        return c is not null && c != '/' && matched != negated;
    }

    /// <summary>One character of a class (an escaped one, or any but <c>-</c> and <c>]</c>); null when malformed.</summary>
    private static char? ClassChar(string pattern, ref int p)
    {
        if (p >= pattern.Length || pattern[p] is '-' or ']')
        {
            return null;
        }

        if (pattern[p] == '\\')
        {
            p++;
            if (p >= pattern.Length)
            {
                return null;
            }
        }

        return pattern[p++];
    }

    /// <summary>Go's <c>path.Clean</c> of the source under the context root: no leading <c>/</c> or <c>./</c>, <c>..</c> stops at the root.</summary>
    private static string Clean(string source)
    {
        var parts = new List<string>();
        foreach (var segment in source.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(segment);
        }

        return string.Join('/', parts);
    }
}
