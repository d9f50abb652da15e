using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3027Tests
{
    [Fact]
    public void Apt_is_reported() => RuleAssert.Violates<DL3027>("FROM debian:12\nRUN apt install -y curl\n", 2);

    [Fact]
    public void Apt_get_passes() => RuleAssert.Passes<DL3027>("FROM debian:12\nRUN apt-get install -y curl && apt-cache policy curl\n");
}
