namespace InfraDedup.Core.Inventory;

/// <summary>
/// Classifies files by name, and by shebang for files whose name says nothing.
/// Reads at most the first line of a file; never executes anything.
/// </summary>
public static class FileClassifier
{
    /// <summary>How many bytes of a file's head <see cref="Classify(string, ReadOnlySpan{byte})"/> looks at.</summary>
    public const int HeadLength = 128;

    private static readonly string[] ManifestNames =
    [
        "package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "pyproject.toml", "Pipfile",
        "Pipfile.lock", "poetry.lock", "setup.py", "setup.cfg", "go.mod", "go.sum", "Gemfile", "Gemfile.lock",
        "Cargo.toml", "Cargo.lock", "pom.xml", "build.gradle", "composer.json", "composer.lock",
    ];

    /// <summary>
    /// Dotfiles that configure a tool and are never run (a tree has one per service folder): decided by name, so a
    /// scan does not open them a second time just to look for a shebang. Other dotfiles (<c>.run-hooks</c>) have no
    /// extension that speaks and are still classified by their first line.
    /// </summary>
    private static readonly HashSet<string> ToolConfigDotfiles = new(StringComparer.Ordinal)
    {
        ".dockerignore", ".gitignore", ".gitattributes", ".gitmodules", ".gitkeep", ".infradedupignore", ".editorconfig",
        ".env", ".npmignore", ".npmrc", ".helmignore", ".prettierrc", ".eslintrc", ".eslintignore", ".nvmrc",
    };

    /// <summary>Classifies by file name alone; null when the name is not conclusive (a shebang may decide).</summary>
    public static FileKind? ClassifyByName(string relativePath)
    {
        var name = FileName(relativePath);
        if (IsDockerfileName(name))
        {
            return FileKind.Dockerfile;
        }

        if (IsComposeName(name))
        {
            return FileKind.Compose;
        }

        if (IsManifestName(name))
        {
            return FileKind.Manifest;
        }

        if (ToolConfigDotfiles.Contains(name))
        {
            return FileKind.Other;
        }

        var ext = Extension(name);
        return ext switch
        {
            ".sh" or ".bash" => FileKind.ShellScript,
            ".py" => FileKind.PythonScript,
            "" => null,
            _ => ext is ".txt" or ".yml" or ".yaml" or ".json" or ".md" or ".toml" or ".cfg" or ".ini"
                    or ".js" or ".ts" or ".go" or ".cs" or ".java" or ".html" or ".css" or ".lock" or ".xml"
                    or ".pyc" or ".png" or ".jpg" or ".gz" or ".tar" or ".zip" or ".sbn" or ".dockerignore" or ".conf"
                ? FileKind.Other
                : null,
        };
    }

    /// <summary>Classifies by name, falling back to the shebang in <paramref name="head"/>.</summary>
    public static FileKind Classify(string relativePath, ReadOnlySpan<byte> head) =>
        ClassifyByName(relativePath) ?? ClassifyByShebang(head);

    /// <summary>Classifies a file from its first line (<c>#!/bin/sh</c>, <c>#!/usr/bin/env python3</c>, …).</summary>
    public static FileKind ClassifyByShebang(ReadOnlySpan<byte> head)
    {
        if (head.Length < 3 || head[0] != (byte)'#' || head[1] != (byte)'!')
        {
            return FileKind.Other;
        }

        var end = head.IndexOfAny((byte)'\n', (byte)'\r');
        var line = System.Text.Encoding.UTF8.GetString(end < 0 ? head[2..] : head[2..end]).Trim();
        var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return FileKind.Other;
        }

        // "#!/usr/bin/env [-S] bash" names the interpreter in a later word.
        var interpreter = FileName(parts[0]);
        if (interpreter == "env")
        {
            interpreter = parts.Skip(1).FirstOrDefault(p => !p.StartsWith('-')) is { } named ? FileName(named) : "";
        }

        if (interpreter is "sh" or "bash" or "dash" or "ash" or "ksh" or "zsh")
        {
            return FileKind.ShellScript;
        }

        return interpreter.StartsWith("python", StringComparison.Ordinal) ? FileKind.PythonScript : FileKind.Other;
    }

    /// <summary><c>Dockerfile</c>, <c>Dockerfile.*</c>, <c>*.Dockerfile</c>, <c>*.dockerfile</c>, <c>Containerfile*</c>.</summary>
    public static bool IsDockerfileName(string name)
    {
        // Dockerfile.dockerignore is the per-Dockerfile ignore file BuildKit reads, not a Dockerfile.
        if (name.EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return name.Equals("Dockerfile", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Containerfile", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Compose file names the Compose specification and docker-compose look for, plus variants.</summary>
    public static bool IsComposeName(string name)
    {
        var ext = Extension(name);
        if (ext is not (".yml" or ".yaml"))
        {
            return false;
        }

        var stem = name[..^ext.Length];
        return stem.Equals("compose", StringComparison.OrdinalIgnoreCase)
            || stem.StartsWith("compose.", StringComparison.OrdinalIgnoreCase)
            || stem.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsManifestName(string name) =>
        ManifestNames.Contains(name, StringComparer.Ordinal)
        || (name.StartsWith("requirements", StringComparison.OrdinalIgnoreCase)
            && name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase));

    private static string FileName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    private static string Extension(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot <= 0 ? "" : name[dot..].ToLowerInvariant();
    }
}
