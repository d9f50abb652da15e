using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfraDedup.Core.Apply;

namespace InfraDedup.Core.Archive;

/// <summary>One operation in the archive, for <c>archive list</c>.</summary>
public sealed record OperationInfo(string OpId, DateTimeOffset? Created, string State, int Files, long Bytes, string? ToolVersion, string? PlanSha256);

public sealed record ArchiveListing(string Root, IReadOnlyList<OperationInfo> Operations)
{
    /// <summary>Identifies the document type and version (<c>infradedup/archive-list@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/archive-list@1";
}

/// <summary>The check of one operation's archive: how many objects were re-hashed and what is wrong (empty: intact).</summary>
public sealed record OperationCheck(string OpId, int Objects, IReadOnlyList<string> Problems);

public sealed record ArchiveVerifyResult(string Root, IReadOnlyList<OperationCheck> Operations)
{
    /// <summary>Identifies the document type and version (<c>infradedup/archive-verify@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/archive-verify@1";

    public bool Ok => Operations.All(o => o.Problems.Count == 0);
}

public sealed record ArchiveExportResult(string OpId, string File, int Objects, long Bytes)
{
    /// <summary>Identifies the document type and version (<c>infradedup/archive-export@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/archive-export@1";
}

public sealed record ArchiveImportResult(string OpId, int Objects, int ObjectsAlreadyPresent, bool ManifestWritten, bool JournalWritten, IReadOnlyList<string> Notes)
{
    /// <summary>Identifies the document type and version (<c>infradedup/archive-import@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/archive-import@1";
}

/// <summary>
/// <c>archive list|verify|export|import</c>. An export is a gzip-compressed tar: <c>OP/manifest.json</c>,
/// <c>OP/journal.json</c> (when there is one) and <c>OP/objects/&lt;sha256&gt;</c> for every object the operation
/// needs, so an imported operation can be rolled back (or resumed) in any clone.
/// </summary>
public static partial class ArchiveOperations
{
    private const string Manifest = "manifest.json";
    private const string JournalEntry = "journal.json";

    public static ArchiveListing List(string root)
    {
        var state = Open(root);
        var ids = state.Archive.ManifestIds().Union(state.JournalIds()).Order(StringComparer.Ordinal);
        var operations = new List<OperationInfo>();
        foreach (var id in ids)
        {
            ArchiveManifest? manifest = null;
            string status;
            try
            {
                manifest = state.Archive.HasManifest(id) ? state.Archive.ReadManifest(id) : null;
                status = File.Exists(state.JournalPath(id))
                    ? state.ReadJournal(id).State switch
                    {
                        OperationState.Applying => "interrupted while applying (resume or roll back)",
                        OperationState.Complete => "applied",
                        OperationState.RollingBack => "interrupted while rolling back (roll back again)",
                        _ => "rolled back",
                    }
                    : "archived only (never applied here)";
                if (manifest is null)
                {
                    status += "; manifest missing";
                }
            }
            catch (UserInputException e)
            {
                status = "damaged: " + e.Describe();
            }

            operations.Add(new OperationInfo(id, manifest?.Created, status, manifest?.Files.Count ?? 0, manifest?.Files.Sum(f => f.Size) ?? 0, manifest?.ToolVersion, manifest?.PlanSha256));
        }

        return new ArchiveListing(state.Root, operations);
    }

    /// <summary>Re-hashes every object of one operation (or all): manifest contents and the new contents its journal names.</summary>
    public static ArchiveVerifyResult Verify(string root, string? opId)
    {
        var state = Open(root);
        var ids = opId is null ? state.Archive.ManifestIds().Union(state.JournalIds()).Order(StringComparer.Ordinal).ToList() : [Resolve(state, opId)];
        var checks = new List<OperationCheck>();
        foreach (var id in ids)
        {
            var problems = new List<string>();
            var needed = new List<(string Path, string Sha256)>();
            try
            {
                needed.AddRange(state.Archive.ReadManifest(id).Files.Where(f => f.LinkTarget is null).Select(f => (f.Path, f.Sha256)));
            }
            catch (UserInputException e)
            {
                problems.Add(e.Describe());
            }

            if (File.Exists(state.JournalPath(id)))
            {
                try
                {
                    needed.AddRange(state.ReadJournal(id).Steps.Where(s => s.After?.Kind == EntryKind.File).Select(s => (s.Path + " (new content)", s.After!.Sha256)));
                }
                catch (UserInputException e)
                {
                    problems.Add(e.Describe());
                }
            }

            problems.AddRange(state.Archive.VerifyObjects(needed));
            checks.Add(new OperationCheck(id, needed.Select(n => n.Sha256).Distinct(StringComparer.Ordinal).Count(), problems));
        }

        return new ArchiveVerifyResult(state.Root, checks);
    }

