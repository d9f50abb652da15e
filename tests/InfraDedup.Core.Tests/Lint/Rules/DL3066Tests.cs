using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3066Tests
{
    [Theory]
    [InlineData("USER app")]
    [InlineData("USER app:app")]
    public void Named_user_is_reported(string user) => RuleAssert.Violates<DL3066>($"FROM debian:12\n{user}\n", 2);

    [Theory]
    [InlineData("USER 10001")]
    [InlineData("USER 10001:10001")]
    [InlineData("ARG UID=10001\nUSER $UID")]
    public void Numeric_user_passes(string user) => RuleAssert.Passes<DL3066>($"FROM debian:12\n{user}\n");
}
