using InfraDedup.Core;
using InfraDedup.Core.Compose;
using InfraDedup.Ops.Common;
using InfraDedup.Ops.Tests.Support;

namespace InfraDedup.Ops.Tests.Common;

/// <summary>Deploy and monitor read compose through the Core compose model (one parse, shared with scan and plan).</summary>
public sealed class ComposeProjectTests
{
    private const string Compose = """
        x-common: &common
          environment:
            SHARED: "yes"
          depends_on: [db]
        services:
          db:
            image: postgres:16
          api:
            <<: *common
            image: acme/api:${TAG:-1.2}
            command: ["serve", "--port", "80"]
            network_mode: bridge
            ports:
              - "127.0.0.1:8080:80"
              - target: 9090
                published: "19090"
            healthcheck:
              test: curl -f http://localhost/health
              interval: 10s
              retries: 3

        """;

    [Fact]
    public void Runtime_settings_come_from_the_core_model_merge_keys_included()
    {
        using var dir = new TempDir();
        dir.Write("docker-compose.yml", Compose);

        var project = ComposeProject.Load(dir.Path, null);
        var model = ComposeReader.Read("docker-compose.yml", Compose).Services.Single(s => s.Name == "api");

        // The Core model carries the run-time keys the Ops project is made of.
        Assert.Equal(["command", "depends_on", "environment", "healthcheck", "network_mode", "ports"], model.Runtime.Keys.Order(StringComparer.Ordinal));
        var api = project.Service("api")!;
        Assert.Equal("acme/api:1.2", api.Image);
        Assert.Equal("yes", api.Environment["SHARED"]);
        Assert.Equal(["db"], api.DependsOn);
        Assert.Equal(["serve", "--port", "80"], api.Command);
        Assert.Equal("bridge", api.NetworkMode);
        Assert.Equal([new PortMapping("127.0.0.1", 8080, 80), new PortMapping(null, 19090, 9090)], api.Ports);
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/health"], api.Healthcheck!.Test);
        Assert.Equal((TimeSpan.FromSeconds(10), 3), (api.Healthcheck.Interval!.Value, api.Healthcheck.Retries!.Value));
    }

    [Theory]
    [InlineData("    ports: \"8080:80\"\n", 4, 12, "'ports' must be a list")]
    [InlineData("    ports:\n      - \"eighty\"\n", 5, 9, "is not a port mapping")]
    [InlineData("    healthcheck:\n      interval: soon\n", 5, 17, "is not a duration")]
    [InlineData("    environment: 3\n", 4, 18, "'environment' must be a mapping")]
    public void A_runtime_setting_of_the_wrong_shape_names_file_line_and_column(string setting, int line, int column, string message)
    {
        using var dir = new TempDir();
        dir.Write("compose.yaml", "services:\n  api:\n    image: acme/api\n" + setting);

        var e = Assert.Throws<UserInputException>(() => ComposeProject.Load(dir.Path, null));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal((Path.Combine(dir.Path, "compose.yaml"), line, column), (e.File, e.Line, e.Column));
    }
}
