using System.Text;

namespace InfraDedup.Core.Dockerfiles;

/// <summary>Produces BuildKit's <c>Node.Dump()</c> text for a parsed document.</summary>
public static class DockerfileAstDumper
{
    /// <summary>
    /// The dump of the root node, without a trailing newline (BuildKit's tests compare <c>Dump() + "\n"</c>).
    /// For Latin-1 fallback documents the result is a byte string (one char per output byte).
    /// </summary>
    public static string Dump(DockerfileDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Dump(document.Root, document.Encoding == DockerfileEncoding.Latin1Fallback);
    }

    /// <summary>The dump as bytes, exactly as Go would print them.</summary>
    public static byte[] DumpBytes(DockerfileDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var latin1 = document.Encoding == DockerfileEncoding.Latin1Fallback;
        var s = Dump(document.Root, latin1);
        return latin1 ? Encoding.Latin1.GetBytes(s) : Encoding.UTF8.GetBytes(s);
    }

    /// <summary>Dumps one node (and its chain/children).</summary>
    public static string Dump(BuildKitNode node, bool latin1 = false)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        var lowered = GoText.ToLowerBytes(GoText.ToGoBytes(node.Value, latin1));
        sb.Append(latin1 ? Encoding.Latin1.GetString(lowered) : Encoding.UTF8.GetString(lowered));
        if (node.Flags.Count > 0)
        {
            sb.Append(" [");
            for (var i = 0; i < node.Flags.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(Quote(node.Flags[i], latin1));
            }

            sb.Append(']');
        }

        foreach (var child in node.Children)
        {
            sb.Append('(').Append(Dump(child, latin1)).Append(")\n");
        }

        for (var n = node.Next; n is not null; n = n.Next)
        {
            sb.Append(' ');
            sb.Append(n.Children.Count > 0 ? Dump(n, latin1) : Quote(n.Value, latin1));
        }

        return GoText.TrimSpace(sb.ToString(), latin1).ToString();
    }

    private static string Quote(string value, bool latin1)
    {
        var q = GoText.Quote(value, latin1);
        return latin1 ? Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(q)) : q;
    }
}
