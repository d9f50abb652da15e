using System.Text;
using InfraDedup.Cli.Commands;
using InfraDedup.Core;
using Spectre.Console;

namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// Writes a command's result where the options say: documents go byte-exact to standard output or to
/// <c>--output</c> (written atomically); tables go to the console, or as plain text to the file.
/// </summary>
internal static class ResultWriter
{
    /// <summary>Writes a text document (JSON, Markdown).</summary>
    public static void WriteDocument(CliEnvironment env, DisplaySettings settings, string document)
    {
        if (settings.Output is null)
        {
            env.Out.Write(document);
            env.Out.Flush();
            return;
        }

        WriteFileAtomically(settings.Output, document);
    }

    /// <summary>Renders Spectre widgets: to the console, or as plain text into <c>--output</c>.</summary>
    public static void WriteRenderables(CliEnvironment env, DisplaySettings settings, IEnumerable<Spectre.Console.Rendering.IRenderable> items)
    {
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

        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                var bytes = new UTF8Encoding(false).GetBytes(content);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new UserInputException($"cannot write '{path}': {IoErrors.Reason(e)}", e);
        }
    }
}
