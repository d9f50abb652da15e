using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL4003Tests
{
    [Fact]
    public void Second_cmd_is_reported() => RuleAssert.Violates<DL4003>("FROM debian:12\nCMD [\"a\"]\nCMD [\"b\"]\n", 3);

    [Fact]
    public void One_cmd_per_stage_passes() => RuleAssert.Passes<DL4003>("FROM debian:12 AS a\nCMD [\"a\"]\nFROM debian:12\nCMD [\"b\"]\n");
}
