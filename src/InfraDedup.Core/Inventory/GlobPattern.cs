using System.Text;
using System.Text.RegularExpressions;

namespace InfraDedup.Core.Inventory;

/// <summary>
/// One gitignore-style pattern: <c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>**</c>, leading <c>!</c> (negation),
/// trailing <c>/</c> (directories only), and anchoring (a pattern with a slash before its end is relative
/// to its base directory; one without matches a name at any depth). The same rules serve
/// <c>.gitignore</c> files and the <c>--include</c>/<c>--exclude</c> options.
/// </summary>
public sealed class GlobPattern
{
    private readonly string _regexText;

    /// <summary>
    /// The longest run of characters every match contains verbatim. A path without it cannot match, so most paths are
    /// rejected without running the regex (Native AOT interprets regexes: an ignore file of 150 patterns cost a walk
    /// more than listing the tree).
    /// </summary>
    private readonly string _requiredText;

    /// <summary>Built on first use: most patterns of a long ignore file never meet a path that contains their text.</summary>
    private Regex? _regex;

    private GlobPattern(string text, bool negated, bool directoryOnly, string regexText, string requiredText)
    {
        Text = text;
        IsNegated = negated;
        IsDirectoryOnly = directoryOnly;
        _regexText = regexText;
        _requiredText = requiredText;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>True for <c>!pattern</c>: a match re-includes what an earlier pattern excluded.</summary>
    public bool IsNegated { get; }

    /// <summary>True for <c>pattern/</c>: only directories match.</summary>
    public bool IsDirectoryOnly { get; }

    /// <summary>
    /// Parses one line of an ignore file. Returns null for blank lines and comments.
    /// </summary>
    public static GlobPattern? Parse(string line)
    {
        var text = TrimUnescapedTrailingSpaces(line.TrimEnd('\r'));
        if (text.Length == 0 || text[0] == '#')
        {
            return null;
        }

        var negated = false;
        if (text[0] == '!')
        {
            negated = true;
            text = text[1..];
        }
        else if (text.StartsWith("\\!", StringComparison.Ordinal) || text.StartsWith("\\#", StringComparison.Ordinal))
        {
            text = text[1..];
        }

        var directoryOnly = text.EndsWith('/');
        if (directoryOnly)
        {
            text = text.TrimEnd('/');
        }

        if (text.Length == 0)
        {
            return null;
        }

        // A slash at the start or in the middle anchors the pattern to its base directory.
        var anchored = text.Contains('/');
        if (text.StartsWith('/'))
        {
            text = text[1..];
        }

        var pattern = new GlobPattern(line.Trim(), negated, directoryOnly, ToRegex(text, anchored), LongestLiteral(text));
        if (text.Contains('['))
        {
            _ = pattern.Regex; // a bracket expression can be invalid (a reversed range): fail here, as before, not mid-walk
        }

        return pattern;
    }

    private Regex Regex => _regex ?? Interlocked.CompareExchange(
        ref _regex, new Regex(_regexText, RegexOptions.CultureInvariant | RegexOptions.Singleline), null) ?? _regex;

    /// <summary>
    /// Whether <paramref name="relativePath"/> (relative to the pattern's base directory, <c>/</c>-separated)
    /// matches. Negation is not applied here; callers decide what a match means.
    /// </summary>
    public bool Matches(string relativePath, bool isDirectory) =>
        (!IsDirectoryOnly || isDirectory)
        && relativePath.Contains(_requiredText, StringComparison.Ordinal)
        && Regex.IsMatch(relativePath);

    /// <summary>The verdict of the regex alone, without the literal-text shortcut (tests compare the two).</summary>
    internal bool MatchesByRegexAlone(string relativePath, bool isDirectory) =>
        (!IsDirectoryOnly || isDirectory) && Regex.IsMatch(relativePath);

    /// <summary>
    /// The longest run of characters that <see cref="ToRegex"/> turns into literal text (plain and escaped characters
    /// between wildcards, bracket expressions and <c>**</c> segments), which every match therefore contains.
    /// </summary>
    internal static string LongestLiteral(string glob)
    {
        var longest = "";
        var run = new StringBuilder();
        void EndRun()
        {
            if (run.Length > longest.Length)
            {
                longest = run.ToString();
            }

            run.Clear();
        }

        var i = 0;
        while (i < glob.Length)
        {
            var c = glob[i];
            if (IsDoubleStarSegment(glob, i))
            {
                EndRun(); // "**" or "**/": any number of directories, the slash included
                i += 3;
                continue;
            }

            switch (c)
            {
                case '*' or '?':
                    EndRun();
                    i++;
                    break;
                case '[':
                    var end = AppendCharClass(glob, i, new StringBuilder());
                    if (end == i)
                    {
                        run.Append('['); // no closing bracket: a literal bracket
                    }
                    else
                    {
                        EndRun();
                    }

                    i = end + 1;
                    break;
                case '\\' when i + 1 < glob.Length:
                    run.Append(glob[i + 1]);
                    i += 2;
                    break;
                default:
                    run.Append(c);
                    i++;
                    break;
            }
        }

        EndRun();
        return longest;
    }

    /// <summary>Whether <c>**</c> starts at <paramref name="i"/> as a whole path segment (any number of directories).</summary>
    private static bool IsDoubleStarSegment(string glob, int i) =>
        glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*'
        && (i == 0 || glob[i - 1] == '/')
        && (i + 2 == glob.Length || glob[i + 2] == '/');

    private static string ToRegex(string glob, bool anchored)
    {
        var sb = new StringBuilder("^");
        if (!anchored)
        {
            sb.Append("(?:.*/)?");
        }

        var i = 0;
        while (i < glob.Length)
        {
            var c = glob[i];
            if (IsDoubleStarSegment(glob, i))
            {
                // "**" as a whole segment: any number of directories.
                if (i + 2 == glob.Length)
                {
                    sb.Append(".*");
                    i += 2;
                }
                else
                {
                    sb.Append("(?:.*/)?");
                    i += 3;
                }

                continue;
            }

            i = AppendWithinSegment(glob, i, sb) + 1;
        }

        // A match on a directory also covers everything inside it.
        sb.Append("(?:/.*)?$");
        return sb.ToString();
    }

    /// <summary>
    /// Appends the regex of the glob character at <paramref name="i"/> other than <c>**</c> (whose meaning differs
    /// between gitignore and .dockerignore): <c>*</c> and <c>?</c> never cross a <c>/</c>, a bracket expression, an
    /// escaped or a literal character. Returns the index of the last character consumed.
    /// </summary>
    internal static int AppendWithinSegment(string glob, int i, StringBuilder sb)
    {
        switch (glob[i])
        {
            case '*':
                sb.Append("[^/]*");
                return i;
            case '?':
                sb.Append("[^/]");
                return i;
            case '[':
                return AppendCharClass(glob, i, sb);
            case '\\' when i + 1 < glob.Length:
                sb.Append(Regex.Escape(glob[i + 1].ToString()));
                return i + 1;
            default:
                sb.Append(Regex.Escape(glob[i].ToString()));
                return i;
        }
    }

    /// <summary>
    /// Appends a bracket expression as a regex class (a <c>]</c> right after the opening bracket is
    /// literal; a negated class never matches <c>/</c>); returns the index of its closing bracket, or
    /// <paramref name="start"/> when there is none (the bracket is then literal). Shared with the
    /// .dockerignore matcher, whose other rules differ.
    /// </summary>
    internal static int AppendCharClass(string glob, int start, StringBuilder sb)
    {
        var close = glob.IndexOf(']', start + 2 <= glob.Length ? start + 2 : start + 1);
        if (close < 0)
        {
            sb.Append("\\[");
            return start;
        }

        var body = glob[(start + 1)..close];
        sb.Append('[');
        if (body.StartsWith('!') || body.StartsWith('^'))
        {
            sb.Append("^/"); // a negated class still never matches a separator
            body = body[1..];
        }

        foreach (var ch in body)
        {
            sb.Append(ch is '\\' or ']' or '[' or '^' ? "\\" + ch : ch.ToString());
        }

        sb.Append(']');
        return close;
    }

    private static string TrimUnescapedTrailingSpaces(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
        {
            end--;
        }

        var trimmed = line[..end];
        return trimmed.EndsWith("\\ ", StringComparison.Ordinal) ? trimmed[..^2] + " " : trimmed;
    }
}
