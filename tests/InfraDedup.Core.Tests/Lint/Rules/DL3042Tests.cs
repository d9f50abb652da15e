using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3042Tests
{
    [Theory]
    [InlineData("RUN pip install requests==2.32.3")]
    [InlineData("RUN python -m pip install -r requirements.txt")]
    public void Cache_kept_is_reported(string run) => RuleAssert.Violates<DL3042>($"FROM python:3.12\n{run}\n", 2);

    [Theory]
    [InlineData("RUN pip install --no-cache-dir requests==2.32.3")]
    [InlineData("ENV PIP_NO_CACHE_DIR=1\nRUN pip install requests==2.32.3")]
    [InlineData("RUN PIP_NO_CACHE_DIR=true pip install requests==2.32.3")]
    [InlineData("RUN --mount=type=cache,target=/root/.cache/pip pip install requests==2.32.3")]
    [InlineData("RUN pipx install black")]
    public void No_cache_passes(string run) => RuleAssert.Passes<DL3042>($"FROM python:3.12\n{run}\n");

    [Fact]
    public void Env_in_another_stage_does_not_count() =>
        RuleAssert.Violates<DL3042>("FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install x==1\n", 4);

    [Theory]
    [InlineData("RUN export PIP_NO_CACHE_DIR=1 && pip install requests==2.32.3")]
    [InlineData("ENV PIP_NO_CACHE_DIR=yes\nRUN pip install requests==2.32.3")]
    public void Cache_turned_off_earlier_passes(string run) => RuleAssert.Passes<DL3042>($"FROM python:3.12\n{run}\n");

    [Theory]
    [InlineData("RUN export PIP_NO_CACHE_DIR=off && pip install requests==2.32.3")]
    [InlineData("ENV PIP_NO_CACHE_DIR=false\nRUN pip install requests==2.32.3")]
    [InlineData("RUN pip install requests==2.32.3\nENV PIP_NO_CACHE_DIR=1")]
    public void Cache_not_turned_off_before_the_run_is_reported(string run) => RuleAssert.Violates<DL3042>($"FROM python:3.12\n{run}\n");

    [Fact]
    public void Env_inherited_through_from_passes() =>
        RuleAssert.Passes<DL3042>("FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base AS mid\nFROM mid\nRUN pip install x==1\n");
}
