using InfraDedup.Core;

namespace InfraDedup.Cli.Infrastructure;

/// <summary>
/// The one check and wording for a command's folder argument, naming what the command wanted the folder for:
/// "'x' is not a folder; give the folder to scan (default: the current directory)."
/// </summary>
internal static class TreeRoot
{
    /// <summary>Throws a usage error unless <paramref name="path"/> is an existing folder.</summary>
    /// <param name="purpose">What the folder is for, completing "give the folder …" (e.g. "to scan").</param>
    public static void Require(string path, string purpose)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        var what = File.Exists(path) ? "is a file, not a folder" : "does not exist";
        throw new UserInputException($"'{path}' {what}; give the folder {purpose} {Commands.OptionText.CurrentDirectoryDefault}.");
    }
}
