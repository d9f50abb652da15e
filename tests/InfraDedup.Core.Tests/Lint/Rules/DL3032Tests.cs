using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3032Tests
{
    [Theory]
    [InlineData("RUN yum install -y httpd-2.4")]
    [InlineData("RUN yum clean all && yum install -y httpd-2.4")]
    public void Missing_clean_is_reported(string run) => RuleAssert.Violates<DL3032>($"FROM centos:7\n{run}\n", 2);

    [Theory]
    [InlineData("RUN yum install -y httpd-2.4 && yum clean all")]
    [InlineData("RUN yum install -y httpd-2.4 && rm -rf /var/cache/yum/*")]
    public void Clean_passes(string run) => RuleAssert.Passes<DL3032>($"FROM centos:7\n{run}\n");
}