    /// <summary>Writes a portable tarball of one operation (refused when an object is damaged: it would export the damage).</summary>
    public static ArchiveExportResult Export(string root, string opId, string outFile)
    {
        var state = Open(root);
        opId = Resolve(state, opId);
        var manifest = state.Archive.ReadManifest(opId);
        var journal = File.Exists(state.JournalPath(opId)) ? state.ReadJournal(opId) : null;
        var needed = manifest.Files.Where(f => f.LinkTarget is null).Select(f => (f.Path, f.Sha256))
            .Concat(journal?.Steps.Where(s => s.After?.Kind == EntryKind.File).Select(s => (s.Path, s.After!.Sha256)) ?? [])
            .DistinctBy(n => n.Item2, StringComparer.Ordinal)
            .ToList();
        var problems = state.Archive.VerifyObjects(needed);
        if (problems.Count > 0)
        {
            throw new UserInputException($"operation {opId} cannot be exported intact: {problems[0]}" + (problems.Count > 1 ? $" (and {problems.Count - 1} more)" : string.Empty) + "; 'infradedup archive verify' lists every problem.", state.Archive.ManifestPath(opId));
        }

        var full = Path.GetFullPath(outFile);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new UserInputException($"cannot write '{outFile}': folder '{directory}' does not exist; create it or choose another --out.", outFile);
        }

