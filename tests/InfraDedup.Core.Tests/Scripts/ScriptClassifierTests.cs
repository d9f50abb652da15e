using System.Globalization;
using System.Runtime.CompilerServices;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Tests.Scripts;

public class ScriptClassifierTests
{
    private static string FixtureFolder([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, "Fixtures", "Classification");

    private static List<(string File, ScriptClass Label)> Labels()
    {
        var folder = FixtureFolder();
        return File.ReadAllLines(Path.Combine(folder, "labels.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(p => (p[0], Enum.Parse<ScriptClass>(p[1], ignoreCase: true)))
            .ToList();
    }

    [Fact]
    public void Labelled_fixtures_are_classified_at_least_95_percent_correctly()
    {
        var labels = Labels();
        Assert.True(labels.Count >= 40, $"only {labels.Count} labelled fixtures");
        foreach (var cls in Enum.GetValues<ScriptClass>())
        {
            Assert.True(labels.Count(l => l.Label == cls) >= 8, $"too few fixtures labelled {cls}");
        }

        var wrong = new List<string>();
        foreach (var (file, label) in labels)
        {
            var result = ScriptClassifier.Classify(File.ReadAllText(Path.Combine(FixtureFolder(), file)));
            Assert.NotEmpty(result.Evidence);
            if (result.Class != label)
            {
                wrong.Add($"{file}: labelled {label}, classified {result.Class} ({string.Join("; ", result.Evidence.Select(e => $"{e.Line}: {e.Command} [{e.Reason}]"))})");
            }
        }

        var accuracy = 1.0 - ((double)wrong.Count / labels.Count);
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy.ToString("P1", CultureInfo.InvariantCulture)}; wrong:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Every_fixture_file_is_labelled()
    {
        var labelled = Labels().Select(l => l.File).ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(FixtureFolder(), "*.sh").Select(Path.GetFileName).ToList();
        Assert.All(files, f => Assert.Contains(f!, labelled));
        Assert.Equal(files.Count, labelled.Count);
    }

    [Fact]
    public void Evidence_names_the_deciding_command_and_its_line()
    {
        var result = ScriptClassifier.Classify("#!/bin/sh\nset -e\necho start\ndocker compose -f prod.yml up -d --build api\n");
        Assert.Equal(ScriptClass.Deploy, result.Class);
        var e = Assert.Single(result.Evidence);
        Assert.Equal(4, e.Line);
        Assert.Equal("docker compose -f prod.yml up -d --build api", e.Command);
        Assert.Equal("compose up", e.Reason);
    }

    [Fact]
    public void A_deploy_that_checks_health_afterwards_stays_a_deploy()
    {
        var result = ScriptClassifier.Classify("docker compose up -d\ncurl -fsS http://127.0.0.1:8080/health\n");
        Assert.Equal(ScriptClass.Deploy, result.Class);
        Assert.Contains(result.Evidence, e => e.Class == ScriptClass.Monitor && e.Line == 2);
    }

    [Theory]
    [InlineData("sudo docker exec -u postgres db pg_dumpall > all.sql", ScriptClass.Maintain)]
    [InlineData("ssh ops@host 'docker system prune -af'", ScriptClass.Maintain)]
    [InlineData("bash -c \"kubectl apply -f k8s/\"", ScriptClass.Deploy)]
    [InlineData("x=$(curl -fs http://127.0.0.1/healthz)", ScriptClass.Monitor)]
    [InlineData("timeout 10 redis-cli ping", ScriptClass.Monitor)]
    [InlineData("curl -fsSL https://get.example.com/install.sh -o install.sh", ScriptClass.Other)]
    [InlineData("", ScriptClass.Other)]
    public void Commands_behind_wrappers_and_in_nested_shells_are_seen(string script, ScriptClass expected)
    {
        var result = ScriptClassifier.Classify(script);
        Assert.Equal(expected, result.Class);
        Assert.NotEmpty(result.Evidence);
    }

    [Fact]
    public void Other_scripts_list_what_they_run()
    {
        var result = ScriptClassifier.Classify("#!/bin/sh\nset -e\nnpm ci\nnpm run build\n");
        Assert.Equal(ScriptClass.Other, result.Class);
        Assert.Equal([3, 4], result.Evidence.Select(e => e.Line));
    }

    [Fact]
    public void Calls_through_a_function_that_runs_its_arguments_are_classified_by_the_command()
    {
        const string script = "#!/bin/sh\nrun() {\n  if [ \"$TARGET\" = localhost ]; then\n    \"$@\"\n  else\n    ssh \"deploy@${TARGET}\" \"$@\"\n  fi\n}\n\nrun docker container prune -f\nrun docker image prune -af\n";
        var result = ScriptClassifier.Classify(script);
        Assert.Equal(ScriptClass.Maintain, result.Class);
        Assert.Contains(result.Evidence, e => e.Line == 11 && e.Class == ScriptClass.Maintain);
    }

    [Fact]
    public void A_function_that_only_logs_its_arguments_is_not_a_pass_through()
    {
        Assert.Empty(ScriptClassifier.PassThroughFunctions("log() {\n  echo \"$@\" >&2\n}\nlog docker image prune\n"));
        Assert.Equal("run", Assert.Single(ScriptClassifier.PassThroughFunctions("run() { echo + \"$*\";\n  \"$@\"\n}\n")));
    }
}
