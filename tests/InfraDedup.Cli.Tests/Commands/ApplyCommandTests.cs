using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using InfraDedup.Core.Apply;

namespace InfraDedup.Cli.Tests.Commands;

public class ApplyCommandTests
{
    [Fact]
    public void Help_lists_apply_rollback_and_the_archive_commands()
    {
        var run = CliRun.Of("--help");
        foreach (var command in new[] { "apply", "rollback", "archive" })
        {
            Assert.Matches($@"(?m)^\s+{command}\s+\S", run.Console);
        }

        var archive = CliRun.Of("archive", "--help");
        foreach (var command in new[] { "list", "verify", "export", "import" })
        {
            Assert.Matches($@"(?m)^\s+{command}\s+\S", archive.Console);
        }
    }

    [Fact]
    public void Dry_run_prints_unified_diffs_and_changes_nothing()
    {
        using var t = new ApplyTestTree();
        var before = TreeSnapshot.Capture(t.Root);

        var run = CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--- a/compose.yaml\n+++ b/compose.yaml\n", run.Out, StringComparison.Ordinal);
        Assert.Contains("-    build: svc/a  # keep\n", run.Out, StringComparison.Ordinal);
        Assert.Contains("--- a/svc/a/Dockerfile\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-FROM alpine:3.20\r\n", run.Out, StringComparison.Ordinal);
        Assert.Contains("Binary files a/svc/b/blob.bin and /dev/null differ", run.Out, StringComparison.Ordinal);
        Assert.Contains("dry run: 2 created, 1 replaced, 2 removed, 1 scripts wrapped; nothing was changed.", run.Error, StringComparison.Ordinal);
        Assert.Empty(before.Diff(TreeSnapshot.Capture(t.Root)));
    }

    [Fact]
    public void Apply_without_yes_off_a_terminal_refuses_and_changes_nothing()
    {
        using var t = new ApplyTestTree();
        var before = TreeSnapshot.Capture(t.Root);

        var run = CliRun.Of("apply", t.Root, "--plan", t.PlanPath);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pass --yes to confirm", run.Error, StringComparison.Ordinal);
        Assert.Empty(before.Diff(TreeSnapshot.Capture(t.Root)));
    }

    [Fact]
    public void Apply_then_rollback_leaves_the_tree_identical_and_a_second_rollback_is_a_no_op()
    {
        using var t = new ApplyTestTree();
        var before = TreeSnapshot.Capture(t.Root);

        var apply = CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--yes", "--format", "json");
        Assert.Equal(0, apply.ExitCode);
        using var doc = JsonDocument.Parse(apply.Out);
        var op = doc.RootElement.GetProperty("opId").GetString()!;
        Assert.Equal(6, doc.RootElement.GetProperty("steps").GetArrayLength());
        Assert.Equal(ApplyTestTree.Wrapper, File.ReadAllText(Path.Join(t.Root, "scripts/run.sh")));

        var again = CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--yes");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("this plan is already applied to the tree", again.Error, StringComparison.Ordinal);

        var rollback = CliRun.Of("rollback", t.Root, "--op", op);
        Assert.Equal(0, rollback.ExitCode);
        Assert.Contains("6 of 6 verified", rollback.Console, StringComparison.Ordinal);
        Assert.Empty(before.Diff(TreeSnapshot.Capture(t.Root)));

        var twice = CliRun.Of("rollback", t.Root, "--last");
        Assert.Equal(0, twice.ExitCode);
        Assert.Contains("already rolled back", twice.Console, StringComparison.Ordinal);
        Assert.Empty(before.Diff(TreeSnapshot.Capture(t.Root)));
    }

    [Fact]
    public void A_file_changed_since_planning_is_refused_with_exit_2_naming_it()
    {
        using var t = new ApplyTestTree();
        t.Write("svc/b/Dockerfile", "FROM alpine:3.21\n");

        var run = CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--yes");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("svc/b/Dockerfile: changed since the plan was made", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal("FROM alpine:3.21\n", File.ReadAllText(Path.Join(t.Root, "svc/b/Dockerfile")));
    }

