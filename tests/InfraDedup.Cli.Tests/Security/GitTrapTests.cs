using System.Diagnostics;
using System.Text.RegularExpressions;
using InfraDedup.Cli.Tests.Commands;

namespace InfraDedup.Cli.Tests.Security;

/// <summary>
/// Issue 19, item 1: the scanned repository is hostile. Its git configuration asks git to run commands (core.fsmonitor,
/// a clean filter every file passes through, hooks, an external diff, a pager); apply and apply --dry-run, the commands
/// that call git (the uncommitted-changes check), must trigger none of them. A second test runs the built CLI under
/// <c>strace -f -e execve</c> and checks that the only programs started are the CLI and git, with the fixed safe
/// configuration, even with <c>GIT_*</c> variables in the environment that would inject configuration.
/// </summary>
public partial class GitTrapTests
{
    [Fact]
    public void Apply_and_dry_run_trigger_no_command_the_repository_configures()
    {
        using var t = new TrappedRepository();

        var dryRun = CliRun.Of("apply", t.Tree.Root, "--plan", t.Tree.PlanPath, "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.Error);
        t.AssertNoTrapFired("apply --dry-run");

        var apply = CliRun.Of("apply", t.Tree.Root, "--plan", t.Tree.PlanPath, "--yes");
        Assert.True(apply.ExitCode == 0, apply.Error);
        Assert.DoesNotContain("uncommitted-changes check was skipped", apply.Error + apply.Out, StringComparison.Ordinal);
        t.AssertNoTrapFired("apply");
    }

    [Fact]
    public void Dirty_check_still_sees_a_changed_file_with_the_safe_configuration()
    {
        using var t = new TrappedRepository(commitOtherCompose: true);

        var apply = CliRun.Of("apply", t.Tree.Root, "--plan", t.Tree.PlanPath, "--yes");

        Assert.Equal(2, apply.ExitCode);
        Assert.Contains("compose.yaml", apply.Error, StringComparison.Ordinal);
        Assert.Contains("uncommitted", apply.Error, StringComparison.Ordinal);
        t.AssertNoTrapFired("apply on a dirty tree");
    }

    [Fact]
    public async Task Only_git_with_the_fixed_safe_configuration_is_started()
    {
        var strace = Strace.Require();
        using var t = new TrappedRepository();
        var cli = Path.Join(AppContext.BaseDirectory, "infradedup.dll");
        var log = Path.Join(t.Markers, "strace.log");
        var start = new ProcessStartInfo(strace) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-f", "-qq", "-v", "-s", "1024", "-e", "trace=execve", "-e", "signal=none", "-o", log, "dotnet", cli, "apply", t.Tree.Root, "--plan", t.Tree.PlanPath, "--dry-run" })
        {
            start.ArgumentList.Add(arg);
        }

        // Environment variables an attacker (or a careless shell profile) could set to steer git.
        start.Environment["GIT_CONFIG_PARAMETERS"] = $"'core.fsmonitor=touch {t.Markers}/env-fsmonitor; echo'";
        start.Environment["GIT_CONFIG_COUNT"] = "1";
        start.Environment["GIT_CONFIG_KEY_0"] = "core.fsmonitor";
        start.Environment["GIT_CONFIG_VALUE_0"] = $"touch {t.Markers}/env-count; echo";
        start.Environment["GIT_EXTERNAL_DIFF"] = $"touch {t.Markers}/env-diff";
        start.Environment["GIT_PAGER"] = $"touch {t.Markers}/env-pager";
        using (var process = Process.Start(start)!)
        {
            var stderrTask = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            var stderr = await stderrTask;
            if (!File.Exists(log) || process.ExitCode != 0 && stderr.Contains("ptrace", StringComparison.OrdinalIgnoreCase))
            {
                Strace.Unavailable($"strace could not trace the CLI (exit {process.ExitCode}): {stderr}");
            }

            Assert.True(process.ExitCode == 0, $"apply --dry-run under strace failed: {stderr}");
        }

        t.AssertNoTrapFired("apply --dry-run under strace");
        var programs = new List<(string Program, string Arguments)>();
        var unfinished = new Dictionary<string, (string Program, string Arguments)>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(log))
        {
            // pid execve("/usr/bin/git", ["git", "-C", ...], [env...]) = 0   (failed PATH lookups end in "= -1 ENOENT";
            // a call interrupted in the log continues on a later "<... execve resumed>" line of the same pid)
            var pid = line.Split(' ', 2)[0];
            var succeeded = line.TrimEnd().EndsWith("= 0", StringComparison.Ordinal);
            var m = Execve().Match(line);
            if (m.Success && line.Contains("<unfinished", StringComparison.Ordinal))
            {
                unfinished[pid] = (m.Groups["program"].Value, m.Groups["args"].Value);
            }
            else if (m.Success && succeeded)
            {
                programs.Add((m.Groups["program"].Value, m.Groups["args"].Value));
            }
            else if (line.Contains("execve resumed>", StringComparison.Ordinal) && unfinished.Remove(pid, out var call) && succeeded)
            {
                programs.Add(call);
            }
        }

        Assert.NotEmpty(programs);
        Assert.EndsWith("dotnet", programs[0].Program, StringComparison.Ordinal);
        var others = programs.Skip(1).ToList();
        Assert.Contains(others, p => Path.GetFileName(p.Program) == "git");
        foreach (var (program, args) in others)
        {
            Assert.True(Path.GetFileName(program) == "git", $"a program other than git was started: {program} {args}");
            foreach (var setting in new[] { "core.fsmonitor=false", "--no-pager", "diff.external=" })
            {
                Assert.True(args.Contains(setting, StringComparison.Ordinal), $"git was started without {setting}: {args}");
            }

            // Hooks are looked for under a path that cannot exist (a name below the running executable).
            Assert.Matches(@"core\.hooksPath=/[^""]*/no-such-git-file""", args);
        }
    }

