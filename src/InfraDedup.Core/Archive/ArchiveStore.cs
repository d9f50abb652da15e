using InfraDedup.Core.Apply;

namespace InfraDedup.Core.Archive;

/// <summary>The state of one stored object.</summary>
public enum ObjectStatus
{
    Ok,
    Missing,
    Corrupt,
}

/// <summary>
/// The content-addressed store under <c>.infradedup/archive/</c>: <c>objects/ab/cdef…</c> holds content by SHA-256
/// (written once, read-only, verified on every read) and <c>manifests/&lt;op-id&gt;.json</c> one manifest per operation.
/// </summary>
public sealed class ArchiveStore
{
    private const UnixFileMode ObjectMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly StateFolder _state;

    internal ArchiveStore(StateFolder state) => _state = state;

    public string ObjectsDirectory => Path.Join(_state.Directory, "archive", "objects");

    public string ManifestsDirectory => Path.Join(_state.Directory, "archive", "manifests");

    public string ObjectPath(string sha256) => Path.Join(ObjectsDirectory, sha256[..2], sha256[2..]);

    public string ManifestPath(string opId) => Path.Join(ManifestsDirectory, opId + ".json");

    /// <summary>Stores <paramref name="content"/> under its SHA-256 unless an intact copy is already there (a damaged one is replaced).</summary>
    public void Put(ReadOnlySpan<byte> content, string sha256)
    {
        if (Hashing.Sha256(content) != sha256)
        {
            throw new InvalidOperationException($"content does not hash to {sha256}");
        }

        if (Check(sha256).Status == ObjectStatus.Ok)
        {
            return;
        }

        var path = ObjectPath(sha256);
        _state.EnsureDirectory(Path.GetDirectoryName(path)!);
        _state.Fs.WriteFile(path, Path.Join(Path.GetDirectoryName(path)!, "." + sha256[2..] + ".tmp"), content, ObjectMode);
    }

    /// <summary>Stores the content of <paramref name="stagedFile"/>, which the caller hashed while writing it, under <paramref name="sha256"/>.</summary>
    public void PutFile(string stagedFile, string sha256)
    {
        if (Check(sha256).Status == ObjectStatus.Ok)
        {
            return;
        }

        var path = ObjectPath(sha256);
        _state.EnsureDirectory(Path.GetDirectoryName(path)!);
        _state.Fs.WriteFileFrom(path, Path.Join(Path.GetDirectoryName(path)!, "." + sha256[2..] + ".tmp"), stagedFile, ObjectMode);
    }

    /// <summary>Re-hashes an object: ok, missing or corrupt (with the hash it has now).</summary>
    public (ObjectStatus Status, string? ActualSha256) Check(string sha256)
    {
        var path = ObjectPath(sha256);
        var state = PathState.Probe(path);
        return state.Kind switch
        {
            EntryKind.Missing => (ObjectStatus.Missing, null),
            EntryKind.File when state.Sha256 == sha256 => (ObjectStatus.Ok, sha256),
            EntryKind.File => (ObjectStatus.Corrupt, state.Sha256),
            _ => (ObjectStatus.Corrupt, null),
        };
    }

    /// <summary>Reads an object and checks its hash; a damaged or missing object is an error naming it.</summary>
    public byte[] Read(string sha256, string forPath)
    {
        var path = ObjectPath(sha256);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"the archived copy of '{forPath}' (object {sha256}) cannot be read: {e.Message}; nothing was changed. Import an export of this operation ('infradedup archive import') to repair it.", path);
        }

        var actual = Hashing.Sha256(bytes);
        return actual == sha256
            ? bytes
            : throw new UserInputException($"the archived copy of '{forPath}' is corrupt (object {sha256} now hashes to {actual}); nothing was changed. Import an export of this operation ('infradedup archive import') to repair it.", path);
    }

    /// <summary>Writes an operation's manifest (once: an identical one already there is kept, a different one is an error).</summary>
    public void WriteManifest(ArchiveManifest manifest)
    {
        var path = ManifestPath(manifest.OpId);
        var text = ApplyJsonContext.Serialize(manifest);
        if (File.Exists(path))
        {
            if (File.ReadAllText(path) == text)
            {
                return;
            }

            throw new UserInputException($"a different manifest for operation {manifest.OpId} is already in the archive; nothing was changed.", path);
        }

        _state.EnsureDirectory(ManifestsDirectory);
        _state.Fs.WriteFile(path, Path.Join(ManifestsDirectory, "." + manifest.OpId + ".json.tmp"), System.Text.Encoding.UTF8.GetBytes(text), ObjectMode | UnixFileMode.UserWrite);
    }

    /// <summary>Whether the archive holds a manifest for <paramref name="opId"/>.</summary>
    public bool HasManifest(string opId) => File.Exists(ManifestPath(opId));

    /// <summary>Reads and validates a manifest (paths, hashes, modes); a bad one is a user error naming the problem.</summary>
    public ArchiveManifest ReadManifest(string opId)
    {
        var path = ManifestPath(opId);
        if (!File.Exists(path))
        {
            throw new UserInputException($"the archive has no manifest for operation {opId}; 'infradedup archive list' shows the operations there are.", path);
        }

        var manifest = StateFiles.Read(path, ApplyJsonContext.Default.ArchiveManifest, "archive manifest");
        StateValidation.Validate(manifest, path, opId);
        return manifest;
    }

    /// <summary>The ids of every manifest in the archive, oldest first.</summary>
    public IReadOnlyList<string> ManifestIds() => StateFiles.Ids(ManifestsDirectory);

    /// <summary>Checks every object a manifest (and optionally more hashes) needs: the problems, one line each.</summary>
    public IReadOnlyList<string> VerifyObjects(IEnumerable<(string Path, string Sha256)> needed)
    {
        var problems = new List<string>();
        foreach (var (path, sha) in needed.DistinctBy(n => n.Sha256, StringComparer.Ordinal))
        {
            var (status, actual) = Check(sha);
            switch (status)
            {
                case ObjectStatus.Missing:
                    problems.Add($"{path}: archived object {sha} is missing ({ObjectPath(sha)})");
                    break;
                case ObjectStatus.Corrupt:
                    problems.Add($"{path}: archived object {sha} is corrupt (its content hashes to {actual ?? "nothing: not a regular file"}; {ObjectPath(sha)})");
                    break;
            }
        }

        return problems;
    }
}
