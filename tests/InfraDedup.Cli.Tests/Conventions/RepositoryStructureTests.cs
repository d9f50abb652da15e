using System.Reflection;
using System.Text.RegularExpressions;
using InfraDedup.Cli.Commands;
using Spectre.Console.Cli;

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

    /// <summary>
    /// The display and tree-filter options come from one declaration each (DisplaySettings, TreeFilterSettings), never a
    /// copy in a command's settings, so their names and help cannot drift apart.
    /// </summary>
    [Theory]
    [InlineData("-o|--output <FILE>", typeof(DisplaySettings))]
    [InlineData("-q|--quiet", typeof(DisplaySettings))]
    [InlineData("-v|--verbose", typeof(DisplaySettings))]
    [InlineData("--no-color", typeof(DisplaySettings))]
    [InlineData("--no-ignore", typeof(TreeFilterSettings))]
    [InlineData("--include <GLOB>", typeof(TreeFilterSettings))]
    [InlineData("--exclude <GLOB>", typeof(TreeFilterSettings))]
    public void Shared_options_are_declared_once_in_their_option_group(string template, Type group)
    {
        var declaring = typeof(CliApp).Assembly.GetTypes()
            .Where(t => typeof(CommandSettings).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.GetCustomAttribute<CommandOptionAttribute>() is { } option
                && option.LongNames.Concat(option.ShortNames).Any(n => template.Split(' ')[0].Split('|').Contains(n.Length == 1 ? "-" + n : "--" + n)))
            .Select(p => p.DeclaringType!)
            .Distinct();

        Assert.Equal([group], declaring);
    }

    [Fact]
    public void Tables_for_people_are_built_only_in_Cli_Rendering()
    {
        var building = Sources().Where(s => s.Path.StartsWith("src/InfraDedup.Cli/", StringComparison.Ordinal) && SpectreWidget().IsMatch(s.Text)).Select(s => s.Path);

        Assert.All(building, path => Assert.StartsWith("src/InfraDedup.Cli/Rendering/", path, StringComparison.Ordinal));
        Assert.DoesNotContain(Sources(), s => s.Path.StartsWith("src/InfraDedup.Core/", StringComparison.Ordinal) && s.Text.Contains("using Spectre", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("class AtomicFile")]
    [InlineData("class Hashing")]
    [InlineData("class Bytes")]
    [InlineData("class Plural")]
    [InlineData("class IoErrors")]
    [InlineData("record struct StageProgress")]
    public void Shared_helpers_live_in_Core_Common(string declaration)
    {
        var files = Sources().Where(s => Regex.IsMatch(s.Text, $@"\b{declaration}\b")).Select(s => s.Path);

        Assert.Equal([$"src/InfraDedup.Core/Common/{declaration.Split(' ')[^1]}.cs"], files);
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

    [GeneratedRegex(@"new (Table|Grid|BarChart|BreakdownChart|Tree|Panel)\(")]
    private static partial Regex SpectreWidget();

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
