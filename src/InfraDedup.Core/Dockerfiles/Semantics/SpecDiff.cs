namespace InfraDedup.Core.Dockerfiles.Semantics;

/// <summary>The first difference between two specs: a step index or config key, both values readable, and where each came from.</summary>
public sealed record SpecDifference(string Key, string Left, string Right, SourceRef? LeftOrigin, SourceRef? RightOrigin)
{
    public override string ToString() =>
        $"{Key}:\n  left:  {Left}{(LeftOrigin is null ? string.Empty : "\n         (" + LeftOrigin + ")")}\n  right: {Right}{(RightOrigin is null ? string.Empty : "\n         (" + RightOrigin + ")")}";
}

/// <summary>Finds the first difference between effective specs (root image, then steps in order, then config keys).</summary>
public static class SpecDiff
{
    private const string None = "(none)";

    public static SpecDifference? FirstDifference(EffectiveImageSpec a, EffectiveImageSpec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.HasErrors != b.HasErrors)
        {
            static string Errs(EffectiveImageSpec s) => s.HasErrors ? string.Join("; ", s.Diagnostics.Where(d => !d.IsWarning)) : "no errors";
            return new SpecDifference("Errors", Errs(a), Errs(b), null, null);
        }

        return FirstDifference(a.Target, b.Target);
    }

    public static SpecDifference? FirstDifference(StageSpec a, StageSpec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Equals(b))
        {
            return null;
        }

        if (a.BaseImage != b.BaseImage)
        {
            return new SpecDifference("BaseImage", a.BaseImage, b.BaseImage, a.Origin, b.Origin);
        }

        if (a.Platform != b.Platform)
        {
            return new SpecDifference("Platform", a.Platform ?? None, b.Platform ?? None, a.Origin, b.Origin);
        }

        for (var i = 0; i < Math.Max(a.Steps.Count, b.Steps.Count); i++)
        {
            var sa = i < a.Steps.Count ? a.Steps[i] : null;
            var sb = i < b.Steps.Count ? b.Steps[i] : null;
            if (sa is not null && sa.Equals(sb))
            {
                continue;
            }

            var key = $"Steps[{i}]";
            if (sa?.From?.Stage is { } fa && sb?.From?.Stage is { } fb && sa with { From = null } == sb with { From = null }
                && FirstDifference(fa, fb) is { } nested)
            {
                return new SpecDifference($"{key} --from {nested.Key}", nested.Left, nested.Right, nested.LeftOrigin ?? sa.Origin, nested.RightOrigin ?? sb.Origin);
            }

            return new SpecDifference(key, sa?.Describe() ?? None, sb?.Describe() ?? None, sa?.Origin, sb?.Origin);
        }

        var left = a.Config.Entries().ToList();
        var right = b.Config.Entries().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var leftKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in left)
        {
            leftKeys.Add(key);
            var other = right.TryGetValue(key, out var r) ? r : None;
            if (other != value)
            {
                return Config(key, value, other, a, b);
            }
        }

        foreach (var (key, value) in b.Config.Entries())
        {
            if (!leftKeys.Contains(key))
            {
                return Config(key, None, value, a, b);
            }
        }

        return new SpecDifference("Config", a.Config.ToString(), b.Config.ToString(), a.Origin, b.Origin);
    }

    private static SpecDifference Config(string key, string left, string right, StageSpec a, StageSpec b) =>
        new(key, left, right, Origin(a, key), Origin(b, key));

    private static SourceRef? Origin(StageSpec s, string key) =>
        s.ConfigOrigins.TryGetValue(key, out var o) ? o : null;
}
