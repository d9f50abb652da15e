using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3013Tests
{
    [Theory]
    [InlineData("RUN pip install requests")]
    [InlineData("RUN pip3 install --no-cache-dir flask==3.0.0 requests")]
    [InlineData("RUN python3 -m pip install requests")]
    [InlineData("RUN pip install -i https://pypi.example/simple requests")]
    public void Unpinned_package_is_reported(string run) => RuleAssert.Violates<DL3013>($"FROM python:3.12\n{run}\n", 2);

    [Theory]
    [InlineData("RUN pip install requests==2.32.3 'flask>=3,<4' django~=5.0")]
    [InlineData("RUN pip install -r requirements.txt")]
    [InlineData("RUN pip install .")]
    [InlineData("RUN pip install ./dist/app-1.0-py3-none-any.whl")]
    [InlineData("RUN pip install git+https://github.com/org/repo@v1.2")]
    [InlineData("RUN pip install 'requests[socks]==2.32.3'")]
    [InlineData("RUN pip download requests")]
    public void Pinned_or_exempt_passes(string run) => RuleAssert.Passes<DL3013>($"FROM python:3.12\n{run}\n");

    [Theory]
    [InlineData("RUN pip install git+https://git.example.org/team/tool.git#egg=tool")]
    [InlineData("RUN pip install git+ssh://git@git.example.org/team/tool.git")]
    public void Vcs_url_without_a_ref_is_reported(string run) => RuleAssert.Violates<DL3013>($"FROM python:3.12\n{run}\n", 2);

    [Theory]
    [InlineData("RUN pip install requests --constraint constraints.txt")]
    [InlineData("RUN pip install -c constraints.txt requests")]
    [InlineData("RUN pip install -r requirements.txt extra-tool")]
    public void Constraints_or_requirements_file_passes(string run) => RuleAssert.Passes<DL3013>($"FROM python:3.12\n{run}\n");
}
