using System.Text;
using InfraDedup.Cli.Commands;
using InfraDedup.Cli.Rendering;
using InfraDedup.Core;
using InfraDedup.Core.Secrets;
using Spectre.Console;

namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// Writes a command's result where the options say: documents go byte-exact to standard output or to
/// <c>--output</c> (written atomically); tables go to the console, or as plain text to the file.
/// </summary>
internal static class ResultWriter
{
    /// <summary>Writes a text document (JSON, Markdown).</summary>
    /// <remarks>Reports pass a <paramref name="redactor"/>: credential values never reach standard output or a report file.</remarks>
    public static void WriteDocument(CliEnvironment env, DisplaySettings settings, string document, SecretRedactor? redactor = null)
    {
        document = redactor?.Redact(document) ?? document;
        if (settings.Output is null)
        {
            env.Out.Write(document);
            env.Out.Flush();
            return;
        }

        WriteFileAtomically(settings.Output, document);
    }

    /// <summary>
    /// Writes a command's output for people at the verbosity asked for: the one place <c>-q</c> is applied (only the
    /// summary line and the failures), on the console or as plain text into <c>--output</c>.
    /// </summary>
    public static void WriteView(CliEnvironment env, DisplaySettings settings, TableView view, SecretRedactor? redactor = null) =>
        WriteRenderables(env, settings, view.At(settings.Verbosity), redactor);

    /// <summary>A note on standard error ("note: …"): context for people, which <c>-q</c> leaves out.</summary>
    public static void Note(CliEnvironment env, DisplaySettings settings, string note) => Status(env, settings, "note: " + note);

    /// <summary>A status line on standard error (what was written, where a server listens), which <c>-q</c> leaves out.</summary>
    public static void Status(CliEnvironment env, DisplaySettings settings, string line)
    {
        if (TableView.Shows(settings.Verbosity, kept: false))
        {
            env.Error.WriteLine(line);
        }
    }

    /// <summary>Renders Spectre widgets: to the console, or as plain text into <c>--output</c>.</summary>
    public static void WriteRenderables(CliEnvironment env, DisplaySettings settings, IEnumerable<Spectre.Console.Rendering.IRenderable> items, SecretRedactor? redactor = null)
    {
        if (redactor is not null)
        {
            items = items.Select(i => new RedactedRenderable(i, redactor));
        }

        if (settings.Output is null)
        {
            var console = PlainIfAsked(env, settings);
            foreach (var item in items)
            {
                console.Write(item);
            }

            return;
        }

        using var writer = new StringWriter();
        var fileConsole = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        fileConsole.Profile.Width = ProcessConsole.NoWrapWidth; // a file is never wrapped
        foreach (var item in items)
        {
            fileConsole.Write(item);
        }

        WriteFileAtomically(settings.Output, writer.ToString());
    }

    /// <summary>The console to render on, without colours when <c>--no-color</c> was given.</summary>
    public static IAnsiConsole PlainIfAsked(CliEnvironment env, DisplaySettings settings)
    {
        if (settings.NoColor)
        {
            env.Console.Profile.Capabilities.ColorSystem = ColorSystem.NoColors;
            env.Console.Profile.Capabilities.Ansi = false;
        }

        return env.Console;
    }

    /// <summary>Writes a file beside its target, flushes it to disk and renames it over the target.</summary>
    public static void WriteFileAtomically(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new UserInputException($"cannot write '{path}': folder '{directory}' does not exist; create it or choose another --output.");
        }

        if (Core.Inventory.InputFile.IsSpecial(full))
        {
            // -o /dev/null, /dev/stdout or a FIFO: write into it; a rename would replace the device by a file.
            using var special = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            special.Write(new UTF8Encoding(false).GetBytes(content));
            return;
        }

        try
        {
            AtomicFile.Write(full, new UTF8Encoding(false).GetBytes(content));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot write '{path}': {e.Message}", e);
        }
    }
}

/// <summary>
/// A widget whose rendered text passes through a <see cref="SecretRedactor"/> (a safety net: commands also redact the
/// strings they put into tables, because a value wrapped across two table lines would not be recognised here).
/// </summary>
internal sealed class RedactedRenderable(Spectre.Console.Rendering.IRenderable inner, SecretRedactor redactor) : Spectre.Console.Rendering.IRenderable
{
    public Spectre.Console.Rendering.Measurement Measure(Spectre.Console.Rendering.RenderOptions options, int maxWidth) => inner.Measure(options, maxWidth);

    public IEnumerable<Spectre.Console.Rendering.Segment> Render(Spectre.Console.Rendering.RenderOptions options, int maxWidth) =>
        inner.Render(options, maxWidth).Select(s => s.IsControlCode || s.IsLineBreak ? s : new Spectre.Console.Rendering.Segment(redactor.Redact(s.Text), s.Style));
}
