using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3023Tests
{
    [Fact]
    public void Copy_from_own_stage_is_reported() =>
        RuleAssert.Violates<DL3023>("FROM debian:12 AS app\nCOPY --from=app /x /y\n", 2);

    [Fact]
    public void Copy_from_other_stage_passes() =>
        RuleAssert.Passes<DL3023>("FROM debian:12 AS build\nFROM debian:12 AS app\nCOPY --from=build /x /y\n");
}
