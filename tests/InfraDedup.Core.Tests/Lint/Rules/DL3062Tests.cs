using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3062Tests
{
    [Theory]
    [InlineData("RUN go install golang.org/x/tools/gopls")]
    [InlineData("RUN go install golang.org/x/tools/gopls@latest")]
    [InlineData("RUN go get github.com/org/mod")]
    public void Unpinned_module_is_reported(string run) => RuleAssert.Violates<DL3062>($"FROM golang:1.23\n{run}\n", 2);

    [Theory]
    [InlineData("RUN go install golang.org/x/tools/gopls@v0.16.2")]
    [InlineData("RUN go install ./cmd/...")]
    [InlineData("RUN go run . --help")]
    [InlineData("RUN go build -o /out/app .")]
    [InlineData("RUN go mod download")]
    public void Pinned_or_local_passes(string run) => RuleAssert.Passes<DL3062>($"FROM golang:1.23\n{run}\n");
}
