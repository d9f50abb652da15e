using InfraDedup.Core.Compose;
using InfraDedup.Core.Planning;
using InfraDedup.Core.References;

namespace InfraDedup.Core.Tests.Planning;

public sealed class ComposeEditorTests
{
    private static readonly Dictionary<string, string> Args = new(StringComparer.Ordinal) { ["PORT"] = "8001", ["NAME"] = "on" };

    private static ComposeBuild BuildOf(string text, string service) =>
        ComposeReader.Read("compose.yml", text).Services.Single(s => s.Name == service).Build!;

    [Fact]
    public void The_short_form_becomes_the_long_form_and_the_rest_is_untouched()
    {
        const string text = "services:\n  a:\n    build: ./svc/a\n    ports: [\"8001:8001\"]  # public\n";
        var result = ComposeEditor.Apply("compose.yml", text, [new BuildEdit("a", "../../docker/shared/x.Dockerfile", Args)]);

        Assert.Empty(result.Refused);
        Assert.Equal(
            "services:\n  a:\n    build:\n      context: ./svc/a\n      dockerfile: \"../../docker/shared/x.Dockerfile\"\n      args:\n        NAME: \"on\"\n        PORT: \"8001\"\n    ports: [\"8001:8001\"]  # public\n",
            result.Text);
        var build = BuildOf(result.Text, "a");
        Assert.Equal("docker/shared/x.Dockerfile", build.Dockerfile);
        Assert.Equal("on", build.Args.Single(a => a.Name == "NAME").Value!.Value); // quoted: not the YAML 1.1 boolean
    }

    [Fact]
    public void Existing_values_are_replaced_in_place_and_new_args_appended_with_the_same_indent_and_line_ends()
    {
        const string text = "services:\r\n  a:\r\n    build:\r\n      context: svc/a # here\r\n      dockerfile: 'Dockerfile'\r\n      args:\r\n        - PORT=1\r\n        - KEEP=yes\r\n    image: a\r\n";
        var result = ComposeEditor.Apply("compose.yml", text, [new BuildEdit("a", "../../d/x.Dockerfile", Args)]);

        Assert.Empty(result.Refused);
        Assert.Equal(
            "services:\r\n  a:\r\n    build:\r\n      context: svc/a # here\r\n      dockerfile: \"../../d/x.Dockerfile\"\r\n      args:\r\n        - \"PORT=8001\"\r\n        - KEEP=yes\r\n        - \"NAME=on\"\r\n    image: a\r\n",
            result.Text);
        Assert.Equal(3, result.Edits.Count);
    }

    [Fact]
    public void A_missing_dockerfile_key_is_added_after_the_context()
    {
        const string text = "services:\n  a:\n    build:\n      context: svc/a\n      target: prod\n";
        var result = ComposeEditor.Apply("compose.yml", text, [new BuildEdit("a", "../../d/x.Dockerfile", new Dictionary<string, string>())]);
        Assert.Equal("services:\n  a:\n    build:\n      context: svc/a\n      dockerfile: \"../../d/x.Dockerfile\"\n      target: prod\n", result.Text);
    }

    [Theory]
    [InlineData("services:\n  a:\n    build: {context: svc/a}\n", "flow")]
    [InlineData("x-b: &b\n  context: svc/a\nservices:\n  a:\n    build: *b\n", "anchor")]
    [InlineData("services:\n  a:\n    build:\n      context: svc/a\n      args: {PORT: 1}\n", "flow style")]
    [InlineData("services:\n  a:\n    image: x\n", "no build")]
    public void Unsafe_shapes_are_refused_and_the_text_is_unchanged(string text, string reason)
    {
        var result = ComposeEditor.Apply("compose.yml", text, [new BuildEdit("a", "x.Dockerfile", Args)]);
        Assert.Contains(reason, result.Refused["a"], StringComparison.Ordinal);
        Assert.Equal(text, result.Text);
    }
}
