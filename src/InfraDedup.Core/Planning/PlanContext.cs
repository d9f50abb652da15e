using System.Globalization;
using System.Text;
using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Planning;

/// <summary>A shared Dockerfile the build-args strategy proved, with the family it came from and its file name.</summary>
internal sealed record SharedGroup(Family Family, string Name, SharedDockerfile Shared);

/// <summary>
/// What every stage of one planning run reads and records: the scan, the compose build configurations, parsed
/// Dockerfiles (each read once), the input hashes the plan depends on, the members left alone and the names taken.
/// </summary>
internal sealed class PlanContext
{
    private readonly Dictionary<string, (byte[] Bytes, DockerfileDocument Doc)> _dockerfiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reservedPaths = new(StringComparer.Ordinal);

    public PlanContext(ScanReport scan, PlanOptions options)
    {
        Scan = scan;
        Options = options;
        Files = scan.Inventory.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        Configs = BuildConfigurations.Collect(scan.References?.ComposeFiles ?? []);
    }

    public ScanReport Scan { get; }

    public PlanOptions Options { get; }

    /// <summary>Every inventoried file by repository path.</summary>
    public Dictionary<string, RepoFile> Files { get; }

    /// <summary>The compose build configurations of every Dockerfile a compose service builds.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<BuildConfiguration>> Configs { get; }

    /// <summary>
    /// The compose build configurations of a Dockerfile, or, when no compose service builds it, the build its proofs
    /// assume: its own folder as context, no args, the last stage.
    /// </summary>
    public IReadOnlyList<BuildConfiguration> ConfigsOrOwnFolder(string dockerfile) =>
        Configs.TryGetValue(dockerfile, out var configs) && configs.Count > 0
            ? configs
            : [new BuildConfiguration(string.Empty, string.Empty, RepoPaths.DirectoryOf(dockerfile), dockerfile, Dockerfiles.Semantics.EffectiveImage.NoArgs, null, null)];

    public ReferenceIndex References => Scan.References!;

    /// <summary>Input path → SHA-256 it had when read; apply refuses when one differs.</summary>
    public SortedDictionary<string, string> Inputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Members no strategy consolidated, with the reason (the last reason per path wins).</summary>
    public List<LeftAlone> LeftAlone { get; } = [];

    public List<FamilyDecision> Decisions { get; } = [];

    public string Project => Options.Project ?? SharedDockerfileSynthesizer.ArgName(Path.GetFileName(Scan.Root.TrimEnd('/'))).ToLowerInvariant().Replace('_', '-');

    /// <summary>How the reason of a Dockerfile BuildKit rejects starts (see <see cref="Invalid"/>).</summary>
    public const string InvalidReason = "invalid Dockerfile, BuildKit rejects it";

    /// <summary>Why BuildKit rejects the Dockerfile at <paramref name="path"/> (with file:line:col), or null when it accepts it.</summary>
    public string? Invalid(string path)
    {
        // Every stage asks; a Dockerfile is read and parsed once per run, so its answer never changes.
        if (!_invalid.TryGetValue(path, out var why))
        {
            why = InstructionChecks.FirstError(Load(path).Doc) is { } error ? $"{InvalidReason}: {path}:{error.Line}:{error.Column}: {error.Message}; fix it first" : null;
            _invalid[path] = why;
        }

        return why;
    }

    private readonly Dictionary<string, string?> _invalid = new(StringComparer.Ordinal);

