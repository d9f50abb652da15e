return InfraDedup.Cli.CliApp.Run(args);
