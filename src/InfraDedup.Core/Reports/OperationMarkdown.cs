using System.Globalization;
using System.Text;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Archive;
using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Reports;

/// <summary>
/// The Markdown documents of the operation commands (apply, rollback, archive list and verify) and the summary lines
/// their tables share: beside the other commands' Markdown, so every document renderer is in Reports.
/// </summary>
public static class OperationMarkdown
{
    /// <summary>What an apply did, counted by kind of change.</summary>
    public static string ApplySummary(ApplyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return $"{result.Count(PlanActionKind.Create)} created, {result.Count(PlanActionKind.Replace)} replaced, {result.Count(PlanActionKind.Remove)} removed, {result.Count(PlanActionKind.Wrapper)} scripts wrapped";
    }

    public static string Apply(ApplyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.Append(result.DryRun ? "# infradedup apply (dry run)\n\n" : $"# infradedup apply {result.OpId}\n\n");
        text.Append(ApplySummary(result)).Append(".\n\n| step | action | path | outcome |\n|---:|---|---|---|\n");
        foreach (var step in result.Steps)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {step.Index} | {step.Kind.ToString().ToLowerInvariant()} | `{step.Path}` | {step.Outcome.ToString().ToLowerInvariant()} |\n");
        }

        foreach (var diff in result.Diffs.Where(d => d.Diff.Length > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {diff.Path}\n\n```diff\n{diff.Diff}```\n");
        }

        foreach (var note in result.Notes)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n> note: {note}\n");
        }

        return text.ToString();
    }

    public static string Rollback(RollbackResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder($"# infradedup rollback {result.OpId}\n\n");
        if (result.AlreadyRolledBack)
        {
            return text.Append("Already rolled back; nothing to do.\n").ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"{result.Verified} of {result.Files.Count} files verified.\n\n| path | outcome |\n|---|---|\n");
        foreach (var file in result.Files)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{file.Path}` | {file.Outcome.ToString().ToLowerInvariant()} |\n");
        }

        foreach (var mismatch in result.Mismatches)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n> not restored: {mismatch}\n");
        }

        return text.ToString();
    }

    public static string ArchiveList(ArchiveListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var text = new StringBuilder("# infradedup archive\n\n| operation | created | files | size | state |\n|---|---|---:|---:|---|\n");
        foreach (var op in listing.Operations)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {op.OpId} | {Time(op.Created)} | {op.Files} | {Bytes.Format(op.Bytes)} | {op.State} |\n");
        }

        return text.ToString();
    }

    /// <summary>One line per operation (ok or DAMAGED, with its problems), as <c>archive verify</c> prints it.</summary>
    public static string ArchiveVerifyText(ArchiveVerifyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        foreach (var op in result.Operations)
        {
            text.Append(op.Problems.Count == 0 ? $"ok       {op.OpId}: {op.Objects} objects intact\n" : $"DAMAGED  {op.OpId}: {op.Problems.Count} problems\n");
            foreach (var problem in op.Problems)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {problem}\n");
            }
        }

        if (result.Operations.Count == 0)
        {
            text.Append("The archive is empty.\n");
        }

        return text.ToString();
    }

    public static string ArchiveVerify(ArchiveVerifyResult result) => $"# infradedup archive verify\n\n```\n{ArchiveVerifyText(result)}```\n";

    /// <summary>A creation time as the archive commands show it (UTC, to the second).</summary>
    public static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