    /// <summary>As <see cref="Invalid"/>, but null when the file cannot be read (the scan lists it as skipped).</summary>
    public string? InvalidOrUnreadable(string path)
    {
        try
        {
            return Files.ContainsKey(path) ? Invalid(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The bytes and parse of a Dockerfile, read once per run.</summary>
    public (byte[] Bytes, DockerfileDocument Doc) Load(string path)
    {
        if (!_dockerfiles.TryGetValue(path, out var entry))
        {
            var bytes = FileReads.ReadAllBytes(Files[path].FullPath);
            entry = (bytes, DockerfileParser.Parse(bytes, path));
            _dockerfiles[path] = entry;
        }

        return entry;
    }

    public bool IsLoaded(string path) => _dockerfiles.ContainsKey(path);

    /// <summary>
    /// The parsed Dockerfiles whose bytes are valid UTF-8 without a byte-order mark: parsed from exactly the text
    /// <see cref="File.ReadAllText(string)"/> returns (it drops a byte-order mark, and replaces invalid bytes where the
    /// parse reads Latin-1), so a reader of that text may take the parse instead.
    /// </summary>
    public IReadOnlyDictionary<string, DockerfileDocument> ParsedAsText() =>
        _dockerfiles
            .Where(d => !d.Value.Bytes.AsSpan().StartsWith("\uFEFF"u8) && System.Text.Unicode.Utf8.IsValid(d.Value.Bytes))
            .ToDictionary(d => d.Key, d => d.Value.Doc, StringComparer.Ordinal);

    /// <summary>
    /// Reads and parses every inventoried Dockerfile up front, on all cores: every stage loads them one by one in its
    /// own order, and each read and parse depends on the file alone. Only successes are kept; a file that cannot be
    /// read is read again (and reported) when a stage loads it, as before.
    /// </summary>
    public void Preload(CancellationToken cancellationToken)
    {
        var paths = Scan.Inventory.Where(f => f.Kind == FileKind.Dockerfile && !_dockerfiles.ContainsKey(f.RelativePath)).Select(f => f.RelativePath).ToArray();
        var loaded = new (byte[] Bytes, DockerfileDocument Doc)?[paths.Length];
        Parallel.For(0, paths.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try
            {
                var bytes = FileReads.ReadAllBytes(Files[paths[i]].FullPath);
                loaded[i] = (bytes, DockerfileParser.Parse(bytes, paths[i]));
            }
            catch (Exception e) when (FileReads.IsReadFailure(e))
            {
                // left to Load, which reports it where a stage asks for the file
            }
        });
        for (var i = 0; i < paths.Length; i++)
        {
            if (loaded[i] is { } entry)
            {
                _dockerfiles[paths[i]] = entry;
            }
        }
    }

    public void RecordInput(string path)
    {
        if (!Inputs.ContainsKey(path))
        {
            Inputs[path] = _dockerfiles.TryGetValue(path, out var d) ? Planner.Sha256(d.Bytes) : Planner.Sha256(FileReads.ReadAllBytes(Files[path].FullPath));
        }
    }

    /// <summary>Records an input whose bytes the caller has just read and hashed (the first record of a path wins, as above).</summary>
    public void RecordInput(string path, string sha256) => Inputs.TryAdd(path, sha256);

    /// <summary>Reads a member before planning; an unreadable or vanished one is left alone with the reason instead of failing the plan.</summary>
    public bool TryLoad(string path)
    {
        try
        {
            Load(path);
            return true;
        }
        catch (Exception e) when (FileReads.IsReadFailure(e))
        {
            LeftAlone.Add(new LeftAlone(path, "skipped: " + FileReads.Describe(e)));
            _skippedWhilePlanning.Add($"{path}: {FileReads.Describe(e)}");
            return false;
        }
    }

    /// <summary>Records a file about to be removed as an input; an unreadable one is not removed.</summary>
    public bool TryRecordInput(string path)
    {
        try
        {
            RecordInput(path);
            return true;
        }
        catch (Exception e) when (FileReads.IsReadFailure(e))
        {
            _skippedWhilePlanning.Add($"{path}: {FileReads.Describe(e)} (not removed)");
            return false;
        }
    }

    private readonly List<string> _skippedWhilePlanning = [];

    /// <summary>What the user must know about this plan: incomplete reference analysis, files skipped while planning.</summary>
    public List<string> Warnings()
    {
        var warnings = new List<string>();
        if (!Scan.DeadFilesComplete)
        {
            var first = Scan.IncompleteReferenceSources[0];
            var more = Scan.IncompleteReferenceSources.Count > 1 ? $" (and {Scan.IncompleteReferenceSources.Count - 1} more, listed in plan.json)" : string.Empty;
            warnings.Add($"reference analysis incomplete: {first.Path}: {first.Reason}{more}; nothing is removed as dead until it can be read");
        }

        warnings.AddRange(_skippedWhilePlanning.Distinct(StringComparer.Ordinal).Select(s => "skipped while planning: " + s));
        return warnings;
    }

    /// <summary>A create action; refuses (as a user error) to overwrite a file that exists.</summary>
    public PlanAction Create(string path, string content, string reason)
    {
        if (Files.ContainsKey(path))
        {
            throw new UserInputException($"the plan would create {path}, which already exists; move it away or choose another --out layout", path);
        }

        return new PlanAction { Kind = PlanActionKind.Create, Path = path, Content = content, Sha256 = Planner.Sha256(content), Mode = "0644", Reason = reason };
    }

    /// <summary>A name not used yet in this run whose shared Dockerfile path does not exist ("name", "name-2", ...).</summary>
    public string UniqueName(string name)
    {
        var candidate = name;
        for (var n = 2; !_reservedPaths.Add(candidate) || Files.ContainsKey(Planner.SharedFolderPath(candidate)); n++)
        {
            candidate = name + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>Whether <see cref="UniqueName"/> has handed out <paramref name="name"/> in this run.</summary>
    public bool IsNameTaken(string name) => _reservedPaths.Contains(name);

    /// <summary>A regular file's bytes, or null for missing files, symlinks and files that are not UTF-8 (plan contents are text).</summary>
    public byte[]? ReadRepoFile(string path)
    {
        if (!Files.TryGetValue(path, out var f) || new FileInfo(f.FullPath).LinkTarget is not null)
        {
            return null;
        }

        // Validated without decoding: a strict decode would allocate the whole text only to throw it away.
        var bytes = File.ReadAllBytes(f.FullPath);
        return System.Text.Unicode.Utf8.IsValid(bytes) ? bytes : null;
    }

    /// <summary>The union of two arg sets; the second wins on equal names.</summary>
    public static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        var result = new Dictionary<string, string>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
        {
            result[k] = v;
        }

        return result;
    }
}
