using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3016Tests
{
    [Theory]
    [InlineData("RUN npm install express")]
    [InlineData("RUN npm i -g typescript@latest")]
    [InlineData("RUN npm install @scope/pkg")]
    [InlineData("RUN npm install git+https://github.com/org/repo.git")]
    public void Unpinned_package_is_reported(string run) => RuleAssert.Violates<DL3016>($"FROM node:22\n{run}\n", 2);

    [Theory]
    [InlineData("RUN npm install")]
    [InlineData("RUN npm ci --omit=dev")]
    [InlineData("RUN npm install express@4.21.1 @scope/pkg@1.0.0")]
    [InlineData("RUN npm install ./local-folder")]
    [InlineData("RUN npm install git+https://github.com/org/repo.git#v1.2.3")]
    [InlineData("RUN npm install https://example.com/pkg-1.0.0.tgz")]
    public void Pinned_or_exempt_passes(string run) => RuleAssert.Passes<DL3016>($"FROM node:22\n{run}\n");

    [Theory]
    [InlineData("RUN npm install ./dist/widgets-2.0.0.tar")]
    [InlineData("RUN npm install --loglevel warn chalk@5.3.0")]
    public void Tarball_and_option_values_pass(string run) => RuleAssert.Passes<DL3016>($"FROM node:22\n{run}\n");
}
