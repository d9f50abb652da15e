namespace InfraDedup.Core.Scripts;

/// <summary>
/// Commands that run the rest of their words as another command (<c>sudo docker …</c>, <c>env A=1 make</c>,
/// <c>timeout 30 curl …</c>): the reference index and the script classifier both look past them to the command that
/// does the work.
/// </summary>
public static class CommandWrappers
{
    /// <summary>Each wrapper with the options of it that take a value (the value is skipped with the option).</summary>
    private static readonly Dictionary<string, string[]> OptionsWithValue = new(StringComparer.Ordinal)
    {
        ["sudo"] = ["-u", "-g", "-C", "-h", "-p", "-D", "--user", "--group"],
        ["doas"] = ["-u", "-C"],
        ["env"] = ["-u", "-C", "-S", "--unset", "--chdir"],
        ["nice"] = ["-n"],
        ["ionice"] = ["-c", "-n", "-p"],
        ["exec"] = ["-a"],
        ["nohup"] = [],
        ["time"] = ["-f", "-o"],
        ["command"] = [],
        ["builtin"] = [],
    };

    /// <summary>
    /// The index of the first word at or after <paramref name="start"/> that is not a wrapper, a wrapper's option, an
    /// <c>env</c> assignment or a <c>timeout</c> duration; <paramref name="passThrough"/> names the script's own
    /// functions that run their arguments (<c>run() { "$@"; }</c>). Unknown (null) words stop the walk.
    /// </summary>
    public static int Skip(IReadOnlyList<string?> words, int start = 0, IReadOnlySet<string>? passThrough = null)
    {
        ArgumentNullException.ThrowIfNull(words);
        var i = start;
        while (i < words.Count && words[i] is { } word)
        {
            var name = NameOf(word);
            if (passThrough?.Contains(word) == true)
            {
                i++;
            }
            else if (OptionsWithValue.TryGetValue(name, out var withValue))
            {
                i = SkipOptions(words, i + 1, withValue, assignments: name == "env");
            }
            else if (name == "timeout")
            {
                i = SkipOptions(words, i + 1, ["-s", "-k", "--signal", "--kill-after"], assignments: false) + 1; // then the duration
            }
            else
            {
                break;
            }
        }

        return Math.Min(i, words.Count);
    }

    private static int SkipOptions(IReadOnlyList<string?> words, int i, string[] withValue, bool assignments)
    {
        while (i < words.Count && words[i] is { } option && (option.StartsWith('-') || (assignments && option.Contains('=', StringComparison.Ordinal))))
        {
            i += withValue.Contains(option) ? 2 : 1;
        }

        return i;
    }

    private static string NameOf(string word)
    {
        var slash = word.LastIndexOf('/');
        return slash >= 0 ? word[(slash + 1)..] : word;
    }
}
