namespace InfraDedup.Ops.Docker;

/// <summary>Image reference helpers: <c>repo[:tag][@digest]</c>, with Docker Hub's implicit parts.</summary>
public static class ImageReference
{
    /// <summary>Splits <c>repo:tag</c>; the tag defaults to <c>latest</c>. A colon in a registry host (<c>host:5000/x</c>) is not a tag.</summary>
    public static (string Repository, string Tag) SplitTag(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? reference[..at] : reference;
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? (name[..colon], name[(colon + 1)..]) : (name, "latest");
    }

    /// <summary>A canonical form for comparing references: explicit tag, no <c>docker.io/</c> or <c>library/</c> prefix.</summary>
    public static string Normalize(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Contains('@', StringComparison.Ordinal))
        {
            return reference;
        }

        var (repo, tag) = SplitTag(reference.Trim());
        foreach (var prefix in new[] { "docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/", "library/" })
        {
            if (repo.StartsWith(prefix, StringComparison.Ordinal))
            {
                repo = repo[prefix.Length..];
                break;
            }
        }

        return $"{repo.ToLowerInvariant()}:{tag}";
    }
}
