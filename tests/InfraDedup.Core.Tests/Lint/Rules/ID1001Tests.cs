using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class ID1001Tests
{
    [Theory]
    [InlineData("ENV DB_PASSWORD=hunter2")]
    [InlineData("ARG API_TOKEN=abc123def")]
    [InlineData("LABEL deploy.secret=s3cr3t-value")]
    [InlineData("ENV KEY_ID=AKIAIOSFODNN7EXAMPLE")]
    [InlineData("ENV DATABASE_URL=postgres://app:pa55word@db:5432/app")]
    [InlineData("ENV GH=ghp_0123456789abcdefghijABCDEFGHIJ012345")]
    [InlineData("ENV OPENAI_API_KEY=sk-local-key-that-is-real")]
    [InlineData("ENV DB_PASSWORD=password")]
    public void Secret_value_is_reported(string ins) => RuleAssert.Violates<ID1001>($"FROM debian:12\n{ins}\n", 2);

    [Theory]
    [InlineData("ARG API_TOKEN")]
    [InlineData("ENV DB_PASSWORD=$DB_PASSWORD")]
    [InlineData("ENV DB_PASSWORD_FILE=/run/secrets/db")]
    [InlineData("ENV DB_PASSWORD=changeme")]
    [InlineData("ENV OPENAI_API_KEY=local")]
    [InlineData("ENV OPENAI_API_KEY=")]
    [InlineData("ENV OPENAI_API_KEY=\"\"")]
    [InlineData("ENV OPENAI_API_KEY=${OPENAI_API_KEY}")]
    [InlineData("ARG API_TOKEN=<your-token>")]
    [InlineData("ARG API_TOKEN={{ api_token }}")]
    [InlineData("ENV CLIENT_SECRET=xxxxxxxx")]
    [InlineData("ENV CLIENT_SECRET=your_client_secret_here")]
    [InlineData("ENV DB_PASSWORD=localhost")]
    [InlineData("ENV DATABASE_URL=postgres://db:5432/app")]
    [InlineData("LABEL org.opencontainers.image.source=https://github.com/org/repo")]
    public void Reference_placeholder_or_ordinary_value_passes(string ins) => RuleAssert.Passes<ID1001>($"FROM debian:12\n{ins}\n");
}
