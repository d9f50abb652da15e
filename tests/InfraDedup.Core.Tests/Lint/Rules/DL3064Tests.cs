using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3064Tests
{
    [Theory]
    [InlineData("ARG GITHUB_TOKEN")]
    [InlineData("ENV DB_PASSWORD=x")]
    [InlineData("ARG aws_secret_access_key")]
    [InlineData("ONBUILD ARG NPM_TOKEN")]
    public void Secret_name_is_reported(string ins) => RuleAssert.Violates<DL3064>($"FROM debian:12\n{ins}\n", 2);

    [Theory]
    [InlineData("ARG VERSION=1")]
    [InlineData("ENV PATH=/usr/local/bin:$PATH")]
    public void Ordinary_name_passes(string ins) => RuleAssert.Passes<DL3064>($"FROM debian:12\n{ins}\n");
}
