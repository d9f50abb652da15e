using Spectre.Console.Cli;

namespace InfraDedup.Cli.Commands;

/// <summary>
/// Reads the plain shapes of a <c>scan</c> command line without Spectre.Console.Cli. Spectre builds its command model by
/// reflecting over the settings' attributes, which in the native binary is about a quarter of the CPU of a small
/// <c>scan --exact-only</c>; a scan is the command people and scripts run most. Only spellings whose meaning is
/// unambiguous are read here: one path, the scan options each at most once, option values as separate words. Anything
/// else (help, <c>--format=json</c>, bundled short flags, <c>-v</c>, repeats, values starting with '-', <c>true</c> or
/// <c>false</c> after a flag, <c>--</c>, settings that fail validation) returns null and goes to Spectre, which then
/// parses, reports errors and shows help as before. Tests check every reading against Spectre's own.
/// </summary>
internal static class ScanCommandLine
{
    public const string Command = "scan";

    /// <summary>The settings Spectre would bind for <paramref name="args"/>, or null to let Spectre parse them.</summary>
    public static ScanSettings? TryRead(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != Command)
        {
            return null;
        }

        var draft = new Draft();
        for (var i = 1; i < args.Count; i++)
        {
            var word = args[i];
            var accepted = IsValueOption(word)
                ? i + 1 < args.Count && IsPlainValue(args[i + 1]) && draft.TrySetValue(word, args[++i])
                : IsPlainValue(word) ? draft.TrySetPath(word) : draft.TrySetFlag(word);
            if (!accepted)
            {
                return null;
            }
        }

        var settings = draft.ToSettings();
        return settings.Validate().Successful ? settings : null;
    }

    /// <summary>The context Spectre would hand the command: the arguments, none left over.</summary>
    public static CommandContext ContextFor(IReadOnlyList<string> args) => new(args, NoRemainingArguments.Instance, Command, null);

    private static bool IsValueOption(string word) => word is "-o" or "--output" or "--format" or "--include" or "--exclude";

    /// <summary>
    /// A word Spectre takes verbatim as a value or argument: not empty, and not starting with '-' (which it reads as an
    /// option, or as a negative number).
    /// </summary>
    private static bool IsPlainValue(string word) => word.Length > 0 && word[0] != '-';

    /// <summary>The option values collected so far; each setter refuses a second occurrence.</summary>
    private sealed class Draft
    {
        private readonly List<string> _include = [];
        private readonly List<string> _exclude = [];
        private string? _path;
        private string? _output;
        private OutputFormat? _format;
        private bool _exactOnly;
        private bool _quiet;
        private bool _verbose;
        private bool _noColor;
        private bool _noIgnore;
        private bool _lastWasFlag;

        public bool TrySetPath(string word)
        {
            // After a flag, Spectre reads true or false (any case) as the flag's value, not as the path.
            var ambiguous = _lastWasFlag && (word.Equals("true", StringComparison.OrdinalIgnoreCase) || word.Equals("false", StringComparison.OrdinalIgnoreCase));
            _lastWasFlag = false;
            if (_path is not null || ambiguous)
            {
                return false;
            }

            _path = word;
            return true;
        }

        public bool TrySetFlag(string word)
        {
            _lastWasFlag = true;
            return word switch
            {
                "--exact-only" => SetOnce(ref _exactOnly),
                "-q" or "--quiet" => SetOnce(ref _quiet),
                "--verbose" => SetOnce(ref _verbose),
                "--no-color" => SetOnce(ref _noColor),
                "--no-ignore" => SetOnce(ref _noIgnore),
                _ => false,
            };
        }

        public bool TrySetValue(string option, string value)
        {
            _lastWasFlag = false;
            switch (option)
            {
                case "--include":
                    _include.Add(value);
                    return true;
                case "--exclude":
                    _exclude.Add(value);
                    return true;
                case "-o" or "--output" when _output is null:
                    _output = value;
                    return true;
                case "--format" when _format is null:
                    _format = FormatNamed(value);
                    return _format is not null;
                default:
                    return false;
            }
        }

        public ScanSettings ToSettings() => new()
        {
            Path = _path ?? ".",
            ExactOnly = _exactOnly,
            Format = _format ?? OutputFormat.Table,
            Output = _output,
            Quiet = _quiet,
            Verbose = _verbose,
            NoColor = _noColor,
            NoIgnore = _noIgnore,
            Include = [.. _include],
            Exclude = [.. _exclude],
        };

        private static bool SetOnce(ref bool flag)
        {
            if (flag)
            {
                return false;
            }

            flag = true;
            return true;
        }

        /// <summary>The formats by the names the help lists; other spellings are Spectre's to convert or refuse.</summary>
        private static OutputFormat? FormatNamed(string value) => value switch
        {
            "table" => OutputFormat.Table,
            "json" => OutputFormat.Json,
            "markdown" => OutputFormat.Markdown,
            _ => null,
        };
    }

    private sealed class NoRemainingArguments : IRemainingArguments
    {
        public static readonly NoRemainingArguments Instance = new();

        public ILookup<string, string?> Parsed { get; } = Array.Empty<string>().ToLookup(a => a, a => (string?)a);

        public IReadOnlyList<string> Raw => [];
    }
}
