using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3020Tests
{
    [Theory]
    [InlineData("ADD app.py /app/")]
    [InlineData("ADD . /app")]
    [InlineData("ADD https://example.com/x.tar.gz app.py /opt/")]
    public void Plain_copy_with_add_is_reported(string add) => RuleAssert.Violates<DL3020>($"FROM debian:12\n{add}\n", 2);

    [Theory]
    [InlineData("ADD https://example.com/tool /usr/local/bin/tool")]
    [InlineData("ADD rootfs.tar.gz /")]
    [InlineData("ADD vendor.tgz /opt/")]
    [InlineData("ADD git@github.com:org/repo.git /src")]
    [InlineData("COPY app.py /app/")]
    public void Url_archive_or_copy_passes(string ins) => RuleAssert.Passes<DL3020>($"FROM debian:12\n{ins}\n");
}
