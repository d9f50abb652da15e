using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL1000Tests
{
    [Fact]
    public void Syntax_error_is_a_finding_not_a_crash()
    {
        var f = Assert.Single(Linter.LintText("FROM busybox\n\nENV PATH\n"));
        Assert.Equal(("DL1000", 3, LintSeverity.Error), (f.RuleId, f.Line, f.Severity));
        Assert.StartsWith("parse error: ", f.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Empty_file_is_reported(string text) => Assert.Equal("DL1000", Assert.Single(Linter.LintText(text)).RuleId);

    [Fact]
    public void Unknown_instruction_is_reported_with_its_line()
    {
        var findings = Linter.LintText("FROM alpine:3.20\nFROBNICATE x\n");
        var f = Assert.Single(findings);
        Assert.Equal("DL1000", f.RuleId);
        Assert.Equal(2, f.Line);
        Assert.Equal(LintSeverity.Error, f.Severity);
    }

    [Fact]
    public void Other_rules_do_not_run_on_a_file_that_does_not_parse() =>
        Assert.All(Linter.LintText("FROM ubuntu\nMAINTAINER x\nFROBNICATE x\n"), f => Assert.Equal("DL1000", f.RuleId));

    [Fact]
    public void A_HEALTHCHECK_continued_into_a_RUN_is_one_finding_at_the_HEALTHCHECK()
    {
        var f = Assert.Single(Linter.LintText("FROM alpine:3.20\nHEALTHCHECK --interval=30s \\\nRUN apk add curl\nimport os\n"));
        Assert.Equal(("DL1000", 2, 1), (f.RuleId, f.Line, f.Column));
        Assert.Contains("HEALTHCHECK", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_file_passes() => RuleAssert.Passes<DL1000>("FROM alpine:3.20\nRUN echo hi\n");
}
