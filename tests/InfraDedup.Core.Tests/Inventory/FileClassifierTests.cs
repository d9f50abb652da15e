using System.Text;
using InfraDedup.Core.Inventory;

namespace InfraDedup.Core.Tests.Inventory;

public class FileClassifierTests
{
    [Theory]
    [InlineData("Dockerfile", FileKind.Dockerfile)]
    [InlineData("svc/Dockerfile", FileKind.Dockerfile)]
    [InlineData("svc/dockerfile", FileKind.Dockerfile)]
    [InlineData("svc/Dockerfile.prod", FileKind.Dockerfile)]
    [InlineData("svc/Dockerfile.old", FileKind.Dockerfile)]
    [InlineData("svc/api.Dockerfile", FileKind.Dockerfile)]
    [InlineData("svc/api.dockerfile", FileKind.Dockerfile)]
    [InlineData("Containerfile", FileKind.Dockerfile)]
    [InlineData("Containerfile.dev", FileKind.Dockerfile)]
    [InlineData("svc/Dockerfile.dockerignore", FileKind.Other)]
    [InlineData(".dockerignore", FileKind.Other)]
    [InlineData("docker-compose.yml", FileKind.Compose)]
    [InlineData("deploy/docker-compose.prod.yaml", FileKind.Compose)]
    [InlineData("compose.yaml", FileKind.Compose)]
    [InlineData("compose.override.yml", FileKind.Compose)]
    [InlineData("config.yml", FileKind.Other)]
    [InlineData("docker-compose.json", FileKind.Other)]
    [InlineData("scripts/deploy.sh", FileKind.ShellScript)]
    [InlineData("scripts/deploy.bash", FileKind.ShellScript)]
    [InlineData("tools/x.py", FileKind.PythonScript)]
    [InlineData("requirements.txt", FileKind.Manifest)]
    [InlineData("requirements-dev.txt", FileKind.Manifest)]
    [InlineData("svc/package.json", FileKind.Manifest)]
    [InlineData("go.mod", FileKind.Manifest)]
    [InlineData("notes.txt", FileKind.Other)]
    [InlineData("README.md", FileKind.Other)]
    public void Classifies_by_name(string path, FileKind expected) =>
        Assert.Equal(expected, FileClassifier.Classify(path, []));

    [Theory]
    [InlineData("#!/bin/sh\necho", FileKind.ShellScript)]
    [InlineData("#!/bin/bash -e\n", FileKind.ShellScript)]
    [InlineData("#!/usr/bin/env bash\n", FileKind.ShellScript)]
    [InlineData("#!/usr/bin/env -S bash -eu\n", FileKind.ShellScript)]
    [InlineData("#! /bin/dash\r\n", FileKind.ShellScript)]
    [InlineData("#!/usr/bin/env python3\n", FileKind.PythonScript)]
    [InlineData("#!/usr/bin/python3.11\n", FileKind.PythonScript)]
    [InlineData("#!/usr/bin/env node\n", FileKind.Other)]
    [InlineData("echo hi\n", FileKind.Other)]
    [InlineData("#!", FileKind.Other)]
    [InlineData("", FileKind.Other)]
    public void Classifies_extensionless_files_by_shebang(string head, FileKind expected) =>
        Assert.Equal(expected, FileClassifier.Classify("bin/tool", Encoding.UTF8.GetBytes(head)));

    [Theory]
    [InlineData(".dockerignore")]
    [InlineData("svc/.dockerignore")]
    [InlineData(".gitignore")]
    [InlineData("web/.env")]
    [InlineData("nginx/default.conf")]
    public void Tool_config_files_are_decided_by_name_without_reading_them(string path)
    {
        Assert.Equal(FileKind.Other, FileClassifier.ClassifyByName(path));
        Assert.Equal(FileKind.Other, FileClassifier.Classify(path, "#!/bin/sh\n"u8));
    }

    [Theory]
    [InlineData("bin/.run-hooks")]
    [InlineData(".envrc")]
    public void Other_dotfiles_are_still_classified_by_shebang(string path)
    {
        Assert.Null(FileClassifier.ClassifyByName(path));
        Assert.Equal(FileKind.ShellScript, FileClassifier.Classify(path, "#!/bin/sh\n"u8));
    }

    [Fact]
    public void Name_wins_over_shebang() =>
        Assert.Equal(FileKind.PythonScript, FileClassifier.Classify("x.py", "#!/bin/sh\n"u8));
}
