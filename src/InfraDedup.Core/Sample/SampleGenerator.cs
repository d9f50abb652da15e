namespace InfraDedup.Core.Sample;

/// <summary>
/// Writes the deterministic sample monorepo (the embedded demo input and the test/benchmark corpus)
/// together with <c>ground-truth.json</c>, and returns that ground truth.
/// </summary>
public static class SampleGenerator
{
    /// <summary>
    /// Writes a sample tree into <see cref="SampleOptions.OutputDirectory"/>. Same options give a
    /// byte-identical tree. A non-empty folder is refused with <see cref="SampleOutputNotEmptyException"/>
    /// unless <see cref="SampleOptions.Overwrite"/> is set, in which case its contents are deleted first.
    /// </summary>
    public static SampleGroundTruth Generate(SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Services, SampleOptions.MinServices);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Services, SampleOptions.MaxServices);

        var root = Path.GetFullPath(options.OutputDirectory);
        PrepareOutput(root, options.Overwrite);

        SampleGroundTruth truth;
        using (var sink = new SampleFileSink(root))
        {
            truth = new SampleBuilder(sink, options.Services, options.Seed).Build();
        }

        // Written last, so its presence marks a complete sample.
        using (var stream = new FileStream(Path.Combine(root, SampleGroundTruth.FileName), FileMode.CreateNew, FileAccess.Write))
        {
            truth.WriteJson(stream);
            stream.WriteByte((byte)'\n');
        }

        return truth;
    }

    /// <summary>Shorthand for <see cref="Generate(SampleOptions)"/>.</summary>
    public static SampleGroundTruth Generate(string outputDirectory, int services = 120, long seed = 42, bool overwrite = false) =>
        Generate(new SampleOptions { OutputDirectory = outputDirectory, Services = services, Seed = seed, Overwrite = overwrite });

    private static void PrepareOutput(string root, bool overwrite)
    {
        if (File.Exists(root))
        {
            throw new IOException($"Output path '{root}' is a file, not a directory.");
        }

        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root);
            return;
        }

        if (!Directory.EnumerateFileSystemEntries(root).Any())
        {
            return;
        }

        if (!overwrite)
        {
            throw new SampleOutputNotEmptyException(root);
        }

        var trimmed = Path.TrimEndingDirectorySeparator(root);
        var home = Path.TrimEndingDirectorySeparator(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        if ((Path.GetPathRoot(root) is { } driveRoot && string.Equals(Path.TrimEndingDirectorySeparator(driveRoot), trimmed, StringComparison.Ordinal))
            || (home.Length > 0 && string.Equals(home, trimmed, StringComparison.Ordinal)))
        {
            throw new SampleOutputNotEmptyException($"Refusing to empty '{root}' (a filesystem root or the home folder).", new IOException(root));
        }

        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var info = new DirectoryInfo(dir);
            if (info.LinkTarget is not null)
            {
                info.Delete();
            }
            else
            {
                info.Delete(recursive: true);
            }
        }

        foreach (var file in Directory.EnumerateFiles(root))
        {
            File.Delete(file);
        }
    }
}
