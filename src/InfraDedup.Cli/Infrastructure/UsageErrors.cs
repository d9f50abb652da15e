using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// Turns the parser's messages into the wording every command uses: the option as the user typed it (with its
/// dashes), what is accepted, and for a mistyped option the one that was probably meant — never a .NET type name.
/// </summary>
internal static partial class UsageErrors
{
    /// <summary>The one-line message (without "error: ") for a command-line error.</summary>
    public static string Describe(CommandAppException exception, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (UnknownOption().Match(exception.Message) is { Success: true } unknown)
        {
            return DescribeUnknownOption(unknown.Groups["name"].Value, args);
        }

        if (FailedConversion().Match(exception.Message) is { Success: true } conversion)
        {
            var value = conversion.Groups["value"].Value;
            var option = OptionGiven(value, args);
            var accepted = exception.InnerException is OptionValueException refused
                ? refused.Message
                : $"'{value}' is not {Expected(conversion.Groups["type"].Value)}.";
            return option is null ? accepted : $"{option}: {accepted}";
        }

        var message = exception.Message;
        return message.Length > 0 && char.IsUpper(message[0]) && !message.StartsWith('\'') ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }

    private static string DescribeUnknownOption(string name, IReadOnlyList<string> args)
    {
        // The parser drops the dashes; the user typed one or two.
        var typed = args.FirstOrDefault(a => a == "--" + name || a.StartsWith("--" + name + "=", StringComparison.Ordinal))
            is not null ? "--" + name : name.Length == 1 ? "-" + name : "--" + name;
        var known = OptionsOf(args);
        var suggestion = Closest(typed, known);
        return suggestion is null
            ? $"unknown option '{typed}'."
            : $"unknown option '{typed}'; did you mean '{suggestion}'?";
    }

    /// <summary>The option a refused value was given to (<c>--format yaml</c> or <c>--format=yaml</c>).</summary>
    private static string? OptionGiven(string value, IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith('-') && args[i].EndsWith("=" + value, StringComparison.Ordinal))
            {
                return args[i][..args[i].IndexOf('=', StringComparison.Ordinal)];
            }

            if (i > 0 && args[i] == value && args[i - 1].StartsWith('-'))
            {
                return args[i - 1];
            }
        }

        return null;
    }

    private static string Expected(string type) => type switch
    {
        "Double" or "Single" or "Decimal" => "a number",
        "Int32" or "Int64" or "Int16" or "UInt32" or "UInt64" => "a whole number",
        "Boolean" => "true or false",
        "TimeSpan" => "a duration such as 30s, 5m or 1h",
        _ => "a valid value",
    };

    /// <summary>The closest known option within a small edit distance, if any.</summary>
    internal static string? Closest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = EditDistance(typed, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return bestDistance <= Math.Max(2, typed.Length / 4) ? best : null;
    }

    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>
    /// The visible options (with dashes) of the command the arguments name: its command class is found by the naming
    /// convention (<c>archive list</c> → <c>ArchiveListCommand</c>), its settings from its base class.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The CLI assembly is a trimmer root (see the csproj); every command and settings type is kept.")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "The CLI assembly is a trimmer root (see the csproj); every command and settings type is kept.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The CLI assembly is a trimmer root (see the csproj); every command and settings type is kept.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The CLI assembly is a trimmer root (see the csproj); every command and settings type is kept.")]
    internal static IReadOnlyList<string> OptionsOf(IReadOnlyList<string> args)
    {
        var (_, command) = CommandNamed(args);
        var settings = SettingsOf(command);
        var options = new List<string> { "--help" };
        if (settings is null)
        {
            return options;
        }

        foreach (var property in settings.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is { IsHidden: false } option)
            {
                options.AddRange(option.LongNames.Select(n => "--" + n));
                options.AddRange(option.ShortNames.Select(n => "-" + n));
            }
        }

        return options;
    }

    /// <summary>The command the arguments name ("archive list", "scan") and its class, or ("", null).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The CLI assembly is a trimmer root (see the csproj); every command type is kept.")]
    internal static (string Name, Type? Command) CommandNamed(IReadOnlyList<string> args)
    {
        var assembly = typeof(UsageErrors).Assembly;
        foreach (var words in new[] { 2, 1 })
        {
            if (args.Count >= words && args.Take(words).All(w => !w.StartsWith('-')))
            {
                var command = assembly.GetType("InfraDedup.Cli.Commands." + string.Concat(args.Take(words).Select(Pascal)) + "Command");
                if (command is not null)
                {
                    return (string.Join(' ', args.Take(words)), command);
                }
            }
        }

        return ("", null);
    }

    private static Type? SettingsOf(Type? command)
    {
        for (var type = command; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings))
            {
                return settings;
            }
        }

        return null;
    }

    private static string Pascal(string word) =>
        string.Concat(word.Split('-').Where(p => p.Length > 0).Select(p => char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));

    [GeneratedRegex(@"^Unknown option '(?<name>[^']+)'\.?$")]
    private static partial Regex UnknownOption();

    [GeneratedRegex(@"^Failed to convert '(?<value>.*)' to (?<type>\w+)\.")]
    private static partial Regex FailedConversion();
}
