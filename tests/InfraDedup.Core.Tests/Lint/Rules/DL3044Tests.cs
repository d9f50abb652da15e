using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3044Tests
{
    [Theory]
    [InlineData("ENV A=1 B=$A")]
    [InlineData("ENV A=/opt B=\"${A}/bin\"")]
    public void Self_reference_is_reported(string env) => RuleAssert.Violates<DL3044>($"FROM debian:12\n{env}\n", 2);

    [Theory]
    [InlineData("ENV A=1\nENV B=$A")]
    [InlineData("ARG A=1\nENV A=2 B=$A")]
    [InlineData("ENV B=$A A=1")]
    [InlineData("ENV A=1 B=\\$A")]
    public void Earlier_definition_passes(string env) => RuleAssert.Passes<DL3044>($"FROM debian:12\n{env}\n");
}
