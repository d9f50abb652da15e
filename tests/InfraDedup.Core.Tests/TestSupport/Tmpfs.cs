using System.Diagnostics;

namespace InfraDedup.Core.Tests.TestSupport;

/// <summary>
/// A small tmpfs mounted over a folder, for the cases a mode cannot fake under root (a real full disk, a read-only
/// file system). Mounting needs root and mount(8): <see cref="Mount"/> says false otherwise and the test skips.
/// </summary>
internal static class Tmpfs
{
    /// <summary>Mounts a tmpfs with <paramref name="options"/> (e.g. <c>size=320k</c>, <c>size=64k,ro</c>) over <paramref name="path"/>.</summary>
    public static bool Mount(string path, string options)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return false;
        }

        try
        {
            return Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path) == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static void Unmount(string path) => Run("umount", path);

    /// <summary>Runs a program to its end with its output captured; returns its exit code.</summary>
    public static int Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
