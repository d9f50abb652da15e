using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3040Tests
{
    [Theory]
    [InlineData("RUN dnf install -y httpd-2.4")]
    [InlineData("RUN microdnf install -y httpd-2.4")]
    public void Missing_clean_is_reported(string run) => RuleAssert.Violates<DL3040>($"FROM fedora:40\n{run}\n", 2);

    [Theory]
    [InlineData("RUN dnf install -y httpd-2.4 && dnf clean all")]
    [InlineData("RUN microdnf install -y httpd-2.4 && microdnf clean all")]
    [InlineData("RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y httpd-2.4")]
    public void Clean_passes(string run) => RuleAssert.Passes<DL3040>($"FROM fedora:40\n{run}\n");

    [Theory]
    [InlineData("RUN dnf install -y httpd-2.4 && microdnf clean all")]
    [InlineData("RUN dnf clean all && dnf install -y httpd-2.4")]
    public void Clean_by_the_other_tool_or_before_the_install_is_reported(string run) => RuleAssert.Violates<DL3040>($"FROM fedora:40\n{run}\n", 2);

    [Fact]
    public void Removing_the_cache_folder_passes() => RuleAssert.Passes<DL3040>("FROM fedora:40\nRUN dnf install -y httpd-2.4 && rm -rf /var/cache/yum/*\n");
}
