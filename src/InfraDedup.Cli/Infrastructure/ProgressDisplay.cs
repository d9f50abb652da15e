using InfraDedup.Cli.Commands;
using InfraDedup.Core.Inventory;
using Spectre.Console;

namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// Shows a Spectre progress bar for long work, only on an interactive terminal, for table output and
/// without --quiet or --no-color; otherwise runs the work silently (no static progress lines, no escape codes).
/// </summary>
internal static class ProgressDisplay
{
    public static T Run<T>(CliEnvironment env, DisplaySettings settings, Func<IProgress<StageProgress>?, T> work)
    {
        if (!env.Interactive || settings.Quiet || settings.NoColor || !settings.PrintsTable || settings.Output is not null)
        {
            return work(null);
        }

        return env.Console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new SynchronousProgress(p =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(p.Stage, out var task))
                        {
                            task = tasks[p.Stage] = ctx.AddTask(p.Stage, maxValue: Math.Max(1, p.Total));
                            task.IsIndeterminate = p.Total == 0;
                        }

                        task.Value = p.Done;
                    }
                });
                return work(progress);
            });
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to a thread pool and lag).</summary>
    private sealed class SynchronousProgress(Action<StageProgress> report) : IProgress<StageProgress>
    {
        public void Report(StageProgress value) => report(value);
    }
}
