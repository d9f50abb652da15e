using System.Text;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Planning;

/// <summary>
/// Writes a plan for review: <c>plan.json</c>, <c>service-mapping.json</c>, every proposed file under <c>files/</c>
/// at its repository path, and <c>summary.md</c>. The folder is replaced as a whole (written beside it, then renamed),
/// so a reader never sees half a plan. Only an empty folder or an earlier plan folder is ever replaced: anything else
/// given as <c>--out</c> (the repository itself, <c>docs/</c>, …) is refused, because replacing it would delete it.
/// The folder gets a <c>.gitignore</c> of <c>*</c>, so its proposed copies of compose files and Dockerfiles stay out
/// of git and out of later scans and validations of the tree it may sit in.
/// </summary>
public static class PlanWriter
{
    /// <summary>What a plan folder holds; a folder with anything else is not ours to replace.</summary>
    private static readonly HashSet<string> PlanFolderEntries = new(StringComparer.Ordinal)
    {
        "plan.json", "service-mapping.json", "summary.md", "files", ".gitignore",
    };

    /// <summary>
    /// Throws a <see cref="UserInputException"/> unless <paramref name="outDir"/> is absent, empty, or an earlier plan
    /// folder (it holds <c>plan.json</c> and nothing a plan does not write). Call it before planning, to fail fast.
    /// </summary>
    public static void CheckTarget(string outDir)
    {
        var full = Path.GetFullPath(outDir);
        if (File.Exists(full))
        {
            throw new UserInputException($"--out {outDir} is a file; give a folder for the plan (it is created if missing).", outDir);
        }

        if (!Directory.Exists(full))
        {
            return;
        }

        var entries = Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).ToList();
        var foreign = entries.FirstOrDefault(e => !PlanFolderEntries.Contains(e!));
        if (entries.Count > 0 && (foreign is not null || !entries.Contains("plan.json")))
        {
            var example = foreign ?? entries[0];
            throw new UserInputException(
                $"--out {outDir} already exists and is not a plan folder (it holds '{example}'); the plan replaces its folder as a whole, so give a new or empty folder, or an earlier plan's folder.",
                outDir);
        }
    }

    /// <remarks>
    /// plan.json, service-mapping.json and files/ are what apply writes, byte for byte, so they keep credential values
    /// the tree's Dockerfiles bake in; summary.md is for people: it masks them (<paramref name="redactor"/>) and lists the
    /// generated files that carry such values, so a reviewer knows which files must not be published.
    /// </remarks>
    /// <returns>The summary written and the generated files that carry secret values, for a caller that shows them too.</returns>
    public static WrittenPlan Write(string outDir, PlanResult result, Secrets.SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        CheckTarget(outDir);
        var timings = StageTimings.FromEnvironment();
        WrittenPlan? written = null;
        AtomicFile.ReplaceDirectory(outDir, staging =>
        {
            var utf8 = new UTF8Encoding(false);
            File.WriteAllText(Path.Combine(staging, ".gitignore"), "# written by infradedup plan: proposed files for review, not part of the tree\n*\n", utf8);
            // The plan's mapping file is the mapping as service-mapping.json holds it (both are the mapping serialised
            // once, by the stage that last changed it): its text is encoded once and written to both places.
            var mappingText = result.ProposedFiles.GetValueOrDefault(ServiceMapping.RepoPath);
            var files = result.ProposedFiles.Where(f => mappingText is null || f.Key != ServiceMapping.RepoPath).ToArray();

            // Every file of the staging folder is independent of the others and nothing is visible before the rename
            // above: the big documents and the proposed files (each batch making its own folders) are written on all
            // cores (same bytes in any order).
            var writes = new List<Action>
            {
                // Streamed: the plan of a large tree is tens of megabytes, held once as objects and never again as text.
                () => PlanJsonContext.WriteFile(Path.Combine(staging, "plan.json"), result.Plan),
                () =>
                {
                    if (mappingText is null)
                    {
                        PlanJsonContext.WriteFile(Path.Combine(staging, "service-mapping.json"), result.Mapping);
                        return;
                    }

                    var bytes = utf8.GetBytes(mappingText);
                    File.WriteAllBytes(Path.Combine(staging, "service-mapping.json"), bytes);
                    WriteFile(Path.Combine(staging, "files", ServiceMapping.RepoPath), bytes);
                },
                () =>
                {
                    written = Summarize(result.Plan, outDir, redactor);
                    File.WriteAllText(Path.Combine(staging, "summary.md"), written.Summary, utf8);
                },
            };
            const int FilesPerWrite = 64;
            for (var start = 0; start < files.Length; start += FilesPerWrite)
            {
                var batch = files.AsMemory(start, Math.Min(FilesPerWrite, files.Length - start));
                writes.Add(() => WriteFiles(Path.Combine(staging, "files"), batch.Span, utf8));
            }

            RunAll(writes);
        });
        timings.Mark("plan: write the plan folder");
        return written!;
    }

    /// <summary>
    /// Writes proposed files (in path order) under <paramref name="folder"/>, making their folders: a folder is made
    /// once per run of files in it (another batch may make the same folder at the same time, which is fine).
    /// </summary>
    private static void WriteFiles(string folder, ReadOnlySpan<KeyValuePair<string, string>> files, UTF8Encoding utf8)
    {
        string? made = null;
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(folder, path);
            var parent = Path.GetDirectoryName(full)!;
            if (parent != made)
            {
                Directory.CreateDirectory(parent);
                made = parent;
            }

            File.WriteAllText(full, content, utf8);
        }
    }

    private static void WriteFile(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Runs independent writes on all cores; the first failure is thrown as itself (e.g. an IOException for a full disk).</summary>
    private static void RunAll(List<Action> writes)
    {
        try
        {
            Parallel.ForEach(writes, write => write());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>The plan's Markdown summary, credential values masked, with a section naming the files that carry them.</summary>
    public static string SummaryFor(Plan plan, string outDir, Secrets.SecretRedactor? redactor) => Summarize(plan, outDir, redactor).Summary;

    /// <summary>The generated files (create actions) whose content holds a secret value of <paramref name="redactor"/>, with its keys, in plan order.</summary>
    public static IReadOnlyList<SecretCarrier> SecretCarriers(Plan plan, Secrets.SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(redactor);
        return [.. plan.Actions.Where(a => a.Content is not null)
            .Select(a => new SecretCarrier(a.Path, redactor.KeysIn(a.Content!)))
            .Where(c => c.Keys.Count > 0)];
    }

    private static WrittenPlan Summarize(Plan plan, string outDir, Secrets.SecretRedactor? redactor)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var summary = Reports.PlanMarkdown.Render(plan, outDir);
        if (redactor is null)
        {
            return new WrittenPlan(summary, []);
        }

        var carriers = SecretCarriers(plan, redactor);
        var sb = new StringBuilder(redactor.Redact(summary));
        if (carriers.Count > 0)
        {
            sb.Append("\n## Files that carry secret values\n\n");
            sb.Append("These files keep the literal values of credentials the Dockerfiles bake in (the images must stay byte-identical), as do plan.json, service-mapping.json and files/. Do not publish them; move the secrets to build secrets or runtime configuration (`infradedup lint`, rule ID1001). Reports show the values masked.\n\n| file | keys |\n|---|---|\n");
            foreach (var (path, keys) in carriers)
            {
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {path} | {string.Join(", ", keys)} |\n");
            }
        }

        return new WrittenPlan(sb.ToString(), carriers);
    }
}

/// <summary>What <see cref="PlanWriter.Write"/> wrote for people: summary.md's text and the generated files that carry secret values.</summary>
public sealed record WrittenPlan(string Summary, IReadOnlyList<SecretCarrier> SecretCarriers);

/// <summary>A generated file whose content holds secret values, and the keys of those values (sorted).</summary>
public sealed record SecretCarrier(string Path, IReadOnlyList<string> Keys);
