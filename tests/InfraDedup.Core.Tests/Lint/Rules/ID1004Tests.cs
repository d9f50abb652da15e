using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class ID1004Tests
{
    [Theory]
    [InlineData("RUN chmod 777 /app")]
    [InlineData("RUN chmod -R 0666 /data")]
    [InlineData("RUN chmod a+rwx /tmp/x")]
    [InlineData("RUN chmod o+w /srv")]
    [InlineData("COPY --chmod=777 app /app")]
    public void World_writable_is_reported(string ins) => RuleAssert.Violates<ID1004>($"FROM debian:12\n{ins}\n", 2);

    [Theory]
    [InlineData("RUN chmod 755 /app")]
    [InlineData("RUN chmod u+x /entrypoint.sh")]
    [InlineData("RUN chmod -R g+w /data")]
    [InlineData("COPY --chmod=0644 app /app")]
    public void Restricted_mode_passes(string ins) => RuleAssert.Passes<ID1004>($"FROM debian:12\n{ins}\n");
}
