using System.Text;

namespace InfraDedup.Core.Dockerfiles;

/// <summary>Instruction keyword classification with <see cref="string.ToLowerInvariant()"/> semantics, without allocating for ASCII keywords.</summary>
internal static class DockerfileKeywords
{
    private static readonly string[] Lower =
    [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label", "maintainer",
        "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ];

    private static readonly string[] Upper = [.. Lower.Select(k => k.ToUpperInvariant())];

    /// <summary>The known lower-case keyword <paramref name="keyword"/>.ToLowerInvariant() equals, or null.</summary>
    public static string? KnownLower(ReadOnlySpan<char> keyword)
    {
        if (!Ascii.IsValid(keyword))
        {
            var lowered = keyword.ToString().ToLowerInvariant();
            return Array.Find(Lower, k => k == lowered);
        }

        if (keyword.Length is < 3 or > 11)
        {
            return null;
        }

        foreach (var k in Lower)
        {
            if (Ascii.EqualsIgnoreCase(keyword, k))
            {
                return k;
            }
        }

        return null;
    }

    /// <summary>A shared string equal to <paramref name="keyword"/> when it is a known keyword spelled all upper or all lower case.</summary>
    public static string Intern(ReadOnlySpan<char> keyword, string? knownLower)
    {
        if (knownLower is not null)
        {
            if (keyword.SequenceEqual(knownLower))
            {
                return knownLower;
            }

            var upper = Upper[Array.IndexOf(Lower, knownLower)];
            if (keyword.SequenceEqual(upper))
            {
                return upper;
            }
        }

        return keyword.ToString();
    }
}

/// <summary>A parsed instruction: the raw BuildKit node plus source information and typed accessors.</summary>
public class DockerfileInstruction : DockerfileElement
{
    internal DockerfileInstruction(BuildKitNode node, string keyword)
    {
        Node = node;
        Keyword = keyword;
    }

    public override DockerfileElementKind Kind => DockerfileElementKind.Instruction;

    /// <summary>The raw BuildKit-shaped node for this instruction.</summary>
    public BuildKitNode Node { get; }

    /// <summary>The keyword exactly as spelled in the source (e.g. <c>run</c>, <c>Run</c>).</summary>
    public string Keyword { get; }

    private string? _name;

    /// <summary>The upper-case instruction name.</summary>
    public string Name => _name ??= Keyword.ToUpperInvariant();

    /// <summary>Flags as BuildKit extracted them (<c>--name=value</c>, quotes removed).</summary>
    public IReadOnlyList<string> Flags => Node.Flags;

    public IReadOnlyList<string> Arguments => Node.Arguments;

    public bool IsJson => Node.IsJson;

    public IReadOnlyList<DockerfileHeredoc> Heredocs => Node.Heredocs;

    /// <summary>BuildKit's PrevComment list (comment lines directly above the instruction).</summary>
    public IReadOnlyList<string> Comments => Node.PrevComment;

    /// <summary>Whether this document was decoded with the Latin-1 fallback (affects flag byte handling).</summary>
    internal bool Latin1 { get; init; }

    /// <summary>Value of the last <c>--name=value</c> flag (or "" for a bare <c>--name</c>), or null when absent.</summary>
    public string? GetFlag(string name)
    {
        string? found = null;
        foreach (var raw in Flags)
        {
            var f = GoText.NarrowBytes(raw, Latin1);
            if (!f.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var body = f.AsSpan(2);
            var eq = body.IndexOf('=');
            var key = eq < 0 ? body : body[..eq];
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                found = eq < 0 ? string.Empty : body[(eq + 1)..].ToString();
            }
        }

        return found;
    }

    /// <summary>All values of a repeatable flag (e.g. <c>--mount</c>).</summary>
    public IReadOnlyList<string> GetFlags(string name)
    {
        var list = new List<string>();
        foreach (var raw in Flags)
        {
            var f = GoText.NarrowBytes(raw, Latin1);
            if (f.StartsWith("--" + name + "=", StringComparison.OrdinalIgnoreCase))
            {
                list.Add(f[(name.Length + 3)..]);
            }
        }

        return list;
    }

