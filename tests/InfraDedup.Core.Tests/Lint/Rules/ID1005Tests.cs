using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class ID1005Tests
{
    [Theory]
    [InlineData("COPY id_rsa /root/.ssh/id_rsa")]
    [InlineData("COPY .env /app/")]
    [InlineData("ADD certs/server.key /etc/ssl/")]
    [InlineData("COPY config/.npmrc /root/")]
    public void Credential_file_is_reported(string ins) => RuleAssert.Violates<ID1005>($"FROM debian:12\n{ins}\n", 2);

    [Theory]
    [InlineData("COPY .env.example /app/")]
    [InlineData("COPY app.py /app/")]
    [InlineData("COPY --from=build /out/server.key.pub /etc/")]
    public void Ordinary_file_passes(string ins) => RuleAssert.Passes<ID1005>($"FROM debian:12\n{ins}\n");
}
