using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Tests.Planning;

/// <summary>
/// COPY/ADD sources against context files with BuildKit's rules (Go <c>filepath.Match</c> per path component). The
/// expectations follow the Go documentation of <c>filepath.Match</c>, not this implementation.
/// </summary>
public sealed class ContextSourcePatternTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("*", "abc", true)]
    [InlineData("*c", "abc", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "xa", false)]
    [InlineData("a*b*c*d*e*", "axbxcxdxexxx", true)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzx", true)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzy", false)]
    [InlineData("ab[c]", "abc", true)]
    [InlineData("ab[b-d]", "abc", true)]
    [InlineData("ab[e-g]", "abc", false)]
    [InlineData("ab[^c]", "abc", false)]
    [InlineData("ab[^b-d]", "abc", false)]
    [InlineData("ab[^e-g]", "abc", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "ab", false)]
    [InlineData("a?b", "a☺b", true)]
    [InlineData("[\\-]", "-", true)]
    [InlineData("[x\\-]", "z", false)]
    [InlineData("[!a]", "!", true)]
    [InlineData("[!a]", "b", false)]
    [InlineData("Docker*", "Dockerfile", true)]
    [InlineData("docker*", "Dockerfile", false)]
    [InlineData("*.py", ".py", true)]
    public void One_component_matches_as_go_filepath_Match_does(string pattern, string name, bool matches) =>
        Assert.Equal(matches, ContextSourcePattern.MatchName(pattern, name));

    [Theory]
    [InlineData("[]a]", "]")]
    [InlineData("[-]", "-")]
    [InlineData("[x-]", "x")]
    [InlineData("[a-b-c]", "a")]
    [InlineData("[", "a")]
    [InlineData("[^", "a")]
    [InlineData("a[", "a")]
    [InlineData("*x\\", "yx")]
    public void A_malformed_pattern_is_reported(string pattern, string name) =>
        Assert.Null(ContextSourcePattern.MatchName(pattern, name));

    [Theory]
    [InlineData("docker-php-*", "Dockerfile", false)]
    [InlineData("docker-php-*", "docker-php-ext-install", true)]
    [InlineData("/docker-php-*", "docker-php-ext-install", true)]
    [InlineData("./docker-php-*", "docker-php-ext-install", true)]
    [InlineData("../docker-php-*", "docker-php-ext-install", true)]
    [InlineData("*", "sub/deep/Dockerfile", true)]
    [InlineData("s*/d*", "sub/deep/Dockerfile", true)]
    [InlineData("s*/x*", "sub/deep/Dockerfile", false)]
    [InlineData("s*/deep/Dockerfile/x", "sub/deep/Dockerfile", false)]
    [InlineData("sub/*.txt", "sub/Dockerfile", false)]
    [InlineData("sub", "sub/Dockerfile", true)]
    [InlineData("sub/", "sub/Dockerfile", true)]
    [InlineData("su", "sub/Dockerfile", false)]
    [InlineData(".", "sub/Dockerfile", true)]
    [InlineData("/", "Dockerfile", true)]
    [InlineData("Dockerfile", "Dockerfile", true)]
    [InlineData("Docker\\*", "Dockerfile", false)]
    [InlineData("[", "Dockerfile", true)]
    public void A_source_copies_the_file_when_its_components_reach_it(string source, string path, bool copies) =>
        Assert.Equal(copies, ContextSourcePattern.Copies(source, path));

    [Theory]
    [InlineData("docker-php-*", true)]
    [InlineData("a?", true)]
    [InlineData("[ab]", true)]
    [InlineData("plain/path", false)]
    [InlineData("escaped\\*", false)]
    public void Wildcards_are_unescaped_star_question_mark_or_bracket(string source, bool wildcard) =>
        Assert.Equal(wildcard, ContextSourcePattern.HasWildcards(source));
}
