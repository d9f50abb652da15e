using System.Text;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Reports;

/// <summary>
/// The number of exact-duplicate groups on the other side of an operation, from the groups of the tree as it is now
/// and the files the operation changes: a changed path leaves its group, its other-side content (null: absent) joins
/// the group of its SHA-256, and a file of the tree that is in no group now is hashed only when it has the size of
/// some changed content (the only way it can join a group). Empty files are never duplicates (as in the scan).
/// </summary>
public static class DuplicateGroupsOtherSide
{
    /// <summary>The groups on the other side of <paramref name="changes"/> (path → its bytes there, null when the path is absent there).</summary>
    public static int Count(ScanReport scan, IReadOnlyList<(string Path, byte[]? Content)> changes)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(changes);
        var changed = changes.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string sha) => counts[sha] = counts.GetValueOrDefault(sha) + 1;

        var grouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in scan.ExactDuplicates)
        {
            foreach (var path in group.Paths)
            {
                grouped.Add(path);
                if (!changed.Contains(path))
                {
                    Add(group.Sha256.ToLowerInvariant());
                }
            }
        }

        var sizes = new HashSet<long>();
        foreach (var (_, content) in changes)
        {
            if (content is { Length: > 0 })
            {
                sizes.Add(content.Length);
                Add(Apply.Hashing.Sha256(content));
            }
        }

        foreach (var file in scan.Inventory.Where(f => sizes.Contains(f.Size) && !grouped.Contains(f.RelativePath) && !changed.Contains(f.RelativePath)))
        {
            if (Hash(file.FullPath) is { } sha)
            {
                Add(sha);
            }
        }

        return counts.Values.Count(n => n > 1);
    }

    /// <summary>The changes a plan makes: its new content for creates, replacements and wrappers, nothing for removals.</summary>
    public static List<(string Path, byte[]? Content)> PlannedChanges(Planning.Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.Actions
            .GroupBy(a => a.Path, StringComparer.Ordinal)
            .Select(g => g.Last())
            .Select(a => (a.Path, a.Kind == Planning.PlanActionKind.Remove || a.Content is null ? null : Encoding.UTF8.GetBytes(a.Content)))];
    }

    private static string? Hash(string fullPath)
    {
        try
        {
            using var stream = File.OpenRead(fullPath);
            return Apply.Hashing.Sha256(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable now: the scan could not group it either
        }
    }
}