    [Fact]
    public void A_malformed_plan_is_refused_with_its_line_and_column()
    {
        using var t = new ApplyTestTree();
        File.WriteAllText(t.PlanPath, "{\n  \"schema\": \"infradedup/plan@1\",\n  \"actions\": [,]\n}\n");

        var run = CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--yes");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(t.PlanPath + ":3:", run.Error, StringComparison.Ordinal);
        Assert.Contains("not a valid plan", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_errors_name_the_option_to_use()
    {
        using var t = new ApplyTestTree();
        Assert.Contains("--plan plan.json", CliRun.Of("apply", t.Root).Error, StringComparison.Ordinal);
        Assert.Contains("either --op ID or --last", CliRun.Of("rollback", t.Root, "--op", "x", "--last").Error, StringComparison.Ordinal);
        var missing = CliRun.Of("apply", t.Root, "--plan", Path.Join(t.Root, "nope.json"), "--yes");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.json", missing.Error, StringComparison.Ordinal);
        var nothing = CliRun.Of("rollback", t.Root);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("there is no operation to roll back here", nothing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Symlink_script_links_make_a_relative_link_to_the_canonical_script()
    {
        using var t = new ApplyTestTree();
        Assert.Equal(0, CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--yes", "--script-links", "symlink").ExitCode);
        Assert.Equal("common/run.sh", new FileInfo(Path.Join(t.Root, "scripts/run.sh")).LinkTarget);
    }

    [Fact]
    public void Archive_list_verify_export_import_round_trip_and_tampering_is_named()
    {
        using var t = new ApplyTestTree();
        var before = TreeSnapshot.Capture(t.Root);
        Assert.Equal(0, CliRun.Of("apply", t.Root, "--plan", t.PlanPath, "--yes").ExitCode);
        var applied = TreeSnapshot.Capture(t.Root);

        var list = CliRun.Of("archive", "list", t.Root, "--format", "json");
        Assert.Equal(0, list.ExitCode);
        using var listing = JsonDocument.Parse(list.Out);
        var op = listing.RootElement.GetProperty("operations")[0];
        var opId = op.GetProperty("opId").GetString()!;
        Assert.Equal("applied", op.GetProperty("state").GetString());
        Assert.Equal(4, op.GetProperty("files").GetInt32());

        Assert.Equal(0, CliRun.Of("archive", "verify", "--root", t.Root).ExitCode);
        var tarball = t.Beside("op.tar.gz");
        Assert.Equal(0, CliRun.Of("archive", "export", opId, "--root", t.Root, "--out", tarball).ExitCode);

        // Tamper with one archived object: verify names it and exits 1; rollback refuses before writing.
        var obj = Directory.GetFiles(Path.Join(t.Root, ".infradedup/archive/objects"), "*", SearchOption.AllDirectories).First(f => !Path.GetFileName(f).StartsWith('.'));
        File.SetUnixFileMode(obj, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(obj, "tampered");
        var verify = CliRun.Of("archive", "verify", opId, "--root", t.Root);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("is corrupt", verify.Console, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(obj), verify.Console, StringComparison.Ordinal);

        // A fresh copy of the applied tree without the tool's folder: import the export, then roll back there.
        var clone = t.CopyTo("clone");
        Directory.Delete(Path.Join(clone, ".infradedup"), recursive: true);
        var import = CliRun.Of("archive", "import", tarball, "--root", clone);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains($"imported operation {opId}", import.Error, StringComparison.Ordinal);
        Assert.Equal(0, CliRun.Of("rollback", clone, "--op", opId).ExitCode);
        Assert.Empty(before.Diff(TreeSnapshot.Capture(clone)));

        // Importing the good export repairs the tampered object in the original tree.
        Assert.Equal(0, CliRun.Of("archive", "import", tarball, "--root", t.Root).ExitCode);
        Assert.Equal(0, CliRun.Of("archive", "verify", opId, "--root", t.Root).ExitCode);
        Assert.Empty(applied.Diff(TreeSnapshot.Capture(t.Root)));
    }

    [Fact]
    public void Import_refuses_traversal_unknown_entries_truncation_and_corrupt_objects_before_writing()
    {
        using var t = new ApplyTestTree();
        const string Op = "20250101T120000000Z-abcdef";

        var evil = t.Beside("evil.tar.gz");
        WriteTarball(evil, ($"{Op}/../../../etc/passwd", "x"u8.ToArray()));
        var traversal = CliRun.Of("archive", "import", evil, "--root", t.Root);
        Assert.Equal(2, traversal.ExitCode);
        Assert.Contains("unexpected entry", traversal.Error, StringComparison.Ordinal);

        var corrupt = t.Beside("corrupt.tar.gz");
        WriteTarball(corrupt, ($"{Op}/objects/{new string('a', 64)}", "not that"u8.ToArray()));
        var bad = CliRun.Of("archive", "import", corrupt, "--root", t.Root);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("is corrupt", bad.Error, StringComparison.Ordinal);

        var truncated = t.Beside("truncated.tar.gz");
        File.WriteAllBytes(truncated, File.ReadAllBytes(evil)[..20]);
        var cut = CliRun.Of("archive", "import", truncated, "--root", t.Root);
        Assert.Equal(2, cut.ExitCode);
        Assert.Contains("not a readable export", cut.Error, StringComparison.Ordinal);

        Assert.False(Directory.Exists(Path.Join(t.Root, ".infradedup")));
    }

    private static void WriteTarball(string path, params (string Name, byte[] Content)[] entries)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in entries)
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        }
    }
}
