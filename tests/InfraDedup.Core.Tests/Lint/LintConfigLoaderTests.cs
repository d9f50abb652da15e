using InfraDedup.Core.Lint;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Lint;

public class LintConfigLoaderTests
{
    [Fact]
    public void Hadolint_config_is_understood()
    {
        var config = LintConfigLoader.Parse(
            "failure-threshold: warning\nignored:\n  - DL3008\n  - DL3009\noverride:\n  error: [DL3006]\n  info:\n    - DL3007\ntrustedRegistries:\n  - docker.io\n  - \"*.gcr.io\"\nformat: json\nno-color: true\n",
            ".hadolint.yaml");
        Assert.Equal(FailureThreshold.Warning, config.FailureThreshold);
        Assert.True(config.Ignored.SetEquals(["DL3008", "DL3009"]));
        Assert.Equal(LintSeverity.Error, config.Overrides["DL3006"]);
        Assert.Equal(LintSeverity.Info, config.Overrides["dl3007"]);
        Assert.Equal(["docker.io", "*.gcr.io"], config.TrustedRegistries);
    }

    [Fact]
    public void Infradedup_config_may_nest_under_lint()
    {
        var config = LintConfigLoader.Parse("scan:\n  exact-only: true\nlint:\n  ignored: [ID2003]\n  disable-ignore-pragma: true\n", ".infradedup.yaml");
        Assert.Contains("ID2003", config.Ignored);
        Assert.True(config.DisableIgnorePragma);
    }

    [Fact]
    public void Empty_file_is_the_default() => Assert.Equal(FailureThreshold.Info, LintConfigLoader.Parse("", "x.yaml").FailureThreshold);

    [Theory]
    [InlineData("failure-threshold: loud\n", 1, 20, "failure-threshold")]
    [InlineData("override:\n  fatal: [DL3008]\n", 2, 3, "unknown severity 'fatal'")]
    [InlineData("ignored: {a: 1}\n", 1, 10, "'ignored' must be a list")]
    [InlineData("ignored: [DL3008\n", 2, 1, "invalid YAML")]
    [InlineData("- a\n- b\n", 1, 1, "must be a mapping")]
    public void Bad_values_name_file_line_and_column(string text, int line, int column, string message)
    {
        var e = Assert.Throws<UserInputException>(() => LintConfigLoader.Parse(text, "cfg/.hadolint.yaml"));
        Assert.Equal(("cfg/.hadolint.yaml", line, column), (e.File, e.Line, e.Column));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_prefers_infradedup_then_hadolint_and_stops_at_the_repository_root()
    {
        using var tree = new TempTree();
        tree.Dir("repo/.git").File("repo/.hadolint.yaml", "ignored: [DL3008]\n").Dir("repo/svc/a").File(".hadolint.yaml", "ignored: [X]\n");
        Assert.Equal(tree.PathOf("repo/.hadolint.yaml"), LintConfigLoader.Discover(tree.PathOf("repo/svc/a")));

        tree.File("repo/svc/.infradedup.yaml", "lint:\n  ignored: [DL3009]\n");
        Assert.Equal(tree.PathOf("repo/svc/.infradedup.yaml"), LintConfigLoader.Discover(tree.PathOf("repo/svc/a")));

        // An .infradedup.yaml without lint settings does not hide the hadolint file.
        tree.File("repo/svc/a/.infradedup.yaml", "scan:\n  exact-only: true\n");
        Assert.Equal(tree.PathOf("repo/svc/.infradedup.yaml"), LintConfigLoader.Discover(tree.PathOf("repo/svc/a")));

        // The search ends at the repository root: the file above it does not apply.
        tree.Dir("other/.git").Dir("other/x");
        Assert.Null(LintConfigLoader.Discover(tree.PathOf("other/x")));
    }

    [Fact]
    public void With_merges_command_line_values()
    {
        var config = LintConfig.Default.With(["DL3008,DL3009", "ID2003"], ["quay.io"], FailureThreshold.Error);
        Assert.True(config.Ignored.SetEquals(["DL3008", "DL3009", "ID2003"]));
        Assert.Equal(["quay.io"], config.TrustedRegistries);
        Assert.Equal(FailureThreshold.Error, config.FailureThreshold);
    }
}
