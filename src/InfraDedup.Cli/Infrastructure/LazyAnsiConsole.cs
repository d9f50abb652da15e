using Spectre.Console;
using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// The process console, created on first use. Creating it probes the terminal (colour system, width,
/// interactivity, environment variables); commands that write only a document to standard output
/// (<c>scan --format json</c>) never pay for that.
/// </summary>
internal sealed class LazyAnsiConsole : IAnsiConsole
{
    private readonly Lazy<IAnsiConsole> _console = new(() => AnsiConsole.Console);

    public Profile Profile => _console.Value.Profile;

    public IAnsiConsoleCursor Cursor => _console.Value.Cursor;

    public IAnsiConsoleInput Input => _console.Value.Input;

    public IExclusivityMode ExclusivityMode => _console.Value.ExclusivityMode;

    public RenderPipeline Pipeline => _console.Value.Pipeline;

    public void Clear(bool home) => _console.Value.Clear(home);

    public void Write(IRenderable renderable) => _console.Value.Write(renderable);

    public void WriteAnsi(Action<AnsiWriter> action) => _console.Value.WriteAnsi(action);
}
