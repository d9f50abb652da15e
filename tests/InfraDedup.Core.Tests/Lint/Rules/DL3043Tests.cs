using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3043Tests
{
    [Theory]
    [InlineData("ONBUILD ONBUILD RUN true")]
    [InlineData("ONBUILD FROM debian:12")]
    [InlineData("ONBUILD MAINTAINER me")]
    public void Forbidden_trigger_is_reported(string ins) => RuleAssert.Violates<DL3043>($"FROM debian:12\n{ins}\n", 2);

    [Fact]
    public void Ordinary_trigger_passes() => RuleAssert.Passes<DL3043>("FROM debian:12\nONBUILD COPY . /app\n");
}
