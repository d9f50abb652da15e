using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3030Tests
{
    [Theory]
    [InlineData("RUN yum install httpd-2.4")]
    [InlineData("RUN yum groupinstall 'Development Tools'")]
    public void Missing_yes_is_reported(string run) => RuleAssert.Violates<DL3030>($"FROM centos:7\n{run}\n", 2);

    [Theory]
    [InlineData("RUN yum install -y httpd-2.4")]
    [InlineData("RUN yum --assumeyes install httpd-2.4")]
    [InlineData("RUN yum clean all")]
    public void Yes_passes(string run) => RuleAssert.Passes<DL3030>($"FROM centos:7\n{run}\n");
}
