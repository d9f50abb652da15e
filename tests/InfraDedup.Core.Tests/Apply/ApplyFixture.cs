using System.Text;
using InfraDedup.Core.Apply;
using InfraDedup.Core.Planning;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Apply;

/// <summary>
/// A small tree with the awkward cases (CRLF, invalid UTF-8, executable bits, an unusual mode, a symbolic link, a
/// file in a folder the plan empties) and a plan that creates, replaces, removes and wraps, built directly as a
/// <see cref="Plan"/> with hashes taken from the tree.
/// </summary>
public static class ApplyFixture
{
    public const string Compose = "services:\n  a:\n    build: services/a  # keep me\n  b:\n    build:\n      context: services/b\n";
    public const string EditedCompose = "services:\n  a:\n    build:\n      context: services/a  # keep me\n      dockerfile: ../../docker/shared/Dockerfile\n  b:\n    build:\n      context: services/b\n      dockerfile: ../../docker/shared/Dockerfile\n";
    public const string SharedDockerfile = "FROM python:3.12-slim\nARG PORT=8000\nEXPOSE ${PORT}\n";
    public const string CanonicalScript = "#!/bin/sh\nset -eu\necho \"running $*\"\n";
    public const string Wrapper = "#!/bin/sh\nexec \"$(dirname \"$0\")/common/run.sh\" \"$@\"\n";

    /// <summary>Invalid UTF-8 (a lone 0xFF and a truncated sequence) plus a NUL.</summary>
    public static readonly byte[] NonUtf8 = [0x23, 0x20, 0xFF, 0xC3, 0x0A, 0x00, 0x41, 0x0A];

    /// <summary>Writes the tree into a new temp folder.</summary>
    public static TempTree CreateTree()
    {
        var tree = new TempTree()
            .File("compose.yaml", Compose)
            .File("services/a/Dockerfile", "FROM python:3.12-slim\nEXPOSE 8001\n")
            .File("services/b/Dockerfile", "FROM python:3.12-slim\r\nEXPOSE 8002\r\n")
            .File("services/b/app.py", "print('b')\n")
            .File("scripts/run.sh", "#!/bin/sh\nset -eu\necho \"running $*\"  # old copy\n")
            .File("legacy/blob.bin", NonUtf8)
            .File("README.md", "# tree\n")
            .Symlink("docs-link", "README.md");
        File.SetUnixFileMode(tree.PathOf("scripts/run.sh"), (UnixFileMode)Convert.ToInt32("755", 8));
        File.SetUnixFileMode(tree.PathOf("services/b/Dockerfile"), (UnixFileMode)Convert.ToInt32("600", 8));
        File.SetUnixFileMode(tree.PathOf("legacy/blob.bin"), (UnixFileMode)Convert.ToInt32("640", 8));
        return tree;
    }

    /// <summary>The plan for <see cref="CreateTree"/>, hashes taken from <paramref name="root"/>.</summary>
    public static Plan CreatePlan(string root)
    {
        string Sha(string relative) => Hashing.Sha256(File.ReadAllBytes(Path.Join(root, relative)));
        PlanAction Create(string path, string content, string mode) => new()
        {
            Kind = PlanActionKind.Create,
            Path = path,
            Content = content,
            Sha256 = Hashing.Sha256(Encoding.UTF8.GetBytes(content)),
            Mode = mode,
            Reason = "shared file",
        };

        var inputs = new[] { "compose.yaml", "legacy/blob.bin", "scripts/run.sh", "services/a/Dockerfile", "services/b/Dockerfile" }
            .Select(p => new PlanInput(p, Sha(p))).ToList();
        return new Plan
        {
            ToolVersion = "test",
            Options = new PlanOptionsRecord("build-args", 0.85, true, false, "test"),
            Summary = new PlanSummary(2, 1, 0.5, 0, 0, 1, 2, 0, 0, 1, 1, 1),
            Inputs = inputs,
            Actions =
            [
                Create("docker/shared/Dockerfile", SharedDockerfile, "0644"),
                Create("scripts/common/run.sh", CanonicalScript, "0755"),
                Create(ServiceMapping.RepoPath, "{ \"schema\": \"infradedup/service-mapping@1\" }\n", "0644"),
                new()
                {
                    Kind = PlanActionKind.Replace, Path = "compose.yaml", ExpectedSha256 = Sha("compose.yaml"), Content = EditedCompose,
                    Sha256 = Hashing.Sha256(Encoding.UTF8.GetBytes(EditedCompose)), Reason = "services build the shared Dockerfile",
                    Edits = [new ComposeEditRecord("a", "dockerfile", null, "../../docker/shared/Dockerfile", 3)],
                },
                new()
                {
                    Kind = PlanActionKind.Replace, Path = "services/b/Dockerfile", ExpectedSha256 = Sha("services/b/Dockerfile"),
                    Content = "# moved to docker/shared/Dockerfile\r\n", Sha256 = Hashing.Sha256(Encoding.UTF8.GetBytes("# moved to docker/shared/Dockerfile\r\n")), Reason = "stub",
                },
                new() { Kind = PlanActionKind.Remove, Path = "services/a/Dockerfile", ExpectedSha256 = Sha("services/a/Dockerfile"), Reason = "consolidated" },
                new()
                {
                    Kind = PlanActionKind.Wrapper, Path = "scripts/run.sh", ExpectedSha256 = Sha("scripts/run.sh"), Target = "scripts/common/run.sh",
                    Content = Wrapper, Sha256 = Hashing.Sha256(Encoding.UTF8.GetBytes(Wrapper)), Reason = "script copy",
                },
                new() { Kind = PlanActionKind.Remove, Path = "legacy/blob.bin", ExpectedSha256 = Sha("legacy/blob.bin"), Reason = "dead file" },
            ],
            Families = [],
            Services = [],
            LeftAlone = [],
        };
    }

    /// <summary>The snapshot of the tree after a clean apply of the fixture plan (made on a throwaway copy).</summary>
    public static TreeSnapshot Expected(ScriptLinkMode links = ScriptLinkMode.Wrapper)
    {
        using var tree = CreateTree();
        ApplyEngine.Apply(tree.Root, CreatePlan(tree.Root), new ApplyOptions { ScriptLinks = links });
        return TreeSnapshot.Capture(tree.Root);
    }

    /// <summary>Files the tool leaves outside its own folder that it should not (temp files).</summary>
    public static IEnumerable<string> Leftovers(string root) =>
        Directory.EnumerateFiles(root, "*.tmp", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => !p.Contains("/.infradedup/", StringComparison.Ordinal));
}
