using System.Text.Json;
using System.Xml.Linq;
using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Output;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Lint;

public class LintOutputTests
{
    internal const string Sample =
        "# hadolint ignore=DL3006\nFROM ubuntu\nMAINTAINER me <me@example.com>\nRUN apt-get update && apt-get install curl\n"
        + "ENV DB_PASSWORD=\"hunter2\"\nWORKDIR app\nADD . /app\nUSER root\nEXPOSE 8080\nCMD python app.py\nRUN chmod 777 /app\n";

    internal static IReadOnlyList<LintFinding> Findings() =>
        [.. Linter.LintText(Sample, "services/a b/Dockerfile"), .. Linter.LintText("FROM busybox\n\nENV PATH\n", "broken/Dockerfile")];

    [Fact]
    public void Tty_matches_golden() => Golden.AssertMatches("lint.tty.txt", LintFormatter.Tty(Findings()));

    [Fact]
    public void Json_matches_golden_and_round_trips()
    {
        var json = LintFormatter.Json(Findings());
        Golden.AssertMatches("lint.json", json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(Findings().Count, doc.RootElement.GetArrayLength());
        var first = doc.RootElement[0];
        foreach (var key in new[] { "file", "line", "column", "endLine", "code", "level", "message" })
        {
            Assert.True(first.TryGetProperty(key, out _), key);
        }
    }

    [Fact]
    public void Checkstyle_matches_golden_and_is_well_formed_xml()
    {
        var xml = LintFormatter.Checkstyle(Findings());
        Golden.AssertMatches("lint.checkstyle.xml", xml);
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal("checkstyle", root.Name.LocalName);
        Assert.Equal(2, root.Elements("file").Count());
        Assert.Equal(Findings().Count, root.Descendants("error").Count());
        Assert.All(root.Descendants("error"), e => Assert.Contains((string?)e.Attribute("severity"), new[] { "error", "warning", "info" }));
    }

    [Fact]
    public void Sarif_matches_golden() => Golden.AssertMatches("lint.sarif", LintFormatter.Sarif(Findings(), LintRegistry.All, "0.0.0-test"));

    [Fact]
    public void Sarif_results_point_at_rules_and_regions()
    {
        using var doc = JsonDocument.Parse(LintFormatter.Sarif(Findings(), LintRegistry.All, "1.2.3"));
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.Equal(LintRegistry.All.Count, rules.GetArrayLength());
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(result.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.DoesNotContain(' ', location.GetProperty("artifactLocation").GetProperty("uri").GetString()!);
        }
    }

    [Theory]
    [InlineData("services/a b/Dockerfile", "services/a%20b/Dockerfile")]
    [InlineData("/abs/Dockerfile", "file:///abs/Dockerfile")]
    [InlineData("x#y/Dockerfile", "x%23y/Dockerfile")]
    public void Artifact_uris_are_escaped(string path, string uri) => Assert.Equal(uri, LintFormatter.ArtifactLocation(path).Uri);

    [Fact]
    public void Rules_json_lists_every_rule_with_its_effective_severity()
    {
        var config = LintConfig.Default with { Overrides = new Dictionary<string, LintSeverity> { ["DL3008"] = LintSeverity.Error } };
        using var doc = JsonDocument.Parse(LintFormatter.RulesJson(LintRegistry.All, config));
        Assert.Equal(LintRegistry.All.Count, doc.RootElement.GetArrayLength());
        var dl3008 = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "DL3008");
        Assert.Equal(("error", "warning"), (dl3008.GetProperty("severity").GetString(), dl3008.GetProperty("defaultSeverity").GetString()));
    }
}
