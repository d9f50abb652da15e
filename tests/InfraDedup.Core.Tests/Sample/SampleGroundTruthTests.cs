using System.Text.RegularExpressions;
using InfraDedup.Core.Sample;
using Xunit;

namespace InfraDedup.Core.Tests.Sample;

/// <summary>One default sample (N=120, seed 42) shared by the consistency tests.</summary>
public sealed class DefaultSampleFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public DefaultSampleFixture()
    {
        Truth = SampleGenerator.Generate(new SampleOptions { OutputDirectory = _dir.Path });
        Files = SampleDisk.Files(Root);
    }

    public string Root => _dir.Path;

    public SampleGroundTruth Truth { get; }

    public List<string> Files { get; }

    public void Dispose() => _dir.Dispose();
}

public sealed class SampleGroundTruthTests(DefaultSampleFixture sample) : IClassFixture<DefaultSampleFixture>
{
    private SampleGroundTruth Truth => sample.Truth;

    private string Root => sample.Root;

    [Fact]
    public void Json_file_round_trips_to_the_returned_object()
    {
        var loaded = SampleGroundTruth.Load(Root);
        using var expected = new MemoryStream();
        Truth.WriteJson(expected);
        using var actual = new MemoryStream();
        loaded.WriteJson(actual);
        Assert.Equal(expected.ToArray(), actual.ToArray());

        var text = SampleDisk.Text(Root, SampleGroundTruth.FileName);
        Assert.DoesNotContain('\r', text);
        Assert.Contains("\"dockerfileFamilies\": [", text, StringComparison.Ordinal);
        Assert.Contains("\"cloneType\": ", text, StringComparison.Ordinal);
        Assert.Equal([.. expected.ToArray(), (byte)'\n'], File.ReadAllBytes(SampleDisk.Full(Root, SampleGroundTruth.FileName)));
    }

    [Fact]
    public void Every_listed_path_exists_and_lists_are_sorted()
    {
        var files = sample.Files.ToHashSet(StringComparer.Ordinal);
        var lists = new List<IReadOnlyList<string>>();
        lists.AddRange(Truth.DockerfileFamilies.Select(f => f.Paths));
        lists.AddRange(Truth.ScriptFamilies.Select(f => f.Paths));
        lists.AddRange(Truth.ExactDuplicates.Select(f => f.Paths));
        lists.Add(Truth.DeadFiles.Select(d => d.Path).ToList());
        lists.Add(Truth.IgnoredPaths);
        foreach (var list in lists)
        {
            Assert.Equal(list.Order(StringComparer.Ordinal), list);
            Assert.All(list, p => Assert.Contains(p, files));
        }

        foreach (var group in Truth.DirectoryCopies)
        {
            Assert.Equal(group.Paths.Order(StringComparer.Ordinal), group.Paths);
            Assert.All(group.Paths, p => Assert.True(Directory.Exists(SampleDisk.Full(Root, p)), p));
        }

        Assert.Equal(Truth.DockerfileFamilies.Select(f => f.Id).Order(StringComparer.Ordinal), Truth.DockerfileFamilies.Select(f => f.Id));
        Assert.Equal(Truth.ScriptFamilies.Select(f => f.Id).Order(StringComparer.Ordinal), Truth.ScriptFamilies.Select(f => f.Id));
        Assert.Equal(120, Truth.Services);
        Assert.Equal(42, Truth.Seed);
    }

    [Fact]
    public void Exact_duplicates_equal_a_brute_force_sha256_grouping()
    {
        var expected = SampleDisk.ExactGroups(Root);
        var actual = Truth.ExactDuplicates.Select(g => g.Paths.ToList()).ToList();
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);

