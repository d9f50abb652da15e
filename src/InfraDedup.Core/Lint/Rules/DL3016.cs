using InfraDedup.Core.Scripts;

namespace InfraDedup.Core.Lint.Rules;

public sealed class DL3016 : LintRule
{
    public override string Id => "DL3016";

    public override LintSeverity DefaultSeverity => LintSeverity.Warning;

    public override string Description => "Pin versions in npm install.";

    public override string Help => "'npm install pkg' takes the newest release. Write pkg@1.2.3 (or install from package.json/package-lock.json with npm ci).";

    private static readonly IReadOnlySet<string> WithValue = new HashSet<string>(StringComparer.Ordinal)
    {
        "--prefix", "--registry", "--cache", "-w", "--workspace", "--userconfig", "--tag", "--omit", "--include", "--loglevel",
    };

    public override void Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var run in context.Runs)
        {
            foreach (var c in run.Commands.Where(c => RuleHelpers.IsSubcommand(c, ["npm"], WithValue, "install", "i", "add", "isntall")))
            {
                var unpinned = c.Operands(WithValue).Where(p => !IsPinned(p)).ToList();
                if (unpinned.Count > 0)
                {
                    context.Report(this, run.Location, $"npm install of unpinned {string.Join(", ", unpinned)}; pin versions (pkg@version)");
                }
            }
        }
    }

    internal static bool IsPinned(string spec)
    {
        if (ShellCommandFacts.IsDynamic(spec) || spec.StartsWith('.') || spec.StartsWith('/') || spec.StartsWith('~') || spec.StartsWith("file:", StringComparison.Ordinal)
            || spec.EndsWith(".tgz", StringComparison.Ordinal) || spec.EndsWith(".tar.gz", StringComparison.Ordinal) || spec.EndsWith(".tar", StringComparison.Ordinal) || spec.Contains("://", StringComparison.Ordinal))
        {
            return !spec.StartsWith("git", StringComparison.Ordinal) || spec.Contains('#', StringComparison.Ordinal);
        }

        if (spec.StartsWith("git", StringComparison.Ordinal) || spec.StartsWith("github:", StringComparison.Ordinal))
        {
            return spec.Contains('#', StringComparison.Ordinal);
        }

        var at = spec.LastIndexOf('@');
        if (at <= 0)
        {
            return false;
        }

        var version = spec[(at + 1)..];
        return version.Length > 0 && version != "latest" && version != "next";
    }
}
