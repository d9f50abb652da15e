using System.Diagnostics;
using System.Text;

namespace InfraDedup.Core.Apply;

/// <summary>
/// The dirty-tree check: which of the given paths have uncommitted changes (<c>git status --porcelain</c>). Skipped,
/// with a note saying why, when the tree is not a git work tree, git is not installed or git does not trust the
/// repository (safe.directory).
/// </summary>
/// <remarks>
/// The scanned repository is untrusted: its <c>.git/config</c>, <c>.gitattributes</c> and hooks could make git run
/// commands (core.fsmonitor, filter drivers, textconv, diff.external, hooks, pagers). Every git call therefore runs with
/// an environment stripped of <c>GIT_*</c>, without system or global config, and with command-line overrides that switch
/// each of those off, including every filter and diff driver the repository's config defines (see docs/security.md).
/// </remarks>
public static class GitStatus
{
    private const int Batch = 200;

    /// <summary>
    /// A path that cannot exist, given to git for the global config, the attributes file and the hooks folder: a name
    /// under this program's own executable, which is a regular file, so no one can create it (git reads a missing
    /// config or attributes file as empty and finds no hooks there).
    /// </summary>
    /// <remarks>
    /// <c>/dev/null</c> served before, but it is only empty while it is the device: when something on the machine
    /// replaced it by a regular file with text in it, git refused to read it as config and the uncommitted-changes
    /// check was skipped.
    /// </remarks>
    internal static readonly string Nowhere = Environment.ProcessPath is { } program ? Path.Join(program, "no-such-git-file") : "/dev/null";

    /// <summary>The fixed configuration every git call gets, ahead of the command's own arguments.</summary>
    private static readonly string[] SafeConfig =
    [
        "--no-pager",
        "-c", "core.quotepath=false",
        "-c", "core.fsmonitor=false",
        "-c", "core.hooksPath=" + Nowhere,
        "-c", "core.untrackedCache=false",
        "-c", "core.pager=cat",
        "-c", "core.attributesFile=" + Nowhere,
        "-c", "core.sshCommand=false",
        "-c", "diff.external=",
        "-c", "protocol.allow=never",
        "-c", "submodule.recurse=false",
        "-c", "status.submoduleSummary=false",
    ];

    /// <summary>The dirty paths among <paramref name="paths"/> (relative to <paramref name="root"/>), or null and a note when the check could not run.</summary>
    public static (IReadOnlyList<string>? Dirty, string? Note) DirtyPaths(string root, IReadOnlyList<string> paths)
    {
        var inside = Run(root, ["rev-parse", "--is-inside-work-tree"]);
        if (inside is null)
        {
            return (null, "git is not installed; the uncommitted-changes check was skipped");
        }

        if (inside.Value.ExitCode != 0 || inside.Value.Output.Trim() != "true")
        {
            var why = inside.Value.Error.Contains("dubious ownership", StringComparison.Ordinal)
                ? "git does not trust this repository (it is owned by another user; see git's safe.directory)"
                : "not a git work tree";
            return (null, why + "; the uncommitted-changes check was skipped");
        }

        var prefix = Run(root, ["rev-parse", "--show-prefix"])?.Output.Trim() ?? string.Empty;
        var drivers = DriverOverrides(root);
        var wanted = new HashSet<string>(paths, StringComparer.Ordinal);
        var dirty = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i += Batch)
        {
            var args = new List<string>(drivers) { "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=no", "--ignore-submodules=all", "--no-renames", "--" };
            args.AddRange(paths.Skip(i).Take(Batch).Select(p => ":(literal)" + p));
            var status = Run(root, args);
            if (status is null || status.Value.ExitCode != 0)
            {
                return (null, $"'git status' failed ({status?.Error.Trim()}); the uncommitted-changes check was skipped");
            }

            // Entries: "XY path\0" (renames add "orig\0"); paths are relative to the repository's top.
            var fields = status.Value.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
            for (var f = 0; f < fields.Length; f++)
            {
                var field = fields[f];
                if (field.Length < 4)
                {
                    continue;
                }

                var path = field[3..];
                if (field[0] is 'R' or 'C')
                {
                    f++; // skip the original name
                }

                if (path.StartsWith(prefix, StringComparison.Ordinal) && wanted.Contains(path[prefix.Length..]))
                {
                    dirty.Add(path[prefix.Length..]);
                }
            }
        }

        return (dirty.ToList(), null);
    }

    /// <summary>
    /// <c>-c</c> overrides that empty every command of every filter, diff and merge driver the repository's config
    /// names (reading config runs nothing), so a <c>.gitattributes</c> line such as <c>* filter=x</c> cannot start one.
    /// </summary>
    internal static IReadOnlyList<string> DriverOverrides(string root)
    {
        var names = Run(root, ["config", "--null", "--name-only", "--list"]);
        var overrides = new List<string>();
        if (names is null || names.Value.ExitCode != 0)
        {
            return overrides;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names.Value.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var dot = name.LastIndexOf('.');
            if (dot <= 0 || !seen.Add(name[..dot]))
            {
                continue;
            }

            var section = name[..dot];
            if (section.StartsWith("filter.", StringComparison.OrdinalIgnoreCase))
            {
                overrides.AddRange(["-c", section + ".clean=", "-c", section + ".smudge=", "-c", section + ".process=", "-c", section + ".required=false"]);
            }
            else if (section.StartsWith("diff.", StringComparison.OrdinalIgnoreCase))
            {
                overrides.AddRange(["-c", section + ".textconv=", "-c", section + ".command="]);
            }
            else if (section.StartsWith("merge.", StringComparison.OrdinalIgnoreCase))
            {
                overrides.AddRange(["-c", section + ".driver="]);
            }
        }

        return overrides;
    }

    private static (int ExitCode, string Output, string Error)? Run(string root, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(root);
        foreach (var arg in SafeConfig.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing from the caller's environment steers git (GIT_DIR, GIT_CONFIG_*, GIT_EXTERNAL_DIFF, GIT_PAGER, …);
        // system and global config are off too. safe.directory is deliberately not overridden: when git refuses a
        // repository owned by someone else, the check is skipped with git's own explanation.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment.Remove("PAGER");
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = Nowhere;
        start.Environment["GIT_ATTR_NOSYSTEM"] = "1";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_NO_REPLACE_OBJECTS"] = "1";
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0"; // status must not rewrite the index
        start.Environment["LC_ALL"] = "C";
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