    internal static DockerfileInstruction Create(BuildKitNode node, string keyword, bool latin1)
    {
        return DockerfileKeywords.KnownLower(keyword) switch
        {
            "from" => new FromInstruction(node, keyword) { Latin1 = latin1 },
            "env" => new EnvInstruction(node, keyword) { Latin1 = latin1 },
            "label" => new LabelInstruction(node, keyword) { Latin1 = latin1 },
            "arg" => new ArgInstruction(node, keyword) { Latin1 = latin1 },
            "copy" => new CopyInstruction(node, keyword) { Latin1 = latin1 },
            "add" => new AddInstruction(node, keyword) { Latin1 = latin1 },
            "run" => new RunInstruction(node, keyword) { Latin1 = latin1 },
            "cmd" => new CmdInstruction(node, keyword) { Latin1 = latin1 },
            "entrypoint" => new EntrypointInstruction(node, keyword) { Latin1 = latin1 },
            "shell" => new ShellInstruction(node, keyword) { Latin1 = latin1 },
            "healthcheck" => new HealthcheckInstruction(node, keyword, latin1) { Latin1 = latin1 },
            "onbuild" => new OnbuildInstruction(node, keyword, latin1) { Latin1 = latin1 },
            "workdir" or "user" or "stopsignal" or "maintainer" => new StringInstruction(node, keyword) { Latin1 = latin1 },
            "expose" or "volume" => new ListInstruction(node, keyword) { Latin1 = latin1 },
            _ => new DockerfileInstruction(node, keyword) { Latin1 = latin1 },
        };
    }
}

/// <summary><c>FROM [--platform=p] image [AS name]</c>.</summary>
public sealed class FromInstruction : DockerfileInstruction
{
    internal FromInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }

    public string Image => Arguments.Count > 0 ? Arguments[0] : string.Empty;

    /// <summary>The stage name from <c>AS name</c> (as written), or null.</summary>
    public string? StageName
    {
        get
        {
            var a = Arguments;
            return a.Count == 3 && a[1].Equals("as", StringComparison.OrdinalIgnoreCase) ? a[2] : null;
        }
    }

    public string? Platform => GetFlag("platform");
}

/// <summary>A key/value pair of ENV or LABEL. <see cref="IsLegacy"/> marks the <c>KEY value</c> form.</summary>
public sealed record KeyValuePairSyntax(string Key, string Value, bool IsLegacy);

/// <summary>Common base of ENV and LABEL.</summary>
public abstract class KeyValueInstruction : DockerfileInstruction
{
    private protected KeyValueInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }

    /// <summary>The pairs; values are raw (quotes and escapes still present, not yet expanded).</summary>
    public IReadOnlyList<KeyValuePairSyntax> Pairs => _pairs ??= ComputePairs();

    private IReadOnlyList<KeyValuePairSyntax>? _pairs;

    private List<KeyValuePairSyntax> ComputePairs()
    {
        var list = new List<KeyValuePairSyntax>();
        for (var n = Node.Next; n?.Next is not null; n = n.Next.Next?.Next)
        {
            list.Add(new KeyValuePairSyntax(n.Value, n.Next.Value, n.Next.Next?.Value != "="));
        }

        return list;
    }
}

public sealed class EnvInstruction : KeyValueInstruction
{
    internal EnvInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }
}

public sealed class LabelInstruction : KeyValueInstruction
{
    internal LabelInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }
}

/// <summary>One ARG declaration: name and optional raw default value.</summary>
public sealed record ArgDeclaration(string Name, string? DefaultValue);

public sealed class ArgInstruction : DockerfileInstruction
{
    internal ArgInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }

    private IReadOnlyList<ArgDeclaration>? _declarations;

    public IReadOnlyList<ArgDeclaration> Declarations => _declarations ??=
        [.. Arguments.Select(w =>
        {
            var eq = w.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? new ArgDeclaration(w, null) : new ArgDeclaration(w[..eq], w[(eq + 1)..]);
        })];
}

