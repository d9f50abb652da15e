using System.Text.Json;
using System.Text.Json.Serialization;
using InfraDedup.Core;

namespace InfraDedup.Ops.Maintain;

/// <summary>One file of a backup with its size and SHA-256.</summary>
public sealed record BackupFile(string Name, long Size, string Sha256);

/// <summary>
/// <c>manifest.json</c> of a backup folder: what was backed up, from where, when, and a SHA-256 per file.
/// A folder is a backup exactly when it holds this file; it is written last, so an interrupted backup
/// never looks complete.
/// </summary>
public sealed record BackupManifest(int SchemaVersion, string Kind, string Name, string Source, string Via, DateTimeOffset Created, IReadOnlyList<BackupFile> Files)
{
    public const string FileName = "manifest.json";

    public static BackupManifest Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), MaintainJsonContext.Default.BackupManifest)
                ?? throw new InfraDedup.Core.UserInputException("empty manifest", path);
        }
        catch (JsonException e)
        {
            throw new InfraDedup.Core.UserInputException($"not a valid backup manifest ({e.Message}); the backup is damaged.", path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }

    public void Write(string folder)
    {
        var path = Path.Combine(folder, FileName);
        InfraDedup.Core.AtomicFile.Write(path, new System.Text.UTF8Encoding(false).GetBytes(InfraDedup.Core.JsonText.Document(this, MaintainJsonContext.Default.BackupManifest)));
    }

    public static BackupFile Describe(string file)
    {
        using var stream = File.OpenRead(file);
        return new BackupFile(Path.GetFileName(file), new FileInfo(file).Length, Core.Apply.Hashing.Sha256(stream));
    }

    /// <summary>The backup folders at <paramref name="path"/>: the folder itself when it is one, else its direct subfolders that are.</summary>
    public static IReadOnlyList<string> Find(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new InfraDedup.Core.UserInputException($"'{path}' is not a folder; give a backup folder or the folder that holds backups.");
        }

        if (File.Exists(Path.Combine(path, FileName)))
        {
            return [Path.GetFullPath(path)];
        }

        return [.. Directory.EnumerateDirectories(path)
            .Where(d => File.Exists(Path.Combine(d, FileName)))
            .Select(Path.GetFullPath)
            .Order(StringComparer.Ordinal)];
    }
}

/// <summary>The result of checking one backup.</summary>
public sealed record VerifyResult(string Path, string Kind, string Name, bool Ok, string Detail);

/// <summary>What a backup run wrote.</summary>
public sealed record BackupResult(string Path, BackupManifest Manifest);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(BackupManifest))]
[JsonSerializable(typeof(List<VerifyResult>))]
[JsonSerializable(typeof(List<BackupResult>))]
[JsonSerializable(typeof(PruneResult))]
[JsonSerializable(typeof(DiskUsageReport))]
[JsonSerializable(typeof(CleanupResult))]
public sealed partial class MaintainJsonContext : JsonSerializerContext;
