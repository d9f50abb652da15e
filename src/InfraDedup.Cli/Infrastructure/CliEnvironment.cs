using Spectre.Console;

namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// Where a command writes: <see cref="Out"/> receives documents byte for byte (JSON, Markdown),
/// <see cref="Console"/> renders tables/progress for people, <see cref="Error"/> receives diagnostics.
/// Tests replace all three.
/// </summary>
public sealed class CliEnvironment(TextWriter output, TextWriter error, IAnsiConsole? console = null, bool? interactive = null, Stream? rawOutput = null)
{
    /// <summary>Standard output as bytes, for output that must be byte-exact (lossless printing).</summary>
    public Stream RawOut { get; } = rawOutput ?? System.Console.OpenStandardOutput();

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>The console for people; the process console is only probed when something is rendered on it.</summary>
    public IAnsiConsole Console { get; } = console ?? new LazyAnsiConsole();

    private readonly Lazy<bool> _interactive = new(() => interactive
        ?? (!System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive));

    /// <summary>
    /// Whether progress displays and prompts may be shown: standard output and error are a terminal and colours and
    /// cursor movement are allowed.
    /// </summary>
    public bool Interactive => _interactive.Value;

    /// <summary>The process's own streams and console; <paramref name="noColor"/> is the <c>--no-color</c> option.</summary>
    public static CliEnvironment FromProcess(bool noColor = false) => ProcessConsole.Create(noColor);
}
