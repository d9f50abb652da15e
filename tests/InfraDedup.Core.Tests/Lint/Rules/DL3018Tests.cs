using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3018Tests
{
    [Theory]
    [InlineData("RUN apk add --no-cache curl")]
    [InlineData("RUN apk add --no-cache --virtual .build-deps gcc=13.2.1-r0 musl-dev")]
    public void Unpinned_package_is_reported(string run) => RuleAssert.Violates<DL3018>($"FROM alpine:3.20\n{run}\n", 2);

    [Theory]
    [InlineData("RUN apk add --no-cache curl=8.9.1-r0 tini~0.19")]
    [InlineData("RUN apk add --no-cache --virtual .build-deps gcc=13.2.1-r0")]
    [InlineData("RUN apk add --allow-untrusted /tmp/pkg.apk")]
    [InlineData("RUN apk update")]
    public void Pinned_or_exempt_passes(string run) => RuleAssert.Passes<DL3018>($"FROM alpine:3.20\n{run}\n");
}
