using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InfraDedup.Core.Archive;

namespace InfraDedup.Core.Apply;

/// <summary>
/// The tool's folder at the root of a tree, <c>.infradedup/</c>: <c>journal/</c>, <c>archive/</c>, <c>lock</c> and a
/// <c>.gitignore</c> that keeps all of it out of git.
/// </summary>
public sealed class StateFolder
{
    public StateFolder(string realRoot, DurableFs fs)
    {
        Root = realRoot;
        Fs = fs;
        Directory = Path.Join(realRoot, TreePath.StateFolder);
        Archive = new ArchiveStore(this);
    }

    /// <summary>The tree's root (absolute, links resolved).</summary>
    public string Root { get; }

    /// <summary><c>ROOT/.infradedup</c>.</summary>
    public string Directory { get; }

    public DurableFs Fs { get; }

    public ArchiveStore Archive { get; }

    public string JournalDirectory => Path.Join(Directory, "journal");

    public string LockPath => Path.Join(Directory, "lock");

    public string JournalPath(string opId) => Path.Join(JournalDirectory, opId + ".json");

    /// <summary>The append-only step log next to the journal: one line per step started.</summary>
    public string StepLogPath(string opId) => Path.Join(JournalDirectory, opId + ".log");

    /// <summary>Creates the folder (and its .gitignore) when missing.</summary>
    public void EnsureCreated()
    {
        if (new FileInfo(Directory).LinkTarget is not null)
        {
            throw new UserInputException($"{TreePath.StateFolder} is a symbolic link; the tool keeps its journal and archive only in a real folder there. Remove the link and run again.", Directory);
        }

        EnsureDirectory(Directory);
        var ignore = Path.Join(Directory, ".gitignore");
        if (!File.Exists(ignore))
        {
            Fs.WriteFile(ignore, ignore + ".tmp", "# written by infradedup: its journal, archive and lock stay out of git\n*\n"u8, (UnixFileMode)0b110_100_100);
        }

        Fs.Commit();
    }

    /// <summary>Creates a folder under the state folder and its missing parents, each durably.</summary>
    public void EnsureDirectory(string fullPath)
    {
        if (System.IO.Directory.Exists(fullPath))
        {
            return;
        }

        var parent = Path.GetDirectoryName(fullPath)!;
        if (!System.IO.Directory.Exists(parent))
        {
            EnsureDirectory(parent);
        }

        Fs.CreateDirectory(fullPath);
    }

    /// <summary>
    /// Durably writes the journal (atomic replace), after making every earlier change durable: the journal never
    /// claims more than the disk holds.
    /// </summary>
    public void WriteJournal(Journal journal)
    {
        EnsureDirectory(JournalDirectory);
        Fs.Commit();
        var path = JournalPath(journal.OpId);
        Fs.WriteFile(path, Path.Join(JournalDirectory, "." + journal.OpId + ".json.tmp"), Encoding.UTF8.GetBytes(ApplyJsonContext.Serialize(journal)), (UnixFileMode)0b110_100_100);
        Fs.Commit();
    }

    /// <summary>Durably records that a step is about to start, with the folders it will create.</summary>
    public void LogStepStarted(string opId, int index, IReadOnlyList<string>? createdDirectories)
    {
        var line = JsonSerializer.Serialize(new StepEvent(index, createdDirectories), ApplyJsonContext.Compact.StepEvent) + "\n";
        Fs.AppendLine(StepLogPath(opId), Encoding.UTF8.GetBytes(line));
    }

    /// <summary>Reads and validates a journal; a damaged one is a user error naming the file and position.</summary>
    public Journal ReadJournal(string opId)
    {
        var path = JournalPath(opId);
        if (!File.Exists(path))
        {
            throw new UserInputException($"there is no operation {opId} here; 'infradedup archive list' shows the operations there are.", path);
        }

        var journal = StateFiles.Read(path, ApplyJsonContext.Default.Journal, "journal");
        StateValidation.Validate(journal, path, opId);
        journal = FoldStepLog(journal);
        StateValidation.Validate(journal, path, opId);
        return journal;
    }

    /// <summary>
    /// Marks the steps the log says were started (a step whose start line is torn by a crash never began: its line is
    /// fsynced before the step touches anything). A damaged complete line is an error.
    /// </summary>
    private Journal FoldStepLog(Journal journal)
    {
        var path = StepLogPath(journal.OpId);
        if (journal.State != OperationState.Applying && journal.State != OperationState.RollingBack || !File.Exists(path))
        {
            return journal;
        }

        var steps = journal.Steps.ToArray();
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++) // the last piece has no newline: empty, or a torn line
        {
            StepEvent? entry;
            try
            {
                entry = JsonSerializer.Deserialize(lines[i], ApplyJsonContext.Default.StepEvent);
            }
            catch (JsonException e)
            {
                throw new UserInputException($"the step log is damaged ({e.Message.Split(" Path:")[0]}); nothing was changed.", path, i + 1, 1);
            }

            if (entry is null || entry.Started < 0 || entry.Started >= steps.Length)
            {
                throw new UserInputException($"the step log names a step that does not exist; nothing was changed.", path, i + 1, 1);
            }

            var step = steps[entry.Started];
            var dirs = (step.CreatedDirectories ?? []).Union(entry.CreatedDirectories ?? [], StringComparer.Ordinal).ToList();
            steps[entry.Started] = step with
            {
                State = step.State == StepState.Pending ? StepState.Started : step.State,
                CreatedDirectories = dirs.Count > 0 ? dirs : null,
            };
        }

        return journal with { Steps = steps };
    }

    /// <summary>Every operation with a journal, oldest first.</summary>
    public IReadOnlyList<string> JournalIds() => StateFiles.Ids(JournalDirectory);
}

/// <summary>Reading the tool's own JSON files with errors that name the file and position.</summary>
internal static class StateFiles
{
    public static T Read<T>(string path, JsonTypeInfo<T> type, string what)
        where T : class
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read the {what}: {IoErrors.Reason(e)}; nothing was changed.", path);
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type)
                ?? throw new UserInputException($"the {what} is empty (null); nothing was changed. Restore it from an export ('infradedup archive import').", path, 1, 1);
        }
        catch (JsonException e)
        {
            throw new UserInputException(
                $"the {what} is damaged or truncated ({e.Message.Split(" Path:")[0]}); nothing was changed. Restore it from an export ('infradedup archive import').",
                path,
                (int)(e.LineNumber ?? 0) + 1,
                (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }

    /// <summary>The operation ids of <c>&lt;op-id&gt;.json</c> files in a folder, sorted (= by time).</summary>
    public static IReadOnlyList<string> Ids(string directory) =>
        System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory, "*.json")
                .Select(f => Path.GetFileNameWithoutExtension(f))
                .Where(OperationId.IsValid)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
}
