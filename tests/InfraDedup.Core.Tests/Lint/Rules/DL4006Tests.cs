using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL4006Tests
{
    [Theory]
    [InlineData("FROM debian:12\nRUN curl -fsSL https://x | tar xz\n", 2)]
    [InlineData("FROM debian:12 AS a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM debian:12\nRUN a | b\n", 4)]
    public void Pipe_without_pipefail_is_reported(string dockerfile, int line) => RuleAssert.Violates<DL4006>(dockerfile, line);

    [Theory]
    [InlineData("FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://x | tar xz\n")]
    [InlineData("FROM debian:12\nRUN a || b && c\n")]
    [InlineData("FROM debian:12\nRUN echo 'a | b'\n")]
    [InlineData("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Item x | Remove-Item\n")]
    public void Pipefail_or_no_pipe_passes(string dockerfile) => RuleAssert.Passes<DL4006>(dockerfile);

    [Theory]
    [InlineData("FROM debian:12\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n", 3)]
    [InlineData("FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\n", 4)]
    public void Pipefail_only_counts_for_bash_zsh_ash_in_the_current_shell(string dockerfile, int line) => RuleAssert.Violates<DL4006>(dockerfile, line);

    [Theory]
    [InlineData("FROM debian:12\nSHELL [\"/usr/bin/zsh\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\n")]
    [InlineData("FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-e\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n")]
    public void Bundled_or_separate_pipefail_passes(string dockerfile) => RuleAssert.Passes<DL4006>(dockerfile);
}
