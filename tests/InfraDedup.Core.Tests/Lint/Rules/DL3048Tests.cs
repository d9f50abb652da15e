using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3048Tests
{
    [Theory]
    [InlineData("LABEL Maintainer=me")]
    [InlineData("LABEL com.docker.thing=1")]
    [InlineData("LABEL org..x=1")]
    [InlineData("LABEL -bad=1")]
    public void Invalid_key_is_reported(string label) => RuleAssert.Violates<DL3048>($"FROM debian:12\n{label}\n", 2);

    [Theory]
    [InlineData("LABEL org.opencontainers.image.source=https://example.com")]
    [InlineData("LABEL version=1 team/name=x")]
    public void Valid_key_passes(string label) => RuleAssert.Passes<DL3048>($"FROM debian:12\n{label}\n");

    [Theory]
    [InlineData("LABEL 2fa=1")]
    [InlineData("LABEL team$name=x")]
    [InlineData("ONBUILD LABEL io.docker.x=1")]
    public void Digit_start_dollar_and_onbuild_are_reported(string label) => RuleAssert.Violates<DL3048>($"FROM debian:12\n{label}\n", 2);
}
