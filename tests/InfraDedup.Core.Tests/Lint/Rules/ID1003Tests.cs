using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class ID1003Tests
{
    [Theory]
    [InlineData("RUN curl -fsSL https://get.example.com | sh")]
    [InlineData("RUN wget -qO- https://x/install.sh | bash -s -- --yes")]
    [InlineData("RUN sh -c \"$(curl -fsSL https://x/install.sh)\"")]
    [InlineData("RUN bash <(curl -fsSL https://x/install.sh)")]
    public void Download_into_shell_is_reported(string run) => RuleAssert.Violates<ID1003>($"FROM debian:12\n{run}\n", 2);

    [Theory]
    [InlineData("RUN curl -fsSLo install.sh https://x/install.sh && sha256sum -c sums && sh install.sh")]
    [InlineData("RUN curl -fsSL https://x/a.tar.gz | tar xz")]
    public void Verified_or_non_shell_pipe_passes(string run) => RuleAssert.Passes<ID1003>($"FROM debian:12\n{run}\n");
}
