using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Validation;

/// <summary>One build: a context folder and a Dockerfile on disk, args, target, and tags to give the image.</summary>
public sealed record ImageBuildInput(string Label, string ContextDirectory, string DockerfilePath, IReadOnlyDictionary<string, string> Args, string? Target, IReadOnlyList<string> Tags);

/// <summary>What validation reads of a built image.</summary>
public sealed record ImageSnapshot(ImageConfigSnapshot Config, ImageFilesystem Filesystem);

/// <summary>Builds and reads images (a real engine in <c>InfraDedup.Ops</c>; fakes in tests).</summary>
public interface IImageBuilder
{
    /// <summary>Builds and returns the image id; a failed build throws with the builder's message.</summary>
    Task<string> BuildAsync(ImageBuildInput input, CancellationToken cancellationToken);

    /// <summary>The config and final filesystem of a built image.</summary>
    Task<ImageSnapshot> ReadAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>Removes an image validation built (best effort).</summary>
    Task RemoveAsync(string imageId, CancellationToken cancellationToken);
}

/// <summary>Options of <see cref="BuildEquivalence.RunAsync"/>.</summary>
public sealed record BuildEquivalenceOptions
{
    /// <summary>Service pairs built at the same time.</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>
    /// Remove the images once every pair is compared. Not per pair: the classic builder reuses another build's
    /// intermediate images as cache, so removing one pair's images while another pair builds fails that build with
    /// "unknown parent image ID".
    /// </summary>
    public bool RemoveImages { get; init; } = true;

    /// <summary>How many differing paths a failed check lists.</summary>
    public int MaxDifferences { get; init; } = 5;
}

/// <summary>
/// Build equivalence: builds every service pair's original and consolidated form for real and compares image config
/// and final filesystem. Extracted base images are built first, in mapping order, tagged as the mapping says; pairs
/// then build with bounded parallelism. Originals build from a scratch copy of their context with the archived files
/// put back, so the user's tree is never written. A failed build is that service's check, never the whole run's end.
/// </summary>
public static class BuildEquivalence
{
    public static async Task<IReadOnlyList<ValidationCheck>> RunAsync(
        ValidationSubject subject,
        IImageBuilder builder,
        BuildEquivalenceOptions options,
        IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var scratchRoot = Path.Combine(Path.GetTempPath(), "infradedup-validate-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(scratchRoot);
        var built = new System.Collections.Concurrent.ConcurrentBag<string>();
        try
        {
            var checks = new List<ValidationCheck>();
            var total = subject.Pairs.Count + (subject.Pairs.Count > 0 ? subject.Mapping?.BaseImages.Count ?? 0 : 0);
            var done = 0;
            progress?.Report(new StageProgress("building images", 0, total));
            if (subject.Pairs.Count > 0)
            {
                foreach (var baseImage in subject.Mapping?.BaseImages ?? [])
                {
                    checks.AddRange(await BuildBaseAsync(subject, builder, baseImage, cancellationToken));
                    progress?.Report(new StageProgress("building images", Interlocked.Increment(ref done), total));
                }
            }

            var results = new ValidationCheck[subject.Pairs.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, subject.Pairs.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var scratch = Path.Combine(scratchRoot, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    results[i] = await ComparePairAsync(subject.Pairs[i], builder, options, scratch, built, token);
                    progress?.Report(new StageProgress("building images", Interlocked.Increment(ref done), total));
                });
            checks.AddRange(results);
            return checks;
        }
        finally
        {
            if (options.RemoveImages)
            {
                await RemoveAllAsync(builder, built);
            }

            TryDelete(scratchRoot);
        }
    }

    private static async Task RemoveAllAsync(IImageBuilder builder, IEnumerable<string> images)
    {
        foreach (var id in images.Distinct(StringComparer.Ordinal))
        {
            try
            {
                await builder.RemoveAsync(id, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // best effort: a leftover image is only disk space
            }
        }
    }

    /// <summary>A base image failing to build is reported once; the services on it then fail their own builds.</summary>
    private static async Task<IReadOnlyList<ValidationCheck>> BuildBaseAsync(ValidationSubject subject, IImageBuilder builder, Planning.BaseImageEntry baseImage, CancellationToken cancellationToken)
    {
        try
        {
            var (context, dockerfile) = subject.Current.PrepareBuild(baseImage.Context, baseImage.Dockerfile, string.Empty);
            var noArgs = new Dictionary<string, string>(StringComparer.Ordinal);
            await builder.BuildAsync(new ImageBuildInput("base " + baseImage.Name, context, dockerfile, noArgs, null, [baseImage.Tag]), cancellationToken);
            return [];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [new ValidationCheck(CheckKind.Build, null, null, CheckStatus.Error, $"base image {baseImage.Tag} did not build: {e.Message}", baseImage.Dockerfile)];
        }
    }

    private static async Task<ValidationCheck> ComparePairAsync(ServicePair pair, IImageBuilder builder, BuildEquivalenceOptions options, string scratch, System.Collections.Concurrent.ConcurrentBag<string> built, CancellationToken cancellationToken)
    {
        ValidationCheck Result(CheckStatus status, string detail) =>
            new(CheckKind.Build, pair.Service, pair.ComposeFile, status, detail, pair.DeclaredIn, pair.Line, pair.Column);

        try
        {
            Directory.CreateDirectory(scratch);
            var original = await BuildSideAsync(pair, pair.Original, "original", builder, Path.Combine(scratch, "original"), cancellationToken);
            if (original.Error is not null)
            {
                return Result(CheckStatus.Error, original.Error);
            }

            built.Add(original.Id!);
            var consolidated = await BuildSideAsync(pair, pair.Consolidated, "consolidated", builder, Path.Combine(scratch, "consolidated"), cancellationToken);
            if (consolidated.Error is not null)
            {
                return Result(CheckStatus.Fail, consolidated.Error);
            }

            built.Add(consolidated.Id!);
            var a = await builder.ReadAsync(original.Id!, cancellationToken);
            var b = original.Id == consolidated.Id ? a : await builder.ReadAsync(consolidated.Id!, cancellationToken);
            var config = ImageComparer.CompareConfigs(a.Config, b.Config);
            if (config.Count > 0)
            {
                return Result(CheckStatus.Fail, "image config differs: " + string.Join("; ", config));
            }

            var (paths, total) = ImageComparer.CompareFilesystems(a.Filesystem, b.Filesystem, options.MaxDifferences);
            if (total > 0)
            {
                var more = total > paths.Count ? $" (and {total - paths.Count} more)" : string.Empty;
                return Result(CheckStatus.Fail, $"filesystem differs at {total} paths: {string.Join("; ", paths)}{more}");
            }

            return Result(CheckStatus.Pass, $"equal images: config and {a.Filesystem.Entries.Count} filesystem entries{(original.Id == consolidated.Id ? " (the same image id)" : string.Empty)}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Result(CheckStatus.Error, $"could not compare the images: {e.Message}");
        }
    }

    private static async Task<(string? Id, string? Error)> BuildSideAsync(ServicePair pair, BuildSide side, string which, IImageBuilder builder, string scratch, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(scratch);
            var (context, dockerfile) = side.Tree.PrepareBuild(side.Context, side.Dockerfile, scratch);
            var id = await builder.BuildAsync(new ImageBuildInput($"{pair.DeclaredIn}:{pair.Service} ({which})", context, dockerfile, side.Args, side.Target, []), cancellationToken);
            return (id, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, $"the {which} build ({side.Dockerfile}) failed: {e.Message}");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: a leftover scratch folder in /tmp is harmless
        }
    }
}
