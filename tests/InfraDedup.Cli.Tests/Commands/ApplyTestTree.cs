using System.Text;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Planning;

namespace InfraDedup.Cli.Tests.Commands;

/// <summary>
/// A tree with CRLF, invalid UTF-8, executable bits and a symbolic link, and a plan for it (written as plan.json next
/// to the tree, hashes taken from the files) that creates, replaces, removes and wraps.
/// </summary>
public sealed class ApplyTestTree : IDisposable
{
    public const string Wrapper = "#!/bin/sh\nexec \"$(dirname \"$0\")/common/run.sh\" \"$@\"\n";

    private readonly TempDir _dir = new();

    public ApplyTestTree()
    {
        Directory.CreateDirectory(Root);
        Write("compose.yaml", "services:\n  a:\n    build: svc/a  # keep\n  b:\n    build: svc/b\n");
        Write("svc/a/Dockerfile", "FROM alpine:3.20\r\nEXPOSE 8001\r\n");
        Write("svc/b/Dockerfile", "FROM alpine:3.20\nEXPOSE 8002\n");
        Write("scripts/run.sh", "#!/bin/sh\necho old copy\n", "755");
        File.WriteAllBytes(System.IO.Path.Join(Root, "svc/b/blob.bin"), [0xFF, 0xFE, 0x00, 0xC3, 0x0A]);
        File.CreateSymbolicLink(System.IO.Path.Join(Root, "link"), "compose.yaml");
        File.WriteAllText(PlanPath, PlanJsonContext.Serialize(MakePlan()));
    }

    /// <summary>The tree (a folder inside the temp dir, so plan.json and copies sit beside it).</summary>
    public string Root => System.IO.Path.Join(_dir.Path, "tree");

    public string PlanPath => System.IO.Path.Join(_dir.Path, "plan.json");

    /// <summary>A sibling folder for copies of the tree.</summary>
    public string Beside(string name) => System.IO.Path.Join(_dir.Path, name);

    public void Write(string relative, string content, string? mode = null)
    {
        var full = System.IO.Path.Join(Root, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        if (mode is not null)
        {
            File.SetUnixFileMode(full, FileModes.Parse(mode)!.Value);
        }
    }

    public Plan MakePlan()
    {
        string Sha(string relative) => Hashing.Sha256(File.ReadAllBytes(System.IO.Path.Join(Root, relative)));
        static string Text(string s) => Hashing.Sha256(Encoding.UTF8.GetBytes(s));
        const string Shared = "FROM alpine:3.20\nARG PORT\nEXPOSE ${PORT}\n";
        const string Common = "#!/bin/sh\necho canonical \"$@\"\n";
        const string Compose = "services:\n  a:\n    build:\n      context: svc/a  # keep\n      dockerfile: ../../docker/Dockerfile\n  b:\n    build: svc/b\n";
        return new Plan
        {
            ToolVersion = "test",
            Options = new PlanOptionsRecord("build-args", 0.85, true, false, "test"),
            Summary = new PlanSummary(2, 1, 0.5, 0, 0, 1, 2, 0, 0, 0, 1, 1),
            Inputs = new[] { "compose.yaml", "scripts/run.sh", "svc/a/Dockerfile", "svc/b/Dockerfile", "svc/b/blob.bin" }.Select(p => new PlanInput(p, Sha(p))).ToList(),
            Actions =
            [
                new() { Kind = PlanActionKind.Create, Path = "docker/Dockerfile", Content = Shared, Sha256 = Text(Shared), Mode = "0644", Reason = "shared Dockerfile" },
                new() { Kind = PlanActionKind.Create, Path = "scripts/common/run.sh", Content = Common, Sha256 = Text(Common), Mode = "0755", Reason = "canonical script" },
                new() { Kind = PlanActionKind.Replace, Path = "compose.yaml", ExpectedSha256 = Sha("compose.yaml"), Content = Compose, Sha256 = Text(Compose), Reason = "build the shared Dockerfile" },
                new() { Kind = PlanActionKind.Remove, Path = "svc/a/Dockerfile", ExpectedSha256 = Sha("svc/a/Dockerfile"), Reason = "consolidated" },
                new() { Kind = PlanActionKind.Remove, Path = "svc/b/blob.bin", ExpectedSha256 = Sha("svc/b/blob.bin"), Reason = "dead file" },
                new() { Kind = PlanActionKind.Wrapper, Path = "scripts/run.sh", ExpectedSha256 = Sha("scripts/run.sh"), Target = "scripts/common/run.sh", Content = Wrapper, Sha256 = Text(Wrapper), Reason = "script copy" },
            ],
            Families = [],
            Services = [],
            LeftAlone = [],
        };
    }

    /// <summary>Copies the tree (with .infradedup, modes and links) to a sibling folder.</summary>
    public string CopyTo(string name)
    {
        var target = Beside(name);
        using var process = System.Diagnostics.Process.Start("cp", ["-a", Root, target])!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return target;
    }

    public void Dispose() => _dir.Dispose();
}
