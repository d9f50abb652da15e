using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3038Tests
{
    [Theory]
    [InlineData("RUN dnf install httpd-2.4")]
    [InlineData("RUN microdnf install httpd-2.4")]
    public void Missing_yes_is_reported(string run) => RuleAssert.Violates<DL3038>($"FROM fedora:40\n{run}\n", 2);

    [Theory]
    [InlineData("RUN dnf install -y httpd-2.4")]
    [InlineData("RUN microdnf --assumeyes install httpd-2.4")]
    public void Yes_passes(string run) => RuleAssert.Passes<DL3038>($"FROM fedora:40\n{run}\n");
}
