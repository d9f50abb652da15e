using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3012Tests
{
    [Fact]
    public void Second_healthcheck_is_reported() =>
        RuleAssert.Violates<DL3012>("FROM debian:12\nHEALTHCHECK CMD true\nHEALTHCHECK CMD false\n", 3);

    [Fact]
    public void One_per_stage_passes() =>
        RuleAssert.Passes<DL3012>("FROM debian:12 AS a\nHEALTHCHECK CMD true\nFROM debian:12\nHEALTHCHECK CMD true\n");
}
