using System.Text;

namespace InfraDedup.Core.Templates;

/// <summary>Writes an inference result into a repository: template files, the mapping, and the generated Dockerfiles.</summary>
public static class TemplateWorkspace
{
    /// <summary>
    /// Writes every template at its path, the mapping at <paramref name="mappingPath"/> (relative to the root) and renders
    /// every generated file at its original path with <paramref name="header"/>. Returns the mapping written.
    /// </summary>
    public static TemplateMapping Write(string root, TemplateInferenceResult result, HeaderMode header, string mappingPath = TemplateMapping.DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var template in result.Templates)
        {
            WriteFile(root, template.Path, Encoding.UTF8.GetBytes(template.Source));
        }

        var mapping = TemplateMapping.FromInference(result, header);
        WriteFile(root, mappingPath, Encoding.UTF8.GetBytes(mapping.ToJson()));
        TemplateGenerator.Run(root, mapping, mappingPath, new GenerateOptions());
        return mapping;
    }

    private static void WriteFile(string root, string relative, byte[] bytes)
    {
        var path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }
}
