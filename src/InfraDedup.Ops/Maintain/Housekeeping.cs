using InfraDedup.Ops.Docker;

namespace InfraDedup.Ops.Maintain;

public sealed record CleanupItem(string What, string Name, long Bytes, bool Removed, string Reason);

public sealed record CleanupResult(bool DryRun, IReadOnlyList<CleanupItem> Items)
{
    /// <summary>Identifies the document type and version (<c>infradedup/maintain-cleanup@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/maintain-cleanup@1";

    public long Bytes => Items.Where(i => i.Removed || DryRun).Sum(i => i.Bytes);
}

public sealed record UsageEntry(string What, string Name, long Bytes);

public sealed record DiskUsageReport(string Root, IReadOnlyList<UsageEntry> Folders, IReadOnlyList<UsageEntry> Images, IReadOnlyList<UsageEntry> Volumes, string? EngineNote)
{
    /// <summary>Identifies the document type and version (<c>infradedup/maintain-disk-usage@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/maintain-disk-usage@1";
}

/// <summary>cleanup (old archives and backups, dangling images) and disk-usage (biggest folders, images, volumes).</summary>
public static class Housekeeping
{
    /// <summary>
    /// Removes entries directly under <paramref name="dir"/> older than <paramref name="olderThan"/> (by last write)
    /// and interrupted backups (<c>.*.partial</c>), plus dangling images when an engine is given.
    /// </summary>
    public static async Task<CleanupResult> CleanupAsync(string? dir, TimeSpan olderThan, IDockerEngine? engine, bool dryRun, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var items = new List<CleanupItem>();
        if (dir is not null)
        {
            if (!Directory.Exists(dir))
            {
                throw new InfraDedup.Core.UserInputException($"'{dir}' is not a folder; give the folder that holds old archives or backups.");
            }

            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var partial = entry is DirectoryInfo && entry.Name.StartsWith('.') && entry.Name.EndsWith(".partial", StringComparison.Ordinal);
                var age = now - new DateTimeOffset(entry.LastWriteTimeUtc, TimeSpan.Zero);
                if (!partial && age < olderThan)
                {
                    continue;
                }

                var bytes = Size(entry);
                if (!dryRun)
                {
                    if (entry is DirectoryInfo d)
                    {
                        d.Delete(recursive: true);
                    }
                    else
                    {
                        entry.Delete();
                    }
                }

                items.Add(new CleanupItem(entry is DirectoryInfo ? "folder" : "file", entry.FullName, bytes, !dryRun, partial ? "interrupted backup" : $"older than {Common.Durations.Format(olderThan)}"));
            }
        }

        if (engine is not null)
        {
            foreach (var image in await engine.ListImagesAsync(danglingOnly: true, cancellationToken))
            {
                var removed = !dryRun && await engine.RemoveImageAsync(image.Id, cancellationToken);
                items.Add(new CleanupItem("image", image.Id, image.Size, removed, dryRun ? "dangling" : removed ? "dangling" : "dangling, in use by a container"));
            }
        }

        return new CleanupResult(dryRun, items);
    }

    public static async Task<DiskUsageReport> DiskUsageAsync(string root, int top, IDockerEngine? engine, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(root))
        {
            throw new InfraDedup.Core.UserInputException($"'{root}' is not a folder.");
        }

        var full = Path.GetFullPath(root);
        var folders = new List<UsageEntry>();
        foreach (var dir in EnumerateDirs(new DirectoryInfo(full), depth: 2))
        {
            folders.Add(new UsageEntry("folder", Path.GetRelativePath(full, dir.FullName).Replace('\\', '/'), Size(dir)));
        }

        List<UsageEntry> images = [], volumes = [];
        string? note = null;
        if (engine is not null)
        {
            try
            {
                var df = await engine.DataUsageAsync(cancellationToken);
                images = [.. (df.Images ?? []).Select(i => new UsageEntry("image", i.RepoTags is [var t, ..] && t != "<none>:<none>" ? t : i.Id, i.Size)).OrderByDescending(e => e.Bytes).Take(top)];
                volumes = [.. (df.Volumes ?? []).Select(v => new UsageEntry("volume", v.Name, Math.Max(0, v.UsageData?.Size ?? 0))).OrderByDescending(e => e.Bytes).Take(top)];
            }
            catch (DockerEngineException e)
            {
                note = e.Message;
            }
        }
        else
        {
            note = "no Docker engine: images and volumes not listed";
        }

        return new DiskUsageReport(full, [.. folders.OrderByDescending(f => f.Bytes).ThenBy(f => f.Name, StringComparer.Ordinal).Take(top)], images, volumes, note);
    }

    private static IEnumerable<DirectoryInfo> EnumerateDirs(DirectoryInfo root, int depth)
    {
        IEnumerable<DirectoryInfo> children;
        try
        {
            children = [.. root.EnumerateDirectories().Where(d => d.LinkTarget is null)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var child in children)
        {
            yield return child;
            if (depth > 1)
            {
                foreach (var grandChild in EnumerateDirs(child, depth - 1))
                {
                    yield return grandChild;
                }
            }
        }
    }

    /// <summary>Bytes of a file, or of everything under a folder (links not followed, unreadable parts skipped).</summary>
    public static long Size(FileSystemInfo entry)
    {
        if (entry is FileInfo f)
        {
            return f.LinkTarget is null ? f.Length : 0;
        }

        long total = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in ((DirectoryInfo)entry).EnumerateFiles("*", options))
        {
            total += file.Length;
        }

        return total;
    }
}