        long bytes = 0;
        try
        {
            AtomicFile.Write(full, file =>
            {
                using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
                using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                {
                    var time = manifest.Created;
                    Add(tar, $"{opId}/{Manifest}", File.ReadAllBytes(state.Archive.ManifestPath(opId)), time);
                    if (journal is not null)
                    {
                        // The journal as read (its step log folded in), so an interrupted operation travels complete.
                        Add(tar, $"{opId}/{JournalEntry}", System.Text.Encoding.UTF8.GetBytes(ApplyJsonContext.Serialize(journal)), time);
                    }

                    foreach (var (_, sha) in needed.OrderBy(n => n.Item2, StringComparer.Ordinal))
                    {
                        var content = File.ReadAllBytes(state.Archive.ObjectPath(sha));
                        bytes += content.Length;
                        Add(tar, $"{opId}/objects/{sha}", content, time);
                    }
                }
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot write '{outFile}': {e.Message}", outFile);
        }

        return new ArchiveExportResult(opId, full, needed.Count, bytes);
    }

    /// <summary>
    /// Reads an export and adds it to this tree's archive. Everything is checked first (entry names, sizes against the
    /// limits and the manifest, manifest, journal, every object's hash); nothing is written to the tree unless all of it
    /// is sound. Objects are streamed to a private staging folder under the system temp folder while being hashed, so
    /// an export never has to fit in memory; a journal already here is kept.
    /// </summary>
    public static ArchiveImportResult Import(string root, string tarball, IFaultInjector? faults = null, ArchiveImportLimits? limits = null)
    {
        var realRoot = TreePath.ResolveRoot(root);
        var state = new StateFolder(realRoot, new DurableFs(faults ?? FaultInjection.None));
        Inventory.InputFile.RequireRegular(tarball, "the .tar.gz file 'infradedup archive export' wrote");
        var staging = Directory.CreateTempSubdirectory("infradedup-import-").FullName;
        try
        {
            var read = ReadTarball(tarball, staging, limits ?? ArchiveImportLimits.Default);
            return Store(state, tarball, read);
        }
        finally
        {
            try
            {
                Directory.Delete(staging, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // best effort: it is in the temp folder
            }
        }
    }

    private static ArchiveImportResult Store(StateFolder state, string tarball, ReadExport read)
    {
        var ops = read.Metadata.Keys.Concat(read.Objects.Keys.Select(k => read.Objects[k].Name)).Select(k => k.Split('/')[0]).Distinct(StringComparer.Ordinal).ToList();
        if (ops.Count != 1)
        {
            throw new UserInputException($"an export holds exactly one operation; this one holds {ops.Count}. Nothing was imported.", tarball);
        }

        var opId = ops[0];
        if (!read.Metadata.TryGetValue($"{opId}/{Manifest}", out var manifestBytes))
        {
            throw new UserInputException($"the export has no {opId}/{Manifest}; it is not an infradedup archive export (or it is truncated). Nothing was imported.", tarball);
        }

        var manifest = ParseEntry(manifestBytes, ApplyJsonContext.Default.ArchiveManifest, tarball, Manifest);
        StateValidation.Validate(manifest, $"{tarball}:{opId}/{Manifest}", opId);
        Journal? journal = null;
        if (read.Metadata.TryGetValue($"{opId}/{JournalEntry}", out var journalBytes))
        {
            journal = ParseEntry(journalBytes, ApplyJsonContext.Default.Journal, tarball, JournalEntry);
            StateValidation.Validate(journal, $"{tarball}:{opId}/{JournalEntry}", opId);
        }

        var needed = manifest.Files.Where(f => f.LinkTarget is null).Select(f => (f.Path, f.Sha256))
            .Concat(journal?.Steps.Where(s => s.After?.Kind == EntryKind.File).Select(s => (s.Path, s.After!.Sha256)) ?? []);
        var absent = needed.Where(n => !read.Objects.ContainsKey(n.Item2) && state.Archive.Check(n.Item2).Status != ObjectStatus.Ok).ToList();
        if (absent.Count > 0)
        {
            throw new UserInputException($"the export lacks the archived content of '{absent[0].Item1}' (object {absent[0].Item2}); nothing was imported.", tarball);
        }

        using var held = OperationLock.Acquire(state, "archive import");
        if (state.Archive.HasManifest(opId))
        {
            var local = state.Archive.ReadManifest(opId);
            if (local.PlanSha256 != manifest.PlanSha256 || !local.Files.SequenceEqual(manifest.Files))
            {
                throw new UserInputException($"this tree's archive already has a different manifest for operation {opId}; nothing was imported.", state.Archive.ManifestPath(opId));
            }
        }

        var present = 0;
        foreach (var (sha, staged) in read.Objects)
        {
            if (state.Archive.Check(sha).Status == ObjectStatus.Ok)
            {
                present++;
                continue;
            }

            state.Archive.PutFile(staged.File, sha);
        }

        var notes = new List<string>();
        var manifestWritten = !state.Archive.HasManifest(opId);
        if (manifestWritten)
        {
            state.Archive.WriteManifest(manifest);
        }

        var journalWritten = false;
        if (journal is not null)
        {
            var keep = false;
            if (File.Exists(state.JournalPath(opId)))
            {
                try
                {
                    state.ReadJournal(opId);
                    keep = true;
                    notes.Add("this tree already has the operation's journal (it records what happened here); kept it");
                }
                catch (UserInputException)
                {
                    notes.Add("this tree's journal of the operation was damaged; replaced it by the exported one");
                }
            }

            if (!keep)
            {
                state.WriteJournal(journal);
                journalWritten = true;
            }
        }

        return new ArchiveImportResult(opId, read.Objects.Count - present, present, manifestWritten, journalWritten, notes);
    }

    private static StateFolder Open(string root) => new(TreePath.ResolveRoot(root), new DurableFs(FaultInjection.None));

    /// <summary>An operation id as given, or the latest for "last".</summary>
    private static string Resolve(StateFolder state, string opId)
    {
        if (opId == "last")
        {
            return state.Archive.ManifestIds().Union(state.JournalIds()).Order(StringComparer.Ordinal).LastOrDefault()
                ?? throw new UserInputException("the archive is empty; there is no last operation.", state.Directory);
        }

        return OperationId.IsValid(opId)
            ? opId
            : throw new UserInputException($"'{opId}' is not an operation id (like 20250101T120000123Z-a1b2c3); 'infradedup archive list' shows them.");
    }

    private static void Add(TarWriter tar, string name, byte[] content, DateTimeOffset time)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(content, writable: false),
            Mode = (UnixFileMode)0b110_100_100,
            ModificationTime = time,
        };
        tar.WriteEntry(entry);
    }

    /// <summary>The manifest and journal (in memory, small) and the staged objects (on disk, hashed) of an export.</summary>
    private sealed record ReadExport(Dictionary<string, byte[]> Metadata, Dictionary<string, StagedObject> Objects);

    private sealed record StagedObject(string Name, string File, long Size);

