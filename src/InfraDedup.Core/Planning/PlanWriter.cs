using System.Text;

namespace InfraDedup.Core.Planning;

/// <summary>
/// Writes a plan for review: <c>plan.json</c>, <c>service-mapping.json</c>, every proposed file under <c>files/</c>
/// at its repository path, and <c>summary.md</c>. The folder is replaced as a whole (written beside it, then renamed),
/// so a reader never sees half a plan.
/// </summary>
public static class PlanWriter
{
    public static void Write(string outDir, PlanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var full = Path.GetFullPath(outDir);
        var staging = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, true);
        }

        Directory.CreateDirectory(staging);
        var utf8 = new UTF8Encoding(false);
        File.WriteAllText(Path.Combine(staging, "plan.json"), PlanJsonContext.Serialize(result.Plan), utf8);
        File.WriteAllText(Path.Combine(staging, "service-mapping.json"), PlanJsonContext.Serialize(result.Mapping), utf8);
        File.WriteAllText(Path.Combine(staging, "summary.md"), Reports.PlanMarkdown.Render(result.Plan, outDir), utf8);
        foreach (var (path, content) in result.ProposedFiles)
        {
            var target = Path.Combine(staging, "files", path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, content, utf8);
        }

        if (Directory.Exists(full))
        {
            var old = full + ".old-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Directory.Move(full, old);
            Directory.Move(staging, full);
            Directory.Delete(old, true);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            Directory.Move(staging, full);
        }
    }
}
