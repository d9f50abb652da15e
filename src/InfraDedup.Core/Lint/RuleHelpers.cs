using InfraDedup.Core.Dockerfiles;
using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint;

/// <summary>Facts several rules need: package-manager invocations, image references, stage relations.</summary>
public static class RuleHelpers
{
    private static readonly HashSet<string> PipOptionsWithValue = Set(
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f",
        "--find-links", "-t", "--target", "--prefix", "--root", "--trusted-host", "--src", "--upgrade-strategy",
        "--progress-bar", "--platform", "--python-version", "--implementation", "--abi", "--no-binary", "--only-binary",
        "--cache-dir", "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--cert", "--client-cert",
        "-C", "--config-settings", "--python", "--report", "--root-user-action", "--keyring-provider", "--use-feature");

    /// <summary>Options of apt-get/apt that take the next word as value.</summary>
    public static readonly IReadOnlySet<string> AptOptionsWithValue = Set("-o", "--option", "-c", "--config-file", "-t", "--target-release", "--default-release");

    /// <summary>Options of apk that take the next word as value.</summary>
    public static readonly IReadOnlySet<string> ApkOptionsWithValue = Set(
        "-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--keys-dir", "--cache-dir", "--repositories-file", "--cache-max-age");

    /// <summary>Options of yum/dnf/microdnf/zypper that take the next word as value.</summary>
    public static readonly IReadOnlySet<string> RpmToolOptionsWithValue = Set(
        "-c", "--config", "--installroot", "--releasever", "--enablerepo", "--disablerepo", "--repo", "--repoid", "-x", "--exclude",
        "--setopt", "-d", "--debuglevel", "-e", "--errorlevel", "--rpmverbosity", "--downloaddir", "--destdir",
        "-r", "--repo", "--from", "-t", "--type", "--root", "--forcearch");

    /// <summary>The <c>pip install</c> arguments after <c>install</c> (also <c>python -m pip install</c>), or null when it is no pip install.</summary>
    public static IReadOnlyList<string>? PipInstallOperands(ShellCommand command, out bool hasRequirementsOrConstraints)
    {
        ArgumentNullException.ThrowIfNull(command);
        hasRequirementsOrConstraints = false;
        IReadOnlyList<string> args;
        if (IsPip(command))
        {
            args = command.Args();
        }
        else if (command.CommandName is { } n && ShellCommandFacts.Basename(n).StartsWith("python", StringComparison.Ordinal)
            && command.Args() is [.., _] a && IndexOfModulePip(a) is var at and >= 0)
        {
            args = [.. a.Skip(at + 2)];
        }
        else
        {
            return null;
        }

        var positionals = new List<string>();
        var sawInstall = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Length > 1 && arg[0] == '-')
            {
                if (arg is "-r" or "--requirement" or "-c" or "--constraint" || arg.StartsWith("--requirement=", StringComparison.Ordinal)
                    || arg.StartsWith("--constraint=", StringComparison.Ordinal) || (arg.StartsWith("-r", StringComparison.Ordinal) && arg.Length > 2))
                {
                    hasRequirementsOrConstraints = true;
                }

                if (!arg.Contains('=', StringComparison.Ordinal) && PipOptionsWithValue.Contains(arg))
                {
                    i++;
                }

                continue;
            }

            if (!sawInstall)
            {
                if (arg != "install")
                {
                    return null;
                }

                sawInstall = true;
                continue;
            }

            positionals.Add(arg);
        }

        return sawInstall ? positionals : null;
    }

    /// <summary>True for <c>pip</c>, <c>pip3</c>, <c>pip3.11</c>.</summary>
    public static bool IsPip(ShellCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var n = command.CommandName is { } name ? ShellCommandFacts.Basename(name) : null;
        return n is not null && (n == "pip" || (n.StartsWith("pip", StringComparison.Ordinal) && n.Length > 3 && (char.IsAsciiDigit(n[3]) || n[3] == '.')));
    }

    private static int IndexOfModulePip(IReadOnlyList<string> args)
    {
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == "-m" && args[i + 1] is "pip" or "pip3")
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when <paramref name="command"/> is <c>tool sub …</c> with one of the sub-commands.</summary>
    public static bool IsSubcommand(ShellCommand command, string[] tools, IReadOnlySet<string>? optionsWithValue, params string[] subcommands)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Is(tools) && command.Subcommand(optionsWithValue) is { } sub && Array.IndexOf(subcommands, sub) >= 0;
    }

    /// <summary>True when a command in the script removes something under <paramref name="pathPrefix"/> (<c>rm -rf /var/lib/apt/lists/*</c>).</summary>
    public static bool RemovesPath(RunScript script, string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(script);
        return script.CommandsNamed("rm").Any(c => c.Positionals().Any(p => p.TrimEnd('*').TrimEnd('/').StartsWith(pathPrefix.TrimEnd('/'), StringComparison.Ordinal)));
    }

    /// <summary>Registry, repository path, tag and digest of an image reference (tag/digest null when absent).</summary>
    public static (string Registry, string Repository, string? Tag, string? Digest) ParseImage(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rest = image;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        string? tag = null;
        var slash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > slash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        var registry = "docker.io";
        if (firstSlash > 0)
        {
            var first = rest[..firstSlash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                rest = rest[(firstSlash + 1)..];
            }
        }

        return (registry, rest, tag, digest);
    }

    /// <summary>True when the FROM names an earlier stage (case-insensitive), not an image.</summary>
    public static bool IsStageReference(LintContext context, FromInstruction from)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(from);
        var index = context.StageOf(from);
        return context.Stages.Take(Math.Max(index, 0)).Any(s => s.Name is not null && s.Name.Equals(from.Image, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The stage and the stages it derives from via <c>FROM alias</c>, nearest first.</summary>
    public static IEnumerable<DockerfileStage> Lineage(LintContext context, DockerfileStage stage)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seen = new HashSet<int>();
        for (var s = stage; s is not null && seen.Add(s.Index); s = context.Stages.Take(s.Index).LastOrDefault(p => p.Name is not null && p.Name.Equals(s.From.Image, StringComparison.OrdinalIgnoreCase)))
        {
            yield return s;
        }
    }

    /// <summary>Stages that end up in the default target image: the last stage and the stages it derives from.</summary>
    public static IReadOnlySet<int> ImageStages(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Stages.Count == 0 ? new HashSet<int>() : Lineage(context, context.Stages[^1]).Select(s => s.Index).ToHashSet();
    }

    /// <summary>
    /// Stages whose content can reach an image, as hadolint judges it: the last stage, and every stage that some
    /// <c>FROM</c> names (a stage only copied from, or not used at all, is a build stage whose layers are thrown away).
    /// </summary>
    public static IReadOnlySet<int> StagesBuiltUpon(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new HashSet<int>(ImageStages(context));
        foreach (var stage in context.Stages)
        {
            if (stage.Name is { } name && context.Stages.Any(s => s.Index > stage.Index && name.Equals(s.From.Image, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(stage.Index);
            }
        }

        return result;
    }

    /// <summary>Removes one level of matching quotes.</summary>
    public static string Unquote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0] ? value[1..^1] : value;
    }

    private static HashSet<string> Set(params string[] items) => new(items, StringComparer.Ordinal);
}
