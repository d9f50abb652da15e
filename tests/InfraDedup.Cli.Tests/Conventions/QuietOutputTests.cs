using System.Text.RegularExpressions;
using InfraDedup.Cli.Tests.Commands;

namespace InfraDedup.Cli.Tests.Conventions;

/// <summary>
/// docs/cli.md: <c>-q</c> prints only errors and the final (summary) line. Every command that prints something for
/// people is run twice on the same kind of input, without and with <c>-q</c>: the quiet run may print at most one
/// line besides errors and warnings, and that line is one the normal run prints too. (deploy and monitor need a
/// Docker engine and are left out; their views go through the same writer.)
/// </summary>
public sealed partial class QuietOutputTests
{
    private const string Dockerfile = "FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 10001\nCMD [\"app\"]\n";

    public static TheoryData<string> Commands =>
    [
        "scan", "similar", "scripts", "plan", "apply", "apply --dry-run", "rollback", "rollback --dry-run", "validate",
        "lint", "archive list", "archive verify", "generate", "generate --check", "report", "sample", "demo",
        "maintain prune", "maintain cleanup", "maintain disk-usage",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Quiet_prints_at_most_the_summary_line_besides_errors(string command)
    {
        var normal = Run(command, quiet: false);
        var quiet = Run(command, quiet: true);

        Assert.Equal(normal.ExitCode, quiet.ExitCode);
        var kept = quiet.Lines.Where(l => !l.StartsWith("error: ", StringComparison.Ordinal) && !l.StartsWith("warning: ", StringComparison.Ordinal)).ToList();
        Assert.True(kept.Count <= 1, $"'{command} -q' printed {kept.Count} lines:\n{string.Join('\n', kept)}");
        if (kept.Count == 1)
        {
            Assert.Contains(kept[0], normal.Lines);
        }
    }

    /// <summary>Runs one case on fresh input; the lines of everything it printed, with the parts that differ between runs masked.</summary>
    private static (int ExitCode, List<string> Lines) Run(string command, bool quiet)
    {
        using var dir = new TempDir();
        using var tree = new ApplyTestTree();
        string[] q = quiet ? ["-q"] : [];
        var root = tree.Root;
        CliRun Applied(params string[] args)
        {
            Assert.Equal(0, CliRun.Of("apply", root, "--plan", tree.PlanPath, "--yes", "--allow-dirty", "-q").ExitCode);
            return CliRun.Of([.. args, .. q]);
        }

        var run = command switch
        {
            "scan" or "similar" or "scripts" or "lint" or "report" => Tree(dir, command),
            "plan" => Sampled(dir, s => CliRun.Of(["plan", s, "--out-dir", Path.Combine(dir.Path, "plan"), .. q])),
            "apply" => CliRun.Of(["apply", root, "--plan", tree.PlanPath, "--yes", "--allow-dirty", .. q]),
            "apply --dry-run" => CliRun.Of(["apply", root, "--plan", tree.PlanPath, "--dry-run", .. q]),
            "rollback" => Applied("rollback", root, "--last"),
            "rollback --dry-run" => Applied("rollback", root, "--last", "--dry-run"),
            // A consolidation that validates (the hand-made test plan does not): failed checks would be kept by -q.
            "validate" => Sampled(dir, s =>
            {
                Assert.Equal(0, CliRun.Of("plan", s, "-q").ExitCode);
                Assert.Equal(0, CliRun.Of("apply", s, "--plan", Path.Combine(s, ".infradedup", "plan", "plan.json"), "--yes", "--allow-dirty", "-q").ExitCode);
                return CliRun.Of(["validate", s, .. q]);
            }),
            "archive list" => Applied("archive", "list", root),
            "archive verify" => Applied("archive", "verify", "--root", root),
            "generate" or "generate --check" => Generated(command == "generate --check"),
            "sample" => CliRun.Of(["sample", "--out-dir", Path.Combine(dir.Path, "sample"), "--services", "5", .. q]),
            "demo" => CliRun.Of(["demo", "--services", "5", .. q]),
            "maintain prune" => CliRun.Of(["maintain", "prune", dir.Path, "--dry-run", .. q]),
            "maintain cleanup" => CliRun.Of(["maintain", "cleanup", dir.Path, "--dry-run", .. q]),
            "maintain disk-usage" => CliRun.Of(["maintain", "disk-usage", dir.Path, .. q]),
            _ => throw new ArgumentException(command),
        };
        var text = (run.Out + run.Console + run.Error).Replace(root, "<root>", StringComparison.Ordinal).Replace(dir.Path, "<dir>", StringComparison.Ordinal);
        text = Masked().Replace(text, "<varies>");
        if (command == "maintain disk-usage")
        {
            // The engine's images and volumes change while other test classes build and remove theirs.
            text = Number().Replace(text, "#");
        }

        return (run.ExitCode, [.. text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0)]);

        CliRun Tree(TempDir d, string name)
        {
            d.Write("svc/a/Dockerfile", Dockerfile);
            d.Write("svc/b/Dockerfile", Dockerfile.Replace("curl", "wget", StringComparison.Ordinal));
            d.Write("scripts/deploy.sh", "#!/bin/sh\ndocker compose up -d\n");
            return name switch
            {
                // A finding below the failure threshold: shown normally, left out by -q (it does not fail the run).
                "lint" => CliRun.Of(["lint", d.Path, "--failure-threshold", "error", .. q]),
                "report" => CliRun.Of(["report", d.Path, "--markdown", Path.Combine(d.Path, "report.md"), .. q]),
                _ => CliRun.Of([name, d.Path, .. q]),
            };
        }

        CliRun Sampled(TempDir d, Func<string, CliRun> then)
        {
            var sample = Path.Combine(d.Path, "sample");
            Assert.Equal(0, CliRun.Of("sample", "--out-dir", sample, "--services", "5", "-q").ExitCode);
            return then(sample);
        }

        CliRun Generated(bool check)
        {
            using var repo = GenerateCommandTests.Repo();
            if (check)
            {
                Assert.Equal(0, CliRun.Of("generate", repo.Path, "-q").ExitCode);
            }

            var generated = CliRun.Of(["generate", repo.Path, .. check ? new[] { "--check" } : [], .. q]);
            return generated with { Console = generated.Console.Replace(repo.Path, "<repo>", StringComparison.Ordinal) };
        }
    }

    /// <summary>Operation ids, timings and sample folders, which differ from one run to the next.</summary>
    [GeneratedRegex(@"\d{8}T\d{9}Z-[0-9a-f]+|\d+ ms|infradedup-[a-z]+-[0-9a-f]{8,}")]
    private static partial Regex Masked();

    [GeneratedRegex(@"\d+(?:\.\d+)?")]
    private static partial Regex Number();
}
