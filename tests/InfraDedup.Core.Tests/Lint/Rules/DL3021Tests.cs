using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3021Tests
{
    [Fact]
    public void Several_sources_to_a_file_path_are_reported() =>
        RuleAssert.Violates<DL3021>("FROM debian:12\nCOPY a.txt b.txt /dest\n", 2);

    [Theory]
    [InlineData("COPY a.txt b.txt /dest/")]
    [InlineData("COPY a.txt /dest")]
    [InlineData("COPY a.txt b.txt $DEST")]
    public void Folder_destination_or_single_source_passes(string copy) => RuleAssert.Passes<DL3021>($"FROM debian:12\n{copy}\n");
}
