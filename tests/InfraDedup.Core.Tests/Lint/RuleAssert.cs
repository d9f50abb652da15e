using InfraDedup.Core.Lint;

namespace InfraDedup.Core.Tests.Lint;

/// <summary>Runs one rule on a snippet. Rules that are off by default (severity ignore) are raised to warning so they report.</summary>
internal static class RuleAssert
{
    public static IReadOnlyList<LintFinding> Run<TRule>(string dockerfile, LintConfig? config = null)
        where TRule : LintRule, new()
    {
        var rule = new TRule();
        config ??= LintConfig.Default;
        if (rule.DefaultSeverity == LintSeverity.Ignore && !config.Overrides.ContainsKey(rule.Id))
        {
            config = config with { Overrides = new Dictionary<string, LintSeverity>(StringComparer.OrdinalIgnoreCase) { [rule.Id] = LintSeverity.Warning } };
        }

        var findings = Linter.LintText(dockerfile, "Dockerfile", config, [rule]);
        Assert.DoesNotContain(findings, f => f.Message.Contains("internal error", StringComparison.Ordinal));
        return findings;
    }

    /// <summary>Asserts the rule reports on exactly these lines (in order), with its own id.</summary>
    public static void Violates<TRule>(string dockerfile, params int[] lines)
        where TRule : LintRule, new() => ViolatesWith<TRule>(dockerfile, null, lines);

    public static void ViolatesWith<TRule>(string dockerfile, LintConfig? config, params int[] lines)
        where TRule : LintRule, new()
    {
        var findings = Run<TRule>(dockerfile, config);
        Assert.True(findings.Count > 0, $"{new TRule().Id} reported nothing on:\n{dockerfile}");
        Assert.All(findings, f => Assert.Equal(new TRule().Id, f.RuleId));
        if (lines.Length > 0)
        {
            Assert.Equal(lines, findings.Select(f => f.Line).ToArray());
        }
    }

    /// <summary>Asserts the rule reports nothing.</summary>
    public static void Passes<TRule>(string dockerfile, LintConfig? config = null)
        where TRule : LintRule, new()
    {
        var findings = Run<TRule>(dockerfile, config);
        Assert.True(findings.Count == 0, $"{new TRule().Id} reported:\n{string.Join('\n', findings)}\non:\n{dockerfile}");
    }
}
