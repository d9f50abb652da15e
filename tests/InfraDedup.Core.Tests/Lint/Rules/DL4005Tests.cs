using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL4005Tests
{
    [Theory]
    [InlineData("RUN ln -s /bin/bash /bin/sh")]
    [InlineData("RUN ln -sf /bin/bash /bin/sh")]
    public void Relinking_sh_is_reported(string run) => RuleAssert.Violates<DL4005>($"FROM debian:12\n{run}\n", 2);

    [Theory]
    [InlineData("RUN ln -s /opt/tool/bin/tool /usr/local/bin/tool")]
    [InlineData("SHELL [\"/bin/bash\", \"-c\"]")]
    public void Other_links_pass(string ins) => RuleAssert.Passes<DL4005>($"FROM debian:12\n{ins}\n");
}
