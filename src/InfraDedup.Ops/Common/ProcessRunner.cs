using System.Diagnostics;
using System.Text;

namespace InfraDedup.Ops.Common;

/// <summary>What to run: program, arguments (never through a shell), optional files for standard input/output, extra environment.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Standard output goes to this file instead of being captured (binary-safe: dumps).</summary>
    public string? StdoutFile { get; init; }

    /// <summary>Standard input is read from this file.</summary>
    public string? StdinFile { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The command line for messages (arguments quoted when needed; secrets never appear in arguments).</summary>
    public override string ToString() =>
        string.Join(' ', new[] { FileName }.Concat(Arguments).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a));
}

/// <summary>Exit code and captured text of a finished process.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last non-empty line of standard error (or output), for one-line messages.</summary>
    public string LastErrorLine()
    {
        var text = Stderr.Trim().Length > 0 ? Stderr : Stdout;
        return text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? $"exit code {ExitCode}";
    }
}

/// <summary>Runs external programs (pg_dump, redis-cli, docker compose). Tests substitute a fake.</summary>
public interface IProcessRunner
{
    /// <summary>Runs the process to completion. Throws <see cref="ToolNotFoundException"/> when the program does not exist.</summary>
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default);
}

/// <summary>The program to run is not installed.</summary>
public sealed class ToolNotFoundException(string tool, string hint)
    : Exception($"'{tool}' was not found on PATH; {hint}")
{
    public string Tool { get; } = tool;
}

/// <summary>Runs real processes.</summary>
public sealed class ProcessRunner : IProcessRunner
{
    public static ProcessRunner Instance { get; } = new();

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var info = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = spec.StdinFile is not null,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new ToolNotFoundException(spec.FileName, "install it or put it on PATH.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ToolNotFoundException(spec.FileName, "install it or put it on PATH.");
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(spec.Timeout);
            var stderrTask = process.StandardError.ReadToEndAsync(timeout.Token);
            Task<string> stdoutTask;
            if (spec.StdoutFile is { } file)
            {
                stdoutTask = CopyToFileAsync(process.StandardOutput.BaseStream, file, timeout.Token);
            }
            else
            {
                stdoutTask = process.StandardOutput.ReadToEndAsync(timeout.Token);
            }

            if (spec.StdinFile is { } input)
            {
                await using (var source = File.OpenRead(input))
                {
                    await source.CopyToAsync(process.StandardInput.BaseStream, timeout.Token);
                }

                process.StandardInput.Close();
            }

            try
            {
                await process.WaitForExitAsync(timeout.Token);
                return new ProcessResult(process.ExitCode, await stdoutTask, await stderrTask);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return new ProcessResult(-1, string.Empty, $"timed out after {Durations.Format(spec.Timeout)}: {spec}");
            }
        }
    }

    private static async Task<string> CopyToFileAsync(Stream stdout, string file, CancellationToken cancellationToken)
    {
        await using var target = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None);
        await stdout.CopyToAsync(target, cancellationToken);
        return string.Empty;
    }
}

/// <summary>Helpers to describe process failures.</summary>
public static class ProcessText
{
    /// <summary>Joins output lines of a process for a message, trimmed to a sensible length.</summary>
    public static string Clip(string text, int max = 400)
    {
        var sb = new StringBuilder(text.Trim());
        if (sb.Length > max)
        {
            sb.Length = max;
            sb.Append('…');
        }

        return sb.ToString();
    }
}
