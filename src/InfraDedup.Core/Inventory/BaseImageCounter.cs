using System.Collections.Concurrent;
using System.Text;

namespace InfraDedup.Core.Inventory;

/// <summary>
/// Counts the images Dockerfiles build FROM. Each Dockerfile counts once per distinct external image;
/// references to an earlier stage (<c>FROM build</c>) are not images.
/// </summary>
internal static class BaseImageCounter
{
    public static IReadOnlyList<BaseImageCount> Count(IEnumerable<RepoFile> dockerfiles, ConcurrentBag<SkippedEntry> skipped)
    {
        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Parallel.ForEach(dockerfiles, file =>
        {
            string text;
            try
            {
                text = File.ReadAllText(file.FullPath, Encoding.UTF8);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SkippedEntry(file.RelativePath, ExactDuplicateFinder.Describe(e)));
                return;
            }

            foreach (var image in ExternalImages(text))
            {
                counts.AddOrUpdate(image, 1, (_, n) => n + 1);
            }
        });

        return counts
            .Select(kv => new BaseImageCount(kv.Key, kv.Value))
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.Image, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Distinct external images named by FROM lines, in order of appearance.</summary>
    internal static IEnumerable<string> ExternalImages(string dockerfile)
    {
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var images = new List<string>();
        foreach (var raw in dockerfile.Split('\n'))
        {
            var words = raw.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || !words[0].Equals("FROM", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = words.Skip(1).SkipWhile(w => w.StartsWith("--", StringComparison.Ordinal)).ToArray();
            if (rest.Length == 0)
            {
                continue;
            }

            // A stage can only refer to stages declared before it, so check before adding this alias.
            var image = rest[0];
            if (!stages.Contains(image) && !images.Contains(image))
            {
                images.Add(image);
            }

            if (rest.Length >= 3 && rest[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
            {
                stages.Add(rest[2]);
            }
        }

        return images;
    }
}
