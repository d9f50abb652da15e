using System.Text;
using InfraDedup.Core.Compose;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Inventory;
using InfraDedup.Core.References;
using InfraDedup.Core.Similarity;

namespace InfraDedup.Core.Planning;

/// <summary>Readable names for families, used for shared Dockerfiles and templates.</summary>
internal static class FamilyNaming
{
    /// <summary>
    /// A readable family name: the affix the members' folder names share ("agent" for <c>*-agent</c>), then the base
    /// image ("python-3.11-slim"), e.g. <c>agent-python-3.11-slim</c>.
    /// </summary>
    public static string Name(PlanContext context, Family family)
    {
        var baseImage = context.IsLoaded(family.Medoid) || context.Files.ContainsKey(family.Medoid)
            ? context.Load(family.Medoid).Doc.Instructions.OfType<FromInstruction>().LastOrDefault()?.Image ?? string.Empty
            : string.Empty;
        return Name(family.Paths, baseImage);
    }

    /// <summary>The name for members at <paramref name="paths"/> whose (last) base image is <paramref name="baseImage"/>.</summary>
    public static string Name(IEnumerable<string> paths, string baseImage)
    {
        var folders = paths.Select(p => RepoPaths.NameOf(RepoPaths.DirectoryOf(p))).ToList();
        var words = folders.Select(f => f.Split('-', '_', '.')).ToList();
        var affix = CommonSuffix(words) is { Length: > 0 } s ? s : CommonPrefix(words);
        var image = Slug(baseImage[(baseImage.LastIndexOf('/') + 1)..].Replace(':', '-'));
        var name = string.Join('-', new[] { Slug(affix), image }.Where(x => x.Length > 0));
        return name.Length == 0 ? "family" : name;
    }

    private static string CommonSuffix(List<string[]> words)
    {
        var parts = new List<string>();
        for (var i = 1; words.All(w => w.Length >= i) && words.Select(w => w[^i]).Distinct(StringComparer.Ordinal).Count() == 1; i++)
        {
            parts.Insert(0, words[0][^i]);
        }

        return parts.Count == words.Min(w => w.Length) ? string.Empty : string.Join('-', parts);
    }

    private static string CommonPrefix(List<string[]> words)
    {
        var parts = new List<string>();
        for (var i = 0; words.All(w => w.Length > i) && words.Select(w => w[i]).Distinct(StringComparer.Ordinal).Count() == 1; i++)
        {
            parts.Add(words[0][i]);
        }

        return parts.Count == words.Min(w => w.Length) ? string.Empty : string.Join('-', parts);
    }

    private static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '.' ? c : '-');
        }

        return sb.ToString().Trim('-', '.');
    }
}
