namespace InfraDedup.Core.Inventory;

/// <summary>What a file in the scanned tree is, as far as consolidation cares.</summary>
public enum FileKind
{
    Other,
    Dockerfile,
    Compose,
    ShellScript,
    PythonScript,
    Manifest,
}
