using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Spectre.Console;

namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// The process's standard streams and the console for people, set up the way command-line tools are expected to
/// behave: output that does not go to a terminal never wraps and never carries escape codes; on a terminal the
/// terminal's width is used (or <c>COLUMNS</c>, which wins everywhere), and colours and progress appear only when
/// they are allowed (<c>--no-color</c>, <c>NO_COLOR</c> and <c>TERM=dumb</c> turn them off).
/// </summary>
/// <remarks>
/// On Unix, .NET's <see cref="System.Console"/> streams switch the terminal to "application keypad" mode
/// (<c>ESC[?1h ESC=</c>) the first time anything is written through them. A tool that never reads keys has no use
/// for that, and it shows up in every captured terminal session, so standard output and error are written through
/// plain file streams on descriptors 1 and 2 instead.
/// </remarks>
internal static partial class ProcessConsole
{
    /// <summary>The width used when output is not a terminal: wide enough that no path or id is ever wrapped.</summary>
    public const int NoWrapWidth = 16384;

    /// <summary>Builds the environment of this process; <paramref name="noColor"/> is the <c>--no-color</c> option.</summary>
    public static CliEnvironment Create(bool noColor)
    {
        var stdoutIsTerminal = !System.Console.IsOutputRedirected;
        var stderrIsTerminal = !System.Console.IsErrorRedirected;
        var colors = ColorsAllowed(noColor, Environment.GetEnvironmentVariable);
        var output = OpenWriter(1) ?? System.Console.Out;
        var error = OpenWriter(2) ?? System.Console.Error;
        Stream raw = OpenStream(1) ?? System.Console.OpenStandardOutput();
        var width = Width(Environment.GetEnvironmentVariable("COLUMNS"), stdoutIsTerminal ? TerminalWidth(1) : null);
        var ansi = stdoutIsTerminal && colors;
        var console = new LazyAnsiConsole(() =>
        {
            var created = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
                ColorSystem = ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = stdoutIsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
                Out = new FixedOutput(output, stdoutIsTerminal, width),
            });
            created.Profile.Width = width;
            return created;
        });
        return new CliEnvironment(output, error, console, interactive: ansi && stderrIsTerminal, raw);
    }

    /// <summary>Whether colours and cursor movement are allowed (the terminal check is separate).</summary>
    internal static bool ColorsAllowed(bool noColorOption, Func<string, string?> environment) =>
        !noColorOption
        && string.IsNullOrEmpty(environment("NO_COLOR"))
        && !string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);

    /// <summary>
    /// The width to render at: <c>COLUMNS</c> when it is a positive number, else the terminal's, else (not a
    /// terminal) <see cref="NoWrapWidth"/>.
    /// </summary>
    internal static int Width(string? columns, int? terminalWidth)
    {
        if (int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fromEnvironment) && fromEnvironment > 0)
        {
            return fromEnvironment;
        }

        return terminalWidth is > 0 ? terminalWidth.Value : NoWrapWidth;
    }

    private static StandardStream? OpenStream(int descriptor)
    {
        if (OperatingSystem.IsWindows())
        {
            return null; // the Windows console has no keypad-mode side effect; keep its own streams
        }

        try
        {
            // Only to find out whether the descriptor is open and writable; the writes go through write(2) itself.
            using (new FileStream(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, bufferSize: 0))
            {
            }

            return new StandardStream(descriptor);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null; // closed or unusable descriptor: fall back to what .NET offers
        }
    }

    private static StreamWriter? OpenWriter(int descriptor) =>
        OpenStream(descriptor) is { } stream ? new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true } : null;

    /// <summary>The terminal's column count (TIOCGWINSZ), or null when it cannot be read.</summary>
    private static int? TerminalWidth(int descriptor)
    {
        if (!OperatingSystem.IsLinux())
        {
            return OperatingSystem.IsWindows() ? System.Console.WindowWidth : null;
        }

        const uint TiocGetWindowSize = 0x5413;
        return NativeMethods.IoctlWindowSize(descriptor, TiocGetWindowSize, out var size) == 0 && size.Columns > 0 ? size.Columns : null;
    }

    /// <summary>
    /// Spectre's own output type asks <see cref="System.Console"/> whether it is a terminal and how wide it is, which
    /// initialises the .NET console (and sends the keypad sequence); this one answers from what was found above.
    /// </summary>
    private sealed class FixedOutput(TextWriter writer, bool isTerminal, int width) : IAnsiConsoleOutput
    {
        public TextWriter Writer => writer;

        public bool IsTerminal => isTerminal;

        public int Width => width;

        public int Height => 24;

        public void SetEncoding(Encoding encoding)
        {
            // The writer is UTF-8 and stays so.
        }
    }

    /// <summary>
    /// Standard output or error as a stream that stops writing, silently, once the reader has gone (<c>| head</c>):
    /// what the .NET console streams do too, and what users of pipes expect (no "Broken pipe" error).
    /// </summary>
    /// <remarks>
    /// It calls write(2), which writes at and advances the offset the descriptor shares with the shell and every other
    /// process writing to the same file. A <see cref="FileStream"/> on a regular file writes with pwrite at a position
    /// of its own instead, so in <c>{ echo a; infradedup scan .; echo b; } &gt; log</c> the shell's next line
    /// overwrote the tool's output.
    /// </remarks>
    private sealed class StandardStream(int descriptor) : Stream
    {
        private bool _readerGone;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_readerGone)
            {
                return;
            }

            _readerGone = !WriteAll(descriptor, buffer);
        }

        /// <summary>Writes everything (write(2) may take part of it, or be interrupted); false on an error such as EPIPE.</summary>
        private static unsafe bool WriteAll(int descriptor, ReadOnlySpan<byte> buffer)
        {
            const int Interrupted = 4; // EINTR
            fixed (byte* start = buffer)
            {
                var done = 0;
                while (done < buffer.Length)
                {
                    var written = NativeMethods.Write(descriptor, start + done, (nuint)(buffer.Length - done));
                    if (written < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == Interrupted)
                        {
                            continue;
                        }

                        return false; // EPIPE: the reader closed the pipe; nothing more can be delivered
                    }

                    done += (int)written;
                }
            }

            return true;
        }

        public override void Flush()
        {
            // Nothing is buffered: every Write went to the descriptor.
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort PixelWidth;
        public ushort PixelHeight;
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
        internal static partial int IoctlWindowSize(int descriptor, nuint request, out WindowSize size);

        [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
        internal static unsafe partial nint Write(int descriptor, byte* buffer, nuint count);
    }
}
