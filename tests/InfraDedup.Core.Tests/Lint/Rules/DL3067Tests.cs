using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3067Tests
{
    [Fact]
    public void Whole_filesystem_copy_is_reported() =>
        RuleAssert.Violates<DL3067>("FROM debian:12 AS build\nFROM scratch\nCOPY --from=build / /\n", 3);

    [Theory]
    [InlineData("FROM debian:12 AS build\nFROM scratch\nCOPY --from=build /out /\n")]
    [InlineData("FROM debian:12\nCOPY / /\n")]
    public void Partial_copy_passes(string dockerfile) => RuleAssert.Passes<DL3067>(dockerfile);
}
