using Spectre.Console.Cli;

namespace InfraDedup.Cli;

public static class CliApp
{
    public static int Run(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config => config.SetApplicationName("infradedup"));
        return app.Run(args);
    }
}
