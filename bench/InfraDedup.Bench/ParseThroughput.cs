using BenchmarkDotNet.Attributes;
using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Bench;

/// <summary>
/// Parse and tokenize throughput on the sample monorepo's own files (all Dockerfiles, all shell
/// scripts). BenchmarkDotNet reports time per pass; MB/s = <see cref="Megabytes"/> / mean seconds
/// (printed once at setup so the number can be recorded).
/// </summary>
[MemoryDiagnoser]
public class ParseThroughput
{
    private byte[][] _dockerfiles = [];
    private string[] _scripts = [];
    private string _root = "";

    [Params(1000)]
    public int Services { get; set; }

    public double Megabytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "infradedup-bench-" + Guid.NewGuid().ToString("N")[..8]);
        SampleGenerator.Generate(_root, Services, seed: 7);
        var files = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        _dockerfiles = files.Where(f => Path.GetFileName(f).Contains("Dockerfile", StringComparison.Ordinal)).Select(File.ReadAllBytes).ToArray();
        _scripts = files.Where(f => f.EndsWith(".sh", StringComparison.Ordinal)).Select(File.ReadAllText).ToArray();
        Megabytes = _dockerfiles.Sum(d => (long)d.Length) / 1e6;
        Console.WriteLine($"// corpus: {_dockerfiles.Length} Dockerfiles, {Megabytes:F3} MB; {_scripts.Length} shell scripts, {_scripts.Sum(s => (long)s.Length) / 1e6:F3} MB");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Description = "parse all Dockerfiles")]
    public int ParseDockerfiles()
    {
        var instructions = 0;
        foreach (var bytes in _dockerfiles)
        {
            instructions += DockerfileParser.Parse(bytes).Instructions.Count;
        }

        return instructions;
    }

    [Benchmark(Description = "parse + BuildKit dump")]
    public int ParseAndDump()
    {
        var length = 0;
        foreach (var bytes in _dockerfiles)
        {
            length += DockerfileAstDumper.DumpBytes(DockerfileParser.Parse(bytes)).Length;
        }

        return length;
    }

    [Benchmark(Description = "tokenize all shell scripts")]
    public int TokenizeScripts()
    {
        var tokens = 0;
        foreach (var script in _scripts)
        {
            tokens += ShellTokenizer.Tokenize(script).Tokens.Count;
        }

        return tokens;
    }
}
