using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint;

/// <summary>Small questions rules ask about a simple command: its name, options, positional arguments.</summary>
public static class ShellCommandFacts
{
    /// <summary>The last path segment (<c>/usr/bin/apt-get</c> → <c>apt-get</c>).</summary>
    public static string Basename(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slash = name.LastIndexOf('/');
        return slash < 0 ? name : name[(slash + 1)..];
    }

    /// <summary>True when the command word (by basename) is one of <paramref name="names"/>.</summary>
    public static bool Is(this ShellCommand command, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(names);
        var n = command.CommandName;
        if (n is null)
        {
            return false;
        }

        var b = Basename(n);
        return Array.IndexOf(names, b) >= 0;
    }

    /// <summary>The arguments after the command word, as written when not static.</summary>
    public static IReadOnlyList<string> Args(this ShellCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return [.. command.Words.Skip(1).Select(w => w.Value ?? w.Text)];
    }

    /// <summary>
    /// True when any option matches: a short letter (<c>-y</c>, also inside bundles such as <c>-qy</c>) or a long
    /// name (<c>--yes</c>, <c>--yes=…</c>). Options after <c>--</c> do not count.
    /// </summary>
    public static bool HasOption(this ShellCommand command, string shortLetters, params string[] longNames)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(shortLetters);
        ArgumentNullException.ThrowIfNull(longNames);
        foreach (var a in command.Args())
        {
            if (a == "--")
            {
                break;
            }

            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var name = a[2..];
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    name = name[..eq];
                }

                if (Array.IndexOf(longNames, name) >= 0)
                {
                    return true;
                }
            }
            else if (a.Length > 1 && a[0] == '-' && shortLetters.Length > 0)
            {
                foreach (var c in a.AsSpan(1))
                {
                    if (shortLetters.Contains(c, StringComparison.Ordinal))
                    {
                        return true;
                    }

                    if (!char.IsAsciiLetterOrDigit(c))
                    {
                        break;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>How often the option occurs (bundled short letters counted, <c>-qq</c> is two).</summary>
    public static int CountOption(this ShellCommand command, char shortLetter, params string[] longNames)
    {
        ArgumentNullException.ThrowIfNull(command);
        var count = 0;
        foreach (var a in command.Args())
        {
            if (a == "--")
            {
                break;
            }

            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (Array.IndexOf(longNames, a[2..].Split('=')[0]) >= 0)
                {
                    count++;
                }
            }
            else if (a.Length > 1 && a[0] == '-')
            {
                count += a.AsSpan(1).Count(shortLetter);
            }
        }

        return count;
    }

    /// <summary>
    /// The non-option arguments, in order. <paramref name="optionsWithValue"/> names the options that take the next
    /// word as their value (<c>-o</c>, <c>--index-url</c>); that word is skipped too.
    /// </summary>
    public static IReadOnlyList<string> Positionals(this ShellCommand command, IReadOnlySet<string>? optionsWithValue = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var list = new List<string>();
        var args = command.Args();
        var rest = false;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (rest)
            {
                list.Add(a);
                continue;
            }

            if (a == "--")
            {
                rest = true;
                continue;
            }

            if (a.Length > 1 && a[0] == '-')
            {
                if (optionsWithValue is not null && !a.Contains('=', StringComparison.Ordinal) && optionsWithValue.Contains(a))
                {
                    i++;
                }

                continue;
            }

            list.Add(a);
        }

        return list;
    }

    /// <summary>The first positional argument (a sub-command such as <c>install</c>), or null.</summary>
    public static string? Subcommand(this ShellCommand command, IReadOnlySet<string>? optionsWithValue = null) =>
        command.Positionals(optionsWithValue) is [var first, ..] ? first : null;

    /// <summary>The positionals after the sub-command (the packages of <c>apt-get install a b</c>).</summary>
    public static IReadOnlyList<string> Operands(this ShellCommand command, IReadOnlySet<string>? optionsWithValue = null) =>
        [.. command.Positionals(optionsWithValue).Skip(1)];

    /// <summary>True when the word is not statically known (contains <c>$VAR</c>, <c>$(...)</c>, …).</summary>
    public static bool IsDynamic(string word) => word.Contains('$', StringComparison.Ordinal) || word.Contains('`', StringComparison.Ordinal);
}
