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

    [Theory]
    [InlineData("RUN go install tool stringer")]
    [InlineData("RUN go get -tool stringer@latest")]
    [InlineData("RUN go get github.com/org/mod@none")]
    public void Tools_and_special_versions_are_reported(string run) => RuleAssert.Violates<DL3062>($"FROM golang:1.23\n{run}\n", 2);

    [Fact]
    public void Arguments_of_the_program_go_run_starts_are_not_modules() =>
        RuleAssert.Passes<DL3062>("FROM golang:1.23\nRUN go run github.com/acme/gen@v1.0.0 --out gen schema\n");
}
