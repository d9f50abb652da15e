using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3011Tests
{
    [Theory]
    [InlineData("EXPOSE 80 70000")]
    [InlineData("EXPOSE 8000-99999/tcp")]
    public void Out_of_range_port_is_reported(string expose) => RuleAssert.Violates<DL3011>($"FROM debian:12\n{expose}\n", 2);

    [Theory]
    [InlineData("EXPOSE 80 443/tcp 53/udp")]
    [InlineData("EXPOSE 8000-9000")]
    [InlineData("EXPOSE $PORT")]
    public void Valid_ports_pass(string expose) => RuleAssert.Passes<DL3011>($"FROM debian:12\n{expose}\n");
}
