using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3047Tests
{
    [Fact]
    public void Noisy_wget_is_reported() => RuleAssert.Violates<DL3047>("FROM debian:12\nRUN wget https://example.com/x\n", 2);

    [Theory]
    [InlineData("RUN wget -q https://example.com/x")]
    [InlineData("RUN wget --progress=dot:giga https://example.com/x")]
    [InlineData("RUN wget -nv https://example.com/x")]
    [InlineData("RUN wget -O - -q https://example.com/x")]
    public void Quiet_wget_passes(string run) => RuleAssert.Passes<DL3047>($"FROM debian:12\n{run}\n");
}