        // Incidental duplicates are included: identical requirements.txt across live services.
        Assert.Contains(actual, g => g.Count(p => p.StartsWith("services/", StringComparison.Ordinal) && p.EndsWith("/requirements.txt", StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public void Families_are_disjoint_and_hold_the_right_files()
    {
        var all = Truth.DockerfileFamilies.SelectMany(f => f.Paths).Concat(Truth.ScriptFamilies.SelectMany(f => f.Paths)).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Truth.DockerfileFamilies, f =>
        {
            Assert.Equal("dockerfile", f.Kind);
            Assert.True(f.Paths.Count >= 2);
            Assert.All(f.Paths, p => Assert.True(SampleDisk.IsDockerfile(p), p));
        });
        Assert.All(Truth.ScriptFamilies, f =>
        {
            Assert.True(f.Paths.Count >= 2);
            Assert.InRange(f.CloneType, 1, 3);
            var ext = f.Kind == "shell" ? ".sh" : ".py";
            Assert.All(f.Paths, p => Assert.EndsWith(ext, p, StringComparison.Ordinal));
            var distinct = f.Paths.Select(p => SampleDisk.Text(Root, p)).Distinct(StringComparer.Ordinal).Count();
            Assert.Equal(f.CloneType == 1, distinct == 1);
        });

        // Every member of the main family starts FROM python:3.11-slim; byte-identical backups are in it.
        var main = Truth.DockerfileFamilies.Single(f => f.Id == "python311-agent");
        Assert.All(main.Paths, p => Assert.StartsWith("FROM python:3.11-slim", FirstInstruction(p), StringComparison.Ordinal));
        Assert.Contains(main.Paths, p => p.StartsWith("backups/", StringComparison.Ordinal));
        var py312 = Truth.DockerfileFamilies.Single(f => f.Id == "python312-agent");
        Assert.All(py312.Paths, p => Assert.StartsWith("FROM python:3.12-slim", FirstInstruction(p), StringComparison.Ordinal));
        foreach (var group in Truth.ExactDuplicates.Where(g => g.Paths.All(SampleDisk.IsDockerfile)))
        {
            var families = group.Paths.Select(p => Truth.DockerfileFamilies.SingleOrDefault(f => f.Paths.Contains(p))?.Id).Distinct().ToList();
            Assert.Single(families);
        }

        Assert.Contains(Truth.ScriptFamilies, f => f.CloneType == 2);
        Assert.Contains(Truth.ScriptFamilies, f => f.CloneType == 3);
        Assert.Contains(Truth.ScriptFamilies, f => f.Kind == "python");
    }

    [Fact]
    public void Main_family_has_the_structural_variants()
    {
        var texts = Truth.DockerfileFamilies.Single(f => f.Id == "python311-agent").Paths.Select(p => SampleDisk.Text(Root, p)).ToList();
        Assert.Contains(texts, t => t.Contains("USER app\nUSER app\n", StringComparison.Ordinal) || Regex.IsMatch(t, @"(ENV AGENT_ID=[^\n]*\n)\1"));
        Assert.Contains(texts, t => Regex.IsMatch(t, @"RUN pip install --no-cache-dir (?!-r)") || t.Contains("ENV PYTHONUNBUFFERED=1", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("# syntax=docker/dockerfile:1", StringComparison.Ordinal));
        Assert.All(texts, t => Assert.Matches(@"\nCMD \[""python"", (""-m"", ""debugpy"", .*)?""app.py""\]\n$", t));
        Assert.Contains(texts, t => t.Contains("debugpy", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("HEALTHCHECK", StringComparison.Ordinal) && t.Contains("useradd", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_services_match_the_compose_text_and_point_at_live_dockerfiles()
    {
        var composeFiles = sample.Files.Where(p => Regex.IsMatch(p, @"(^|/)docker-compose[^/]*\.yml$")).ToList();
        Assert.Contains("docker-compose.yml", composeFiles);
        Assert.Contains("docker-compose.prod.yml", composeFiles);
        Assert.Contains("deploy/docker-compose.agents.yml", composeFiles);
        var parsed = composeFiles
            .SelectMany(f => SampleDisk.ComposeBuilds(Root, f).Select(b => new SampleComposeService(f, b.Service, b.Context, b.Dockerfile)))
            .OrderBy(c => c.ComposeFile, StringComparer.Ordinal).ThenBy(c => c.Service, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(parsed, Truth.ComposeServices);

        var dead = Truth.DeadFiles.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        Assert.All(Truth.ComposeServices, c =>
        {
            Assert.True(File.Exists(SampleDisk.Full(Root, c.Dockerfile)), c.Dockerfile);
            Assert.DoesNotContain(c.Dockerfile, dead);
        });

        var rootText = SampleDisk.Text(Root, "docker-compose.yml");
        Assert.Contains("x-common: &common", rootText, StringComparison.Ordinal);
        Assert.Contains("<<: *common", rootText, StringComparison.Ordinal);
        Assert.Contains("depends_on:", rootText, StringComparison.Ordinal);
        Assert.Contains("args:", rootText, StringComparison.Ordinal);
        Assert.Matches(@"build: \./services/", rootText);
        Assert.Matches(@"build: \.\./services/", SampleDisk.Text(Root, "deploy/docker-compose.agents.yml"));
    }

    [Fact]
    public void Dead_files_are_unreferenced_and_every_other_dockerfile_is_referenced()
    {
        var referencing = sample.Files.Where(SampleDisk.IsReferencingFile).Select(p => SampleDisk.Text(Root, p)).ToList();
        var dead = Truth.DeadFiles.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        Assert.All(Truth.DeadFiles, d =>
        {
            Assert.True(SampleDisk.IsDockerfile(d.Path), d.Path);
            Assert.False(string.IsNullOrWhiteSpace(d.Reason));
            Assert.DoesNotContain(referencing, t => t.Contains(d.Path, StringComparison.Ordinal));
        });

        var composed = Truth.ComposeServices.Select(c => c.Dockerfile).ToHashSet(StringComparer.Ordinal);
        var buildTexts = string.Join('\n', SampleDisk.Text(Root, "Makefile"), SampleDisk.Text(Root, ".github/workflows/ci.yml"));
        foreach (var dockerfile in sample.Files.Where(SampleDisk.IsDockerfile).Where(p => !dead.Contains(p)))
        {
            Assert.True(composed.Contains(dockerfile) || buildTexts.Contains("-f " + dockerfile + " ", StringComparison.Ordinal), dockerfile + " is neither dead nor referenced");
        }

        Assert.Contains(Truth.DeadFiles, d => d.Path.EndsWith("/Dockerfile.old", StringComparison.Ordinal));
        Assert.Contains(Truth.DeadFiles, d => d.Path.StartsWith("experiments/", StringComparison.Ordinal));
        Assert.Contains(Truth.DeadFiles, d => d.Path.StartsWith("archive/", StringComparison.Ordinal));
        Assert.Contains(Truth.DeadFiles, d => d.Path.StartsWith("backups/", StringComparison.Ordinal));
        Assert.All(sample.Files.Where(p => SampleDisk.IsDockerfile(p) && (p.StartsWith("backups/", StringComparison.Ordinal) || p.StartsWith("archive/", StringComparison.Ordinal))), p => Assert.Contains(p, dead));
    }

    [Fact]
    public void Ignored_paths_are_exactly_the_files_the_gitignore_matches()
    {
        var patterns = SampleDisk.GitIgnorePatterns(Root);
        var matched = sample.Files.Where(p => SampleDisk.IsIgnored(patterns, p)).ToList();
        Assert.Equal(matched, Truth.IgnoredPaths);
        Assert.Contains(".env", Truth.IgnoredPaths);
        Assert.Contains(Truth.IgnoredPaths, p => p.EndsWith(".pyc", StringComparison.Ordinal) && p.Contains("/__pycache__/", StringComparison.Ordinal));
    }

    [Fact]
    public void Directory_copies_hold_identical_files()
    {
        Assert.NotEmpty(Truth.DirectoryCopies);
        Assert.Contains(Truth.DirectoryCopies, g => g.Paths.Count >= 3);
        foreach (var group in Truth.DirectoryCopies)
        {
            var listings = group.Paths.Select(dir => SampleDisk.Files(SampleDisk.Full(Root, dir))).ToList();
            Assert.True(listings[0].Count >= 3, "a copied folder holds several files");
            foreach (var other in group.Paths.Skip(1))
            {
                var otherFiles = SampleDisk.Files(SampleDisk.Full(Root, other));
                Assert.Equal(listings[0], otherFiles);
                foreach (var f in otherFiles)
                {
                    Assert.Equal(File.ReadAllBytes(SampleDisk.Full(Root, group.Paths[0] + "/" + f)), File.ReadAllBytes(SampleDisk.Full(Root, other + "/" + f)));
                }
            }
        }
    }

    [Fact]
    public void Scripts_have_shebangs_and_executable_bits()
    {
        var shells = sample.Files.Where(p => p.EndsWith(".sh", StringComparison.Ordinal)).ToList();
        Assert.All(shells, p => Assert.Matches(@"^#!(/usr/bin/env bash|/bin/sh)\n", SampleDisk.Text(Root, p)));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var p in shells.Concat(sample.Files.Where(p => p.StartsWith("tools/check_", StringComparison.Ordinal))))
            {
                Assert.Equal(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute, File.GetUnixFileMode(SampleDisk.Full(Root, p)) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute));
            }

            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(SampleDisk.Full(Root, "docker-compose.yml")) & UnixFileMode.UserExecute);
        }

        var makefile = SampleDisk.Text(Root, "Makefile");
        Assert.Matches(@"\tbash scripts/[^\s]+\.sh", makefile);
        Assert.Matches(@"\t\./scripts/[^\s]+\.sh", makefile);
        var ci = SampleDisk.Text(Root, ".github/workflows/ci.yml");
        Assert.Matches(@"docker build -f services/[^/\s]+/Dockerfile services/[^/\s]+\n", ci);
    }

    [Fact]
    public void Family_members_are_near_in_instructions_and_lines()
    {
        var modes = new List<(string Id, string Base, List<string> Mode)>();
        foreach (var family in Truth.DockerfileFamilies)
        {
            var sequences = family.Paths.Select(p => Instructions(SampleDisk.Text(Root, p))).ToList();
            var mode = sequences.GroupBy(s => string.Join(' ', s), StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().First();
            Assert.All(sequences, s => Assert.InRange(EditDistance(s, mode), 0, 2));
            var bases = family.Paths.Select(BaseImage).Distinct(StringComparer.Ordinal).ToList();
            Assert.True(bases.Count == 1, family.Id + ": " + string.Join(", ", bases));
            modes.Add((family.Id, bases[0], mode));
        }

        // Two families on the same base image (agents vs. notebooks on python:3.11-slim) are far apart.
        foreach (var a in modes)
        {
            foreach (var b in modes.Where(b => b.Base == a.Base && string.CompareOrdinal(b.Id, a.Id) > 0))
            {
                Assert.True(EditDistance(a.Mode, b.Mode) > 2, a.Id + " vs " + b.Id);
            }
        }

        foreach (var family in Truth.ScriptFamilies)
        {
            var lineCounts = family.Paths.Select(p => SampleDisk.Text(Root, p).Split('\n').Length).ToList();
            if (family.CloneType <= 2)
            {
                Assert.Single(lineCounts.Distinct());
            }
            else
            {
                Assert.InRange(lineCounts.Max() - lineCounts.Min(), 1, 2);
            }
        }
    }

    /// <summary>Instruction keywords after dropping comments and blank lines and joining continuations.</summary>
    private static List<string> Instructions(string dockerfile)
    {
        var result = new List<string>();
        var continued = false;
        foreach (var line in dockerfile.Split('\n'))
        {
            var t = line.Trim();
            if (t.Length == 0 || t.StartsWith('#'))
            {
                continue;
            }

            if (!continued)
            {
                result.Add(t.Split(' ')[0].ToUpperInvariant());
            }

            continued = t.EndsWith('\\');
        }

        return result;
    }

    private static int EditDistance(List<string> a, List<string> b)
    {
        var d = new int[a.Count + 1, b.Count + 1];
        for (var i = 0; i <= a.Count; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Count; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Count, b.Count];
    }

    private string BaseImage(string path) =>
        SampleDisk.Text(Root, path).Split('\n').First(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Split(' ')[1];

    private string FirstInstruction(string path) =>
        SampleDisk.Text(Root, path).Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'));
}
