using System.Globalization;
using InfraDedup.Ops.Common;

namespace InfraDedup.Ops.Maintain;

/// <summary>A backup (or any dated item) considered by the retention policy.</summary>
public sealed record RetentionItem(string Id, DateTimeOffset Created);

/// <summary>What prune kept (with the rules that kept each) and removed.</summary>
public sealed record PruneResult(bool DryRun, IReadOnlyList<PruneDecision> Decisions)
{
    /// <summary>Identifies the document type and version (<c>infradedup/maintain-prune@1</c>); see docs/json-output.md.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Schema { get; } = SchemaId;

    public const string SchemaId = "infradedup/maintain-prune@1";
}

public sealed record PruneDecision(string Path, string Kind, string Name, DateTimeOffset Created, bool Keep, string Reason);

/// <summary>
/// Retention: the newest <c>last</c> items, plus the newest item of each of the newest <c>daily</c> distinct
/// days (UTC) and of each of the newest <c>weekly</c> distinct ISO weeks. The newest item is always kept,
/// whatever the policy, so prune can never delete the only good backup.
/// </summary>
public static class Retention
{
    public static IReadOnlyDictionary<string, string> Keep(IEnumerable<RetentionItem> items, RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var ordered = items.OrderByDescending(i => i.Created).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var reasons = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(RetentionItem item, string why)
        {
            if (!reasons.TryGetValue(item.Id, out var list))
            {
                reasons[item.Id] = list = [];
            }

            list.Add(why);
        }

        for (var i = 0; i < ordered.Count && i < Math.Max(1, policy.KeepLast); i++)
        {
            Add(ordered[i], i < policy.KeepLast ? "last" : "newest");
        }

        var days = new HashSet<DateOnly>();
        var weeks = new HashSet<(int, int)>();
        foreach (var item in ordered)
        {
            var utc = item.Created.UtcDateTime;
            var day = DateOnly.FromDateTime(utc);
            if (days.Count < policy.KeepDaily && days.Add(day))
            {
                Add(item, "daily " + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            var week = (ISOWeek.GetYear(utc), ISOWeek.GetWeekOfYear(utc));
            if (weeks.Count < policy.KeepWeekly && weeks.Add(week))
            {
                Add(item, $"weekly {week.Item1.ToString(CultureInfo.InvariantCulture)}-W{week.Item2.ToString("00", CultureInfo.InvariantCulture)}");
            }
        }

        return reasons.ToDictionary(kv => kv.Key, kv => string.Join(", ", kv.Value), StringComparer.Ordinal);
    }

    /// <summary>Applies the policy to the backups in <paramref name="dir"/>, per kind and name; deletes the rest unless <paramref name="dryRun"/>.</summary>
    public static PruneResult Prune(string dir, RetentionPolicy policy, bool dryRun)
    {
        var backups = BackupManifest.Find(dir).Select(f => (Folder: f, Manifest: BackupManifest.Read(f))).ToList();
        var decisions = new List<PruneDecision>();
        foreach (var group in backups.GroupBy(b => (b.Manifest.Kind, b.Manifest.Name)).OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var keep = Keep(group.Select(b => new RetentionItem(b.Folder, b.Manifest.Created)), policy);
            foreach (var (folder, manifest) in group.OrderByDescending(b => b.Manifest.Created))
            {
                var kept = keep.TryGetValue(folder, out var why);
                decisions.Add(new PruneDecision(folder, manifest.Kind, manifest.Name, manifest.Created, kept, kept ? "kept: " + why : "outside the retention policy"));
                if (!kept && !dryRun)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        return new PruneResult(dryRun, decisions);
    }
}
