using System.Text.RegularExpressions;

namespace InfraDedup.Cli.Tests.Conventions;

/// <summary>
/// The structure points of issue #20, checked on the sources so they stay true: one atomic-write helper, one hashing
/// helper, the product version defined once, the dependency direction between the projects, and the documents a
/// contributor reads first.
/// </summary>
public sealed partial class RepositoryStructureTests
{
    private static readonly string Root = RepositoryRoot();

    /// <summary>Every C# file under src/ (build output left out), as repository paths with '/'.</summary>
    private static IEnumerable<(string Path, string Text)> Sources() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .Select(p => (p, File.ReadAllText(Path.Combine(Root, p))));

    [Fact]
    public void Files_are_replaced_by_rename_only_in_the_two_write_helpers()
    {
        var renaming = Sources().Where(s => s.Text.Contains("File.Move(", StringComparison.Ordinal)).Select(s => s.Path).Order(StringComparer.Ordinal);

        Assert.Equal(["src/InfraDedup.Core/Apply/DurableFs.cs", "src/InfraDedup.Core/Common/AtomicFile.cs"], renaming);
    }

    [Fact]
    public void A_hex_SHA_256_is_computed_only_by_the_hashing_helper()
    {
        var hashing = Sources().Where(s => HexSha256().IsMatch(s.Text)).Select(s => s.Path);

        Assert.Equal(["src/InfraDedup.Core/Common/Hashing.cs"], hashing);
    }

    [Fact]
    public void The_product_version_is_defined_once_and_printed_by_version()
    {
        var projects = Directory.EnumerateFiles(Root, "*.*proj", SearchOption.AllDirectories).Append(Path.Combine(Root, "Directory.Build.props"))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/artifacts/", StringComparison.Ordinal))
            .Where(f => VersionElement().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Root, f));

        Assert.Equal(["Directory.Build.props"], projects);
        var declared = VersionElement().Match(File.ReadAllText(Path.Combine(Root, "Directory.Build.props"))).Groups[1].Value;
        Assert.Equal(declared + "\n", CliRun.Of("--version").Out);
    }

    [Fact]
    public void Core_depends_on_neither_Ops_nor_the_Cli_and_Ops_not_on_the_Cli()
    {
        static string[] References(Type type) => [.. type.Assembly.GetReferencedAssemblies().Select(a => a.Name!)];

        var core = References(typeof(Core.Apply.Hashing));
        var ops = References(typeof(Ops.Docker.DockerEngineClient));

        Assert.DoesNotContain("InfraDedup.Ops", core);
        Assert.DoesNotContain("infradedup", core);
        Assert.DoesNotContain(core, a => a.StartsWith("Spectre.", StringComparison.Ordinal));
        Assert.DoesNotContain("infradedup", ops);
    }

    [Fact]
    public void Architecture_and_contributing_guides_answer_where_a_change_goes()
    {
        var architecture = File.ReadAllText(Path.Combine(Root, "docs/architecture.md"));

        Assert.Contains("## The pipeline", architecture, StringComparison.Ordinal);
        Assert.Contains("## Which folder may depend on which", architecture, StringComparison.Ordinal);
        Assert.Contains("## Where does a change go", architecture, StringComparison.Ordinal);
        foreach (var change in new[] { "A new scan field", "A new lint rule", "A new command", "A new plan strategy" })
        {
            Assert.Contains($"**{change}**", architecture, StringComparison.Ordinal);
        }

        Assert.Contains("## Build and test", File.ReadAllText(Path.Combine(Root, "CONTRIBUTING.md")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"ToHexString(Lower)?\(\s*SHA256\.HashData")]
    private static partial Regex HexSha256();

    [GeneratedRegex(@"<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InfraDedup.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (InfraDedup.slnx) is not above the test's folder");
    }
}
