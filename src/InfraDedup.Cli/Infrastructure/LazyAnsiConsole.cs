using Spectre.Console;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// The process console, created on first use. Creating it probes the terminal (colour system, width,
/// interactivity, environment variables); commands that write only a document to standard output
/// (<c>scan --format json</c>) never pay for that.
/// </summary>
internal sealed class LazyAnsiConsole(Func<IAnsiConsole> create) : IAnsiConsole
{
    private readonly Lazy<IAnsiConsole> _console = new(create);

    public LazyAnsiConsole()
        : this(() => AnsiConsole.Console)
    {
    }

    public Profile Profile => _console.Value.Profile;

    public IAnsiConsoleCursor Cursor => _console.Value.Cursor;

    public IAnsiConsoleInput Input => _console.Value.Input;

    public IExclusivityMode ExclusivityMode => _console.Value.ExclusivityMode;

    public RenderPipeline Pipeline => _console.Value.Pipeline;

    public void Clear(bool home) => _console.Value.Clear(home);

    /// <summary>
    /// Renders with escape codes when the console may use them; otherwise writes the plain text itself. Spectre's
    /// own fallback for consoles without ANSI drives <see cref="System.Console"/>'s colour API, which on Unix still
    /// sends colour resets (and the keypad sequence) to a terminal, even for uncoloured text.
    /// </summary>
    public void Write(IRenderable renderable)
    {
        var console = _console.Value;
        if (console.Profile.Capabilities.Ansi)
        {
            console.Write(renderable);
            return;
        }

        var writer = console.Profile.Out.Writer;
        foreach (var segment in renderable.GetSegments(console))
        {
            if (!segment.IsControlCode)
            {
                writer.Write(segment.Text);
            }
        }

        writer.Flush();
    }

    public void WriteAnsi(Action<AnsiWriter> action) => _console.Value.WriteAnsi(action);
}
