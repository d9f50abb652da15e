using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.References;

/// <summary>
/// A <c>.dockerignore</c> file, with the builder's rules rather than git's: every pattern is relative to
/// the context root (a bare <c>*.pyc</c> matches only at the top, unlike <c>.gitignore</c>), <c>*</c> and
/// <c>?</c> never cross a <c>/</c>, <c>**</c> spans any number of folders, <c>!</c> re-includes, the last
/// matching line wins, and a pattern that matches a folder excludes everything inside it.
/// </summary>
public sealed class DockerIgnore
{
    // Monorepos repeat the same few ignore files hundreds of times: build each pattern's regex once.
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    private readonly List<(string Text, Regex Regex, bool Negated)> _patterns;

    private DockerIgnore(List<(string, Regex, bool)> patterns) => _patterns = patterns;

    /// <summary>No patterns: nothing is excluded.</summary>
    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>Parses <c>.dockerignore</c> text (comments start with <c>#</c>; blank lines are skipped).</summary>
    public static DockerIgnore Parse(string text)
    {
        var patterns = new List<(string, Regex, bool)>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var negated = line[0] == '!';
            var pattern = negated ? line[1..].Trim() : line;
            pattern = Clean(pattern);
            if (pattern.Length == 0)
            {
                continue;
            }

            patterns.Add((line, Compiled.GetOrAdd(pattern, p => new Regex(ToRegex(p), RegexOptions.CultureInvariant | RegexOptions.Singleline)), negated));
        }

        return new DockerIgnore(patterns);
    }

    /// <summary>Whether the file at <paramref name="relativePath"/> (relative to the context) is left out of the context.</summary>
    public bool IsExcluded(string relativePath) => MatchingPattern(relativePath) is not null;

    /// <summary>The pattern that excludes the path, or null when the path is part of the context.</summary>
    public string? MatchingPattern(string relativePath)
    {
        string? decisive = null;
        foreach (var (text, regex, negated) in _patterns)
        {
            if (MatchesOrParentMatches(regex, relativePath))
            {
                decisive = negated ? null : text;
            }
        }

        return decisive;
    }

    private static bool MatchesOrParentMatches(Regex regex, string path)
    {
        if (regex.IsMatch(path))
        {
            return true;
        }

        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            if (regex.IsMatch(path.AsSpan(0, slash)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Like Go's <c>filepath.Clean</c> on a relative pattern, with a leading <c>/</c> dropped.</summary>
    private static string Clean(string pattern)
    {
        var parts = new List<string>();
        foreach (var segment in pattern.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(segment);
            }
        }

        return string.Join('/', parts);
    }

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        sb.Append("(?:.*/)?"); // "**/": zero or more folders
                    }
                    else
                    {
                        sb.Append(".*");
                    }

                    break;
                default:
                    i = GlobPattern.AppendWithinSegment(pattern, i, sb);
                    break;
            }
        }

        return sb.Append('$').ToString();
    }
}
