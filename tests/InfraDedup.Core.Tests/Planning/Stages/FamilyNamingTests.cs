using InfraDedup.Core.Planning;

namespace InfraDedup.Core.Tests.Planning.Stages;

public sealed class FamilyNamingTests
{
    [Theory]
    [InlineData("svc/billing-agent/Dockerfile", "svc/search-agent/Dockerfile", "python:3.11-slim", "agent-python-3.11-slim")]
    [InlineData("svc/api-billing/Dockerfile", "svc/api-search/Dockerfile", "docker.io/library/node:20", "api-node-20")]
    [InlineData("a/Dockerfile", "b/Dockerfile", "", "family")]
    [InlineData("a/Dockerfile", "b/Dockerfile", "ghcr.io/org/tool@sha256:ab", "tool-sha256-ab")]
    public void The_name_is_the_shared_folder_affix_then_the_base_image(string first, string second, string image, string expected) =>
        Assert.Equal(expected, FamilyNaming.Name([first, second], image));
}
