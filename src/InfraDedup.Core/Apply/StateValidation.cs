using InfraDedup.Core.Archive;
using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Apply;

/// <summary>
/// Validates journals and manifests when they are read, before anything is written: schema, operation id, every
/// path (relative, no '..', not in .infradedup/ or .git/), hashes, modes, link targets. The first problem is a
/// <see cref="UserInputException"/> naming the file.
/// </summary>
internal static class StateValidation
{
    public static void Validate(Journal journal, string file, string expectedOpId)
    {
        var problems = new List<string>();
        if (journal.Schema != Journal.SchemaId)
        {
            problems.Add($"unsupported journal schema '{journal.Schema}' (expected '{Journal.SchemaId}'); use the infradedup version that made it");
        }

        if (journal.OpId != expectedOpId)
        {
            problems.Add($"the journal names operation '{journal.OpId}' but its file is for '{expectedOpId}'");
        }

        if (!Hashing.IsSha256(journal.PlanSha256))
        {
            problems.Add("planSha256 is not a SHA-256");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < journal.Steps.Count; i++)
        {
            var step = journal.Steps[i];
            var where = $"step {i}";
            if (step is null)
            {
                problems.Add($"{where} is null");
                continue;
            }

            if (step.Index != i)
            {
                problems.Add($"{where} has index {step.Index}");
            }

            if (TreePath.Problem(step.Path) is { } pathProblem)
            {
                problems.Add($"{where}: {pathProblem}");
                continue;
            }

            if (!seen.Add(step.Path))
            {
                problems.Add($"{where}: '{step.Path}' appears in more than one step");
            }

            if (step.Before is null && step.After is null)
            {
                problems.Add($"{where} ({step.Path}) has neither a before nor an after state");
            }

            CheckRecord(step.Before, $"{where} ({step.Path}) before", problems);
            CheckRecord(step.After, $"{where} ({step.Path}) after", problems);
            foreach (var dir in step.CreatedDirectories ?? [])
            {
                if (TreePath.Problem(dir) is { } dirProblem || !step.Path.StartsWith(dir + "/", StringComparison.Ordinal))
                {
                    problems.Add($"{where}: created folder '{dir}' is not a parent of '{step.Path}'");
                }
            }
        }

        Throw(problems, file, "journal");
    }

    public static void Validate(ArchiveManifest manifest, string file, string expectedOpId)
    {
        var problems = new List<string>();
        if (manifest.Schema != ArchiveManifest.SchemaId)
        {
            problems.Add($"unsupported manifest schema '{manifest.Schema}' (expected '{ArchiveManifest.SchemaId}')");
        }

        if (manifest.OpId != expectedOpId)
        {
            problems.Add($"the manifest names operation '{manifest.OpId}' but its file is for '{expectedOpId}'");
        }

        if (!Hashing.IsSha256(manifest.PlanSha256))
        {
            problems.Add("planSha256 is not a SHA-256");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in manifest.Files)
        {
            if (entry is null)
            {
                problems.Add("a file entry is null");
                continue;
            }

            if (TreePath.Problem(entry.Path) is { } pathProblem)
            {
                problems.Add(pathProblem);
                continue;
            }

            if (!seen.Add(entry.Path))
            {
                problems.Add($"'{entry.Path}' is listed twice");
            }

            var record = entry.LinkTarget is null
                ? new FileRecord(EntryKind.File, entry.Sha256, entry.Size, entry.Mode)
                : new FileRecord(EntryKind.Symlink, entry.Sha256, entry.Size, entry.Mode, entry.LinkTarget);
            CheckRecord(record, $"'{entry.Path}'", problems);
        }

        Throw(problems, file, "archive manifest");
    }

    /// <summary>Checks a plan's action kinds against the before/after records apply derived (a programming guard).</summary>
    public static bool KindFits(PlanActionKind kind, FileRecord? before, FileRecord? after) => kind switch
    {
        PlanActionKind.Create => before is null && after is not null,
        PlanActionKind.Remove => before is not null && after is null,
        _ => before is not null && after is not null,
    };

    private static void CheckRecord(FileRecord? record, string where, List<string> problems)
    {
        if (record is null)
        {
            return;
        }

        if (record.Kind is not (EntryKind.File or EntryKind.Symlink))
        {
            problems.Add($"{where}: kind must be file or symlink, not {record.Kind}");
        }

        if (!Hashing.IsSha256(record.Sha256))
        {
            problems.Add($"{where}: '{record.Sha256}' is not a SHA-256 (64 lower-case hex digits)");
        }

        if (FileModes.Parse(record.Mode) is null)
        {
            problems.Add($"{where}: mode '{record.Mode}' is not an octal permission such as 0644");
        }

        if (record.Size < 0)
        {
            problems.Add($"{where}: negative size");
        }

        if (record.Kind == EntryKind.Symlink && (string.IsNullOrEmpty(record.LinkTarget) || record.LinkTarget.Contains('\0', StringComparison.Ordinal)))
        {
            problems.Add($"{where}: a symbolic link needs a target without NUL characters");
        }
    }

    private static void Throw(List<string> problems, string file, string what)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var more = problems.Count > 1 ? $" (and {problems.Count - 1} more problems)" : string.Empty;
        throw new UserInputException(
            $"the {what} is not valid: {problems[0]}{more}; nothing was changed. Restore it from an export ('infradedup archive import') or remove the operation's files by hand.",
            file);
    }
}
