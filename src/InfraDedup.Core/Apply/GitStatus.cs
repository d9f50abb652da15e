using System.Diagnostics;
using System.Text;

namespace InfraDedup.Core.Apply;

/// <summary>
/// The dirty-tree check: which of the given paths have uncommitted changes (<c>git status --porcelain</c>). Skipped,
/// with a note saying why, when the tree is not a git work tree or git is not installed.
/// </summary>
public static class GitStatus
{
    private const int Batch = 200;

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
            return (null, "not a git work tree; the uncommitted-changes check was skipped");
        }

        var prefix = Run(root, ["rev-parse", "--show-prefix"])?.Output.Trim() ?? string.Empty;
        var wanted = new HashSet<string>(paths, StringComparer.Ordinal);
        var dirty = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i += Batch)
        {
            var args = new List<string> { "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=no", "--" };
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
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("core.quotepath=false");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

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
