using InfraDedup.Core.Dockerfiles;

namespace InfraDedup.Core.Tests.Dockerfiles;

public sealed class InstructionChecksTests
{
    [Theory]
    [InlineData("FROM alpine:3.20\nimport os\nRUN echo hi\n", 2, "unknown instruction: import")]
    [InlineData("FROM alpine:3.20\nHEALTHCHECK --interval=30s \\\nRUN apk add curl\n", 2, "unknown type \"RUN\" in HEALTHCHECK")]
    [InlineData("FROM alpine:3.20\nHEALTHCHECK NONE now\n", 2, "HEALTHCHECK NONE takes no arguments")]
    [InlineData("FROM alpine:3.20\nHEALTHCHECK CMD\n", 2, "missing command after HEALTHCHECK CMD")]
    [InlineData("FROM alpine:3.20 AS 1st\n", 1, "invalid name for build stage")]
    [InlineData("FROM alpine:3.20 builder\n", 1, "FROM requires either one or three arguments")]
    [InlineData("RUN echo hi\nFROM alpine:3.20\n", 1, "before the first FROM")]
    [InlineData("FROM alpine:3.20\nCOPY app.py\n", 2, "COPY requires at least two arguments")]
    [InlineData("FROM alpine:3.20\nONBUILD ONBUILD RUN x\n", 2, "ONBUILD ONBUILD")]
    [InlineData("FROM alpine:3.20\nSHELL /bin/bash -c\n", 2, "SHELL requires the arguments to be in JSON form")]
    public void Instructions_BuildKit_refuses_are_errors_at_their_line(string text, int line, string message)
    {
        var error = InstructionChecks.FirstError(DockerfileParser.Parse(text, "Dockerfile"));
        Assert.NotNull(error);
        Assert.Equal((line, 1), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ENV_and_LABEL_pairs_without_equals_are_parser_errors_and_come_first()
    {
        var doc = DockerfileParser.Parse("FROM alpine:3.20\nFROBNICATE\nENV A=1 B\n", "Dockerfile");
        var error = InstructionChecks.FirstError(doc)!;
        Assert.Equal(3, error.Line);
        Assert.Contains("can't find =", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ARG V=1\nFROM alpine:${V} AS build\nHEALTHCHECK --interval=5s CMD curl -f localhost || exit 1\nHEALTHCHECK NONE\nENV A b\nSHELL [\"/bin/sh\", \"-c\"]\nONBUILD RUN echo\nCOPY --from=build /a /b\n")]
    [InlineData("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nLABEL a=b c=\"d e\"\nEXPOSE 80/tcp\nVOLUME [\"/data\"]\nSTOPSIGNAL SIGTERM\nUSER app\n")]
    public void Files_BuildKit_accepts_have_no_error(string text) =>
        Assert.Null(InstructionChecks.FirstError(DockerfileParser.Parse(text, "Dockerfile")));
}