    /// <summary>
    /// Reads the tarball once, front to back. Only the names an export has are accepted (no links, no traversal); the
    /// size each entry header declares is checked against the limits (and the manifest, once read) before a byte of it
    /// is read, and the bytes actually read are counted too, so neither a lying header nor a gzip bomb gets past.
    /// </summary>
    private static ReadExport ReadTarball(string tarball, string staging, ArchiveImportLimits limits)
    {
        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var objects = new Dictionary<string, StagedObject>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, long>? declared = null;
        try
        {
            using var file = File.OpenRead(tarball);
            var budget = limits.ExpansionBudget(file.Length);
            long expanded = 0;
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry(copyData: false) is { } entry)
            {
                if (entry.EntryType == TarEntryType.Directory)
                {
                    continue;
                }

                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !EntryName().IsMatch(entry.Name))
                {
                    throw new UserInputException($"the export has an unexpected entry '{entry.Name}' ({entry.EntryType}); exports hold only OP/manifest.json, OP/journal.json and OP/objects/<sha256>. Nothing was imported.", tarball);
                }

                if (!names.Add(entry.Name))
                {
                    throw new UserInputException($"the export has '{entry.Name}' twice; nothing was imported.", tarball);
                }

                var isObject = entry.Name.Contains("/objects/", StringComparison.Ordinal);
                var cap = isObject ? limits.MaxObjectBytes : limits.MaxMetadataBytes;
                if (entry.Length > cap)
                {
                    throw new UserInputException($"entry '{entry.Name}' of the export is {entry.Length} bytes, more than the {cap}-byte limit for {(isObject ? "one archived file" : "a manifest or journal")}; it is not a plausible export (a decompression bomb?). Nothing was imported.", tarball);
                }

                if (expanded + entry.Length > budget)
                {
                    throw new UserInputException($"the export would expand to more than {budget} bytes ({file.Length} bytes compressed; limit: {limits.MaxExpansionRatio}x the compressed size, at least {limits.MinimumBudgetBytes} and at most {limits.MaxTotalBytes} bytes) at entry '{entry.Name}'; it is not a plausible export (a decompression bomb?). Nothing was imported.", tarball);
                }

                expanded += entry.Length;
                if (!isObject)
                {
                    var bytes = ReadSmall(entry, cap, tarball);
                    metadata[entry.Name] = bytes;
                    if (entry.Name.EndsWith("/" + Manifest, StringComparison.Ordinal))
                    {
                        declared = DeclaredSizes(bytes);
                    }

                    continue;
                }

                var sha = entry.Name[(entry.Name.LastIndexOf('/') + 1)..];
                if (declared is not null && declared.TryGetValue(sha, out var size) && entry.Length != size)
                {
                    throw new UserInputException($"object {sha} in the export is {entry.Length} bytes but the manifest says {size}; nothing was imported.", tarball);
                }

                var staged = Path.Join(staging, sha);
                var actual = StreamToFile(entry, staged, entry.Length, tarball);
                if (actual != sha)
                {
                    throw new UserInputException($"object {sha} in the export is corrupt (its content hashes to {actual}); nothing was imported.", tarball);
                }

                objects[sha] = new StagedObject(entry.Name, staged, entry.Length);
            }
        }
        catch (FileNotFoundException)
        {
            throw new UserInputException($"'{tarball}' does not exist; give the file 'infradedup archive export' wrote.", tarball);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"'{tarball}' is not a readable export ({e.Message}); it may be truncated or not a .tar.gz. Nothing was imported.", tarball);
        }

        return new ReadExport(metadata, objects);
    }

    /// <summary>The sizes the manifest declares by object hash (a manifest that does not parse is reported later, with its position).</summary>
    private static Dictionary<string, long>? DeclaredSizes(byte[] manifestBytes)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize(manifestBytes, ApplyJsonContext.Default.ArchiveManifest);
            return manifest?.Files.Where(f => f.LinkTarget is null).GroupBy(f => f.Sha256, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Size, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] ReadSmall(TarEntry entry, long cap, string tarball)
    {
        using var buffer = new MemoryStream();
        CopyBounded(entry.DataStream, buffer, cap, entry.Name, tarball, hash: null);
        return buffer.ToArray();
    }

    /// <summary>Copies one entry to <paramref name="path"/> with a running SHA-256; returns the hash.</summary>
    private static string StreamToFile(TarEntry entry, string path, long cap, string tarball)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            CopyBounded(entry.DataStream, target, cap, entry.Name, tarball, hash);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Copies at most <paramref name="cap"/> bytes; more than that (a header that under-declares) is refused.</summary>
    private static void CopyBounded(Stream? source, Stream target, long cap, string name, string tarball, System.Security.Cryptography.IncrementalHash? hash)
    {
        if (source is null)
        {
            return;
        }

        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
            if (total > cap)
            {
                throw new UserInputException($"entry '{name}' of the export holds more than the {cap} bytes its header declares; nothing was imported.", tarball);
            }

            hash?.AppendData(buffer, 0, n);
            target.Write(buffer, 0, n);
        }
    }

    private static T ParseEntry<T>(byte[] bytes, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string tarball, string name)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw new UserInputException($"{name} in the export is empty; nothing was imported.", tarball);
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{name} in the export is damaged or truncated ({e.Message.Split(" Path:")[0]}); nothing was imported.", tarball, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }

    [GeneratedRegex(@"^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{6}/(manifest\.json|journal\.json|objects/[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryName();
}
