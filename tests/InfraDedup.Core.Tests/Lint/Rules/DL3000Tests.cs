using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3000Tests
{
    [Theory]
    [InlineData("WORKDIR app")]
    [InlineData("WORKDIR ./src")]
    [InlineData("WORKDIR \"usr/src\"")]
    public void Relative_workdir_is_reported(string workdir) => RuleAssert.Violates<DL3000>($"FROM alpine:3.20\n{workdir}\n", 2);

    [Theory]
    [InlineData("WORKDIR /app")]
    [InlineData("WORKDIR $HOME/app")]
    [InlineData("WORKDIR \"/usr/src\"")]
    [InlineData("WORKDIR C:\\\\app")]
    public void Absolute_workdir_passes(string workdir) => RuleAssert.Passes<DL3000>($"FROM alpine:3.20\n{workdir}\n");
}
