using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3001Tests
{
    [Theory]
    [InlineData("RUN service nginx start")]
    [InlineData("RUN apt-get update && vim /etc/hosts")]
    [InlineData("RUN ps aux")]
    public void Pointless_command_is_reported(string run) => RuleAssert.Violates<DL3001>($"FROM debian:12\n{run}\n", 2);

    [Theory]
    [InlineData("RUN echo service")]
    [InlineData("RUN apt-get install -y openssh-client=1:9.2")]
    public void Mentioning_the_word_passes(string run) => RuleAssert.Passes<DL3001>($"FROM debian:12\n{run}\n");
}