    [GeneratedRegex(@"execve\(""(?<program>[^""]+)"", \[(?<args>.*?)\]", RegexOptions.CultureInvariant)]
    private static partial Regex Execve();

    /// <summary>An apply test tree committed to git, then armed with every trap; markers land outside the tree.</summary>
    private sealed class TrappedRepository : IDisposable
    {
        private static readonly string[] TrapNames = ["fsmonitor", "filter", "filter-process", "hook", "hooks-path", "textconv", "diff", "pager", "env-fsmonitor", "env-count", "env-diff", "env-pager"];

        /// <param name="commitOtherCompose">Commit a different compose.yaml than the one in the tree (which the plan expects): the tree is dirty.</param>
        public TrappedRepository(bool commitOtherCompose = false)
        {
            Directory.CreateDirectory(Markers);
            var compose = Path.Join(Tree.Root, "compose.yaml");
            var content = File.ReadAllText(compose);
            if (commitOtherCompose)
            {
                File.WriteAllText(compose, "services: {}\n");
            }

            Git("init", "-q");
            Git("add", "-A");
            Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init");
            File.WriteAllText(compose, content);
            File.WriteAllText(Path.Join(Tree.Root, ".gitattributes"), "* filter=pwn diff=pwn\n");
            Git("add", ".gitattributes");
            Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "attributes");

            // Armed only now, so the setup's own git calls trigger nothing.
            Git("config", "core.fsmonitor", $"touch {Markers}/fsmonitor; echo");
            Git("config", "filter.pwn.clean", $"touch {Markers}/filter; cat");
            Git("config", "filter.pwn.smudge", $"touch {Markers}/filter; cat");
            Git("config", "diff.pwn.textconv", $"touch {Markers}/textconv; cat");
            Git("config", "diff.external", $"touch {Markers}/diff");
            Git("config", "core.pager", $"touch {Markers}/pager; cat");
            var hooks = Path.Join(Tree.Root, ".git", "hooks");
            var hooksPath = Path.Join(Markers, "hooks");
            Directory.CreateDirectory(hooksPath);
            foreach (var hook in new[] { "post-index-change", "pre-commit", "post-checkout", "reference-transaction", "fsmonitor-watchman" })
            {
                WriteScript(Path.Join(hooks, hook), $"#!/bin/sh\ntouch {Markers}/hook\n");
                WriteScript(Path.Join(hooksPath, hook), $"#!/bin/sh\ntouch {Markers}/hooks-path\n");
            }

            // Every file looks modified (new mtime, same content): git must re-read each one, which is when the
            // clean filter would run. Then the filter.process variant, which replaces clean in the config.
            foreach (var file in Directory.EnumerateFiles(Tree.Root, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.git/", StringComparison.Ordinal)))
            {
                if (new FileInfo(file).LinkTarget is null)
                {
                    File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(5));
                }
            }

            Git("config", "filter.pwn.process", $"sh -c 'touch {Markers}/filter-process'");
        }

        public ApplyTestTree Tree { get; } = new();

        /// <summary>Where traps would leave their marker files (beside the tree, not in it).</summary>
        public string Markers => Tree.Beside("markers");

        public void AssertNoTrapFired(string command)
        {
            var fired = TrapNames.Where(n => File.Exists(Path.Join(Markers, n))).ToList();
            Assert.True(fired.Count == 0, $"{command} ran commands the repository configured: {string.Join(", ", fired)}");
            Assert.False(File.Exists(Path.Join(Tree.Root, "pwned-marker")));
        }

        public void Dispose() => Tree.Dispose();

        private static void WriteScript(string path, string content)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        private void Git(params string[] args)
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Tree.Root };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        }
    }
}

/// <summary>strace for tests that watch which programs a command starts; missing: fail under INFRADEDUP_REQUIRE_SERVICES=1, skip otherwise.</summary>
internal static class Strace
{
    public static string Require()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Join(dir, "strace");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Unavailable("strace is not installed (apt-get install strace)");
        return string.Empty;
    }

    public static void Unavailable(string message)
    {
        if (Environment.GetEnvironmentVariable("INFRADEDUP_REQUIRE_SERVICES") == "1")
        {
            Assert.Fail(message + "; INFRADEDUP_REQUIRE_SERVICES=1");
        }

        Assert.Skip(message);
    }
}
