using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using InfraDedup.Core.Compose;
using InfraDedup.Core.References;

namespace InfraDedup.Ops.Docker;

/// <summary>One file of a build context: its path inside the context (<c>/</c>-separated) and on disk.</summary>
public sealed record ContextEntry(string RelativePath, string FullPath, bool IsSymlink, bool IsExecutable);

/// <summary>
/// The files of a build context as the Docker CLI would send them: everything under the context folder
/// except what its <c>.dockerignore</c> excludes; the Dockerfile and <c>.dockerignore</c> are always sent.
/// A Dockerfile outside the context is sent under <see cref="ExternalDockerfileName"/>.
/// </summary>
public sealed class BuildContext
{
    public const string ExternalDockerfileName = ".infradedup.Dockerfile";

    private BuildContext(string root, IReadOnlyList<ContextEntry> entries, string dockerfileEntry, string dockerfileFullPath)
    {
        Root = root;
        Entries = entries;
        DockerfileEntry = dockerfileEntry;
        DockerfileFullPath = dockerfileFullPath;
    }

    public string Root { get; }

    /// <summary>Files in ordinal order of their context path.</summary>
    public IReadOnlyList<ContextEntry> Entries { get; }

    /// <summary>The Dockerfile's path inside the context (the build's <c>dockerfile</c> parameter).</summary>
    public string DockerfileEntry { get; }

    public string DockerfileFullPath { get; }

    public static BuildContext Collect(string contextDir, string dockerfilePath)
    {
        var root = Path.GetFullPath(contextDir);
        if (!Directory.Exists(root))
        {
            throw new InfraDedup.Core.UserInputException($"build context '{contextDir}' does not exist; fix the compose 'build' entry or create the folder.");
        }

        var dockerfile = Path.GetFullPath(dockerfilePath);
        if (!File.Exists(dockerfile))
        {
            throw new InfraDedup.Core.UserInputException($"Dockerfile '{dockerfilePath}' does not exist; fix the compose 'build.dockerfile' entry.");
        }

        var ignoreFile = Path.Combine(root, ".dockerignore");
        var ignore = File.Exists(ignoreFile) ? DockerIgnore.Parse(File.ReadAllText(ignoreFile)) : DockerIgnore.Empty;
        var relativeDockerfile = Path.GetRelativePath(root, dockerfile).Replace('\\', '/');
        var inside = !relativeDockerfile.StartsWith("../", StringComparison.Ordinal) && relativeDockerfile != ".." && !Path.IsPathRooted(relativeDockerfile);

        var entries = new List<ContextEntry>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false, ReturnSpecialDirectories = false };
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
        {
            var isLink = info.LinkTarget is not null;
            if (info is DirectoryInfo && !isLink)
            {
                continue;
            }

            var relative = Path.GetRelativePath(root, info.FullName).Replace('\\', '/');
            var always = relative == ".dockerignore" || (inside && relative == relativeDockerfile);
            if (!always && ignore.IsExcluded(relative))
            {
                continue;
            }

            if (info is FileInfo file && !isLink && (file.Attributes & FileAttributes.Device) != 0)
            {
                continue;
            }

            var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(info.FullName) & UnixFileMode.UserExecute) != 0;
            entries.Add(new ContextEntry(relative, info.FullName, isLink, executable));
        }

        var entryName = inside ? relativeDockerfile : ExternalDockerfileName;
        if (!inside)
        {
            entries.Add(new ContextEntry(ExternalDockerfileName, dockerfile, false, false));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new BuildContext(root, entries, entryName, dockerfile);
    }

    /// <summary>SHA-256 over every entry's path, mode and content (link target for symlinks), in order.</summary>
    public string ContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        foreach (var entry in Entries)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{entry.RelativePath}\0{(entry.IsSymlink ? "l" : entry.IsExecutable ? "x" : "f")}\0"));
            if (entry.IsSymlink)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(new FileInfo(entry.FullPath).LinkTarget ?? string.Empty));
            }
            else
            {
                using var stream = File.OpenRead(entry.FullPath);
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }

            hash.AppendData("\0\n"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes the context as a tar stream (what the engine's build endpoint takes).</summary>
    public async Task WriteTarAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var entry in Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteEntryAsync(entry.FullPath, entry.RelativePath, cancellationToken);
        }
    }
}
