using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3041Tests
{
    [Theory]
    [InlineData("RUN dnf install -y httpd && dnf clean all")]
    [InlineData("RUN microdnf install -y httpd-tools && microdnf clean all")]
    [InlineData("RUN dnf -y --setopt=tsflags=nodocs install httpd-2.4.62 mod_ssl && dnf clean all")]
    [InlineData("RUN dnf module install -y postgresql && dnf clean all")]
    [InlineData("ONBUILD RUN dnf install -y httpd")]
    public void Unpinned_package_or_module_is_reported(string run) => RuleAssert.Violates<DL3041>($"FROM fedora:40\n{run}\n", 2);

    [Theory]
    [InlineData("RUN dnf install -y httpd-2.4.62 && dnf clean all")]
    [InlineData("RUN dnf install -y httpd-tools-2.4.62-1.fc40 perl-IO-1:1.52")]
    [InlineData("RUN dnf install -y \"httpd-${HTTPD_VERSION}\"")]
    [InlineData("RUN dnf install -y /tmp/agent.rpm")]
    [InlineData("RUN dnf module install -y postgresql:16")]
    [InlineData("RUN dnf group install -y 'Development Tools'")]
    [InlineData("RUN dnf upgrade -y")]
    [InlineData("RUN yum install -y httpd")]
    public void Pinned_or_not_a_dnf_install_passes(string run) => RuleAssert.Passes<DL3041>($"FROM fedora:40\n{run}\n");

    [Theory]
    [InlineData("httpd", false)]
    [InlineData("python3-pip", false)]
    [InlineData("httpd-2.4.62", true)]
    [InlineData("libstdc++-devel-14.2.1", true)]
    [InlineData("openssl-1:3.2.2", true)]
    [InlineData("name-with-$(cat v)", true)]
    public void Package_pinning(string package, bool pinned) => Assert.Equal(pinned, DL3041.IsPinnedPackage(package));
}
