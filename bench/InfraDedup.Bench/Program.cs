using BenchmarkDotNet.Running;

// Micro-benchmarks of Core. Run: dotnet run -c Release --project bench/InfraDedup.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(InfraDedup.Bench.ParseThroughput).Assembly).Run(args);
