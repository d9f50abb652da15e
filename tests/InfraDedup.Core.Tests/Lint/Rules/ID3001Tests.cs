using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class ID3001Tests
{
    [Theory]
    [InlineData("FROM python:3.12\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n", 3)]
    [InlineData("FROM python:3.12\nCMD [\"gunicorn\", \"app:app\"]\n", 2)]
    [InlineData("FROM nginx:1.27\nEXPOSE 80\n", 1)]
    public void Service_without_healthcheck_is_reported(string dockerfile, int line) => RuleAssert.Violates<ID3001>(dockerfile, line);

    [Theory]
    [InlineData("FROM python:3.12\nEXPOSE 8000\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nCMD [\"python\", \"app.py\"]\n")]
    [InlineData("FROM python:3.12\nEXPOSE 8000\nHEALTHCHECK NONE\n")]
    [InlineData("FROM python:3.12\nCMD [\"python\", \"job.py\"]\n")]
    [InlineData("FROM python:3.12 AS base\nHEALTHCHECK CMD true\nFROM base\nEXPOSE 80\n")]
    public void Healthcheck_or_batch_job_passes(string dockerfile) => RuleAssert.Passes<ID3001>(dockerfile);
}
