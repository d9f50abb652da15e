using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using InfraDedup.Core.Validation;

namespace InfraDedup.Core.Tests.Validation;

/// <summary>Layer application (whiteouts, opaque folders, hard and symbolic links) and the comparison of two images.</summary>
public sealed class ImageFilesystemTests
{
    /// <summary>A layer tar built by hand: (name, type, content or link target, mode, uid, gid).</summary>
    private sealed class Layer
    {
        private readonly List<Func<TarEntry>> _entries = [];

        public Layer Dir(string name, int mode = 0b111_101_101, int uid = 0) => Add(() => new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)mode, Uid = uid });

        public Layer File(string name, string content, int mode = 0b110_100_100, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
            Add(() => new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                Mode = (UnixFileMode)mode,
                Uid = uid,
                Gid = gid,
                ModificationTime = mtime ?? DateTimeOffset.UnixEpoch,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            });

        public Layer Symlink(string name, string target) => Add(() => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = (UnixFileMode)0b111_111_111 });

        public Layer HardLink(string name, string target) => Add(() => new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target });

        public Layer Whiteout(string name) => File(WhiteoutName(name), string.Empty);

        public Layer Opaque(string folder) => File(folder + "/.wh..wh..opq", string.Empty);

        public MemoryStream Stream(bool gzip = false)
        {
            var tar = new MemoryStream();
            using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var entry in _entries)
                {
                    writer.WriteEntry(entry());
                }
            }

            var bytes = tar.ToArray();
            if (!gzip)
            {
                return new MemoryStream(bytes);
            }

            var zipped = new MemoryStream();
            using (var z = new GZipStream(zipped, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(bytes);
            }

            zipped.Position = 0;
            return zipped;
        }

        private static string WhiteoutName(string path)
        {
            var slash = path.LastIndexOf('/');
            return slash < 0 ? ".wh." + path : path[..(slash + 1)] + ".wh." + path[(slash + 1)..];
        }

        private Layer Add(Func<TarEntry> entry)
        {
            _entries.Add(entry);
            return this;
        }
    }

    private static ImageFilesystem Image(params Layer[] layers) => ImageFilesystem.FromLayers(layers.Select(l => l.Stream()));

    [Fact]
    public void Whiteouts_remove_files_and_whole_folders_of_lower_layers()
    {
        var fs = Image(
            new Layer().Dir("etc").File("etc/a", "a").Dir("opt").Dir("opt/x").File("opt/x/1", "1").File("opt/x/2", "2"),
            new Layer().Whiteout("etc/a").Whiteout("opt/x"));

        Assert.Equal(["etc", "opt"], fs.Entries.Keys);
    }

    [Fact]
    public void An_opaque_folder_hides_lower_content_but_keeps_what_its_own_layer_adds()
    {
        var fs = Image(
            new Layer().Dir("app").File("app/old", "old").File("app/keep-not", "x"),
            new Layer().Dir("app").File("app/new", "new").Opaque("app"));

        Assert.Equal(["app", "app/new"], fs.Entries.Keys);
    }

    [Fact]
    public void A_whiteout_does_not_hide_what_the_same_layer_adds()
    {
        var fs = Image(
            new Layer().File("f", "old"),
            new Layer().File("f", "new").Whiteout("f"));

        Assert.Equal(Sha("new"), fs.Entries["f"].Sha256);
    }

    [Fact]
    public void A_hard_link_gets_its_targets_content_and_metadata()
    {
        var fs = Image(new Layer().File("bin/busybox", "elf", mode: 0b111_101_101, uid: 0).HardLink("bin/sh", "bin/busybox"));

        Assert.Equal(fs.Entries["bin/busybox"], fs.Entries["bin/sh"]);
    }

    [Fact]
    public void A_file_replacing_a_folder_removes_the_folders_content()
    {
        var fs = Image(new Layer().Dir("x").File("x/inner", "1"), new Layer().File("x", "now a file"));

        Assert.Equal(["x"], fs.Entries.Keys);
        Assert.Equal(FsEntryType.File, fs.Entries["x"].Type);
    }

    [Fact]
    public void Names_are_normalised_and_gzip_layers_are_read()
    {
        var fs = ImageFilesystem.FromLayers([new Layer().Dir("./").File("./usr/bin/tool", "t").Symlink("/usr/bin/alias", "tool").Stream(gzip: true)]);

        Assert.Equal(["usr/bin/alias", "usr/bin/tool"], fs.Entries.Keys);
        Assert.Equal("tool", fs.Entries["usr/bin/alias"].LinkTarget);
    }

    [Fact]
    public void Modification_times_do_not_matter_but_content_mode_owner_and_link_targets_do()
    {
        Layer Base(string content = "x", int mode = 0b110_100_100, int uid = 0, string link = "x", DateTimeOffset? mtime = null) =>
            new Layer().File("app/x", content, mode, uid, mtime: mtime).Symlink("app/l", link);

        var reference = Image(Base());
        Assert.Equal(0, ImageComparer.CompareFilesystems(reference, Image(Base(mtime: DateTimeOffset.UnixEpoch.AddDays(9)))).Total);

        AssertOneDifference(reference, Image(Base(content: "y")), "/app/x", "sha256:");
        AssertOneDifference(reference, Image(Base(mode: 0b111_101_101)), "/app/x", "mode 0755");
        AssertOneDifference(reference, Image(Base(uid: 1000)), "/app/x", "owner 1000:0");
        AssertOneDifference(reference, Image(Base(link: "y")), "/app/l", "symlink → y");
    }

    [Fact]
    public void Paths_on_one_side_only_are_named_with_the_side()
    {
        var a = Image(new Layer().File("a", "1"));
        var b = Image(new Layer().File("a", "1").File("b", "2"));

        var (differences, total) = ImageComparer.CompareFilesystems(a, b);

        Assert.Equal(1, total);
        Assert.StartsWith("/b: only in the consolidated image", differences[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Config_differences_name_the_key_and_both_values()
    {
        ImageConfigSnapshot Config(string env, string user = "", IReadOnlyList<string>? ports = null) =>
            new([env], user, "/app", null, ["python", "app.py"], ports ?? ["8000/tcp"], [], new Dictionary<string, string>(), null, null);

        Assert.Empty(ImageComparer.CompareConfigs(Config("PORT=8000"), Config("PORT=8000")));
        Assert.Equal(["Env: original [\"PORT=8000\"], consolidated [\"PORT=8001\"]"], ImageComparer.CompareConfigs(Config("PORT=8000"), Config("PORT=8001")));
        Assert.Equal(["User: original (unset), consolidated 10001"], ImageComparer.CompareConfigs(Config("A=1"), Config("A=1", "10001")));

        // Exposed ports are a set: order does not matter.
        Assert.Empty(ImageComparer.CompareConfigs(Config("A=1", ports: ["1/tcp", "2/tcp"]), Config("A=1", ports: ["2/tcp", "1/tcp"])));
    }

    private static void AssertOneDifference(ImageFilesystem a, ImageFilesystem b, string path, string mention)
    {
        var (differences, total) = ImageComparer.CompareFilesystems(a, b);
        Assert.Equal(1, total);
        Assert.StartsWith(path + ": original", differences[0], StringComparison.Ordinal);
        Assert.Contains(mention, differences[0], StringComparison.Ordinal);
    }

    private static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
