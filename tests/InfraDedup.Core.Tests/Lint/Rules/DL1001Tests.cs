using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL1001Tests
{
    [Fact]
    public void Inline_pragma_is_reported_when_enabled() =>
        RuleAssert.Violates<DL1001>("FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add curl\n", 2);

    [Fact]
    public void Global_pragma_and_plain_comments_pass() =>
        RuleAssert.Passes<DL1001>("# hadolint global ignore=DL3018\n# a comment about hadolint\nFROM alpine:3.20\n");

    [Fact]
    public void Off_by_default() => Assert.DoesNotContain(
        Linter.LintText("FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add curl\n"), f => f.RuleId == "DL1001");
}
