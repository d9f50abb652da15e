using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3025Tests
{
    [Theory]
    [InlineData("CMD python app.py")]
    [InlineData("ENTRYPOINT /entrypoint.sh")]
    public void Shell_form_is_reported(string ins) => RuleAssert.Violates<DL3025>($"FROM python:3.12\n{ins}\n", 2);

    [Theory]
    [InlineData("CMD [\"python\", \"app.py\"]")]
    [InlineData("ENTRYPOINT [\"/entrypoint.sh\"]")]
    public void Exec_form_passes(string ins) => RuleAssert.Passes<DL3025>($"FROM python:3.12\n{ins}\n");
}
