using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint.Rules;

public class DL3028Tests
{
    [Theory]
    [InlineData("RUN gem install bundler")]
    [InlineData("RUN gem install rails:7.1.0 rake")]
    public void Unpinned_gem_is_reported(string run) => RuleAssert.Violates<DL3028>($"FROM ruby:3.3\n{run}\n", 2);

    [Theory]
    [InlineData("RUN gem install bundler:2.5.0")]
    [InlineData("RUN gem install bundler -v 2.5.0")]
    [InlineData("RUN gem install bundler --version=2.5.0")]
    [InlineData("RUN gem update --system")]
    public void Pinned_gem_passes(string run) => RuleAssert.Passes<DL3028>($"FROM ruby:3.3\n{run}\n");

    [Theory]
    [InlineData("RUN gem install nokogiri:1.16.7 -- --use-system-libraries true")]
    [InlineData("RUN gem install nokogiri:1.16.7 --some-build-flag yes")]
    public void Build_options_and_their_values_are_not_gems(string run) => RuleAssert.Passes<DL3028>($"FROM ruby:3.3\n{run}\n");

    [Fact]
    public void Gem_after_a_known_switch_is_still_checked() => RuleAssert.Violates<DL3028>("FROM ruby:3.3\nRUN gem install --no-document rake\n", 2);
}
