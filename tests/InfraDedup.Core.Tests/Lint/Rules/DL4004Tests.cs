using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL4004Tests
{
    [Fact]
    public void Second_entrypoint_is_reported() =>
        RuleAssert.Violates<DL4004>("FROM debian:12\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n", 3);

    [Fact]
    public void One_entrypoint_passes() => RuleAssert.Passes<DL4004>("FROM debian:12\nENTRYPOINT [\"a\"]\nCMD [\"b\"]\n");
}
