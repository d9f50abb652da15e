using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Dockerfiles.Semantics;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Planning;

/// <summary>The outcome of one proof: equal, or the first difference in words a user can check.</summary>
public sealed record ProofResult(bool Equivalent, string? Difference)
{
    public static ProofResult Equal { get; } = new(true, null);

    public static ProofResult Different(string why) => new(false, why);
}

/// <summary>
/// Proves that building a consolidated Dockerfile gives the same image as the original: the effective image specs
/// (config, every filesystem step with its context, base chain resolved) must be equal and free of errors, and no file
/// the plan removes or creates may be copied into the image by a directory or wildcard COPY/ADD of the same context
/// (unless <c>.dockerignore</c> excludes it). Shared by <c>plan</c> and <c>validate</c>.
/// </summary>
public static class EquivalenceProver
{
    public static ProofResult Prove(
        DockerfileDocument original,
        IReadOnlyDictionary<string, string> originalArgs,
        DockerfileDocument consolidated,
        IReadOnlyDictionary<string, string> consolidatedArgs,
        string? target,
        IBaseImageResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(consolidated);
        var before = EffectiveImage.Compute(original, originalArgs, target);
        if (before.HasErrors)
        {
            return ProofResult.Different("the original does not evaluate cleanly: " + before.Diagnostics.First(d => !d.IsWarning));
        }

        return Compare(before, EffectiveImage.Compute(consolidated, consolidatedArgs, target, resolver));
    }

    /// <summary>
    /// <see cref="Prove"/> on specs already computed (the same arguments, target and resolver on both sides): what it
    /// reports for them, without evaluating either document again.
    /// </summary>
    public static ProofResult Compare(EffectiveImageSpec before, EffectiveImageSpec after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.HasErrors)
        {
            return ProofResult.Different("the original does not evaluate cleanly: " + before.Diagnostics.First(d => !d.IsWarning));
        }

        if (after.HasErrors)
        {
            return ProofResult.Different("the consolidated form does not evaluate cleanly: " + after.Diagnostics.First(d => !d.IsWarning));
        }

        return SpecDiff.FirstDifference(before, after) is { } diff ? ProofResult.Different(diff.ToString()) : ProofResult.Equal;
    }

    /// <summary>
    /// Checks that none of <paramref name="changedPaths"/> (repository paths) reaches the image through the build
    /// context: a COPY/ADD source that is the context root, the path or a folder above it, or a wildcard pattern that
    /// matches the path or a folder above it (<see cref="ContextSourcePattern"/>, BuildKit's rules: <c>COPY docker-php-* ...</c>
    /// never reaches <c>Dockerfile</c>). Returns the first offending path and source, or null.
    /// </summary>
    public static string? ContextLeak(
        DockerfileDocument original, IReadOnlyDictionary<string, string> args, string? target, string context, DockerIgnore ignore, IEnumerable<string> changedPaths)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(ignore);
        var sources = EffectiveImage.ContextSources(original, args, target);
        foreach (var path in changedPaths)
        {
            if (!RepoPaths.IsUnder(path, context) && context.Length > 0)
            {
                continue;
            }

            var relative = context.Length == 0 ? path : path[(context.Length + 1)..];
            if (ignore.IsExcluded(relative))
            {
                continue;
            }

            foreach (var source in sources)
            {
                if (ContextSourcePattern.Copies(source, relative))
                {
                    return $"'{source}' copies {relative} from the build context into the image, and the plan changes that file";
                }
            }
        }

        return null;
    }
}
