using CsCheck;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Tests.Inventory;

public class IgnoreRulesTests
{
    [Theory]
    // unanchored patterns match a name at any depth
    [InlineData("*.log", "a.log", false, true)]
    [InlineData("*.log", "x/y/a.log", false, true)]
    [InlineData("*.log", "a.logx", false, false)]
    [InlineData("build", "src/build", true, true)]
    [InlineData("build", "src/build/out.o", false, true)]
    // anchored patterns (leading or middle slash) are relative to the ignore file
    [InlineData("/build", "build", true, true)]
    [InlineData("/build", "src/build", true, false)]
    [InlineData("doc/*.txt", "doc/a.txt", false, true)]
    [InlineData("doc/*.txt", "doc/x/a.txt", false, false)]
    [InlineData("doc/*.txt", "x/doc/a.txt", false, false)]
    // directory-only patterns
    [InlineData("cache/", "cache", true, true)]
    [InlineData("cache/", "cache", false, false)]
    // double star
    [InlineData("**/tmp", "tmp", true, true)]
    [InlineData("**/tmp", "a/b/tmp", true, true)]
    [InlineData("a/**/z", "a/z", false, true)]
    [InlineData("a/**/z", "a/b/c/z", false, true)]
    [InlineData("a/**", "a/b/c", false, true)]
    [InlineData("a/**", "a", true, false)]
    // single-character and class wildcards never cross a slash
    [InlineData("?.sh", "a.sh", false, true)]
    [InlineData("?.sh", "ab.sh", false, false)]
    [InlineData("[ab].sh", "b.sh", false, true)]
    [InlineData("[!ab].sh", "b.sh", false, false)]
    [InlineData("[!ab].sh", "c.sh", false, true)]
    [InlineData("*", "a/b", false, true)]
    // escapes
    [InlineData("\\#notes", "#notes", false, true)]
    [InlineData("a\\*b", "a*b", false, true)]
    [InlineData("a\\*b", "axb", false, false)]
    public void Glob_matches_like_gitignore(string pattern, string path, bool isDirectory, bool expected)
    {
        var glob = GlobPattern.Parse(pattern)!;
        Assert.Equal(expected, glob.Matches(path, isDirectory));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("# comment")]
    [InlineData("/")]
    public void Blank_lines_and_comments_are_not_patterns(string line) => Assert.Null(GlobPattern.Parse(line));

    [Fact]
    public void Trailing_spaces_are_dropped_unless_escaped()
    {
        Assert.True(GlobPattern.Parse("a.txt   ")!.Matches("a.txt", false));
        Assert.True(GlobPattern.Parse("a\\ ")!.Matches("a ", false));
    }

    [Fact]
    public void Last_matching_pattern_wins_and_negation_reincludes()
    {
        var file = IgnoreFile.Parse("", "*.log\n!keep.log\n");
        Assert.True(file.Verdict("a.log", false));
        Assert.False(file.Verdict("keep.log", false));
        Assert.Null(file.Verdict("a.txt", false));
    }

    [Fact]
    public void Deeper_ignore_files_take_precedence_and_only_apply_below_their_folder()
    {
        var root = IgnoreRules.Empty.With(IgnoreFile.Parse("", "*.tmp\n"));
        var rules = root.With(IgnoreFile.Parse("svc", "!*.tmp\n/local\n"));
        Assert.True(rules.IsIgnored("a.tmp", false));
        Assert.False(rules.IsIgnored("svc/a.tmp", false));
        Assert.True(rules.IsIgnored("svc/local", true));
        Assert.False(rules.IsIgnored("local", true));
        Assert.True(root.IsIgnored("svc/a.tmp", false));
        Assert.Equal(2, rules.Depth);
    }
    [Theory]
    [InlineData("*.py[cod]", ".py")]
    [InlineData("__pycache__", "__pycache__")]
    [InlineData("src/build", "src/build")]
    [InlineData("a/**/zz", "a/")]
    [InlineData("**/node_modules", "node_modules")]
    [InlineData("doc/*.txt", "doc/")]
    [InlineData("a\\*bc", "a*bc")]
    [InlineData("x[ab", "x[ab")]
    [InlineData("*", "")]
    public void The_text_every_match_contains_is_the_longest_literal_run(string glob, string expected) =>
        Assert.Equal(expected, GlobPattern.LongestLiteral(glob));

    [Fact]
    public void The_literal_text_shortcut_never_changes_a_verdict()
    {
        // Globs and paths over a small alphabet so that wildcards, classes, escapes, "**" segments and literals meet.
        string[] globParts = ["a", "b", ".", "/", "*", "**", "?", "[ab]", "[!a]", "\\*", "\\", "[", "!"];
        string[] pathParts = ["a", "b", ".", "/", "*", "ab", "["];
        var genGlob = Gen.Int[0, globParts.Length - 1].Array[1, 7].Select(parts => string.Concat(parts.Select(i => globParts[i])));
        var genPath = Gen.Int[0, pathParts.Length - 1].Array[1, 9].Select(parts => string.Concat(parts.Select(i => pathParts[i])).Trim('/'));
        Gen.Select(genGlob, genPath, Gen.Bool).Sample((glob, path, isDirectory) =>
        {
            var pattern = GlobPattern.Parse(glob);
            return pattern is null || path.Length == 0 || pattern.Matches(path, isDirectory) == pattern.MatchesByRegexAlone(path, isDirectory);
        }, iter: 20_000);
    }

    [Fact]
    public void An_invalid_bracket_expression_fails_when_parsed_not_mid_walk() =>
        Assert.ThrowsAny<ArgumentException>(() => GlobPattern.Parse("[z-a].txt"));
}
