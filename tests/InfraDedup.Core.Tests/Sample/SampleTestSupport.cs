using System.Security.Cryptography;
using System.Text.RegularExpressions;
using InfraDedup.Core.Sample;
using Xunit;

namespace InfraDedup.Core.Tests.Sample;

/// <summary>A fresh folder under the temp path, deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "infradedup-sample-" + Guid.NewGuid().ToString("N"));
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>Reads a written sample back from disk, independently of the generator's bookkeeping.</summary>
public static class SampleDisk
{
    /// <summary>Every file under root as a sorted relative '/' path (ground-truth.json included).</summary>
    public static List<string> Files(string root)
    {
        var list = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(root, f).Replace('\\', '/'))
            .ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    public static string Full(string root, string relative) => System.IO.Path.Combine(root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public static string Text(string root, string relative) => File.ReadAllText(Full(root, relative));

    /// <summary>Brute-force SHA-256 grouping of all non-empty files except ground-truth.json.</summary>
    public static List<List<string>> ExactGroups(string root) =>
        Files(root)
            .Where(p => p != SampleGroundTruth.FileName)
            .Select(p => (Path: p, Bytes: File.ReadAllBytes(Full(root, p))))
            .Where(x => x.Bytes.Length > 0)
            .GroupBy(x => Convert.ToHexString(SHA256.HashData(x.Bytes)), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Select(x => x.Path).OrderBy(p => p, StringComparer.Ordinal).ToList())
            .OrderBy(g => g[0], StringComparer.Ordinal)
            .ToList();

    public static bool IsDockerfile(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.StartsWith("Dockerfile", StringComparison.Ordinal) || name.EndsWith(".Dockerfile", StringComparison.Ordinal);
    }

    /// <summary>Files whose text can reference a Dockerfile: compose files, workflows, Makefiles, scripts.</summary>
    public static bool IsReferencingFile(string path) =>
        path.EndsWith(".yml", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal)
        || path.EndsWith("Makefile", StringComparison.Ordinal) || path.EndsWith(".sh", StringComparison.Ordinal)
        || path.EndsWith(".py", StringComparison.Ordinal);

    /// <summary>
    /// A deliberately small compose reader: finds each service's build section (short, block or flow
    /// form) and resolves context and dockerfile against the compose file's folder.
    /// </summary>
    public static List<(string Service, string Context, string Dockerfile)> ComposeBuilds(string root, string composeFile)
    {
        var lines = File.ReadAllLines(Full(root, composeFile));
        var baseDir = composeFile.Contains('/', StringComparison.Ordinal) ? composeFile[..composeFile.LastIndexOf('/')] : string.Empty;
        var result = new List<(string, string, string)>();
        var inServices = false;
        string? service = null;
        string? context = null;
        string? dockerfile = null;
        var inBuild = false;

        void Flush()
        {
            if (service is not null && context is not null)
            {
                var ctx = Normalize(baseDir, context);
                result.Add((service, ctx, Normalize(ctx, dockerfile ?? "Dockerfile")));
            }

            context = null;
            dockerfile = null;
            inBuild = false;
        }

        foreach (var raw in lines)
        {
            var line = Regex.Replace(raw, @"\s+#.*$", string.Empty);
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            if (indent == 0)
            {
                Flush();
                service = null;
                inServices = line.StartsWith("services:", StringComparison.Ordinal);
                continue;
            }

            if (!inServices)
            {
                continue;
            }

            var text = line.Trim();
            if (indent == 2 && text.EndsWith(':'))
            {
                Flush();
                service = text[..^1];
                continue;
            }

            if (indent == 4)
            {
                inBuild = false;
                if (text.StartsWith("build:", StringComparison.Ordinal))
                {
                    var value = text["build:".Length..].Trim();
                    if (value.StartsWith('{'))
                    {
                        foreach (var part in value.Trim('{', '}').Split(','))
                        {
                            var kv = part.Split(':', 2);
                            if (kv[0].Trim() == "context")
                            {
                                context = kv[1].Trim();
                            }
                            else if (kv[0].Trim() == "dockerfile")
                            {
                                dockerfile = kv[1].Trim();
                            }
                        }
                    }
                    else if (value.Length > 0)
                    {
                        context = value;
                    }
                    else
                    {
                        inBuild = true;
                    }
                }

                continue;
            }

            if (inBuild && indent == 6)
            {
                if (text.StartsWith("context:", StringComparison.Ordinal))
                {
                    context = text["context:".Length..].Trim();
                }
                else if (text.StartsWith("dockerfile:", StringComparison.Ordinal))
                {
                    dockerfile = text["dockerfile:".Length..].Trim();
                }
            }
        }

        Flush();
        return result;
    }

    /// <summary>Joins and normalises a relative path ('.', '..'); "." for the root.</summary>
    public static string Normalize(string baseDir, string relative)
    {
        var parts = new List<string>();
        foreach (var seg in (baseDir.Length == 0 ? relative : baseDir + "/" + relative).Split('/'))
        {
            if (seg is "" or ".")
            {
                continue;
            }

            if (seg == "..")
            {
                Assert.NotEmpty(parts);
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(seg);
            }
        }

        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    /// <summary>Minimal .gitignore semantics used by the sample: "dir/", "*.ext" and plain names.</summary>
    public static bool IsIgnored(IReadOnlyList<string> patterns, string path)
    {
        var segments = path.Split('/');
        foreach (var p in patterns)
        {
            if (p.EndsWith('/'))
            {
                var dir = p[..^1];
                if (segments[..^1].Any(s => Glob(dir, s)))
                {
                    return true;
                }
            }
            else if (segments.Any(s => Glob(p, s)))
            {
                return true;
            }
        }

        return false;
    }

    public static List<string> GitIgnorePatterns(string root) =>
        File.ReadAllLines(Full(root, ".gitignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

    private static bool Glob(string pattern, string name) =>
        Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$");
}
