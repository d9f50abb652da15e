using System.Diagnostics;
using System.Globalization;
using InfraDedup.Core.Apply;

namespace InfraDedup.Cli.Tests.Commands;

/// <summary>
/// Real crashes: the built CLI runs <c>apply</c> in a child process and is killed with SIGKILL, either by itself at a
/// random fault point (the <c>INFRADEDUP_TEST_FAULT=kill@N</c> test hook: the kill lands exactly between two durable
/// steps) or by this test after a random delay. After each crash the tree is copied; in one copy
/// <c>rollback --last</c> must give back the original tree, in the other <c>apply --resume</c> the applied one, every
/// file equal in content and mode. <c>INFRADEDUP_CRASH_TRIALS</c> sets the number of trials (tests/stress runs 1,000);
/// <c>INFRADEDUP_CRASH_SEED</c> replays a run.
/// </summary>
public class CrashTrialTests
{
    private const int DefaultTrials = 12;

    [Fact]
    public void Sigkill_during_apply_then_rollback_or_resume_gives_an_exact_tree()
    {
        var trials = int.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_CRASH_TRIALS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : DefaultTrials;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("INFRADEDUP_CRASH_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount & 0xFFFFF;
        var random = new Random(seed);
        var cli = Path.Join(AppContext.BaseDirectory, "infradedup.dll");
        Assert.True(File.Exists(cli), $"the built CLI is missing at {cli}");

        TreeSnapshot original, applied;
        int points;
        using (var probe = new ApplyTestTree())
        {
            original = TreeSnapshot.Capture(probe.Root);
            var counter = new CountingFaults();
            ApplyEngine.Apply(probe.Root, probe.MakePlan(), new ApplyOptions { Faults = counter, AllowDirty = true });
            points = counter.Count;
            applied = TreeSnapshot.Capture(probe.Root);
        }

        var killedBySelf = 0;
        var killedByTimer = 0;
        var completed = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            using var t = new ApplyTestTree();
            var context = $"seed {seed}, trial {trial}";
            var byTimer = trial % 3 == 2;
            var killAt = random.Next(1, points + 3); // a few past the end: the apply completes
            var delay = random.Next(0, 400);
            var exit = RunApply(cli, t, byTimer ? null : killAt, byTimer ? delay : null);
            context += byTimer ? $", killed after {delay} ms" : $", kill@{killAt} of {points}";
            if (exit == 0)
            {
                completed++;
            }
            else if (byTimer)
            {
                killedByTimer++;
            }
            else
            {
                Assert.True(exit == 137, $"{context}: exit code {exit}");
                killedBySelf++;
            }

            var resumeCopy = t.CopyTo("resume");

            var rollback = CliRun.Of("rollback", t.Root, "--last");
            if (rollback.ExitCode == 2 && rollback.Error.Contains("no operation to roll back", StringComparison.Ordinal))
            {
                // killed before the journal existed: nothing in the tree may have changed
            }
            else
            {
                Assert.True(rollback.ExitCode == 0, $"{context}: rollback exit {rollback.ExitCode}: {rollback.Error}");
            }

            AssertSame(original, t.Root, $"{context}: rollback");

            var resume = CliRun.Of("apply", resumeCopy, "--resume");
            if (resume.ExitCode == 2 && resume.Error.Contains("no interrupted apply", StringComparison.Ordinal))
            {
                // killed before the journal existed (apply again) or after it was complete (nothing to do)
                if (TreeSnapshot.Capture(resumeCopy).Diff(applied).Count > 0)
                {
                    var again = CliRun.Of("apply", resumeCopy, "--plan", t.PlanPath, "--yes");
                    Assert.True(again.ExitCode == 0, $"{context}: apply after an early kill: {again.Error}");
                }
            }
            else
            {
                Assert.True(resume.ExitCode == 0, $"{context}: resume exit {resume.ExitCode}: {resume.Error}");
            }

            AssertSame(applied, resumeCopy, $"{context}: resume");
        }

        Assert.True(killedBySelf + killedByTimer + completed == trials);
        Assert.True(trials < 6 || killedBySelf > 0, $"seed {seed}: no trial was killed");
    }

    private static int RunApply(string cli, ApplyTestTree t, int? killAt, int? killAfterMs)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { cli, "apply", t.Root, "--plan", t.PlanPath, "--yes", "--allow-dirty", "-q" })
        {
            start.ArgumentList.Add(arg);
        }

        if (killAt is { } n)
        {
            start.Environment[FaultInjection.EnvironmentVariable] = $"kill@{n}";
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (killAfterMs is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(); // SIGKILL
        }

        process.WaitForExit();
        Task.WaitAll(output, error);
        return process.ExitCode;
    }

    private static void AssertSame(TreeSnapshot expected, string root, string context)
    {
        var diff = expected.Diff(TreeSnapshot.Capture(root));
        Assert.True(diff.Count == 0, $"{context}:\n  " + string.Join("\n  ", diff));
        var temps = Directory.EnumerateFiles(root, "*.tmp", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => !p.Contains("/.infradedup/", StringComparison.Ordinal)).ToList();
        Assert.True(temps.Count == 0, $"{context}: temp files left: {string.Join(", ", temps)}");
    }
}
