using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL4000Tests
{
    [Fact]
    public void Maintainer_is_reported() => RuleAssert.Violates<DL4000>("FROM debian:12\nMAINTAINER me@example.com\n", 2);

    [Fact]
    public void Label_passes() => RuleAssert.Passes<DL4000>("FROM debian:12\nLABEL org.opencontainers.image.authors=me@example.com\n");
}
