using System.Security.Cryptography;
using System.Text;
using InfraDedup.Core.Sample;

namespace InfraDedup.Cli.Tests.Security;

/// <summary>
/// Issue 19, item 3: a sample monorepo whose service Dockerfiles bake in credentials (ARG PASSWORD, ENV
/// AWS_SECRET_ACCESS_KEY, LABEL token=ghp_…). No report any command writes shows one of the values: scan, similar
/// (every format, with --pairs), plan (tables, Markdown, summary.md), report (HTML, Markdown, before and after apply),
/// apply --dry-run (diffs, JSON) and validate (every format). The files apply must write byte for byte keep them, and
/// summary.md names those files.
/// </summary>
public class SecretsInReportsTests
{
    [Fact]
    public void No_report_shows_a_credential_value()
    {
        using var dir = new TempDir();
        var tree = Path.Join(dir.Path, "tree");
        SampleGenerator.Generate(new SampleOptions { OutputDirectory = tree, Services = 12, Seed = 7 });
        var secrets = Seed(tree);
        Assert.True(secrets.Count >= 9, "the sample should have services to seed");
        var outputs = new List<(string Name, string Text)>();
        void Run(string name, params string[] args)
        {
            var run = CliRun.Of(args);
            Assert.True(run.ExitCode is 0 or 1, $"{name}: exit {run.ExitCode}: {run.Error}");
            outputs.Add((name, run.Out + run.Console + run.Error));
        }

        void File(string name, string path) => outputs.Add((name, System.IO.File.ReadAllText(path)));

        foreach (var format in new[] { "table", "json", "markdown" })
        {
            Run("scan " + format, "scan", tree, "--format", format);
            Run("similar " + format, "similar", tree, "--format", format);
            Run("similar --pairs " + format, "similar", tree, "--pairs", "--format", format);
        }

        var planDir = Path.Join(dir.Path, "plan");
        Run("plan", "plan", tree, "--out", planDir);
        Run("plan markdown", "plan", tree, "--out", planDir, "--format", "markdown");
        File("summary.md", Path.Join(planDir, "summary.md"));
        Run("report", "report", tree, "--plan", Path.Join(planDir, "plan.json"), "--html", Path.Join(dir.Path, "r.html"), "--markdown", Path.Join(dir.Path, "r.md"));
        File("report.html", Path.Join(dir.Path, "r.html"));
        File("report.md", Path.Join(dir.Path, "r.md"));
        var plan = Path.Join(planDir, "plan.json");
        Run("apply --dry-run", "apply", tree, "--plan", plan, "--dry-run", "--allow-dirty");
        Run("apply --dry-run json", "apply", tree, "--plan", plan, "--dry-run", "--allow-dirty", "--format", "json");
        Run("apply", "apply", tree, "--plan", plan, "--yes", "--allow-dirty");
        foreach (var format in new[] { "table", "json", "markdown", "sarif" })
        {
            Run("validate " + format, "validate", tree, "--format", format);
        }

        Run("report after apply", "report", tree, "--html", Path.Join(dir.Path, "a.html"), "--markdown", Path.Join(dir.Path, "a.md"));
        File("report.html after apply", Path.Join(dir.Path, "a.html"));
        File("report.md after apply", Path.Join(dir.Path, "a.md"));
        Run("similar after apply", "similar", tree, "--format", "json");

        foreach (var (name, text) in outputs)
        {
            var leaked = secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).ToList();
            Assert.True(leaked.Count == 0, $"{name} shows {leaked.Count} credential values, e.g. {leaked.FirstOrDefault()}");
        }

        // The plan's own files carry them (apply writes them byte for byte), and summary.md says which files do.
        var planJson = System.IO.File.ReadAllText(plan);
        Assert.Contains(secrets, planJson.Contains);
        Assert.Contains("## Files that carry secret values", outputs.Single(o => o.Name == "summary.md").Text, StringComparison.Ordinal);
        Assert.Contains("***", outputs.Single(o => o.Name == "similar json").Text, StringComparison.Ordinal);
    }

    /// <summary>Adds three credentials, different per service, to every service Dockerfile; returns the values.</summary>
    private static List<string> Seed(string tree)
    {
        var values = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Join(tree, "services"), "Dockerfile", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file)));
            var password = "pwZ" + hash[..10];
            var aws = "awsZ" + hash[10..46];
            var token = "ghp_Z" + hash[..36];
            var text = System.IO.File.ReadAllText(file);
            var at = text.IndexOf("EXPOSE", StringComparison.Ordinal);
            Assert.True(at > 0, file);
            text = text[..at] + $"ARG PASSWORD={password}\nENV AWS_SECRET_ACCESS_KEY={aws}\nLABEL token={token}\n" + text[at..];
            System.IO.File.WriteAllText(file, text);
            values.AddRange([password, aws, token]);
        }

        return values;
    }
}
