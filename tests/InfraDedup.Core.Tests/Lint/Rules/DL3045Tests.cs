using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3045Tests
{
    [Fact]
    public void Relative_destination_without_workdir_is_reported() =>
        RuleAssert.Violates<DL3045>("FROM debian:12\nCOPY app.py app/\n", 2);

    [Theory]
    [InlineData("FROM debian:12\nWORKDIR /app\nCOPY app.py .\n")]
    [InlineData("FROM debian:12\nCOPY app.py /app/\n")]
    [InlineData("FROM debian:12 AS base\nWORKDIR /app\nFROM base\nCOPY app.py .\n")]
    [InlineData("FROM debian:12\nCOPY app.py $APP_HOME/\n")]
    public void Workdir_or_absolute_passes(string dockerfile) => RuleAssert.Passes<DL3045>(dockerfile);
}
