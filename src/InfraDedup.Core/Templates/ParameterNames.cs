using System.Text;
using System.Text.RegularExpressions;

namespace InfraDedup.Core.Templates;

/// <summary>
/// Names parameters from their context (ENV/ARG/LABEL keys, EXPOSE, FROM tags, flags, value shapes) and keeps them
/// unique, valid Scriban identifiers that no keyword or built-in shadows.
/// </summary>
internal static partial class ParameterNames
{
    internal static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG",
        "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    };

    // Scriban keywords, loop words and built-in objects: a parameter with one of these names would not be read back.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "if", "else", "end", "for", "in", "while", "break", "continue", "func", "ret", "capture", "readonly", "import", "with", "wrap",
        "include", "case", "when", "tablerow", "do", "this", "empty", "null", "true", "false", "array", "date", "html", "math", "object",
        "regex", "string", "timespan", "blank", "by", "offset", "limit", "reversed", "item", "and", "or", "not", "raw", "script",
    };

    /// <summary>Stands for an earlier hole in the left context of a hole.</summary>
    public const char HoleMark = '\u0001';

    /// <summary>A lower-case identifier from free text (<c>AGENT_ID</c> → <c>agent_id</c>).</summary>
    public static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
        }

        var name = sb.ToString().Trim('_');
        if (name.Length == 0)
        {
            return "value";
        }

        if (char.IsDigit(name[0]))
        {
            name = "v" + name;
        }

        if (name.Length > 40)
        {
            name = name[..40].TrimEnd('_');
        }

        return Reserved.Contains(name) ? name + "_value" : name;
    }

    /// <summary>A name for a hole in a line, with a rank (lower is better) so repeated holes take their best context.</summary>
    public static (string Name, int Rank) ForHole(string? keyword, string left, IReadOnlyCollection<string> values)
    {
        var assign = AssignmentKey().Match(left);
        if (assign.Success)
        {
            var key = assign.Groups["key"].Value;
            return (Sanitize(assign.Groups["eq"].Value == "==" ? key + "_version" : key), 1);
        }

        if (values.Count > 0 && values.All(v => v.All(c => c is ' ' or '\t')) && values.Any(v => v.Length > 0))
        {
            // Indentation that differs between variants (two spaces here, a tab there).
            return (IndentName(values), 3);
        }

        if (keyword is "ENV" or "LABEL" or "ARG")
        {
            var spaced = SpacedKey().Match(left);
            if (spaced.Success)
            {
                return (Sanitize(spaced.Groups["key"].Value), 1);
            }
        }

        if (keyword == "EXPOSE")
        {
            return (values.Any(v => v.Contains(' ', StringComparison.Ordinal)) ? "ports" : "port", 2);
        }

        if (values.Count > 0 && values.All(v => PortNumber().IsMatch(v)) && HostBeforePort().IsMatch(left))
        {
            return ("port", 2);
        }

        if (InstallContext().Match(left) is { Success: true } install)
        {
            // apt-get install -y curl {{ apt_packages }}; pip install {{ pip_packages }}=={{ pip_packages_version }}
            var manager = install.Groups["manager"].Value.Replace("-get", string.Empty, StringComparison.Ordinal).TrimEnd('3');
            manager = manager == "install_packages" ? "os" : manager;
            var what = left.EndsWith("==", StringComparison.Ordinal) || left.EndsWith('@') ? "_package_version"
                : values.Any(v => v.Trim().Contains(' ', StringComparison.Ordinal)) || values.Any(v => v.EndsWith(' ')) ? "_packages" : "_package";
            return (Sanitize(manager + what), 2);
        }

        if (keyword == "FROM")
        {
            var from = FromContext().Match(left);
            if (from.Success)
            {
                if (from.Groups["as"].Success)
                {
                    return ("stage_name", 2);
                }

                var image = from.Groups["image"].Value;
                var sep = from.Groups["sep"].Value;
                if (image.Length == 0)
                {
                    return ("base_image", 2);
                }

                if (image.Contains(HoleMark, StringComparison.Ordinal))
                {
                    return ("base_tag", 2);
                }

                var last = image[(image.LastIndexOf('/') + 1)..];
                return (Sanitize(last + (sep == "@" ? "_digest" : "_version")), 2);
            }

            return ("base_tag", 3);
        }

        var flag = FlagContext().Match(left);
        if (flag.Success)
        {
            return (Sanitize(flag.Groups["flag"].Value), 3);
        }

        if (values.All(v => !v.Any(char.IsWhiteSpace)) && OptionDash().Match(left) is { Success: true } dash)
        {
            // --{{ enable_option }} (enable-fpm, enable-zts); set -{{ set_options }} (eu, ex).
            var common = CommonLeadingWord(values);
            var command = dash.Groups["command"].Value;
            return (common is not null ? Sanitize(common + "_option") : command.Length > 2 && !Keywords.Contains(command) ? Sanitize(command + "_options") : "option", 3);
        }

        if (values.Count > 0 && values.All(v => HexDigest().IsMatch(v)))
        {
            var length = values.First().Length;
            return (length switch { 40 => "sha1", 128 => "sha512", _ => "sha256" }, 4);
        }

        if (values.Count > 0 && values.All(v => VersionLike().IsMatch(v)))
        {
            var word = PrecedingWord().Match(left);
            return (word.Success ? Sanitize(word.Groups["word"].Value + "_version") : "version", 4);
        }

        // Otherwise: the nearest word before the hole and the shape of the values (postgresql_path, out_name), never the
        // instruction word (run_curl said nothing of what it held).
        var shape = Shape(values);
        if (left.All(c => c is ' ' or '\t' or HoleMark))
        {
            // A hole that starts a line: `&& ` or nothing joins commands; `| awk …` in every member is awk's arguments.
            if (values.All(v => v.All(c => c is '&' or '|' or ';' or ' ' or '\t')))
            {
                return ("command_separator", 5);
            }

            if (CommonLeadingWord([.. values.Select(v => v.TrimStart(' ', '\t', '&', '|', ';'))]) is { } command)
            {
                return (Sanitize(command + "_args"), 5);
            }
        }

        var nearest = CommentWords().Matches(left).Select(m => m.Value).Reverse()
            .FirstOrDefault(w => w.Length > 2 && !Keywords.Contains(w) && !StopWords.Contains(w));
        if (nearest is not null)
        {
            return (Sanitize(nearest + "_" + shape), 5);
        }

        // A short command right before the hole (ln, cp, mv): its arguments.
        var shortCommand = CommentWords().Matches(left).Select(m => m.Value).LastOrDefault(w => !Keywords.Contains(w) && !StopWords.Contains(w));
        if (shortCommand is not null && keyword is "RUN" or null)
        {
            return (Sanitize(shortCommand + "_" + shape), 5);
        }

        return (keyword switch
        {
            // After the executable (a hole or a comma before it) the hole holds its arguments.
            "CMD" => left.Contains(HoleMark, StringComparison.Ordinal) || left.Contains(',', StringComparison.Ordinal) ? "command_args" : "command",
            "ENTRYPOINT" => left.Contains(HoleMark, StringComparison.Ordinal) || left.Contains(',', StringComparison.Ordinal) ? "entrypoint_args" : "entry_command",
            "RUN" => "command_" + shape,
            "COPY" or "ADD" => "copied_" + shape,
            null => "comment_" + shape,
            "USER" => "container_user",
            _ => "setting_" + shape,
        }, 6);
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase) { "the", "a", "an", "for", "of", "to", "in", "and", "or", "with", "from", "by", "on", "at", "is", "as", "yes", "no", "if", "then", "set" };

    /// <summary>What the values look like: number, version, url, path, name (one token) or args (several words).</summary>
    internal static string Shape(IReadOnlyCollection<string> values)
    {
        var given = values.Where(v => v.Length > 0).ToList();
        return given.Count == 0 ? "text"
            : given.All(v => v.All(char.IsAsciiDigit)) ? "number"
            : given.All(v => VersionLike().IsMatch(v)) ? "version"
            : given.All(v => v.Contains("://", StringComparison.Ordinal)) ? "url"
            : given.All(v => v.Contains('/', StringComparison.Ordinal) && !v.Contains(' ', StringComparison.Ordinal)) ? "path"
            : given.All(v => !v.Contains(' ', StringComparison.Ordinal)) ? "name"
            : "args";
    }

    /// <summary>
    /// The name of an indentation hole from the widths it takes (<c>indent_4_or_2_spaces</c>): what differs between the
    /// variants is exactly that, so the name says it.
    /// </summary>
    internal static string IndentName(IReadOnlyCollection<string> values)
    {
        static string Describe(string v) => v.Length == 0 ? "0"
            : v.All(c => c == ' ') ? v.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_spaces"
            : v.All(c => c == '\t') ? v.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + (v.Length == 1 ? "_tab" : "_tabs")
            : "mixed";
        var described = values.Distinct(StringComparer.Ordinal).Select(Describe).Distinct(StringComparer.Ordinal).ToList();

        // 4_spaces_or_2_spaces reads better as 4_or_2_spaces.
        var unit = described.Where(d => d.Contains('_', StringComparison.Ordinal)).Select(d => d[(d.IndexOf('_', StringComparison.Ordinal) + 1)..].TrimEnd('s')).Distinct(StringComparer.Ordinal).ToList();
        var text = unit.Count == 1 && described.All(d => d == "0" || d.EndsWith(unit[0], StringComparison.Ordinal) || d.EndsWith(unit[0] + "s", StringComparison.Ordinal))
            ? string.Join("_or_", described.Select(d => d.Split('_')[0])) + "_" + unit[0] + "s"
            : string.Join("_or_", described);
        return Sanitize("indent_" + text);
    }

    /// <summary>
    /// A word in every one of <paramref name="values"/> and in none of <paramref name="others"/>: what tells a parameter
    /// apart from the one that took its name.
    /// </summary>
    internal static string? DistinguishingWord(IReadOnlyCollection<string> values, IReadOnlyCollection<string> others)
    {
        var excluded = others.SelectMany(v => CommentWords().Matches(v).Select(m => m.Value.ToLowerInvariant())).ToHashSet(StringComparer.Ordinal);
        HashSet<string>? common = null;
        foreach (var value in values)
        {
            var words = CommentWords().Matches(value).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length > 2 && !excluded.Contains(w) && !Keywords.Contains(w) && !StopWords.Contains(w)).ToList();
            common = common is null ? [.. words] : [.. common.Where(words.Contains)];
        }

        return common?.FirstOrDefault();
    }

    /// <summary>The first word every value starts with (<c>enable</c> for enable-fpm and enable-zts), if any.</summary>
    internal static string? CommonLeadingWord(IReadOnlyCollection<string> values)
    {
        var firsts = values.Select(v => CommentWords().Match(v)).Select(m => m.Success && m.Index == 0 ? m.Value.ToLowerInvariant() : null).Distinct(StringComparer.Ordinal).ToList();
        return firsts.Count == 1 && firsts[0] is { Length: > 2 } word && !Keywords.Contains(word) && !StopWords.Contains(word) ? word : null;
    }

    /// <summary>A loop's list name from the line before it: <c>apk_packages</c> after <c>apk add</c>, else <c>&lt;word&gt;_list</c>.</summary>
    public static string ForLoop(string lineBefore)
    {
        if (InstallContext().Match(lineBefore.TrimEnd('\\', ' ', '\t')) is { Success: true } install)
        {
            var manager = install.Groups["manager"].Value.Replace("-get", string.Empty, StringComparison.Ordinal).TrimEnd('3');
            return Sanitize((manager == "install_packages" ? "os" : manager) + "_packages");
        }

        var word = CommentWords().Matches(lineBefore).Select(m => m.Value).LastOrDefault(w => !Keywords.Contains(w) && !StopWords.Contains(w));
        return Sanitize((word ?? "build") + "_list");
    }

    /// <summary>Further names for a loop when <see cref="ForLoop"/> is taken: the other words of the line before, last first.</summary>
    public static IEnumerable<string> LoopAlternatives(string lineBefore) =>
        CommentWords().Matches(lineBefore).Select(m => m.Value).Where(w => w.Length > 2 && !Keywords.Contains(w) && !StopWords.Contains(w))
            .Reverse().Select(w => Sanitize(w + "_list")).Distinct(StringComparer.Ordinal);

    /// <summary>A name for a boolean that switches a run of lines on, from its first line.</summary>
    public static string ForCondition(string? keyword, string firstLine) => ForConditionCandidates(keyword, firstLine)[0];

    /// <summary>
    /// Names for a boolean that switches a run of lines on, best first: <see cref="ForCondition"/>'s, then the same
    /// qualified by the line's further words (<c>with_component_unpack_gosu</c>, <c>with_expose_8300</c>), so two runs
    /// starting alike still get names that say what they hold.
    /// </summary>
    public static List<string> ForConditionCandidates(string? keyword, string firstLine)
    {
        var first = FirstConditionName(keyword, firstLine);
        var result = new List<string> { first };

        // Qualifying words come after what the name already says (the arguments after component_unpack).
        var said = first["with_".Length..].Split('_')[^1];
        var at = firstLine.IndexOf(said, StringComparison.OrdinalIgnoreCase);
        var tail = at >= 0 ? firstLine[(at + said.Length)..] : firstLine;
        var words = QualifierWords().Matches(tail).Select(m => m.Value.ToLowerInvariant())
            .Where(w => w.Length > 1 && !Keywords.Contains(w) && !StopWords.Contains(w) && !first.Contains(w, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(4).ToList();
        var name = first;
        foreach (var word in words)
        {
            name = Sanitize(name + "_" + word);
            result.Add(name);
        }

        return [.. result.Where(n => n.Length > "with_".Length && !n.EndsWith("_value", StringComparison.Ordinal)).DefaultIfEmpty("with_line").Distinct(StringComparer.Ordinal)];
    }

    private static string FirstConditionName(string? keyword, string firstLine)
    {
        var trimmed = firstLine.Trim();
        if (trimmed.StartsWith('#'))
        {
            var words = CommentWords().Matches(trimmed).Select(m => m.Value).Take(2).ToList();
            return Sanitize("with_" + (words.Count > 0 ? string.Join("_", words) : "comment"));
        }

        var parts = trimmed.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return "with_blank_line";
        }

        var head = parts[0];
        if (ContinuedAssignment().Match(trimmed) is { Success: true } assignment)
        {
            // A continuation line of ENV/LABEL: PATH="…" \ is the run that sets PATH.
            return Sanitize("with_" + assignment.Groups["key"].Value);
        }

        if (!Keywords.Contains(head))
        {
            var words = parts.Select(p => p.Trim('&', '|', ';', '-', '\\', '(', ')', '"', '\'', '$', '{', '}')).Where(p => p.Length > 0 && p is not "set" and not "if" and not "then" and not "do" and not "fi").Take(2).ToList();
            return Sanitize("with_" + (words.Count > 0 ? string.Join("_", words) : "line"));
        }

        var upper = head.ToUpperInvariant();
        var rest = parts.Skip(1).Where(p => !p.StartsWith('-')).ToList();
        switch (upper)
        {
            case "ENV" or "ARG" or "LABEL" when rest.Count > 0:
                return Sanitize("with_" + rest[0].Split('=')[0]);
            case "RUN" when rest.Count > 0:
                // The command the line runs: past `set`, a sourced script (`. /opt/lib.sh &&`) and punctuation.
                var words = rest.Select(p => p.Trim('"', '[', ']', ',', '\\', ';', '&', '|', '(', ')')).ToList();
                for (var i = 0; i < words.Count; i++)
                {
                    if (words[i] is "." or "source")
                    {
                        words[i] = string.Empty;
                        if (i + 1 < words.Count)
                        {
                            words[i + 1] = string.Empty;
                        }
                    }
                }

                var command = words.FirstOrDefault(p => p is not "set" && CommentWords().IsMatch(p));
                return command is null ? "with_" + (rest.Contains("set", StringComparer.Ordinal) ? "shell_options" : "run_line") : Sanitize("with_" + command);
            case "COPY" or "ADD" when rest.Count > 1:
                var source = rest[0].TrimEnd('/');
                return Sanitize("with_" + upper.ToLowerInvariant() + "_" + source[(source.LastIndexOf('/') + 1)..]);
            default:
                return Sanitize("with_" + upper.ToLowerInvariant());
        }
    }

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_.\-]*)(?<eq>==?)[""']?[^\s=""']*$")]
    private static partial Regex AssignmentKey();

    [GeneratedRegex(@"^\s*(?:ENV|LABEL|ARG)\s+(?<key>[A-Za-z_][A-Za-z0-9_.\-]*)\s+[""']?$", RegexOptions.IgnoreCase)]
    private static partial Regex SpacedKey();

    [GeneratedRegex(@"^\s*FROM\s+(?:--\S+\s+)*(?:(?<image>[^\s:@]*)(?<sep>[:@])?[^\s]*|\S+\s+(?<as>AS)\s+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FromContext();

    [GeneratedRegex(@"^[1-9][0-9]{1,4}$")]
    private static partial Regex PortNumber();

    [GeneratedRegex(@"(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::\]|host|HOST):$")]
    private static partial Regex HostBeforePort();

    // A hole inside the package list of an install command (no command separator since the install word).
    [GeneratedRegex(@"(?:\b(?<manager>apt-get|apt|apk|yum|dnf|microdnf|pip3?|npm|gem)\s+(?:[^&;|\s]+\s+)*?(?:install|add)\b|\b(?<manager>install_packages)\b)[^&;|]*$")]
    private static partial Regex InstallContext();

    [GeneratedRegex(@"(?:^|[\s\u0001])(?:(?<command>[A-Za-z][A-Za-z0-9_\-]*)\s+)?--?$")]
    private static partial Regex OptionDash();

    [GeneratedRegex(@"[A-Za-z0-9]{2,}")]
    private static partial Regex QualifierWords();

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex ContinuedAssignment();

    [GeneratedRegex(@"--(?<flag>[A-Za-z][A-Za-z0-9\-]*)[= ]$")]
    private static partial Regex FlagContext();

    [GeneratedRegex(@"^[0-9a-f]{40}$|^[0-9a-f]{64}$|^[0-9a-f]{128}$")]
    private static partial Regex HexDigest();

    [GeneratedRegex(@"^v?\d+(\.\d+)*([\-+.~][A-Za-z0-9]+)*$")]
    private static partial Regex VersionLike();

    [GeneratedRegex(@"(?<word>[A-Za-z][A-Za-z0-9_]{2,})(?:[:\-@/=]|[""']?\s+[""']?)?v?$")]
    private static partial Regex PrecedingWord();

    [GeneratedRegex(@"(?<word>[A-Za-z][A-Za-z0-9_]{2,})[^A-Za-z0-9_]*$")]
    private static partial Regex LastWord();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9]+")]
    private static partial Regex CommentWords();
}

/// <summary>Hands out unique names in order of request.</summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public NameAllocator(IEnumerable<string>? reserved = null)
    {
        foreach (var r in reserved ?? [])
        {
            _taken.Add(r);
        }
    }

    /// <summary>The first free candidate; when all are taken, the first with a counter.</summary>
    public string Take(IReadOnlyList<string> candidates)
    {
        foreach (var candidate in candidates.Skip(1))
        {
            if (!_taken.Contains(candidates[0]) || _taken.Contains(candidate))
            {
                continue;
            }

            _taken.Add(candidate);
            return candidate;
        }

        return Take(candidates[0]);
    }

    public string Take(string wanted)
    {
        var name = wanted;
        for (var i = 2; !_taken.Add(name); i++)
        {
            name = wanted + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }
}
