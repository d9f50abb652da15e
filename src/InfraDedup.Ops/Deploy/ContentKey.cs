using System.Text;
using InfraDedup.Ops.Docker;

namespace InfraDedup.Ops.Deploy;

/// <summary>
/// The content key of an image build: SHA-256 over the Dockerfile, every file of the build context that is
/// sent (after <c>.dockerignore</c>; path, mode and content), the build args, the target and the id of
/// every base image. Stored as the label <see cref="Label"/>; an image whose label matches need not be rebuilt.
/// </summary>
public static class ContentKey
{
    public const string Label = "io.infradedup.content-key";

    public static string Compute(ImageNode node, BuildContext context, IReadOnlyDictionary<string, string> baseImageIds)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(baseImageIds);
        var sb = new StringBuilder("infradedup-content-key/1\n");
        sb.Append("dockerfile ").Append(InfraDedup.Core.Apply.Hashing.Sha256(File.ReadAllBytes(context.DockerfileFullPath))).Append('\n');
        sb.Append("dockerfile-path ").Append(context.DockerfileEntry).Append('\n');
        sb.Append("context ").Append(context.ContentHash()).Append('\n');
        foreach (var (name, value) in node.Args.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            sb.Append("arg ").Append(name).Append('=').Append(value).Append('\n');
        }

        sb.Append("target ").Append(node.Target ?? string.Empty).Append('\n');
        foreach (var (image, id) in baseImageIds.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            sb.Append("base ").Append(image).Append('=').Append(id).Append('\n');
        }

        return InfraDedup.Core.Apply.Hashing.Sha256(sb.ToString());
    }
}