/// <summary>Base of COPY and ADD: sources, destination, flags.</summary>
public abstract class FileTransferInstruction : DockerfileInstruction
{
    private protected FileTransferInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }

    private IReadOnlyList<string>? _sources;

    public IReadOnlyList<string> Sources => _sources ??= Arguments.Count > 1 ? [.. Arguments.Take(Arguments.Count - 1)] : [];

    public string? Dest => Arguments.Count > 0 ? Arguments[^1] : null;

    public string? From => GetFlag("from");

    public string? Chown => GetFlag("chown");

    public string? Chmod => GetFlag("chmod");
}

public sealed class CopyInstruction : FileTransferInstruction
{
    internal CopyInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }
}

public sealed class AddInstruction : FileTransferInstruction
{
    internal AddInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }
}

/// <summary>Base of RUN, CMD, ENTRYPOINT, SHELL: exec form (JSON) or shell form.</summary>
public abstract class CommandInstruction : DockerfileInstruction
{
    private protected CommandInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }

    /// <summary>Shell form: the command string; exec form: null.</summary>
    public string? Command => IsJson ? null : Node.Next?.Value;

    /// <summary>Exec form: the JSON strings; shell form: a single element holding the command.</summary>
    public IReadOnlyList<string> CommandParts => Arguments;
}

public sealed class RunInstruction : CommandInstruction
{
    internal RunInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }

    private IReadOnlyList<string>? _mounts;

    public IReadOnlyList<string> Mounts => _mounts ??= GetFlags("mount");
}

public sealed class CmdInstruction : CommandInstruction
{
    internal CmdInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }
}

public sealed class EntrypointInstruction : CommandInstruction
{
    internal EntrypointInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }
}

public sealed class ShellInstruction : CommandInstruction
{
    internal ShellInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }
}

/// <summary><c>HEALTHCHECK NONE</c> or <c>HEALTHCHECK [flags] CMD command</c>.</summary>
public sealed class HealthcheckInstruction : DockerfileInstruction
{
    internal HealthcheckInstruction(BuildKitNode node, string keyword, bool latin1)
        : base(node, keyword)
    {
        _ = latin1;
    }

    /// <summary>The first word (CMD, NONE, or whatever was written), or null when empty.</summary>
    public string? Type => Node.Next?.Value;

    public bool IsNone => string.Equals(Type, "NONE", StringComparison.OrdinalIgnoreCase);

    private IReadOnlyList<string>? _command;

    public IReadOnlyList<string> Command => _command ??= [.. Arguments.Skip(1)];

    public string? Interval => GetFlag("interval");

    public string? Timeout => GetFlag("timeout");

    public string? StartPeriod => GetFlag("start-period");

    public string? StartInterval => GetFlag("start-interval");

    public string? Retries => GetFlag("retries");
}

/// <summary><c>ONBUILD inner</c>.</summary>
public sealed class OnbuildInstruction : DockerfileInstruction
{
    internal OnbuildInstruction(BuildKitNode node, string keyword, bool latin1)
        : base(node, keyword)
    {
        if (node.Next is { Children.Count: > 0 } holder)
        {
            var innerNode = holder.Children[0];
            Inner = Create(innerNode, innerNode.Value, latin1);
        }
    }

    /// <summary>The triggered instruction (null for a bare ONBUILD).</summary>
    public DockerfileInstruction? Inner { get; }
}

/// <summary>WORKDIR, USER, STOPSIGNAL, MAINTAINER: one raw string argument.</summary>
public sealed class StringInstruction : DockerfileInstruction
{
    internal StringInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }

    public string? Value => Node.Next?.Value;
}

/// <summary>EXPOSE and VOLUME: a whitespace-separated (or JSON for VOLUME) list.</summary>
public sealed class ListInstruction : DockerfileInstruction
{
    internal ListInstruction(BuildKitNode node, string keyword)
        : base(node, keyword)
    {
    }

    public IReadOnlyList<string> Values => Arguments;
}
